import Analytics
import QuestionnaireEngine
import Scoring

/// `--norms FILE`: a norm group read and checked against the set and rubric it will rank
/// against, for `score FILES` and `score -` alike.
enum NormGroupFile {
    /// The group, or the lines that say why it cannot be used.
    static func load(_ path: String, plan: ScoringPlan, context: CommandContext) -> Result<
        NormGroup, ScoringSetLoader.Failure
    > {
        let group: NormGroup
        do {
            group = try NormGroup.read(try FileReader().read(context.resolve(path), displayPath: path), file: path)
        } catch {
            return .failure(ScoringSetLoader.Failure(lines: ["\(error)"]))
        }
        // Percentiles against another rubric's scores would rank people on a different scale.
        guard group.questionnaireID == plan.questionnaire.id, group.rubricID == plan.rubric.id else {
            return .failure(
                ScoringSetLoader.Failure(lines: [
                    "\(path): error: This norm group is for '\(group.questionnaireID)' scored with rubric '\(group.rubricID)', not '\(plan.questionnaire.id)' with '\(plan.rubric.id)'; build one with 'dazzle norms build' from results of this rubric."
                ]))
        }
        return .success(group)
    }
}
