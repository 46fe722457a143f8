import QuestionnaireEngine

/// The byte-level fast path for one submission record: reads the fields straight from bytes,
/// guessing each answer's slot as the one after the previous (forms export answers in question
/// order) and checking the guess with one byte comparison.
///
/// It returns `nil` for anything it does not handle (string escapes, non-ASCII text, objects as
/// answers, unknown or repeated items, malformed text), and the caller falls back to the precise
/// reader: speed never costs a message. Text fields come back as byte ranges of the record and
/// answers go to a ``FastAnswerSink``, so reading allocates nothing the sink does not.
package struct FastSubmissionParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let decoder: SubmissionDecoder
    var index = 0

    package init(bytes: UnsafeBufferPointer<UInt8>, decoder: SubmissionDecoder) {
        self.bytes = bytes
        self.decoder = decoder
    }

    /// The fields of a record other than its answers, as byte ranges of the record. Every range
    /// holds printable ASCII without quotes or backslashes, so it is valid JSON string content.
    package struct Fields {
        package var format: Range<Int>?
        package var questionnaire: Range<Int>?
        package var version: Range<Int>?
        package var rater: Range<Int>?
        package var submitted: Range<Int>?
        package var seconds: Double?
        package var candidateID: Range<Int>?
        package var name: Range<Int>?
        package var email: Range<Int>?
        package var role: Range<Int>?
        package var hasAnswers = false
        /// Whether the record starts with the format, question set and version of the decoder's
        /// own question set (``HeadTemplate``).
        package var hasPlanHead = false

        package init() {}
    }

    package mutating func parse<Sink: FastAnswerSink>(into sink: inout Sink) -> Fields? {
        var fields = Fields()
        var guess = 0
        // Members read so far: one given twice is for the precise reader, which refuses it.
        var seen: MemberName.Members = []
        if let head = decoder.headTemplates.first(where: { $0.starts(bytes) }) {
            fields.format = head.format
            fields.questionnaire = head.questionnaire
            fields.version = head.version
            fields.hasPlanHead = true
            index = head.text.count
            guess = 3
            seen = [.format, .questionnaire, .version]
        } else {
            guard expect(UInt8(ascii: "{")) else { return nil }
            if peek(UInt8(ascii: "}")) { return fields }
        }
        repeat {
            guard let member = member(MemberName.submission, after: &guess),
                seen.insert(MemberName.Members(member)).inserted
            else { return nil }
            switch member {
            case .format:
                guard let value = stringRange() else { return nil }
                fields.format = value
            case .questionnaire:
                guard let value = stringRange() else { return nil }
                fields.questionnaire = value
            case .version:
                guard let value = stringRange() else { return nil }
                fields.version = value
            case .rater:
                guard let value = stringRange() else { return nil }
                fields.rater = value
            case .submitted:
                guard let value = stringRange() else { return nil }
                fields.submitted = value
            case .seconds:
                guard let seconds = number() else { return nil }
                fields.seconds = seconds
            case .candidate:
                guard candidate(&fields, &sink) else { return nil }
            case .answers:
                guard answers(&sink) else { return nil }
                fields.hasAnswers = true
            case .id, .name, .email, .role, .demographics:
                return nil
            }
        } while expectCommaOrEnd(UInt8(ascii: "}"))
        guard closed else { return nil }
        skipWhitespace()
        return index == bytes.count ? fields : nil
    }

    /// Set when `expectCommaOrEnd` consumed the closing bracket.
    private var closed = false

    mutating func candidate<Sink: FastAnswerSink>(_ fields: inout Fields, _ sink: inout Sink) -> Bool {
        guard expect(UInt8(ascii: "{")) else { return false }
        if peek(UInt8(ascii: "}")) { return true }
        var guess = 0
        var seen: MemberName.Members = []
        repeat {
            guard let member = member(MemberName.candidate, after: &guess),
                seen.insert(MemberName.Members(member)).inserted
            else { return false }
            if member == .demographics {
                guard demographics(&sink) else { return false }
                continue
            }
            guard let value = stringRange() else { return false }
            switch member {
            case .id: fields.candidateID = value
            case .name: fields.name = value
            case .email: fields.email = value
            case .role: fields.role = value
            case .format, .questionnaire, .version, .rater, .submitted, .seconds, .candidate, .answers, .demographics:
                return false
            }
        } while expectCommaOrEnd(UInt8(ascii: "}"))
        return closed
    }

    /// The candidate's demographics object: each field to the sink. A field given twice, or
    /// more than 16 fields, is for the precise reader.
    mutating func demographics<Sink: FastAnswerSink>(_ sink: inout Sink) -> Bool {
        guard expect(UInt8(ascii: "{")) else { return false }
        if peek(UInt8(ascii: "}")) { return true }
        return withUnsafeTemporaryAllocation(of: UnsafeBufferPointer<UInt8>.self, capacity: 16) { fields in
            var count = 0
            repeat {
                guard count < 16, let field = stringBytes(), expect(UInt8(ascii: ":")), let value = stringBytes()
                else { return false }
                for earlier in fields[..<count] where earlier.elementsEqual(field) { return false }
                fields[count] = field
                count += 1
                sink.demographic(field: field, value: value)
            } while expectCommaOrEnd(UInt8(ascii: "}"))
            return closed
        }
    }

    /// A member name the parser knows, with its colon, read at `index`; `nil` for any other.
    /// Each name is tested as two words, starting with the one after the last name read at this
    /// level (`guess`), as exporters write the members in one order; a name written with
    /// blanks before its colon or too near the record's end is read the long way.
    @inline(__always)
    mutating func member(_ names: [MemberName], after guess: inout Int) -> MemberName.Member? {
        skipWhitespace()
        if index &+ 16 <= bytes.count {
            let at = UnsafeRawPointer(bytes.baseAddress! + index)
            let first = UInt64(littleEndian: at.loadUnaligned(as: UInt64.self))
            let second = UInt64(littleEndian: at.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            var tried = 0
            var candidate = guess
            while tried < names.count {
                if candidate == names.count { candidate = 0 }
                let name = names[candidate]
                if first & name.firstMask == name.first && second & name.secondMask == name.second {
                    index &+= name.length
                    guess = candidate &+ 1
                    return name.member
                }
                candidate &+= 1
                tried &+= 1
            }
        }
        guard let key = stringBytes(), expect(UInt8(ascii: ":")) else { return nil }
        for name in names where name.text.count == key.count && name.text.elementsEqual(key) { return name.member }
        return nil
    }

    mutating func answers<Sink: FastAnswerSink>(_ sink: inout Sink) -> Bool {
        skipWhitespace()
        // The usual form's answers, read whole against its template.
        // The templates are read in place (not copied out, which would retain their arrays).
        let usual = decoder.tables.answerTemplates.withUnsafeBufferPointer { templates -> Bool? in
            for position in templates.indices where templates[position].matches(bytes, at: index) {
                // A place that holds no digit (no JSON value is one other byte) or an answer off
                // the item's scale: the general way says why.
                guard templates[position].readDigits(at: bytes.baseAddress! + index, into: &sink) else { return false }
                index += templates[position].length
                closed = true
                return true
            }
            return nil
        }
        if let usual { return usual }
        guard expect(UInt8(ascii: "{")) else { return false }
        if peek(UInt8(ascii: "}")) { return true }
        var guess = 0
        let keys = decoder.answerKeys
        let items = decoder.layout.items
        // The usual form, `"q1":3,"q2":4,…`: items in order, one digit each, no blanks. Its slots
        // come one after another from the first, so none can be answered twice. The digits are
        // handed to the sink 64 at a time.
        let count = bytes.count
        let base = bytes.baseAddress!
        var ended = false
        var taken = true
        keys.withUnsafeBufferPointer { keys in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { digits in
                var held = 0
                var first = guess
                var at = index
                // A key matches only with 8 bytes to read; its digit and the byte after it are
                // checked to lie before the end.
                while guess < keys.count, at &+ 8 <= count {
                    let key = keys[guess]
                    let word = UInt64(littleEndian: UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self))
                    let value = at &+ key.length
                    guard word & key.mask == key.word, key.length > 0, value &+ 1 < count else { break }
                    let digit = base[value] &- 0x30
                    let after = base[value &+ 1]
                    guard digit < 10, after == UInt8(ascii: ",") || after == UInt8(ascii: "}") else { break }
                    digits[held] = digit
                    held &+= 1
                    at = value &+ 2
                    guess &+= 1
                    if after == UInt8(ascii: "}") {
                        ended = true
                        break
                    }
                    if held == 64 {
                        taken = sink.set(wholes: UnsafeBufferPointer(digits), from: first)
                        guard taken else { break }
                        first = guess
                        held = 0
                    }
                }
                index = at
                guard taken else { return }
                taken = sink.set(wholes: UnsafeBufferPointer(rebasing: digits[..<held]), from: first)
            }
        }
        guard taken else { return false }
        if ended {
            closed = true
            return true
        }
        repeat {
            skipWhitespace()
            var slot: Int?
            // Forms list answers in question order: try the next item's key first, as one word.
            if guess < keys.count, isKey(of: guess) {
                index += keys[guess].length
                slot = guess
            } else {
                guard let key = stringBytes(), expect(UInt8(ascii: ":")) else { return false }
                slot = decoder.layout.slots[String(decoding: key, as: UTF8.self)]
            }
            // A repeated item goes to the precise reader, which refuses the duplicate key.
            guard let slot, !sink.isAnswered(slot) else { return false }
            guess = slot + 1
            skipWhitespace()
            guard index < bytes.count else { return false }
            let first = bytes[index]
            // The usual answer: one digit, then the end of the value.
            if first &- 0x30 < 10, index + 1 < bytes.count,
                bytes[index + 1] == UInt8(ascii: ",") || bytes[index + 1] == UInt8(ascii: "}")
            {
                index += 1
                guard sink.set(slot, whole: Int(first &- 0x30)) else { return false }
                continue
            }
            if first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39) {
                guard let value = number(), sink.set(slot, number: value) else { return false }
                continue
            }
            guard Sink.takesEveryAnswer else {
                // A number-only sink still takes `null`: the item is simply unanswered.
                guard first == UInt8(ascii: "n"), case .some(nil) = literal() else { return false }
                continue
            }
            switch first {
            case UInt8(ascii: "\""):
                guard let text = string() else { return false }
                sink.set(slot, answer: SubmissionDecoder.answer(text: text, for: items[slot]))
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                guard let word = literal() else { return false }
                if let word { sink.set(slot, answer: word) }
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
                sink.set(slot, answer: .options(chosen))
            default:
                return false
            }
        } while expectCommaOrEnd(UInt8(ascii: "}"))
        return closed
    }

    /// Whether the bytes at `index` are the quoted key of `slot` and its colon, tested as one
    /// word (keys of up to 8 bytes with the quotes and colon; longer ones never match).
    @inline(__always)
    func isKey(of slot: Int) -> Bool {
        let key = decoder.answerKeys[slot]
        guard key.length > 0, index + 8 <= bytes.count else { return false }
        let word = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self))
        return word & key.mask == key.word
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
        // Eight bytes at a time while none is a quote, a backslash, a control or non-ASCII byte
        // (the zero-byte tests of "Bit Twiddling Hacks", exact for "any such byte").
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // A borrow marks bytes above a special one too, so the lowest mark is exact: a quote there
        // ends the string, anything else sends the record to the precise reader.
        while cursor + 8 <= bytes.count {
            let word = UInt64(
                littleEndian: UnsafeRawPointer(bytes.baseAddress! + cursor).loadUnaligned(as: UInt64.self))
            let quote = word ^ (0x22 &* ones)
            let backslash = word ^ (0x5C &* ones)
            let special =
                (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- 0x20 &* ones) & ~word)
                    | word) & highs
            if special != 0 {
                let end = cursor + special.trailingZeroBitCount >> 3
                guard bytes[end] == UInt8(ascii: "\"") else { return nil }
                index = end + 1
                return UnsafeBufferPointer(rebasing: bytes[start..<end])
            }
            cursor += 8
        }
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

    /// Where a string without escapes lies in the record, quotes excluded.
    mutating func stringRange() -> Range<Int>? {
        guard let text = stringBytes() else { return nil }
        // `index` is just past the closing quote.
        return (index - 1 - text.count)..<(index - 1)
    }

    /// The text of a field's range.
    package func text(_ range: Range<Int>?) -> String? {
        range.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
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
            bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")
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
}

