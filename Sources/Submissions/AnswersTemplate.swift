import QuestionnaireEngine

/// The answers object of the usual form, `{"q1":3,"q2":4,…}`: every item in question set order,
/// one digit each, written without blanks (or with Python's `", "` and `": "`). All of it but the
/// digits is known before a form is read, so the fast parser compares it eight bytes at a time
/// against this text with a hole for each digit, and reads the digits from their places.
///
/// A class, so reading one for a form counts one reference rather than one per array.
final class AnswersTemplate: Sendable {
    /// The text in little-endian words, the digits' places zero; the last word is the text's
    /// last eight bytes, overlapping the one before when the length is not a multiple of 8.
    let words: [UInt64]
    /// Per word: the bytes that must match (the digits' places are zero).
    let masks: [UInt64]
    /// Where each item's digit is, in slot order.
    let digitPlaces: [Int]
    let length: Int

    /// The template for the items, or `nil` when an item's id would be escaped in JSON.
    init?(items: [Item], spaced: Bool) {
        guard !items.isEmpty else { return nil }
        var text: [UInt8] = [UInt8(ascii: "{")]
        var holes: [Int] = []
        for (slot, item) in items.enumerated() {
            let id = Array(item.id.utf8)
            guard !id.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }) else { return nil }
            if slot > 0 { text += spaced ? [0x2C, 0x20] : [0x2C] }
            text += [0x22] + id + [0x22, 0x3A]
            if spaced { text.append(0x20) }
            holes.append(text.count)
            text.append(0)
        }
        text.append(UInt8(ascii: "}"))
        guard text.count >= 8 else { return nil }
        var mask = [UInt8](repeating: 0xFF, count: text.count)
        for hole in holes { mask[hole] = 0 }
        func word(_ bytes: [UInt8], at offset: Int) -> UInt64 {
            var word: UInt64 = 0
            for index in 0..<8 { word |= UInt64(bytes[offset + index]) << (8 * index) }
            return word
        }
        let starts = Array(stride(from: 0, to: text.count - 8, by: 8)) + [text.count - 8]
        words = starts.map { word(text, at: $0) }
        masks = starts.map { word(mask, at: $0) }
        digitPlaces = holes
        length = text.count
    }

    /// Hands the digits in their places at `start` to `sink`; `false` when a place holds no digit
    /// or the sink refuses one.
    func readDigits<Sink: FastAnswerSink>(at start: UnsafePointer<UInt8>, into sink: inout Sink) -> Bool {
        digitPlaces.withUnsafeBufferPointer { sink.set(digitsAt: $0, in: start) }
    }

    /// Whether the bytes at `start` are this answers object's text, whatever its digits' places
    /// hold (the reader of the digits checks that each is one).
    func matches(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        guard start >= 0, bytes.count - start >= length, let base = bytes.baseAddress else { return false }
        let at = UnsafeRawPointer(base + start)
        var difference: UInt64 = 0
        words.withUnsafeBufferPointer { words in
            masks.withUnsafeBufferPointer { masks in
                let last = words.count &- 1
                for index in 0..<last {
                    let word = UInt64(littleEndian: at.loadUnaligned(fromByteOffset: index &* 8, as: UInt64.self))
                    difference |= (word ^ words[index]) & masks[index]
                }
                let word = UInt64(littleEndian: at.loadUnaligned(fromByteOffset: length &- 8, as: UInt64.self))
                difference |= (word ^ words[last]) & masks[last]
            }
        }
        return difference == 0
    }
}
