import QuestionnaireEngine

/// The byte-level fast path for one submission record: reads the fields straight from bytes into
/// answer slots, guessing each answer's slot as the one after the previous (forms export answers
/// in question order) and checking the guess with one byte comparison.
///
/// It returns `nil` for anything it does not handle (string escapes, objects as answers, malformed
/// text), and the caller falls back to the precise reader: speed never costs a message.
struct FastSubmissionParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let decoder: SubmissionDecoder
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>, decoder: SubmissionDecoder) {
        self.bytes = bytes
        self.decoder = decoder
    }

    mutating func parse() -> SubmissionDecoder.RawSubmission? {
        let count = decoder.plan.items.count
        var raw = SubmissionDecoder.RawSubmission(
            answers: Array(repeating: nil, count: count), notes: Array(repeating: nil, count: count))
        guard expect(UInt8(ascii: "{")) else { return nil }
        if peek(UInt8(ascii: "}")) { return raw }
        repeat {
            guard let key = stringBytes(), expect(UInt8(ascii: ":")) else { return nil }
            switch key.count {
            case 6 where equal(key, "format"):
                guard raw.format == nil, let value = string() else { return nil }
                raw.format = value
            case 13 where equal(key, "questionnaire"):
                guard let value = string() else { return nil }
                raw.questionnaire = value
            case 7 where equal(key, "version"):
                guard let value = string() else { return nil }
                raw.version = value
            case 5 where equal(key, "rater"):
                guard let value = string() else { return nil }
                raw.rater = value
            case 9 where equal(key, "submitted"):
                guard let value = string() else { return nil }
                raw.submitted = value
            case 7 where equal(key, "seconds"):
                guard let seconds = number() else { return nil }
                raw.seconds = seconds
            case 9 where equal(key, "candidate"):
                guard raw.candidateID == nil, candidate(&raw) else { return nil }
            case 7 where equal(key, "answers"):
                guard !raw.hasAnswers, answers(&raw) else { return nil }
                raw.hasAnswers = true
            default:
                return nil
            }
        } while expectCommaOrEnd(UInt8(ascii: "}"))
        guard closed else { return nil }
        skipWhitespace()
        return index == bytes.count ? raw : nil
    }

    /// Set when `expectCommaOrEnd` consumed the closing bracket.
    private var closed = false

    mutating func candidate(_ raw: inout SubmissionDecoder.RawSubmission) -> Bool {
        guard expect(UInt8(ascii: "{")) else { return false }
        if peek(UInt8(ascii: "}")) { return true }
        repeat {
            guard let key = stringBytes(), expect(UInt8(ascii: ":")) else { return false }
            if equal(key, "demographics") {
                guard expect(UInt8(ascii: "{")) else { return false }
                if !peek(UInt8(ascii: "}")) {
                    repeat {
                        guard let field = stringBytes(), expect(UInt8(ascii: ":")), let value = string() else {
                            return false
                        }
                        raw.demographics[String(decoding: field, as: UTF8.self)] = value
                    } while expectCommaOrEnd(UInt8(ascii: "}"))
                    guard closed else { return false }
                }
                continue
            }
            guard let value = string() else { return false }
            if equal(key, "id") {
                raw.candidateID = value
            } else if equal(key, "name") {
                raw.name = value
            } else if equal(key, "email") {
                raw.email = value
            } else if equal(key, "role") {
                raw.role = value
            } else {
                return false
            }
        } while expectCommaOrEnd(UInt8(ascii: "}"))
        return closed
    }

    mutating func answers(_ raw: inout SubmissionDecoder.RawSubmission) -> Bool {
        guard expect(UInt8(ascii: "{")) else { return false }
        if peek(UInt8(ascii: "}")) { return true }
        var guess = 0
        let ids = decoder.itemIDBytes
        let items = decoder.plan.items
        repeat {
            guard let key = stringBytes(), expect(UInt8(ascii: ":")) else { return false }
            var slot: Int?
            if guess < ids.count, ids[guess].count == key.count,
                ids[guess].withUnsafeBufferPointer({ equalBytes($0, key) })
            {
                slot = guess
            } else {
                slot = decoder.plan.slots[String(decoding: key, as: UTF8.self)]
            }
            // A repeated item goes to the precise reader, which refuses the duplicate key.
            guard let slot, raw.answers[slot] == nil else { return false }
            guess = slot + 1
            skipWhitespace()
            guard index < bytes.count else { return false }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                guard let text = string() else { return false }
                raw.answers[slot] = SubmissionDecoder.answer(text: text, for: items[slot])
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                guard let word = literal() else { return false }
                raw.answers[slot] = word
            case UInt8(ascii: "["):
                index += 1
                var chosen: [String] = []
                if !peek(UInt8(ascii: "]")) {
                    repeat {
                        guard let text = string() else { return false }
                        chosen.append(text)
                    } while expectCommaOrEnd(UInt8(ascii: "]"))
                    guard closed else { return false }
                }
                raw.answers[slot] = .options(chosen)
            default:
                guard let value = number() else { return false }
                raw.answers[slot] = .number(value)
            }
        } while expectCommaOrEnd(UInt8(ascii: "}"))
        return closed
    }

    // MARK: Lexing

    mutating func skipWhitespace() {
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return }
            index += 1
        }
    }

    mutating func expect(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Consumes `byte` if it comes next.
    mutating func peek(_ byte: UInt8) -> Bool {
        skipWhitespace()
        if index < bytes.count, bytes[index] == byte {
            index += 1
            return true
        }
        return false
    }

    /// After a member or element: `true` for a comma (more follow), `false` at the end or on error
    /// (`closed` tells which).
    mutating func expectCommaOrEnd(_ end: UInt8) -> Bool {
        skipWhitespace()
        closed = false
        guard index < bytes.count else { return false }
        if bytes[index] == UInt8(ascii: ",") {
            index += 1
            return true
        }
        if bytes[index] == end {
            index += 1
            closed = true
        }
        return false
    }

    /// The bytes of a string without escapes; `nil` for anything else.
    mutating func stringBytes() -> UnsafeBufferPointer<UInt8>? {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        let start = index + 1
        var cursor = start
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "\"") {
                index = cursor + 1
                return UnsafeBufferPointer(rebasing: bytes[start..<cursor])
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { return nil }
            cursor += 1
        }
        return nil
    }

    mutating func string() -> String? {
        stringBytes().map { String(decoding: $0, as: UTF8.self) }
    }

    mutating func literal() -> Answer?? {
        let rest = bytes.count - index
        if rest >= 4, bytes[index] == UInt8(ascii: "t"), bytes[index + 1] == UInt8(ascii: "r"),
            bytes[index + 2] == UInt8(ascii: "u"), bytes[index + 3] == UInt8(ascii: "e")
        {
            index += 4
            return .some(.bool(true))
        }
        if rest >= 5, bytes[index] == UInt8(ascii: "f"), bytes[index + 1] == UInt8(ascii: "a"),
            bytes[index + 4] == UInt8(ascii: "e")
        {
            index += 5
            return .some(.bool(false))
        }
        if rest >= 4, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
            bytes[index + 3] == UInt8(ascii: "l")
        {
            index += 4
            return .some(nil)
        }
        return nil
    }

    /// A number: small whole numbers are read directly, others through the standard library.
    mutating func number() -> Double? {
        skipWhitespace()
        let start = index
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var whole: Int = 0
        var digits = 0
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39, digits < 15 {
            whole = whole * 10 + Int(bytes[index] - 0x30)
            index += 1
            digits += 1
        }
        guard digits > 0 else { return nil }
        if index < bytes.count,
            [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index])
                || (bytes[index] >= 0x30 && bytes[index] <= 0x39)
        {
            while index < bytes.count,
                !(bytes[index] == UInt8(ascii: ",") || bytes[index] == UInt8(ascii: "}")
                    || bytes[index] == UInt8(ascii: "]") || bytes[index] == 0x20)
            {
                index += 1
            }
            guard
                let value = Double(
                    String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)),
                value.isFinite
            else {
                return nil
            }
            return value
        }
        if digits > 1 && bytes[start + (negative ? 1 : 0)] == 0x30 { return nil }
        return Double(negative ? -whole : whole)
    }

    func equal(_ buffer: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        buffer.count == word.utf8CodeUnitCount
            && equalBytes(UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount), buffer)
    }
}

@inline(__always)
private func equalBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    var index = 0
    while index < a.count {
        if a[index] != b[index] { return false }
        index += 1
    }
    return true
}
