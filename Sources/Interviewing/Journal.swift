import DazzleJSON
import QuestionnaireEngine

/// The session journal: a header line, then one JSON line per event. Appending and flushing each
/// line before the next prompt is the caller's job; this type encodes and replays.
public enum Journal {
    public static let format = "dazzle.journal/1"

    /// Who and what a session is about.
    public struct Header: Sendable, Equatable {
        public var questionnaireID: String
        public var version: String
        /// The question set's content hash (``Questionnaire/contentHash``); `nil` in journals
        /// written before it was recorded.
        public var questionnaireHash: String?
        public var candidateID: String
        public var candidateName: String
        public var email: String?
        public var role: String?
        public var rater: String?
        /// When the session started: ISO 8601 with the time zone (older journals: a date).
        public var started: String

        public init(
            questionnaireID: String, version: String, questionnaireHash: String? = nil, candidateID: String,
            candidateName: String, email: String? = nil, role: String? = nil, rater: String?, started: String
        ) {
            self.questionnaireID = questionnaireID
            self.version = version
            self.questionnaireHash = questionnaireHash
            self.candidateID = candidateID
            self.candidateName = candidateName
            self.email = email
            self.role = role
            self.rater = rater
            self.started = started
        }
    }

    /// One journaled event with when it happened and the seconds spent on the screen it ended.
    public struct Entry: Sendable, Equatable {
        public var event: InterviewEvent
        /// ISO 8601 with the time zone; `nil` in older journals.
        public var at: String?
        public var seconds: Double

        public init(_ event: InterviewEvent, at: String? = nil, seconds: Double = 0) {
            self.event = event
            self.at = at
            self.seconds = seconds
        }
    }

