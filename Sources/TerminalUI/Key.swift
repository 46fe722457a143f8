/// A key press, decoded from the bytes a terminal sends.
public enum Key: Sendable, Equatable {
    case character(Character)
    case up, down, left, right, home, end
    case enter, backspace, delete, tab, escape
    /// Ctrl plus a letter, e.g. `.control("u")` for Ctrl-U.
    case control(Character)
    /// Alt-Enter (Escape then Return): a line break inside a note.
    case altEnter
}

/// Turns terminal input bytes into keys. Feed bytes as they arrive; an incomplete escape or UTF-8
/// sequence waits for the rest. A lone Escape is reported by ``flush()`` when no more bytes come.
public struct KeyDecoder: Sendable {
    private var pending: [UInt8] = []

    public init() {}

    /// Decodes what can be decoded from the bytes so far.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [Key] {
        pending.append(contentsOf: bytes)
        var keys: [Key] = []
        while let (key, length) = decodeOne() {
            keys.append(key)
            pending.removeFirst(length)
        }
        return keys
    }

    /// Reports a pending lone Escape (the caller waited and nothing followed it).
    public mutating func flush() -> [Key] {
        guard pending == [0x1B] else { return [] }
        pending.removeAll()
        return [.escape]
    }

    private func decodeOne() -> (Key, Int)? {
        guard let first = pending.first else { return nil }
        switch first {
        case 0x1B:
            guard pending.count >= 2 else { return nil }
            if pending[1] == UInt8(ascii: "[") || pending[1] == UInt8(ascii: "O") {
                guard pending.count >= 3 else { return nil }
                switch pending[2] {
                case UInt8(ascii: "A"): return (.up, 3)
                case UInt8(ascii: "B"): return (.down, 3)
                case UInt8(ascii: "C"): return (.right, 3)
                case UInt8(ascii: "D"): return (.left, 3)
                case UInt8(ascii: "H"): return (.home, 3)
                case UInt8(ascii: "F"): return (.end, 3)
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    // ESC [ n ~ : 1/7 home, 4/8 end, 3 delete; other parameters are ignored.
                    guard let tilde = pending.firstIndex(of: UInt8(ascii: "~")) else {
                        return pending.count > 8 ? (.escape, pending.count) : nil
                    }
                    let number = String(decoding: pending[2..<tilde], as: UTF8.self)
                    let key: Key
                    switch number {
                    case "1", "7": key = .home
                    case "4", "8": key = .end
                    case "3": key = .delete
                    default: key = .escape
                    }
                    return (key, tilde + 1)
                default:
                    return (.escape, 3)
                }
            }
            if pending[1] == 0x0D || pending[1] == 0x0A { return (.altEnter, 2) }
            return (.escape, 1)
        case 0x0D, 0x0A: return (.enter, 1)
        case 0x7F, 0x08: return (.backspace, 1)
        case 0x09: return (.tab, 1)
        case 0x01...0x1A: return (.control(Character(Unicode.Scalar(first + 0x60))), 1)
        case 0x00..<0x80: return (.character(Character(Unicode.Scalar(first))), 1)
        default:
            let length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1
            guard pending.count >= length else { return nil }
            let text = String(decoding: pending[0..<length], as: UTF8.self)
            return (.character(text.first ?? "\u{FFFD}"), length)
        }
    }
}