/// A member name of a submission the fast parser reads, as JSON writes it with its colon
/// (`"format":`, at most 16 bytes), in two little-endian words with masks for its length.
struct MemberName {
    enum Member: Int {
        case format, questionnaire, version, rater, submitted, seconds, candidate, answers
        case id, name, email, role, demographics
    }

    /// A set of members, as bits.
    struct Members: OptionSet {
        let rawValue: UInt16

        init(rawValue: UInt16) { self.rawValue = rawValue }
        init(_ member: Member) { rawValue = 1 << member.rawValue }

        static let format = Members(.format)
        static let questionnaire = Members(.questionnaire)
        static let version = Members(.version)
    }

    let member: Member
    let text: [UInt8]
    let first: UInt64
    let firstMask: UInt64
    let second: UInt64
    let secondMask: UInt64
    let length: Int

    init(_ text: String, _ member: Member) {
        self.member = member
        self.text = Array(text.utf8)
        let quoted = [0x22] + Array(text.utf8) + [0x22, 0x3A]
        precondition(quoted.count <= 16)
        func word(_ bytes: ArraySlice<UInt8>) -> (UInt64, UInt64) {
            var word: UInt64 = 0
            for (offset, byte) in bytes.enumerated() { word |= UInt64(byte) << (8 * offset) }
            return (word, bytes.count == 8 ? ~0 : (1 << (8 * bytes.count)) - 1)
        }
        (first, firstMask) = word(quoted.prefix(8))
        (second, secondMask) = word(quoted.dropFirst(8))
        length = quoted.count
    }

