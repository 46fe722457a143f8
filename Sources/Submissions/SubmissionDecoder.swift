import DazzleJSON
import Hashing
import QuestionnaireEngine

/// Reads `dazzle.submission/1` objects into ``Submission`` values for a ``ScoringPlan``.
///
/// The rules (also in README): a submission for another question set, for another major version,
/// without a candidate id, or with an answer its item cannot take is rejected with the reason; an
/// answer to an unknown item, or a different minor version, is accepted with a warning.
///
/// JSON Lines records are first read by a byte-level fast path that builds no JSON tree; any
/// record it does not fully understand (escapes, a rating with a note, bad input) is read again by
/// the position-aware reader, so rejections always carry the precise reason.
public struct SubmissionDecoder: Sendable {
    public static let format = "dazzle.submission/1"

    public let layout: SubmissionLayout
    /// The byte-level reader's tables, made once: a class, so a copy of the decoder (one per
    /// record read) counts one reference, not one per table.
    let tables: FastTables

    /// Per item, its key as a JSON object writes it (`"q12":`) packed into a little-endian word,
    /// with a mask for its length: the fast path recognises the expected next key with one load
    /// and compare. Keys longer than 8 bytes, or ones JSON would escape, have length 0.
    var answerKeys: [AnswerKey] { tables.answerKeys }
    /// The usual form's answers object, without blanks and with Python's.
    var answerTemplates: [AnswersTemplate] { tables.answerTemplates }
    /// The usual start of a record for this question set, without blanks and with Python's.
    var headTemplates: [HeadTemplate] { tables.headTemplates }

    struct AnswerKey {
        var word: UInt64 = 0
        var mask: UInt64 = 0
        var length = 0
    }

    final class FastTables: Sendable {
        let answerKeys: [AnswerKey]
        let answerTemplates: [AnswersTemplate]
        let headTemplates: [HeadTemplate]

