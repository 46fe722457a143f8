import QuestionnaireEngine
import Scoring
import Submissions

/// What the batch analyses read of a batch, and nothing more: one compact row per candidate
/// (id, name, overall and dimension scores, decision, validity flags, first knockout, item
/// scores as one-byte codes, demographics as codes), a panel's submissions, and the counts.
///
/// ``BatchAnalysis/analyse(_:plan:norms:auditFields:)`` reads only this, so a batch's analyses
/// need a few hundred bytes per candidate however the scorecards were made: scored here
/// (``init(_:plan:)``), or read back from analysis states a row at a time (``append(_:group:plan:)``),
/// with every scorecard written out as it goes.
public struct AnalysisTable: Sendable {
    /// Rows: one per candidate.
    public private(set) var count = 0
    /// Records read: `read == accepted + rejections.count`.
    public var read = 0
    /// Submissions scored (a panel of three counts three).
    public var accepted = 0
    public var rejections: [Rejection] = []

    private(set) var ids: [String] = []
    /// The names of rows with a validity flag or a knockout: the only ones the analyses name.
    private(set) var notableNames: [Int: String] = [:]
    /// Each row's sources joined by NUL: the order of two rows of the same candidate. `nil` for
    /// a table that finds them elsewhere when two rows share an id (``canonicalOrder(tiebreak:)``).
    private(set) var sourceKeys: [String]?
    /// NaN without an overall score.
    private(set) var overall: [Double] = []
    /// Row-major, one per rubric dimension; NaN when not scored.
    private(set) var dimensionScores: [Double] = []
    let dimensions: Int
    private(set) var decisionCodes: [UInt16] = []
    /// The decisions the codes name, in order of first appearance.
    private(set) var decisions: [String] = []
    private var decisionIndex: [String: UInt16] = [:]
    /// The validity flags' kinds of each row that has any, in the scorecard's order.
    private(set) var flags: [Int: [ValidityFlag.Kind]] = [:]
    /// The first knockout of each row that has one.
    private(set) var firstKnockout: [Int: String] = [:]
    private(set) var items: ItemTable
    /// Self-identified fields (numeric ones in the rubric's bins), in order of first appearance.
    private(set) var demographicFields: [String] = []
    private var fieldIndex: [String: Int] = [:]
    /// Per field, its values in order of first appearance.
    private(set) var demographicValues: [[String]] = []
    private var valueIndex: [[String: Int32]] = []
    /// Per field, per row, the value's index, or -1 without one.
    private(set) var demographicCodes: [[Int32]] = []
    /// Rows without any demographic field.
    private(set) var withoutDemographics = 0
    /// A panel's submissions, by row, for rows scored from two or more.
    private(set) var panels: [Int: [Submission]] = [:]

    /// An empty table for a plan's rubric.
    /// - Parameter keepingSources: whether rows keep their sources, by which two rows of one
    ///   candidate are ordered; a table that can read them back when needed saves 16 bytes a row.
    public init(plan: ScoringPlan, keepingSources: Bool = true) {
        dimensions = plan.rubric.dimensions.count
        items = ItemTable(keys: plan.keyCount)
        sourceKeys = keepingSources ? [] : nil
    }

    /// A scored batch's table, rows in the outcome's order.
    public init(_ outcome: BatchScorer.Outcome, plan: ScoringPlan) {
        self.init(plan: plan)
        let gathered = outcome.items.flatMap {
            $0.rows == outcome.scorecards.count && $0.keys == plan.keyCount ? $0 : nil
        }
        reserve(outcome.scorecards.count)
        for index in outcome.scorecards.indices {
            appendRow(outcome.scorecards[index], group: outcome.groups[index], plan: plan)
        }
        items = gathered ?? ItemTable(outcome.scorecards, keys: plan.keyCount)
        read = outcome.read
        accepted = outcome.accepted
        rejections = outcome.rejections
    }

    /// Room for this many more rows.
    public mutating func reserve(_ more: Int) {
        for index in demographicCodes.indices { demographicCodes[index].reserveCapacity(count + more) }
        ids.reserveCapacity(count + more)
        sourceKeys?.reserveCapacity(count + more)
        overall.reserveCapacity(count + more)
        dimensionScores.reserveCapacity((count + more) * dimensions)
        decisionCodes.reserveCapacity(count + more)
        items.reserve(rows: more)
    }

    /// One candidate's row: their scorecard and the submissions behind it (a panel's several).
    /// The candidate's demographics come from the first submission.
    /// Counts the group's submissions as scored.
    public mutating func append(_ card: ScoreCard, group: [Submission], plan: ScoringPlan) {
        appendRow(card, group: group, plan: plan)
        items.append(card.explanation)
        accepted += max(group.count, 1)
    }

    /// A candidate's row from an analysis state's member.
    /// Counts the member's submissions (a panel's several) as scored.
    public mutating func append(_ member: AnalysisState.Member, plan: ScoringPlan) {
        appendRow(member.card, demographics: member.demographics, panel: member.panel, plan: plan)
        items.append(member.card.explanation)
        accepted += max(member.panel.count, 1)
    }

    /// Everything but the item scores.
    private mutating func appendRow(_ card: ScoreCard, group: [Submission], plan: ScoringPlan) {
        appendRow(
            card, demographics: group.first?.candidate.demographics ?? [:], panel: group.count >= 2 ? group : [],
            plan: plan)
    }

