import DazzleJSON
import QuestionnaireEngine

/// Reads `dazzle.submission/1` objects into ``Submission`` values for a ``ScoringPlan``.
///
/// The rules (also in README): a submission for another question set, for another major version,
/// without a candidate id, or with an answer its item cannot take is rejected with the reason; an
/// answer to an unknown item, or a different minor version, is accepted with a warning.
public struct SubmissionDecoder: Sendable {
    public static let format = "dazzle.submission/1"
    static let keys = ["format", "questionnaire", "version", "candidate", "rater", "submitted", "seconds", "answers"]

    public let plan: ScoringPlan

    public init(plan: ScoringPlan) {
        self.plan = plan
    }

    /// Reads one submission from JSON text (a JSON Lines line or a whole file).
    public func decode(_ bytes: [UInt8], source: String) -> Result<Submission, Rejection> {
        do {
            return decode(try JSONReader().read(bytes), source: source)
        } catch {
            return .failure(Rejection(source: source, reason: "not valid JSON at \(error.position): \(error.message)"))
        }
    }

    /// Reads one submission from a parsed JSON object.
    public func decode(_ value: JSONValue, source: String) -> Result<Submission, Rejection> {
        do throws(Rejection) {
            return .success(try submission(value, source: source))
        } catch {
            return .failure(error)
        }
    }

    private func submission(_ value: JSONValue, source: String) throws(Rejection) -> Submission {
        func reject(_ reason: String, _ candidate: String? = nil) -> Rejection {
            Rejection(source: source, candidateID: candidate, reason: reason)
        }
        guard let object = value.objectValue else {
            throw reject("expected a submission object '{ … }', found \(value.typeDescription)")
        }
        let candidateObject = object["candidate"]?.objectValue
        let candidateID = candidateObject?["id"].flatMap(scalarText)
        guard object["format"]?.stringValue == Self.format else {
            throw reject("not a submission: it must start with \"format\": \"\(Self.format)\"", candidateID)
        }
        guard let questionnaire = object["questionnaire"]?.stringValue else {
            throw reject("'questionnaire' is missing: name the question set answered", candidateID)
        }
        guard questionnaire == plan.questionnaire.id else {
            throw reject("answers '\(questionnaire)', but this run scores '\(plan.questionnaire.id)'; score it with that question set", candidateID)
        }
        var warnings: [String] = []
        let version = object["version"]?.stringValue ?? plan.questionnaire.version
        if version != plan.questionnaire.version {
            guard AnswerCheck.majorVersion(version) == AnswerCheck.majorVersion(plan.questionnaire.version) else {
                throw reject("answers version \(version) of '\(questionnaire)', but version \(plan.questionnaire.version) is loaded; score it with version \(version)", candidateID)
            }
            warnings.append("answered version \(version); scored as version \(plan.questionnaire.version)")
        }
        guard let candidateObject, let id = candidateID, !id.isEmpty else {
            throw reject("'candidate' needs an 'id' so results can be matched to a person")
        }
        let name = candidateObject["name"]?.stringValue ?? id
        var demographics: [String: String] = [:]
        for member in candidateObject["demographics"]?.objectValue?.members ?? [] {
            if let text = scalarText(member.value) { demographics[member.key] = text }
        }
        let candidate = Candidate(
            id: id, name: name, email: candidateObject["email"]?.stringValue, role: candidateObject["role"]?.stringValue,
            demographics: demographics)

        var answers: [Answer?] = Array(repeating: nil, count: plan.items.count)
        var notes: [String?] = Array(repeating: nil, count: plan.items.count)
        guard let answerObject = object["answers"]?.objectValue else {
            throw reject("'answers' is missing or not an object of item id → answer", id)
        }
        for member in answerObject.members {
            guard let slot = plan.slots[member.key] else {
                warnings.append("ignored an answer to unknown item '\(member.key)'")
                continue
            }
            let item = plan.items[slot]
            var raw = member.value
            if case .rating = item.kind, let rating = raw.objectValue {
                notes[slot] = rating["note"]?.stringValue
                raw = rating["value"] ?? JSONValue(.null, at: raw.position)
            }
            guard let answer = Self.answer(raw, for: item) else { continue }
            if let problem = AnswerCheck.problem(with: answer, for: item) {
                throw reject(problem, id)
            }
            answers[slot] = answer
        }
        let seconds = object["seconds"]?.numberValue
        return Submission(
            questionnaireID: questionnaire, version: version, candidate: candidate, rater: object["rater"]?.stringValue,
            submitted: object["submitted"]?.stringValue, seconds: seconds, answers: answers, notes: notes, source: source,
            warnings: warnings)
    }

    /// The answer a JSON value gives, shaped by the item's type; `nil` for `null`.
    static func answer(_ value: JSONValue, for item: Item) -> Answer? {
        switch value.kind {
        case .null: return nil
        case .number(let number): return .number(number)
        case .bool(let bool): return .bool(bool)
        case .string(let text):
            switch item.kind {
            case .choice: return .option(text)
            case .multi: return .options([text])
            default: return .text(text)
            }
        case .array(let elements):
            return .options(elements.map { $0.stringValue ?? "\($0.kind)" })
        case .object:
            return .text("an object")
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
