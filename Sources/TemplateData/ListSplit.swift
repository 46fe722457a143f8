/// Where a large JSON document's biggest list can be cut, so its elements are read on several cores.
///
/// Found by one pass that knows only strings, escapes and nesting; it decides nothing about
/// validity. The reader decides that: each element, and the document with the list emptied, are
/// read by the one grammar, and a document that does not read that way is read whole instead.
struct ListSplit {
    /// The object keys from the root to the list (empty: the list is the root).
    var path: [String]
    /// The offsets of the list's `[` and `]`.
    var open: Int
    var close: Int
    /// The offsets of the commas between its elements.
    var commas: [Int]
    /// How deep the list is nested: 1 for the root.
    var depth: Int

    /// Each element's bytes, as offsets.
    var elements: [Range<Int>] {
        let starts = [open + 1] + commas.map { $0 + 1 }
        let ends = commas + [close]
        return zip(starts, ends).map { $0..<$1 }
    }

    /// The list holding the most bytes among those reached from the root through object keys only
    /// (so a path of keys finds it again), or `nil` when there is none with two elements or more.
    static func largest(in bytes: UnsafeBufferPointer<UInt8>) -> ListSplit? {
        /// One open object or list; a list's commas are kept only when it is reached by keys.
        struct Level {
            var isList: Bool
            var key: String?
            var tracked: Bool
            var open: Int
            var commas: [Int] = []
        }
        var stack: [Level] = []
        var best: ListSplit?
        var lastString = 0..<0
        var index = 0
        let count = bytes.count
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        while index < count {
            let byte = bytes[index]
            switch byte {
            case quote:
                let start = index + 1
                index += 1
                // To the closing quote, eight bytes at a time while none is a quote or backslash.
                while index < count {
                    if index + 8 <= count, let base = bytes.baseAddress {
                        let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                        if !hasByte(quote, in: word) && !hasByte(backslash, in: word) {
                            index += 8
                            continue
                        }
                    }
                    if bytes[index] == backslash {
                        index += 2
                    } else if bytes[index] == quote {
                        break
                    } else {
                        index += 1
                    }
                }
                lastString = start..<min(index, count)
            case UInt8(ascii: ":"):
                if let top = stack.indices.last, !stack[top].isList, stack.count <= 4 {
                    stack[top].key = String(decoding: UnsafeBufferPointer(rebasing: bytes[lastString]), as: UTF8.self)
                }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let reachedByKeys = stack.allSatisfy { !$0.isList && $0.key != nil } && stack.count < 4
                stack.append(Level(isList: byte == UInt8(ascii: "["), key: nil, tracked: reachedByKeys, open: index))
            case UInt8(ascii: ","):
                if let top = stack.indices.last {
                    if stack[top].isList && stack[top].tracked { stack[top].commas.append(index) }
                    if !stack[top].isList { stack[top].key = nil }
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard let level = stack.popLast() else { return best }
                if level.isList && level.tracked && !level.commas.isEmpty
                    && index - level.open > (best.map { $0.close - $0.open } ?? 0)
                {
                    best = ListSplit(
                        path: stack.compactMap(\.key), open: level.open, close: index, commas: level.commas,
                        depth: stack.count + 1)
                }
            default:
                break
            }
            index += 1
        }
        return best
    }

    @inline(__always)
    private static func hasByte(_ byte: UInt8, in word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let value = word ^ (ones &* UInt64(byte))
        return (value &- ones) & ~value & 0x8080_8080_8080_8080 != 0
    }
}