    private mutating func appendRow(
        _ card: ScoreCard, demographics: [String: String], panel: [Submission], plan: ScoringPlan
    ) {
        let row = count
        ids.append(card.candidateID)
        if !card.flags.isEmpty || !card.knockouts.isEmpty { notableNames[row] = card.candidateName }
        sourceKeys?.append(Self.sourceKey(card.sources))
        overall.append(card.overall ?? .nan)
        for position in 0..<dimensions {
            dimensionScores.append(position < card.dimensions.count ? card.dimensions[position].score ?? .nan : .nan)
        }
        decisionCodes.append(decisionCode(card.decision))
        if !card.flags.isEmpty { flags[row] = card.flags.map(\.kind) }
        if let knockout = card.knockouts.first { firstKnockout[row] = knockout }
        count += 1
        for index in demographicCodes.indices { demographicCodes[index].append(-1) }
        var any = false
        for (field, value) in demographics {
            guard let shown = plan.rubric.demographic(field, value) else { continue }
            setDemographic(field, shown, row: row)
            any = true
        }
        if !any { withoutDemographics += 1 }
        if !panel.isEmpty { panels[row] = panel }
    }

    private mutating func decisionCode(_ decision: String) -> UInt16 {
        if let code = decisionIndex[decision] { return code }
        let code = UInt16(decisions.count)
        decisions.append(decision)
        decisionIndex[decision] = code
        return code
    }

    private mutating func setDemographic(_ field: String, _ value: String, row: Int) {
        let column: Int
        if let known = fieldIndex[field] {
            column = known
        } else {
            column = demographicFields.count
            fieldIndex[field] = column
            demographicFields.append(field)
            demographicValues.append([])
            valueIndex.append([:])
            var codes = [Int32](repeating: -1, count: count)
            codes.reserveCapacity(ids.capacity)
            demographicCodes.append(codes)
        }
        let code: Int32
        if let known = valueIndex[column][value] {
            code = known
        } else {
            code = Int32(demographicValues[column].count)
            demographicValues[column].append(value)
            valueIndex[column][value] = code
        }
        demographicCodes[column][row] = code
    }

    /// Another table's rows after these (both of one plan), and its counts added.
    public mutating func append(contentsOf other: AnalysisTable) {
        let first = count
        reserve(other.count)
        ids += other.ids
        for (row, name) in other.notableNames { notableNames[first + row] = name }
        if let theirs = other.sourceKeys { sourceKeys? += theirs } else { sourceKeys = nil }
        overall += other.overall
        dimensionScores += other.dimensionScores
        let decisionMap = other.decisions.map { decisionCode($0) }
        decisionCodes += other.decisionCodes.map { decisionMap[Int($0)] }
        for (row, kinds) in other.flags { flags[first + row] = kinds }
        for (row, knockout) in other.firstKnockout { firstKnockout[first + row] = knockout }
        items.append(contentsOf: other.items)
        count += other.count
        for index in demographicCodes.indices {
            demographicCodes[index] += repeatElement(-1, count: other.count)
        }
        for (column, field) in other.demographicFields.enumerated() {
            for (offset, code) in other.demographicCodes[column].enumerated() where code >= 0 {
                setDemographic(field, other.demographicValues[column][Int(code)], row: first + offset)
            }
        }
        withoutDemographics += other.withoutDemographics
        for (row, panel) in other.panels { panels[first + row] = panel }
        read += other.read
        accepted += other.accepted
        rejections += other.rejections
    }

    /// A row's overall score.
    func overallScore(_ row: Int) -> Double? { overall[row].isNaN ? nil : overall[row] }

    /// A row's decision.
    func decision(_ row: Int) -> String { decisions[Int(decisionCodes[row])] }

    /// Rows ranked as `summary.csv` ranks scorecards (``SummaryTable/rankOrder(_:overall:ids:)``),
    /// from `rows` in the order given.
    public func rankOrder(_ rows: [Int]) -> [Int] {
        SummaryTable.rankOrder(rows, overall: overallScore, id: { ids[$0] })
    }

    /// The order analyses read rows in (see ``canonicalOrder(ids:sourceKey:)``), for a table
    /// that keeps its rows' sources.
    public func canonicalOrder() -> [Int] {
        let keys = sourceKeys ?? []
        return Self.canonicalOrder(ids: ids) { keys.indices.contains($0) ? keys[$0] : "" }
    }

    /// The order analyses read rows in, `sourceKey` giving a row's sources (joined by NUL, see
    /// ``sourceKey(_:)``) when two rows share an id: rarely, so they may be read back.
    public func canonicalOrder(tiebreak sourceKey: (Int) -> String) -> [Int] {
        Self.canonicalOrder(ids: ids, sourceKey: sourceKey)
    }

    /// Rows by candidate id, then (for the same candidate scored twice in a stream) by where the
    /// scorecard came from: its sources joined by NUL.
    ///
    /// Ids compare by their UTF-8 bytes: a total order, the same on every machine, and several
    /// times cheaper than `String`'s Unicode comparison.
    static func canonicalOrder(ids: [String], sourceKey: (Int) -> String) -> [Int] {
        func before(_ a: Int, _ b: Int) -> Bool {
            if ids[a] != ids[b] { return ids[a].utf8.lexicographicallyPrecedes(ids[b].utf8) }
            return sourceKey(a).utf8.lexicographicallyPrecedes(sourceKey(b).utf8)
        }
        let inOrder = zip(ids.indices.dropLast(), ids.indices.dropFirst()).allSatisfy { !before($0.1, $0.0) }
        return inOrder ? Array(ids.indices) : ids.indices.sorted(by: before)
    }

    /// A scorecard's sources as one key that sorts as the list does (no source holds a NUL).
    public static func sourceKey(_ sources: [String]) -> String {
        sources.count == 1 ? sources[0] : sources.joined(separator: "\u{0}")
    }
}
