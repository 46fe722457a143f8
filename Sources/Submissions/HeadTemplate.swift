/// The usual start of a submission to a question set, `{"format":"dazzle.submission/1",
/// "questionnaire":"<id>","version":"<version>",` (without blanks, or with Python's), which forms,
/// exports and Dazzle itself write first. The fast parser compares it whole and then reads the
/// other members as usual.
struct HeadTemplate: Sendable {
    let text: [UInt8]
    /// Where the three values lie in the text, quotes excluded.
    let format: Range<Int>
    let questionnaire: Range<Int>
    let version: Range<Int>

    /// The head for a question set, or `nil` when its id or version would be escaped in JSON.
    init?(questionnaireID: String, version: String, spaced: Bool) {
        var text: [UInt8] = []
        var ranges: [Range<Int>] = []
        for (index, (name, value)) in [
            ("format", SubmissionDecoder.format), ("questionnaire", questionnaireID), ("version", version),
        ].enumerated() {
            let bytes = Array(value.utf8)
            guard !bytes.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }) else { return nil }
            let opening: String = index == 0 ? "{" : ""
            let blank: String = spaced ? " " : ""
            text += Array("\(opening)\"\(name)\":\(blank)\"".utf8)
            ranges.append(text.count..<(text.count + bytes.count))
            let after: String = spaced ? "\", " : "\","
            text += bytes + Array(after.utf8)
        }
        self.text = text
        format = ranges[0]
        questionnaire = ranges[1]
        self.version = ranges[2]
    }

    /// Whether a record starts with this head.
    func starts(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= text.count, let base = bytes.baseAddress else { return false }
        return text.withUnsafeBufferPointer { text in
            var index = 0
            while index &+ 8 <= text.count {
                let expected = UnsafeRawPointer(text.baseAddress! + index).loadUnaligned(as: UInt64.self)
                let found = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                guard expected == found else { return false }
                index &+= 8
            }
            while index < text.count {
                guard text[index] == base[index] else { return false }
                index &+= 1
            }
            return true
        }
    }
}
