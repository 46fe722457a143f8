import DazzleJSON
import QuestionnaireEngine
import Scoring

/// Shared by the harnesses: a shipped question set compiled with its embedded rubric.
enum FuzzSupport {
    static func plan(_ name: String) -> ScoringPlan {
        guard let file = ShippedQuestionnaires.files.first(where: { $0.name == "\(name).json" }) else {
            fatalError("no shipped question set \(name)")
        }
        let loaded = QuestionnaireLoader.load(Array(file.contents.utf8), file: file.name)
        guard let questionnaire = loaded.questionnaire, let source = loaded.rubricSource,
            let rubric = RubricLoader.load(source, file: file.name, for: questionnaire, embedded: true).rubric
        else { fatalError("the shipped question set \(name) did not load") }
        return ScoringPlan(questionnaire: questionnaire, rubric: rubric)
    }
}
