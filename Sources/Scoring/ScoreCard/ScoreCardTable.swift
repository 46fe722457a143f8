import QuestionnaireEngine
import Submissions

/// Scorecards as one wide CSV table (`--format csv`): a row per candidate with the overall result,
/// each dimension, and each keyed item's answer and item score.
public enum ScoreCardTable {
    public static func csv(_ cards: [ScoreCard], plan: ScoringPlan) -> String {
        var keyed: [(dimension: String, item: String)] = []
        for dimension in plan.rubric.dimensions {
            for key in dimension.keys { keyed.append((dimension.id, key.itemID)) }
        }
        var header = ["candidate_id", "name", "overall", "label", "decision"]
        header += plan.rubric.dimensions.map { "dimension:\($0.id)" }
        for key in keyed { header += ["answer:\(key.item)", "score:\(key.item)"] }
        header += ["knockouts", "flags"]
        var lines = [header.map(CSVTable.escape).joined(separator: ",")]
        for card in cards {
            var row = [
                card.candidateID, card.candidateName, card.overall.map(SummaryTable.fixed) ?? "", card.label,
                card.decision,
            ]
            for dimension in plan.rubric.dimensions {
                row.append(card.dimensions.first { $0.id == dimension.id }?.score.map(SummaryTable.fixed) ?? "")
            }
            for key in keyed {
                let line = card.explanation.first { $0.itemID == key.item && $0.dimensionID == key.dimension }
                row.append(line?.answer?.display ?? "")
                row.append(line?.itemScore.map { String(($0 * 10_000).rounded() / 10_000) } ?? "")
            }
            row += [card.knockouts.joined(separator: "; "), card.flags.map(\.message).joined(separator: " ")]
            lines.append(row.map(CSVTable.escape).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