        init(layout: SubmissionLayout) {
            answerTemplates = [false, true].compactMap { AnswersTemplate(items: layout.items, spaced: $0) }
            headTemplates = [false, true].compactMap {
                HeadTemplate(
                    questionnaireID: layout.questionnaire.id, version: layout.questionnaire.version, spaced: $0)
            }
            answerKeys = layout.items.map { item in
                let key = [0x22] + Array(item.id.utf8) + [0x22, 0x3A]
                guard key.count <= 8,
                    !key.dropFirst().dropLast(2).contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 })
                else { return AnswerKey() }
                var word: UInt64 = 0
                for (offset, byte) in key.enumerated() { word |= UInt64(byte) << (8 * offset) }
                return AnswerKey(
                    word: word, mask: key.count == 8 ? ~0 : (1 << (8 * key.count)) - 1, length: key.count)
            }
        }
    }

    public init(layout: SubmissionLayout) {
        self.layout = layout
        tables = FastTables(layout: layout)
    }

    /// Reads one submission from JSON text (a JSON Lines line or a whole file).
    public func decode(_ bytes: [UInt8], source: String) -> Result<Submission, Rejection> {
        decode(bytes[...], source: source)
    }

    /// Reads one submission from a slice of a larger buffer, without copying it on the fast path.
    public func decode(_ bytes: ArraySlice<UInt8>, source: String) -> Result<Submission, Rejection> {
        // The byte-level reader knows nothing of missing codes: with codes, every record is read whole.
        let fast = bytes.withUnsafeBufferPointer { buffer -> RawSubmission? in
            guard layout.missingCodes.isEmpty else { return nil }
            var parser = FastSubmissionParser(bytes: buffer, decoder: self)
            var raw = RawSubmission(slots: layout.items.count)
            guard let fields = parser.parse(into: &raw) else { return nil }
            raw.format = parser.text(fields.format)
            raw.questionnaire = parser.text(fields.questionnaire)
            raw.version = parser.text(fields.version)
            raw.rater = parser.text(fields.rater)
            raw.submitted = parser.text(fields.submitted)
            raw.seconds = fields.seconds
            raw.candidateID = parser.text(fields.candidateID)
            raw.name = parser.text(fields.name)
            raw.email = parser.text(fields.email)
            raw.role = parser.text(fields.role)
            raw.hasAnswers = fields.hasAnswers
            return raw
        }
        if let raw = fast {
            do throws(Rejection) {
                return .success(try assemble(raw, source: source))
            } catch {
                // The precise reader below gives the same rejection; this keeps one code path for it.
            }
        }
        return decodePrecisely(bytes, source: source)
    }

    /// Reads one submission with the position-aware reader alone, as ``decode(_:source:)`` does
    /// for any record the byte-level reader leaves; the two give the same result for every record.
    package func decodePrecisely(_ bytes: ArraySlice<UInt8>, source: String) -> Result<Submission, Rejection> {
        do {
            return decode(try JSONReader().read(Array(bytes)), bytes: bytes, source: source)
        } catch {
            return .failure(Rejection(source: source, reason: "not valid JSON at \(error.position): \(error.message)"))
        }
    }

    /// Reads one submission parsed from `bytes`, checking a seal against them: a sealed
    /// submission (a rater's finished interview) whose bytes changed is rejected.
    public func decode(_ value: JSONValue, bytes: ArraySlice<UInt8>, source: String) -> Result<Submission, Rejection> {
        guard let recorded = value.objectValue?["seal"] else { return decode(value, source: source) }
        // Only a seal checked against the bytes counts: one in an array of submissions (read
        // without its own bytes) is not taken as sealed.
        switch SealedLine.check(bytes) {
        case .intact(let seal):
            return decode(value, source: source).map { submission in
                var sealed = submission
                sealed.seal = seal
                return sealed
            }
        case .broken(let seal, let actual):
            return .failure(Self.brokenSeal(value, source: source, seal: seal, actual: actual))
        case .unsealed:
            return .failure(
                Self.brokenSeal(value, source: source, seal: recorded.stringValue ?? "?", actual: "not its sealed form")
            )
        }
    }

    /// Reads one submission from a parsed JSON object.
    public func decode(_ value: JSONValue, source: String) -> Result<Submission, Rejection> {
        do throws(Rejection) {
            return .success(try assemble(try raw(value, source: source), source: source))
        } catch {
            return .failure(error)
        }
    }

    /// The fields of a submission as read, before the checks that decide whether to accept it.
    struct RawSubmission {
        var format: String?
        var questionnaire: String?
        var version: String?
        /// The content hash of the set the form was made from (`dazzle form`, the interview).
        var questionnaireHash: String?
        var structure: StructureSummary?
        var candidateID: String?
        var name: String?
        var email: String?
        var role: String?
        var demographics: [String: String] = [:]
        var rater: String?
        var submitted: String?
        var seconds: Double?
        var hasAnswers = false
        var answers: [Answer?]
        var notes: [[String]]
        var unknownItems: [String] = []

        init(slots: Int) {
            answers = Array(repeating: nil, count: slots)
            notes = Array(repeating: [], count: slots)
        }
    }

    /// Applies the acceptance rules to what was read.
    func assemble(_ raw: RawSubmission, source: String) throws(Rejection) -> Submission {
        func reject(_ reason: String) -> Rejection {
            Rejection(source: source, candidateID: raw.candidateID, reason: reason)
        }
        guard raw.format == Self.format else {
            throw reject("not a submission: it must start with \"format\": \"\(Self.format)\"")
        }
        guard let questionnaire = raw.questionnaire else {
            throw reject("'questionnaire' is missing: name the question set answered")
        }
        guard questionnaire == layout.questionnaire.id else {
            throw reject(
                "answers '\(questionnaire)', but this run scores '\(layout.questionnaire.id)'; score it with that question set"
            )
        }
        var warnings: [String] = []
        let version = raw.version ?? layout.questionnaire.version
        switch AnswerCheck.check(version: version, against: layout.questionnaire) {
        case .same: break
        case .compatible(let warning): warnings.append(warning)
        case .incompatible(let reason): throw reject(reason)
        }
        // A form made from other content than the set scoring it would score answers to
        // questions it never asked: the hash says so even when the version number does not.
        if let hash = raw.questionnaireHash, hash != layout.contentHash {
            let versions =
                version == layout.questionnaire.version
                ? "both say version \(version), but their content differs"
                : "the form's is version \(version), this one is \(layout.questionnaire.version)"
            throw reject(
                "made from another version of '\(questionnaire)': \(versions) (form \(Self.short(hash)), this set \(Self.short(layout.contentHash))); score it with the question set the form was made from, or send a form made from this one"
            )
        }
        guard let id = raw.candidateID, !id.isEmpty else {
            throw reject("'candidate' needs an 'id' so results can be matched to a person")
        }
        guard raw.hasAnswers else {
            throw reject("'answers' is missing or not an object of item id → answer")
        }
        for (slot, answer) in raw.answers.enumerated() {
            guard let answer else { continue }
            // The common case, a whole number on a scale, is checked without touching the item.
            if case .number(let value) = answer, let range = layout.scaleRanges[slot],
                value == value.rounded(.towardZero),
                value >= Double(range.lowerBound), value <= Double(range.upperBound)
            {
                continue
            }
            if let problem = AnswerCheck.problem(with: answer, for: layout.items[slot]) {
                throw reject(problem)
            }
        }
        for item in raw.unknownItems {
            warnings.append("ignored an answer to unknown item '\(item)'")
        }
        let candidate = Candidate(
            id: id, name: raw.name ?? id, email: raw.email, role: raw.role, demographics: raw.demographics)
        var submission = Submission(
            questionnaireID: questionnaire, version: version, candidate: candidate, rater: raw.rater,
            submitted: raw.submitted,
            seconds: raw.seconds, answers: raw.answers, notes: raw.notes, source: source, warnings: warnings)
        submission.structure = raw.structure
        return submission
    }

    /// A sealed submission (a rater's finished interview) whose bytes no longer match its seal.
    static func brokenSeal(_ value: JSONValue, source: String, seal: String, actual: String) -> Rejection {
        let candidate = value.objectValue?["candidate"]?.objectValue?["id"]?.stringValue
        let rater = value.objectValue?["rater"]?.stringValue.map { " by \($0)" } ?? ""
        let now = actual.hasPrefix("sha256:") ? "its content is now \(short(actual))" : "it was reformatted or edited"
        return Rejection(
            source: source, candidateID: candidate,
            reason:
                "was changed after it was sealed\(rater): the seal is \(short(seal)), \(now); score the file the interview wrote (dazzle interview --resume JOURNAL writes it again from the journal)"
        )
    }

    /// A content hash cut to what a person compares: `sha256:1a2b3c4d`.
    static func short(_ hash: String) -> String { String(hash.prefix(15)) }

    /// Reads the fields of a parsed JSON object.
    func raw(_ value: JSONValue, source: String) throws(Rejection) -> RawSubmission {
        guard let object = value.objectValue else {
            throw Rejection(
                source: source, reason: "expected a submission object '{ … }', found \(value.typeDescription)")
        }
        var raw = RawSubmission(slots: layout.items.count)
        raw.format = object["format"]?.stringValue
        raw.questionnaire = object["questionnaire"]?.stringValue
        raw.version = object["version"]?.stringValue
        raw.questionnaireHash = object["questionnaireHash"]?.stringValue
        if let structure = object["structure"]?.objectValue, let met = structure["met"]?.numberValue,
            let of = structure["of"]?.numberValue, met >= 0, of >= met, of < 1000
        {
            raw.structure = StructureSummary(
                met: Int(met), of: Int(of), notMet: structure["notMet"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        }
        raw.rater = object["rater"]?.stringValue
        raw.submitted = object["submitted"]?.stringValue
        raw.seconds = object["seconds"]?.numberValue
        if let candidate = object["candidate"]?.objectValue {
            raw.candidateID = candidate["id"].flatMap(scalarText)
            raw.name = candidate["name"]?.stringValue
            raw.email = candidate["email"]?.stringValue
            raw.role = candidate["role"]?.stringValue
            for member in candidate["demographics"]?.objectValue?.members ?? [] {
                if let text = scalarText(member.value) { raw.demographics[member.key] = text }
            }
        }
        guard let answers = object["answers"]?.objectValue else { return raw }
        raw.hasAnswers = true
        for member in answers.members {
            guard let slot = layout.slots[member.key] else {
                raw.unknownItems.append(member.key)
                continue
            }
            let item = layout.items[slot]
            var value = member.value
            // Any answer may come with its notes: `{"value": 4, "notes": ["…", "…"]}` (or one
            // `"note"`, as older files have it).
            let isRating = if case .rating = item.kind { true } else { false }
            if let answered = value.objectValue, isRating || answered["value"] != nil {
                raw.notes[slot] =
                    answered["notes"]?.arrayValue?.compactMap(\.stringValue)
                    ?? answered["note"]?.stringValue.map { [$0] } ?? []
                value = answered["value"] ?? JSONValue(.null, at: value.position)
            }
            raw.answers[slot] = layout.missingCodes.isMissing(value) ? nil : Self.answer(value, for: item)
        }
        return raw
    }

    /// The answer a JSON value gives, shaped by the item's type; `nil` for `null`.
    static func answer(_ value: JSONValue, for item: Item) -> Answer? {
        switch value.kind {
        case .null: return nil
        case .number(let number): return .number(number)
        case .bool(let bool): return .bool(bool)
        case .string(let text): return answer(text: text, for: item)
        case .array(let elements): return .options(elements.map { $0.stringValue ?? "\($0.kind)" })
        case .object: return .text("an object")
        }
    }

    static func answer(text: String, for item: Item) -> Answer {
        switch item.kind {
        case .choice: .option(text)
        case .multi: .options([text])
        case .likert, .rating, .text, .yesno, .number: .text(text)
        }
    }

    private func scalarText(_ value: JSONValue) -> String? {
        switch value.kind {
        case .string(let text): text
        case .number(let number): Answer.number(number).display
        default: nil
        }
    }
}

extension SubmissionDecoder.RawSubmission: FastAnswerSink {
    static var takesEveryAnswer: Bool { true }

    func isAnswered(_ slot: Int) -> Bool { answers[slot] != nil }

    mutating func set(_ slot: Int, number: Double) -> Bool {
        answers[slot] = .number(number)
        return true
    }

    mutating func set(_ slot: Int, answer: Answer) { answers[slot] = answer }

    mutating func demographic(field: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
        demographics[String(decoding: field, as: UTF8.self)] = String(decoding: value, as: UTF8.self)
    }
}
