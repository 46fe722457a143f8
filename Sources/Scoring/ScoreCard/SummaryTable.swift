import Submissions

/// The ranked one-row-per-candidate summary HR opens in a spreadsheet (`summary.csv`).
public enum SummaryTable {
    /// Scorecards ranked: by overall score, highest first; unscored ones last; ties by candidate id
    /// so the order is stable.
    public static func ranked(_ cards: [ScoreCard]) -> [ScoreCard] {
        rankOrder(cards).map { cards[$0] }
    }

    /// The positions of the scorecards in ranked order; sorting positions moves no scorecards.
    public static func rankOrder(_ cards: [ScoreCard]) -> [Int] {
        cards.indices.sorted { left, right in
            let lhs = cards[left]
            let rhs = cards[right]
            switch (lhs.overall, rhs.overall) {
            case (let l?, let r?) where l != r: return l > r
            case (.some, nil): return true
            case (nil, .some): return false
            default: return lhs.candidateID < rhs.candidateID
            }
        }
    }

    /// CSV text: rank, candidate, overall, label, decision, one column per dimension, knockouts, flags.
    public static func csv(_ cards: [ScoreCard], plan: ScoringPlan) -> [UInt8] {
        let dimensions = plan.rubric.dimensions
        var header = ["rank", "candidate_id", "name", "overall", "percentile", "label", "decision"]
        header += dimensions.map { "dimension:\($0.id)" }
        header += ["knockouts", "flags", "raters", "sources"]
        var text: [UInt8] = []
        text.reserveCapacity(cards.count * 160)
        func add(_ field: String, first: Bool = false) {
            if !first { text.append(UInt8(ascii: ",")) }
            text += CSVTable.escape(field).utf8
        }
        for (index, field) in header.enumerated() { add(field, first: index == 0) }
        text.append(0x0A)
        for (rank, position) in rankOrder(cards).enumerated() {
            let card = cards[position]
            add(String(rank + 1), first: true)
            add(card.candidateID)
            add(card.candidateName)
            add(card.overall.map(fixed) ?? "")
            add(card.standing.map { fixed($0.percentile) } ?? "")
            add(card.label)
            add(card.decision)
            for (index, dimension) in dimensions.enumerated() {
                // Scorecards list the rubric's dimensions in its order; look up only otherwise.
                let score =
                    index < card.dimensions.count && card.dimensions[index].id == dimension.id
                    ? card.dimensions[index].score : card.dimensions.first { $0.id == dimension.id }?.score
                add(score.map(fixed) ?? "")
            }
            add(card.knockouts.joined(separator: "; "))
            add(card.flags.map(\.kind.rawValue).joined(separator: "; "))
            add(card.raters.joined(separator: "; "))
            add(card.sources.joined(separator: "; "))
            text.append(0x0A)
        }
        return text
    }

    /// A score with one decimal: `72.5`.
    public static func fixed(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e12 else { return value.isFinite ? String(value) : "" }
        let tenths = (value * 10).rounded()
        return "\(Int(tenths) / 10).\(abs(Int(tenths) % 10))"
    }
}