    /// A submission's members, in the order Dazzle's forms and the usual exports write them.
    static let submission = [
        MemberName("format", .format), MemberName("questionnaire", .questionnaire), MemberName("version", .version),
        MemberName("rater", .rater), MemberName("candidate", .candidate), MemberName("submitted", .submitted),
        MemberName("seconds", .seconds), MemberName("answers", .answers),
    ]
    /// A candidate's members.
    static let candidate = [
        MemberName("id", .id), MemberName("name", .name), MemberName("email", .email), MemberName("role", .role),
        MemberName("demographics", .demographics),
    ]
}

/// Where ``FastSubmissionParser`` puts a record's answers and demographic fields.
package protocol FastAnswerSink {
    /// `false` when the sink takes only numbers: the parser then gives up on any other answer.
    static var takesEveryAnswer: Bool { get }
    func isAnswered(_ slot: Int) -> Bool
    /// Takes a number; `false` when the sink cannot take it, and the parser gives up.
    mutating func set(_ slot: Int, number: Double) -> Bool
    /// Takes a whole number (a single digit, the usual scale answer).
    mutating func set(_ slot: Int, whole: Int) -> Bool
    /// Takes single-digit whole numbers for the slots from `first` on, one per byte; `false`
    /// when one is not taken.
    mutating func set(wholes digits: UnsafeBufferPointer<UInt8>, from first: Int) -> Bool
    /// Takes a single-digit whole number for every slot from the first, each the byte at its
    /// place from `bytes`; `false` when one is not a digit or not taken.
    mutating func set(digitsAt places: UnsafeBufferPointer<Int>, in bytes: UnsafePointer<UInt8>) -> Bool
    mutating func set(_ slot: Int, answer: Answer)
    mutating func demographic(field: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>)
}

extension FastAnswerSink {
    package mutating func set(_ slot: Int, whole: Int) -> Bool { set(slot, number: Double(whole)) }

    package mutating func set(wholes digits: UnsafeBufferPointer<UInt8>, from first: Int) -> Bool {
        for (offset, digit) in digits.enumerated() where !set(first + offset, whole: Int(digit)) { return false }
        return true
    }

    package mutating func set(digitsAt places: UnsafeBufferPointer<Int>, in bytes: UnsafePointer<UInt8>) -> Bool {
        for (slot, place) in places.enumerated() {
            let digit = bytes[place] &- 0x30
            guard digit < 10, set(slot, whole: Int(digit)) else { return false }
        }
        return true
    }
}
