import Dispatch
import Foundation
import Psychometrics
import Scoring
import Submissions

/// Item-level differential item functioning: does an item score differently for two groups of
/// people with the same standing on its dimension? Two methods, per item, per demographic field,
/// per group against the field's reference group (the adverse-impact reference):
///
/// - **Mantel–Haenszel**: people with every item of the dimension answered, in strata of equal
///   dimension sum (item scores, 0–1 each); success is an item score above 0.5 (agree or better on
///   a scale, the best options of a choice). Common odds ratio, χ² with continuity correction,
///   ETS Δ = −2.35 ln α and its A/B/C size.
/// - **Ordinal logistic regression** in the style of R lordif: the item's score categories
///   (ordered) on the matching score θ (mean item score of the dimension's other items),
///   three nested proportional-odds models (1: θ; 2: θ + group; 3: θ + group + θ × group),
///   χ² tests 1–2 (uniform DIF, 1 df), 1–3 (any DIF, 2 df), 2–3 (non-uniform, 1 df) and the
///   change in McFadden's R². Purified: items flagged are left out of the matching score and
///   the items tested again, until the flagged set is stable (at most 5 rounds).
///
/// An item is flagged when MH finds C-size DIF at p < 0.05, or the logistic test finds
/// p(1–3) < 0.01 with an R² change of 0.02 or more (lordif's χ² level and its R² magnitude).
public struct DifferentialItemFunctioning: Sendable, Hashable {
    public var items: [ItemDIF]
    public var notes: [String]

    /// Flagged items against a group, by field and group, for the batch report's sentence.
    public func flagged(field: String, group: String) -> [ItemDIF] {
        items.filter { $0.field == field && $0.focal == group && $0.flagged }
    }
}

/// One item, one field, one group against the reference.
public struct ItemDIF: Sendable, Hashable {
    public var itemID: String
    public var dimensionID: String
    public var field: String
    public var focal: String
    public var reference: String
    public var mantelHaenszel: MantelHaenszel?
    public var logistic: LogisticDIF?
    public var flagged: Bool
    /// Whether the item is harder for the focal group at the same standing (MH Δ < 0, or a
    /// negative group coefficient in model 2), when flagged.
    public var againstFocal: Bool?
}

/// lordif's three nested models for one item.
public struct LogisticDIF: Sendable, Hashable {
    public var cases: Int
    public var chiSquare12: Double
    public var p12: Double
    public var chiSquare13: Double
    public var p13: Double
    public var chiSquare23: Double
    public var p23: Double
    /// Changes in McFadden's pseudo-R² between the models.
    public var r2Change12: Double
    public var r2Change13: Double
    public var r2Change23: Double
    /// The group coefficient of model 2: below 0, the focal group scores lower on the item.
    public var groupCoefficient: Double
}

extension DifferentialItemFunctioning {
    /// DIF statistics from fewer people per group flag noise: each group needs this many.
    public static let fewestPerGroup = 30
    static let flagLogisticP = 0.01
    static let flagR2Change = 0.02

