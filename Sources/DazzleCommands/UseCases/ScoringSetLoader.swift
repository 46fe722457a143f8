import DazzleJSON
import Foundation
import Hashing
import QuestionnaireEngine
import Scoring
import Spelling
import Submissions

/// Finds the question set and rubric a scoring run needs, from shipped sets or files.
struct ScoringSetLoader {
    let context: CommandContext
    /// Answers read as missing instead of the question set's `missingCodes` (`--missing`).
    var missingCodes: [String]? = nil

    /// Why a scoring set could not be loaded: diagnostics to print, or one sentence.
    struct Failure: Error {
        var lines: [String]
    }

    /// A question set named by shipped id or by path.
    func questionnaire(_ reference: String) throws(Failure) -> (Questionnaire, QuestionnaireLoader.Result) {
        let path = context.resolve(reference)
        let result: QuestionnaireLoader.Result
        if FileManager.default.fileExists(atPath: path) {
            switch LoadedQuestionnaire.read(reference, context: context) {
            case .unreadable(let error): throw Failure(lines: ["\(error)"])
            case .loaded(let loaded, _): result = loaded
            }
        } else if let shipped = ShippedQuestionnaires.files.first(where: { $0.name == reference + ".json" }) {
            result = QuestionnaireLoader.load(Array(shipped.contents.utf8), file: shipped.name)
        } else {
            let names = ShippedQuestionnaires.files.map { String($0.name.dropLast(5)) }
            let hint = Spelling.closest(to: reference, among: names).map { " Did you mean '\($0)'?" } ?? ""
            throw Failure(lines: [
                "\(reference): error: No such file, and no shipped question set has this id.\(hint) Run 'dazzle list' to see them."
            ])
        }
        guard let questionnaire = result.questionnaire else {
            throw Failure(lines: result.diagnostics.filter { $0.severity == .error }.map(\.description))
        }
        return (questionnaire, result)
    }

    /// The plan for a question set, with the rubric from `rubricPath` or embedded in the set.
    func plan(questionnaire reference: String, rubric rubricPath: String?) throws(Failure) -> ScoringPlan {
        let (questionnaire, loaded) = try self.questionnaire(reference)
        let result: RubricLoader.Result
        let rubricBytes: [UInt8]
        if let rubricPath {
            do {
                let bytes = try FileReader().read(context.resolve(rubricPath), displayPath: rubricPath)
                rubricBytes = bytes
                result = RubricLoader.load(bytes, file: rubricPath, for: questionnaire)
            } catch {
                throw Failure(lines: ["\(error)"])
            }
        } else if let embedded = loaded.rubricSource {
            let file = loaded.diagnostics.first?.file ?? reference
            var writer = JSONWriter()
            writer.value(embedded)
            rubricBytes = writer.bytes
            result = RubricLoader.load(embedded, file: file, for: questionnaire, embedded: true)
        } else {
            throw Failure(lines: [
                "\(reference): error: The question set has no embedded 'rubric'; name a rubric file with --rubric FILE."
            ])
        }
        guard let rubric = result.rubric else {
            throw Failure(lines: result.diagnostics.filter { $0.severity == .error }.map(\.description))
        }
        return ScoringPlan(
            questionnaire: questionnaire, rubric: rubric, missingCodes: missingCodes,
            rubricHash: "sha256:" + SHA256.hex(rubricBytes))
    }
}