    /// The header as one JSON line, newline included.
    public static func line(for header: Header) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 256)
        writer.beginObject()
        writer.key("format")
        writer.string(format)
        writer.key("questionnaire")
        writer.string(header.questionnaireID)
        writer.key("version")
        writer.string(header.version)
        if let hash = header.questionnaireHash {
            writer.key("questionnaireHash")
            writer.string(hash)
        }
        writer.key("candidate")
        writer.beginObject()
        writer.key("id")
        writer.string(header.candidateID)
        writer.key("name")
        writer.string(header.candidateName)
        if let email = header.email {
            writer.key("email")
            writer.string(email)
        }
        if let role = header.role {
            writer.key("role")
            writer.string(role)
        }
        writer.endObject()
        writer.key("rater")
        writer.string(header.rater)
        writer.key("started")
        writer.string(header.started)
        writer.endObject()
        writer.endLine()
        return writer.bytes
    }

    /// An event as one JSON line, newline included.
    public static func line(for event: InterviewEvent) -> [UInt8] { line(for: Entry(event)) }

    /// An entry as one JSON line, newline included.
    public static func line(for entry: Entry) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 128)
        writer.beginObject()
        writer.key("event")
        switch entry.event {
        case .answer(let item, let answer, let evidence):
            writer.string("answer")
            writer.key("item")
            writer.string(item)
            writer.key("value")
            answer.write(to: &writer, decimals: 6)
            switch evidence {
            case .note(let text)?:
                writer.key("evidence")
                writer.string(text)
            case .none(let reason)?:
                writer.key("noEvidence")
                writer.string(reason)
            case nil:
                break
            }
        case .note(let item, let text):
            writer.string("note")
            writer.key("item")
            writer.string(item)
            writer.key("text")
            writer.string(text)
        case .editNote(let item, let index, let text):
            writer.string("edit-note")
            writer.key("item")
            writer.string(item)
            writer.key("index")
            writer.integer(index)
            writer.key("text")
            writer.string(text)
        case .probe(let item, let index):
            writer.string("probe")
            writer.key("item")
            writer.string(item)
            writer.key("index")
            writer.integer(index)
        case .skip(let item):
            writer.string("skip")
            writer.key("item")
            writer.string(item)
        case .back:
            writer.string("back")
        case .jump(let item):
            writer.string("jump")
            writer.key("item")
            writer.string(item)
        case .review:
            writer.string("review")
        case .pause:
            writer.string("pause")
        case .finish:
            writer.string("finish")
        case .seal(let hash):
            writer.string("seal")
            writer.key("submission")
            writer.string(hash)
        }
        if let at = entry.at {
            writer.key("at")
            writer.string(at)
        }
        if entry.seconds > 0 {
            writer.key("seconds")
            writer.number(entry.seconds, decimals: 1)
        }
        writer.endObject()
        writer.endLine()
        return writer.bytes
    }

    /// What replaying a journal gave.
    public struct Replay: Sendable {
        public var header: Header
        public var session: InterviewSession
        /// When the last event happened, if the journal records it.
        public var lastAt: String?
        /// Sentences about lines dropped (a torn last line) or events that did not apply.
        public var warnings: [String]
        /// Every event the journal's lines hold, in order, as read (``InterviewStructure`` reads them).
        public var events: [InterviewEvent]
    }

    /// A journal's header (its first line), without replaying it; `nil` when it is not a journal.
    public static func header(_ bytes: [UInt8]) -> Header? {
        let first = bytes.prefix { $0 != 0x0A }
        guard let header = try? JSONReader().read(Array(first)).objectValue, header["format"]?.stringValue == format
        else { return nil }
        let candidate = header["candidate"]?.objectValue
        return Header(
            questionnaireID: header["questionnaire"]?.stringValue ?? "", version: header["version"]?.stringValue ?? "",
            questionnaireHash: header["questionnaireHash"]?.stringValue,
            candidateID: candidate?["id"]?.stringValue ?? "", candidateName: candidate?["name"]?.stringValue ?? "",
            email: candidate?["email"]?.stringValue, role: candidate?["role"]?.stringValue,
            rater: header["rater"]?.stringValue, started: header["started"]?.stringValue ?? "")
    }

    /// Rebuilds a session from a journal.
    /// - Throws: ``InterviewError`` when the file is not a journal, or was written for another
    ///   question set or version (its answers might not mean the same).
    public static func replay(
        _ bytes: [UInt8], file: String, questionnaire: Questionnaire, asksEvidence: Bool = true
    ) throws(InterviewError) -> Replay {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        var warnings: [String] = []
        let endsCleanly = bytes.last == 0x0A
        if endsCleanly { lines.removeLast() }
        guard let parsed = header(bytes) else {
            throw InterviewError("\(file) is not an interview journal (it must start with \"format\": \"\(format)\").")
        }
        guard parsed.questionnaireID == questionnaire.id, parsed.version == questionnaire.version else {
            throw InterviewError(
                "\(file) was recorded with \(parsed.questionnaireID) \(parsed.version), but \(questionnaire.id) \(questionnaire.version) is loaded; resume it with the same version of the question set."
            )
        }
        if let hash = parsed.questionnaireHash, hash != questionnaire.contentHash {
            throw InterviewError(
                "\(file) was recorded with another text of \(questionnaire.id) \(questionnaire.version) (content \(hash.prefix(19))…, loaded \(questionnaire.contentHash.prefix(19))…); resume it with the question set it was recorded with."
            )
        }
        var entries: [(number: Int, entry: Entry)] = []
        for (offset, line) in lines.dropFirst().enumerated() {
            let number = offset + 2
            guard let object = try? JSONReader().read(Array(line)).objectValue,
                let entry = entry(object, questionnaire: questionnaire)
            else {
                if offset == lines.count - 2 && !endsCleanly {
                    warnings.append(
                        "\(file):\(number): the last line was cut off (the program was stopped while writing it) and was dropped."
                    )
                } else {
                    warnings.append("\(file):\(number): an unreadable line was skipped.")
                }
                continue
            }
            entries.append((number, entry))
        }
        var session = InterviewSession(questionnaire: questionnaire, asksEvidence: asksEvidence)
        var lastAt: String?
        var index = 0
        while index < entries.count {
            var (number, entry) = entries[index]
            index += 1
            // Journals before evidence and rating were one step: an extreme rating, then its note.
            if case .answer(let id, let answer, nil) = entry.event, let item = questionnaire.item(withID: id),
                session.needsEvidence(answer, for: item), index < entries.count,
                case .note(id, let text) = entries[index].entry.event
            {
                entry.event = .answer(item: id, answer, evidence: .note(text))
                entry.seconds += entries[index].entry.seconds
                number = entries[index].number
                index += 1
            }
            if let at = entry.at { lastAt = at }
            do {
                try session.apply(entry.event, seconds: entry.seconds)
            } catch {
                warnings.append("\(file):\(number): \(error.message)")
            }
        }
        return Replay(
            header: parsed, session: session, lastAt: lastAt, warnings: warnings, events: entries.map(\.entry.event))
    }

    static func entry(_ object: JSONObject, questionnaire: Questionnaire) -> Entry? {
        guard let event = event(object, questionnaire: questionnaire) else { return nil }
        let seconds = object["seconds"]?.numberValue ?? 0
        return Entry(event, at: object["at"]?.stringValue, seconds: seconds.isFinite && seconds > 0 ? seconds : 0)
    }

    static func event(_ object: JSONObject, questionnaire: Questionnaire) -> InterviewEvent? {
        let item = object["item"]?.stringValue
        switch object["event"]?.stringValue {
        case "answer":
            return answerEvent(object, questionnaire: questionnaire)
        case "note":
            guard let item, let text = object["text"]?.stringValue else { return nil }
            return .note(item: item, text)
        case "edit-note":
            guard let item, let index = index(object), let text = object["text"]?.stringValue else { return nil }
            return .editNote(item: item, index: index, text)
        case "probe":
            guard let item, let index = index(object) else { return nil }
            return .probe(item: item, index: index)
        case "skip": return item.map { .skip(item: $0) }
        case "back": return .back
        case "jump": return item.map { .jump(item: $0) }
        case "review": return .review
        case "pause": return .pause
        case "finish": return .finish
        case "seal": return object["submission"]?.stringValue.map { .seal(submission: $0) }
        default: return nil
        }
    }

    private static func index(_ object: JSONObject) -> Int? {
        guard let number = object["index"]?.numberValue, number >= 0, number < 1e6 else { return nil }
        return Int(exactly: number)
    }

    private static func answerEvent(_ object: JSONObject, questionnaire: Questionnaire) -> InterviewEvent? {
        guard let item = object["item"]?.stringValue, let value = object["value"],
            let target = questionnaire.item(withID: item), let answer = answer(value, for: target)
        else { return nil }
        if let text = object["evidence"]?.stringValue {
            return .answer(item: item, answer, evidence: .note(text))
        }
        if let reason = object["noEvidence"]?.stringValue {
            return .answer(item: item, answer, evidence: .none(reason: reason))
        }
        return .answer(item: item, answer)
    }

    private static func answer(_ value: JSONValue, for item: Item) -> Answer? {
        switch value.kind {
        case .number(let number): return .number(number)
        case .bool(let flag): return .bool(flag)
        case .string(let text):
            if case .choice = item.kind { return .option(text) }
            return .text(text)
        case .array(let values): return .options(values.compactMap(\.stringValue))
        case .null, .object: return nil
        }
    }
}