    /// - Parameters:
    ///   - people: the demographics, people in the order of the columns' rows.
    ///   - itemColumns: per key position, every person's item score (NaN when unanswered).
    static func compute(
        people: DemographicColumns, itemColumns: [ScoreColumn], plan: ScoringPlan, impact: [AdverseImpact]
    ) -> DifferentialItemFunctioning {
        var results: [ItemDIF] = []
        var notes: [String] = []
        let ranges = zip(plan.rubric.dimensions, plan.dimensionKeys)
        // Each (field, group, dimension) is tested on its own, on every core; results keep this order.
        var units:
            [(field: String, focal: String, reference: String, dimension: Scoring.Dimension, range: Range<Int>)] =
                []
        for field in impact where !field.field.contains(" × ") {
            guard let reference = field.reference else { continue }
            let referenceCount = field.groups.first { $0.group == reference }?.count ?? 0
            for group in field.groups where group.group != reference && !group.smallGroup {
                guard min(group.count, referenceCount) >= fewestPerGroup else {
                    notes.append(
                        "DIF by \(field.field) is not tested for '\(group.group)' (\(group.count)) against '\(reference)' (\(referenceCount)): each group needs \(fewestPerGroup) or more people."
                    )
                    continue
                }
                for (dimension, range) in ranges where range.count >= 3 {
                    units.append((field.field, group.group, reference, dimension, range))
                }
            }
        }
        let tested = ShareSlots<ItemDIF>(count: units.count)
        let work = units
        DispatchQueue.concurrentPerform(iterations: work.count) { index in
            let unit = work[index]
            var members = Members()
            if let column = people.fields.firstIndex(of: unit.field) {
                let values = people.values[column]
                let focal = values.firstIndex(of: unit.focal).map(Int32.init) ?? -2
                let reference = values.firstIndex(of: unit.reference).map(Int32.init) ?? -2
                for (person, code) in people.codes[column].enumerated() where code == focal || code == reference {
                    members.people.append(Int32(person))
                    members.focal.append(code == focal)
                }
            }
            tested.set(
                index,
                dimensionDIF(
                    members, columns: Array(itemColumns[unit.range]), dimension: unit.dimension, field: unit.field,
                    focal: unit.focal, reference: unit.reference))
        }
        results = tested.joined
        if results.isEmpty, notes.isEmpty, !impact.isEmpty {
            notes.append(
                "No item could be tested: DIF needs a reference group and another group large enough to compare (5 people and 2% of the batch), and dimensions of 3 or more items."
            )
        }
        return DifferentialItemFunctioning(items: results, notes: notes)
    }

    /// The people of one comparison: their rows in the item columns, and whether each is in
    /// the focal group (else the reference group).
    struct Members {
        /// Rows, 4 bytes each: a million people's lists are held by two comparisons at once.
        var people: [Int32] = []
        var focal: [Bool] = []
    }

    /// - Parameter columns: the dimension's item scores, one column per key, rows by person.
    static func dimensionDIF(
        _ members: Members, columns: [ScoreColumn], dimension: Scoring.Dimension, field: String, focal: String,
        reference: String
    ) -> [ItemDIF] {
        let k = dimension.keys.count
        // Mantel–Haenszel on complete cases, strata of equal dimension sum.
        var complete = Members()
        for (position, person) in members.people.lazy.map(Int.init).enumerated()
        where !columns.contains(where: { $0[person].isNaN }) {
            complete.people.append(Int32(person))
            complete.focal.append(members.focal[position])
        }
        // Purified together: an item either method flags leaves both matching scores, and every
        // item is tested again, until the flagged set is stable (at most 5 rounds).
        var excluded = [Bool](repeating: false, count: k)
        var mh: [MantelHaenszel?] = []
        var logistic: [LogisticDIF?] = []
        for _ in 0..<5 {
            mh = (0..<k).map { item in mantelHaenszel(complete, columns: columns, item: item, excluded: excluded) }
            logistic = (0..<k).map { item in logisticDIF(members, columns: columns, item: item, excluded: excluded) }
            let flagged = (0..<k).map { isFlagged(mh[$0], logistic[$0]) }
            // Never purify away every other item: the matching score needs some.
            if flagged == excluded || flagged.filter({ $0 }).count >= k - 1 { break }
            excluded = flagged
        }
        return (0..<k).map { item in
            let test = mh[item]
            let mhFlag = test.map(isFlagged) ?? false
            let logisticFlag = logistic[item].map(isFlagged) ?? false
            var against: Bool?
            if mhFlag, let test {
                against = test.delta < 0
            } else if logisticFlag, let model = logistic[item] {
                against = model.groupCoefficient < 0
            }
            return ItemDIF(
                itemID: dimension.keys[item].itemID, dimensionID: dimension.id, field: field, focal: focal,
                reference: reference, mantelHaenszel: test, logistic: logistic[item], flagged: mhFlag || logisticFlag,
                againstFocal: against)
        }
    }

    /// C-size DIF (ETS), whose rule includes significance.
    static func isFlagged(_ test: MantelHaenszel) -> Bool { test.size == .c }

    /// lordif's χ² level with its R² magnitude.
    static func isFlagged(_ test: LogisticDIF) -> Bool {
        test.p13 < flagLogisticP && test.r2Change13 >= flagR2Change
    }

    static func isFlagged(_ mh: MantelHaenszel?, _ logistic: LogisticDIF?) -> Bool {
        (mh.map(isFlagged) ?? false) || (logistic.map(isFlagged) ?? false)
    }

