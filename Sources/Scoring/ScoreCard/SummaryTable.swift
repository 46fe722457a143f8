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
        rankOrder(Array(cards.indices), overall: cards.map(\.overall), ids: cards.map(\.candidateID))
    }

    /// `positions` (indices of `overall` and `ids`) in ranked order, by the same rule.
    public static func rankOrder(_ positions: [Int], overall: [Double?], ids: [String]) -> [Int] {
        rankOrder(positions, overall: { overall[$0] }, id: { ids[$0] })
    }

    /// `positions` in ranked order, by the same rule, each position's overall score and id
    /// given by `overall` and `id`.
    public static func rankOrder(_ positions: [Int], overall: (Int) -> Double?, id: (Int) -> String) -> [Int] {
        positions.sorted { left, right in
            switch (overall(left), overall(right)) {
            case (let l?, let r?) where l != r: return l > r
            case (.some, nil): return true
            case (nil, .some): return false
            default: return id(left) < id(right)
            }
        }
    }

    /// The UTF-8 byte-order mark that starts `summary.csv`: without it Excel reads the file in
    /// the system's code page and shows "LÃ©a" for "Léa". LibreOffice and CSV readers skip it.
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The CSV a spreadsheet opens as it is: a byte-order mark, a header in words (`Rank`,
    /// `Name`, `Email`, each dimension by its name), one row per candidate in ranked order.
    /// Text a spreadsheet would run as a formula (starting `=`, `+`, `-`, `@`, tab or return)
    /// is prefixed with `'`, as OWASP advises against CSV injection.
    public static func csv(_ cards: [ScoreCard], plan: ScoringPlan) -> [UInt8] {
        var text = header(plan: plan)
        text.reserveCapacity(cards.count * 180)
        for (rank, position) in rankOrder(cards).enumerated() {
            appendRow(cards[position], rank: rank + 1, plan: plan, to: &text)
        }
        return text
    }

    /// The start of `summary.csv`: the byte-order mark and the header line.
    public static func header(plan: ScoringPlan) -> [UInt8] {
        var header = ["Rank", "Candidate ID", "Name", "Email", "Role", "Overall", "Percentile", "Label", "Decision"]
        header += plan.rubric.dimensions.map(\.name)
        header += ["Knockouts", "Flags", "Raters", "Sources"]
        var text = byteOrderMark
        for (index, field) in header.enumerated() {
            if index > 0 { text.append(UInt8(ascii: ",")) }
            text += CSVTable.escape(index == 0 ? field : spreadsheetSafe(field)).utf8
        }
        text.append(0x0A)
        return text
    }

    /// One candidate's line of `summary.csv`, ranked `rank` (from 1).
    public static func appendRow(_ card: ScoreCard, rank: Int, plan: ScoringPlan, to text: inout [UInt8]) {
        text += String(rank).utf8
        appendFields(card, plan: plan, to: &text)
    }

    /// A candidate's line of `summary.csv` after its rank: from the comma before the id to the
    /// newline, so lines made before the ranking is known can be ranked later.
    public static func appendFields(_ card: ScoreCard, plan: ScoringPlan, to text: inout [UInt8]) {
        func addText(_ field: String) { add(spreadsheetSafe(field)) }
        func add(_ field: String) {
            text.append(UInt8(ascii: ","))
            text += CSVTable.escape(field).utf8
        }
        addText(card.candidateID)
        addText(card.candidateName)
        addText(card.candidateEmail ?? "")
        addText(card.role ?? "")
        add(card.overall.map(fixed) ?? "")
        add(card.standing.map { fixed($0.percentile) } ?? "")
        addText(card.label)
        addText(card.decision)
        for (index, dimension) in plan.rubric.dimensions.enumerated() {
            // Scorecards list the rubric's dimensions in its order; look up only otherwise.
            let score =
                index < card.dimensions.count && card.dimensions[index].id == dimension.id
                ? card.dimensions[index].score : card.dimensions.first { $0.id == dimension.id }?.score
            add(score.map(fixed) ?? "")
        }
        addText(card.knockouts.joined(separator: "; "))
        addText(card.flags.map(\.kind.name).joined(separator: "; "))
        addText(card.raters.joined(separator: "; "))
        addText(card.sources.joined(separator: "; "))
        text.append(0x0A)
    }

    /// Text a spreadsheet shows as text: a leading `=`, `+`, `-`, `@`, tab or carriage return
    /// would start a formula, so it gets a `'` before it.
    public static func spreadsheetSafe(_ field: String) -> String {
        guard let first = field.utf8.first, [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D].contains(first) else { return field }
        return "'" + field
    }

    /// A score with one decimal: `72.5`.
    public static func fixed(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e12 else { return value.isFinite ? String(value) : "" }
        let tenths = Int((abs(value) * 10).rounded())
        // The sign is written apart, so −0.4 is "-0.4", not "0.4"; a value rounding to 0 has none.
        return "\(value < 0 && tenths > 0 ? "-" : "")\(tenths / 10).\(tenths % 10)"
    }
}
