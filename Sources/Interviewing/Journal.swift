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
        public var candidateID: String
        public var candidateName: String
        public var rater: String?
        public var started: String

        public init(
            questionnaireID: String, version: String, candidateID: String, candidateName: String, rater: String?,
            started: String
        ) {
            self.questionnaireID = questionnaireID
            self.version = version
            self.candidateID = candidateID
            self.candidateName = candidateName
            self.rater = rater
            self.started = started
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
        writer.key("candidate")
        writer.beginObject()
        writer.key("id")
        writer.string(header.candidateID)
        writer.key("name")
        writer.string(header.candidateName)
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
    public static func line(for event: InterviewEvent) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 128)
        writer.beginObject()
        writer.key("event")
        switch event {
        case .answer(let item, let answer):
            writer.string("answer")
            writer.key("item")
            writer.string(item)
            writer.key("value")
            answer.write(to: &writer, decimals: 6)
        case .note(let item, let text):
            writer.string("note")
            writer.key("item")
            writer.string(item)
            writer.key("text")
            writer.string(text)
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
        case .finish:
            writer.string("finish")
        }
        writer.endObject()
        writer.endLine()
        return writer.bytes
    }

    /// What replaying a journal gave.
    public struct Replay: Sendable {
        public var header: Header
        public var session: InterviewSession
        /// Sentences about lines dropped (a torn last line) or events that did not apply.
        public var warnings: [String]
    }

    /// Rebuilds a session from a journal.
    /// - Throws: ``InterviewError`` when the file is not a journal, or was written for another
    ///   question set or version (its answers might not mean the same).
    public static func replay(_ bytes: [UInt8], file: String, questionnaire: Questionnaire) throws(InterviewError)
        -> Replay
    {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        var warnings: [String] = []
        let endsCleanly = bytes.last == 0x0A
        if endsCleanly { lines.removeLast() }
        guard let first = lines.first, let header = try? JSONReader().read(Array(first)).objectValue,
            header["format"]?.stringValue == format
        else {
            throw InterviewError("\(file) is not an interview journal (it must start with \"format\": \"\(format)\").")
        }
        let parsed = Header(
            questionnaireID: header["questionnaire"]?.stringValue ?? "", version: header["version"]?.stringValue ?? "",
            candidateID: header["candidate"]?.objectValue?["id"]?.stringValue ?? "",
            candidateName: header["candidate"]?.objectValue?["name"]?.stringValue ?? "",
            rater: header["rater"]?.stringValue, started: header["started"]?.stringValue ?? "")
        guard parsed.questionnaireID == questionnaire.id, parsed.version == questionnaire.version else {
            throw InterviewError(
                "\(file) was recorded with \(parsed.questionnaireID) \(parsed.version), but \(questionnaire.id) \(questionnaire.version) is loaded; resume it with the same version of the question set."
            )
        }
        var session = InterviewSession(questionnaire: questionnaire)
        for (offset, line) in lines.dropFirst().enumerated() {
            let number = offset + 2
            let isLast = offset == lines.count - 2
            guard let object = try? JSONReader().read(Array(line)).objectValue,
                let event = event(object, questionnaire: questionnaire)
            else {
                if isLast && !endsCleanly {
                    warnings.append(
                        "\(file):\(number): the last line was cut off (the program was stopped while writing it) and was dropped."
                    )
                } else {
                    warnings.append("\(file):\(number): an unreadable line was skipped.")
                }
                continue
            }
            do {
                try session.apply(event)
            } catch {
                warnings.append("\(file):\(number): \(error.message)")
            }
        }
        return Replay(header: parsed, session: session, warnings: warnings)
    }

    static func event(_ object: JSONObject, questionnaire: Questionnaire) -> InterviewEvent? {
        let item = object["item"]?.stringValue
        switch object["event"]?.stringValue {
        case "answer":
            guard let item, let value = object["value"], let target = questionnaire.item(withID: item) else {
                return nil
            }
            let answer: Answer?
            switch (value.kind, target.kind) {
            case (.number(let number), _): answer = .number(number)
            case (.bool(let flag), _): answer = .bool(flag)
            case (.string(let text), .choice): answer = .option(text)
            case (.string(let text), _): answer = .text(text)
            case (.array(let values), _): answer = .options(values.compactMap(\.stringValue))
            default: answer = nil
            }
            return answer.map { .answer(item: item, $0) }
        case "note":
            guard let item, let text = object["text"]?.stringValue else { return nil }
            return .note(item: item, text)
        case "skip": return item.map { .skip(item: $0) }
        case "back": return .back
        case "jump": return item.map { .jump(item: $0) }
        case "finish": return .finish
        default: return nil
        }
    }
}