    /// Mantel–Haenszel for one item, strata of equal matching sum: the item itself and every item
    /// not excluded by purification.
    static func mantelHaenszel(_ complete: Members, columns: [ScoreColumn], item: Int, excluded: [Bool])
        -> MantelHaenszel?
    {
        let matching = columns.indices.filter { $0 == item || !excluded[$0] }
        var strata: [Int: MantelHaenszel.Stratum] = [:]
        for (position, person) in complete.people.lazy.map(Int.init).enumerated() {
            var sum = 0.0
            for column in matching { sum += columns[column][person] }
            let key = Int((sum * 1e6).rounded())
            var stratum =
                strata[key]
                ?? MantelHaenszel.Stratum(referenceSuccess: 0, referenceFailure: 0, focalSuccess: 0, focalFailure: 0)
            switch (complete.focal[position], columns[item][person] > 0.5) {
            case (false, true): stratum.referenceSuccess += 1
            case (false, false): stratum.referenceFailure += 1
            case (true, true): stratum.focalSuccess += 1
            case (true, false): stratum.focalFailure += 1
            }
            strata[key] = stratum
        }
        // In order of matching score: the sums must not follow a dictionary's (per-process) order.
        return MantelHaenszel(strata.keys.sorted().compactMap { strata[$0] })
    }

    /// lordif's three models for one item; people need the item and at least one matching item.
    static func logisticDIF(_ members: Members, columns: [ScoreColumn], item: Int, excluded: [Bool]) -> LogisticDIF? {
        let matching = columns.indices.filter { $0 != item && !excluded[$0] }
        guard !matching.isEmpty else { return nil }
        // Merge people with the same answer, matching score and group: the fit is the same.
        struct Cell: Hashable {
            var category: Double
            var theta: Double
            var group: Double
        }
        var merged: [Cell: Double] = [:]
        var categories: Set<Double> = []
        var cases = 0
        for (position, person) in members.people.lazy.map(Int.init).enumerated() where !columns[item][person].isNaN {
            var sum = 0.0
            var answered = 0
            for column in matching where !columns[column][person].isNaN {
                sum += columns[column][person]
                answered += 1
            }
            guard answered > 0 else { continue }
            let theta = sum / Double(answered)
            let group = members.focal[position] ? 1.0 : 0.0
            merged[Cell(category: columns[item][person], theta: theta, group: group), default: 0] += 1
            categories.insert(columns[item][person])
            cases += 1
        }
        let order = categories.sorted()
        guard order.count >= 2 else { return nil }
        let index = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($0.element, $0.offset) })
        let cells = merged.keys.sorted { ($0.category, $0.theta, $0.group) < ($1.category, $1.theta, $1.group) }
        let responses = cells.map { index[$0.category] ?? 0 }
        let weights = cells.map { merged[$0] ?? 0 }
        guard
            let one = OrdinalLogisticRegression(
                responses: responses, covariates: cells.map { [$0.theta] }, weights: weights),
            let two = OrdinalLogisticRegression(
                responses: responses, covariates: cells.map { [$0.theta, $0.group] }, weights: weights),
            let three = OrdinalLogisticRegression(
                responses: responses, covariates: cells.map { [$0.theta, $0.group, $0.theta * $0.group] },
                weights: weights)
        else { return nil }
        let chi12 = max(2 * (two.logLikelihood - one.logLikelihood), 0)
        let chi13 = max(2 * (three.logLikelihood - one.logLikelihood), 0)
        let chi23 = max(2 * (three.logLikelihood - two.logLikelihood), 0)
        return LogisticDIF(
            cases: cases, chiSquare12: chi12, p12: Distributions.chiSquareSurvival(chi12, 1), chiSquare13: chi13,
            p13: Distributions.chiSquareSurvival(chi13, 2), chiSquare23: chi23,
            p23: Distributions.chiSquareSurvival(chi23, 1), r2Change12: two.mcFaddenR2 - one.mcFaddenR2,
            r2Change13: three.mcFaddenR2 - one.mcFaddenR2, r2Change23: three.mcFaddenR2 - two.mcFaddenR2,
            groupCoefficient: two.coefficients.count > 1 ? two.coefficients[1] : 0)
    }
}
