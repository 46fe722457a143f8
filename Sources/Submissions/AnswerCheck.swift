import QuestionnaireEngine

/// The checks a submission's answers and version pass before it is scored. Which answers an
/// item takes is the item's own rule (``Item/problem(with:)`` in the questionnaire engine).
enum AnswerCheck {
    /// The reason a submission's answer is rejected, or `nil` when its item takes it.
    static func problem(with answer: Answer, for item: Item) -> String? {
        item.problem(with: answer)?.sentence(item: item)
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
