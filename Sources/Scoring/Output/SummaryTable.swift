/// The ranked one-row-per-candidate summary HR opens in a spreadsheet (`summary.csv`).
public enum SummaryTable {
    /// Scorecards ranked: by overall score, highest first; unscored ones last; ties by candidate id
    /// so the order is stable.
    public static func ranked(_ cards: [ScoreCard]) -> [ScoreCard] {
        cards.sorted { lhs, rhs in
            switch (lhs.overall, rhs.overall) {
            case (let l?, let r?) where l != r: l > r
            case (.some, nil): true
            case (nil, .some): false
            default: lhs.candidateID < rhs.candidateID
            }
        }
    }

    /// CSV text: rank, candidate, overall, label, decision, one column per dimension, knockouts, flags.
    public static func csv(_ cards: [ScoreCard], plan: ScoringPlan) -> String {
        let dimensions = plan.rubric.dimensions
        var header = ["rank", "candidate_id", "name", "overall", "percentile", "label", "decision"]
        header += dimensions.map { "dimension:\($0.id)" }
        header += ["knockouts", "flags", "raters", "sources"]
        var lines = [header.map(CSVTable.escape).joined(separator: ",")]
        for (rank, card) in ranked(cards).enumerated() {
            var row = [
                String(rank + 1), card.candidateID, card.candidateName, card.overall.map(fixed) ?? "",
                card.standing.map { fixed($0.percentile) } ?? "", card.label, card.decision,
            ]
            for dimension in dimensions {
                row.append(card.dimensions.first { $0.id == dimension.id }?.score.map(fixed) ?? "")
            }
            row += [
                card.knockouts.joined(separator: "; "), card.flags.map(\.kind).joined(separator: "; "),
                card.raters.joined(separator: "; "), card.sources.joined(separator: "; "),
            ]
            lines.append(row.map(CSVTable.escape).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A score with one decimal: `72.5`.
    public static func fixed(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e12 else { return value.isFinite ? String(value) : "" }
        let tenths = (value * 10).rounded()
        return "\(Int(tenths) / 10).\(abs(Int(tenths) % 10))"
    }
}
