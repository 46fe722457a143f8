import DazzleJSON
import Hashing

/// The decisions log (`decisions.jsonl` in a results folder): every human decision about a
/// candidate, appended by `dazzle decide`, chained like the audit log so no entry can be edited,
/// removed or reordered unseen. The rubric's decision stays on the scorecard; a person who
/// decides otherwise says so here, with their reason, and every report shows both side by side.
public enum DecisionLog {
    public static let format = "dazzle.decision/1"

    /// One human decision.
    public struct Entry: Sendable, Hashable {
        public var seq: Int
        /// ISO 8601 with the time zone.
        public var at: String
        public var candidateID: String
        public var questionnaireID: String
        /// What the rubric decided, from the scorecard, when it was recorded.
        public var rubricDecision: String
        public var decision: String
        public var reason: String
        /// Who decided.
        public var by: String

        public init(
            seq: Int = 0, at: String, candidateID: String, questionnaireID: String, rubricDecision: String,
            decision: String, reason: String, by: String
        ) {
            self.seq = seq
            self.at = at
            self.candidateID = candidateID
            self.questionnaireID = questionnaireID
            self.rubricDecision = rubricDecision
            self.decision = decision
            self.reason = reason
            self.by = by
        }

        /// Whether the person decided otherwise than the rubric.
        public var isOverride: Bool { decision != rubricDecision }
    }

    /// The line appending `entry` to a log holding `existing`, and its hash.
    public static func line(appending entry: Entry, to existing: [UInt8]) -> (line: [UInt8], hash: String) {
        AuditLog.nextLine(after: existing, format: format) { writer in
            writer.key("at")
            writer.string(entry.at)
            writer.key("candidate")
            writer.string(entry.candidateID)
            writer.key("questionnaire")
            writer.string(entry.questionnaireID)
            writer.key("rubricDecision")
            writer.string(entry.rubricDecision)
            writer.key("decision")
            writer.string(entry.decision)
            writer.key("override")
            writer.bool(entry.isOverride)
            writer.key("reason")
            writer.string(entry.reason)
            writer.key("by")
            writer.string(entry.by)
        }
    }

    /// What reading a log gave: its entries in order, and its chain's problems (empty when whole).
    public struct Contents: Sendable {
        public var entries: [Entry]
        public var problems: [AuditLog.Problem]

        /// The latest decision about each candidate of a question set, by candidate id.
        public func latest(for questionnaireID: String) -> [String: Entry] {
            var latest: [String: Entry] = [:]
            for entry in entries where entry.questionnaireID == questionnaireID { latest[entry.candidateID] = entry }
            return latest
        }
    }

    /// Reads a decisions log, checking its chain.
    public static func read(_ bytes: [UInt8]) -> Contents {
        var entries: [Entry] = []
        for (_, line) in AuditLog.lines(bytes) {
            guard let object = try? JSONReader().read(Array(line)).objectValue,
                object["format"]?.stringValue == format, let seq = object["seq"]?.numberValue,
                let at = object["at"]?.stringValue, let candidate = object["candidate"]?.stringValue,
                let questionnaire = object["questionnaire"]?.stringValue,
                let rubricDecision = object["rubricDecision"]?.stringValue,
                let decision = object["decision"]?.stringValue, let reason = object["reason"]?.stringValue,
                let by = object["by"]?.stringValue, seq >= 1, seq < 1e15
            else { continue }
            entries.append(
                Entry(
                    seq: Int(seq), at: at, candidateID: candidate, questionnaireID: questionnaire,
                    rubricDecision: rubricDecision, decision: decision, reason: reason, by: by))
        }
        return Contents(entries: entries, problems: AuditLog.verify(bytes, format: format))
    }
}
