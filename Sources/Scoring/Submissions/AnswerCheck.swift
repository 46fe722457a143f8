import QuestionnaireEngine

/// Whether an answer is one its item can take; the reason when not.
enum AnswerCheck {
    static func problem(with answer: Answer, for item: Item) -> String? {
        switch (item.kind, answer) {
        case (.likert, .number(let value)), (.rating, .number(let value)):
            guard let scale = item.scale else { return nil }
            if value != value.rounded() || value < Double(scale.min) || value > Double(scale.max) {
                return
                    "answer \(Answer.number(value).display) to '\(item.id)' is outside its scale \(scale.min)…\(scale.max)"
            }
        case (.choice(let options), .option(let id)):
            if !options.contains(where: { $0.id == id }) {
                return
                    "answer '\(id)' to '\(item.id)' is not one of its options (\(options.map(\.id).joined(separator: ", ")))"
            }
        case (.multi(let options, let minSelected, let maxSelected), .options(let ids)):
            if let unknown = ids.first(where: { id in !options.contains { $0.id == id } }) {
                return
                    "answer '\(unknown)' to '\(item.id)' is not one of its options (\(options.map(\.id).joined(separator: ", ")))"
            }
            if Set(ids).count != ids.count {
                return "answer to '\(item.id)' names an option twice"
            }
            if let minSelected, ids.count < minSelected {
                return "answer to '\(item.id)' picks \(ids.count) options; it needs at least \(minSelected)"
            }
            if let maxSelected, ids.count > maxSelected {
                return "answer to '\(item.id)' picks \(ids.count) options; it allows at most \(maxSelected)"
            }
        case (.number(let min, let max, let integer), .number(let value)):
            if let min, value < min {
                return
                    "answer \(Answer.number(value).display) to '\(item.id)' is below its minimum \(Answer.number(min).display)"
            }
            if let max, value > max {
                return
                    "answer \(Answer.number(value).display) to '\(item.id)' is above its maximum \(Answer.number(max).display)"
            }
            if integer, value != value.rounded() { return "answer \(value) to '\(item.id)' must be a whole number" }
        case (.text, .text), (.yesno, .bool):
            break
        default:
            return
                "answer to '\(item.id)' has the wrong type for a '\(item.typeName)' item (expected \(expectedType(item)))"
        }
        return nil
    }

    static func expectedType(_ item: Item) -> String {
        switch item.kind {
        case .likert, .rating, .number: "a number"
        case .choice: "an option id"
        case .multi: "a list of option ids"
        case .text: "text"
        case .yesno: "true or false"
        }
    }

    /// What a submission's version means for scoring it.
    enum VersionCheck {
        case same
        /// Accepted, with this warning.
        case compatible(String)
        /// Rejected, for this reason.
        case incompatible(String)
    }

    /// The one version rule: versions that share their first component are compatible (a typo
    /// fix does not orphan forms); another major version is rejected.
    static func check(version: String, against questionnaire: Questionnaire) -> VersionCheck {
        guard version != questionnaire.version else { return .same }
        guard version.prefix(while: { $0 != "." }) == questionnaire.version.prefix(while: { $0 != "." }) else {
            return .incompatible(
                "answers version \(version) of '\(questionnaire.id)', but version \(questionnaire.version) is loaded; score it with version \(version)"
            )
        }
        return .compatible("answered version \(version); scored as version \(questionnaire.version)")
    }
}
