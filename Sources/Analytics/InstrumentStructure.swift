import Psychometrics
import Scoring

/// How the dimensions hang together across the whole instrument: McDonald's ω hierarchical
/// from a Schmid–Leiman solution with one group factor per dimension, and the correlations
/// between dimension scores, raw and corrected for each dimension's unreliability.
public struct InstrumentStructure: Sendable, Hashable {
    /// ω total, ω hierarchical and ECV over every keyed item (complete cases), with as many
    /// group factors as the rubric has dimensions; `nil` with `note` when it cannot be computed.
    public var omega: Omega?
    public var completeCases: Int
    public var items: Int
    public var note: String?
    public var correlations: [DimensionCorrelation]
}

/// Two dimensions' scores across candidates who have both.
public struct DimensionCorrelation: Sendable, Hashable {
    public var first: String
    public var second: String
    public var cases: Int
    /// Pearson's r of the two dimension scores.
    public var r: Double
    /// r / √(α₁ α₂), the correlation the two would have if each were measured without error
    /// (Spearman's correction, with each dimension's listwise α); above 1 means the two cannot
    /// be told apart at this reliability. `nil` when an α is not positive.
    public var disattenuated: Double?
}

extension InstrumentStructure {
    /// ω across the instrument; the correlations are added by ``addCorrelations(plan:dimensionScores:reliability:)``
    /// once the dimensions' alphas are known, so this part can run beside them.
    /// - Parameter itemColumns: every key position's item scores (NaN when unanswered).
    static func compute(plan: ScoringPlan, itemColumns: [ScoreColumn]) -> InstrumentStructure {
        // One column per distinct keyed item (an item keyed twice would make the matrix singular).
        var seen: Set<String> = []
        var positions: [Int] = []
        var offset = 0
        for dimension in plan.rubric.dimensions {
            for (index, key) in dimension.keys.enumerated() where seen.insert(key.itemID).inserted {
                positions.append(offset + index)
            }
            offset += dimension.keys.count
        }
        let columns = positions.compactMap { $0 < itemColumns.count ? itemColumns[$0] : nil }
        let groups = plan.rubric.dimensions.count
        var omega: Omega?
        var note: String?
        var cases = 0
        if groups < 2 {
            note = "ω hierarchical needs 2 or more dimensions; this rubric has \(groups)."
        } else if positions.count < 2 * groups {
            note = "ω hierarchical needs at least 2 items per dimension; there are \(positions.count) for \(groups)."
        } else if let items = ItemCovariance(columns: columns, deletion: .listwise) {
            cases = items.cases
            if items.cases <= positions.count {
                note =
                    "ω hierarchical needs more complete cases (\(items.cases)) than items (\(positions.count)) for the item correlations to be usable."
            } else {
                omega = Omega(items.correlation, groups: groups)
                if omega == nil { note = "The item correlations are singular, so no factor analysis can be run." }
            }
        } else {
            note = "Fewer than 2 candidates answered every item, or an item does not vary."
        }
        return InstrumentStructure(
            omega: omega, completeCases: cases, items: positions.count, note: note, correlations: [])
    }

    /// The correlations between dimension scores, raw and disattenuated by each dimension's α.
    /// - Parameter dimensionColumn: a dimension's scores, every candidate's (NaN when not scored).
    mutating func addCorrelations(
        plan: ScoringPlan, dimensionColumn: (Int) -> [Double], reliability: [ScaleReliability]
    ) {
        let groups = plan.rubric.dimensions.count
        var correlations: [DimensionCorrelation] = []
        let alphas = Dictionary(
            reliability.map { ($0.dimensionID, $0.alpha) }, uniquingKeysWith: { first, _ in first })
        for i in 0..<groups {
            let scoresOfI = dimensionColumn(i)
            for j in (i + 1)..<max(groups, i + 1) {
                // The candidates with both scores, as two columns (no array of pairs between).
                let scoresOfJ = dimensionColumn(j)
                var x: [Double] = []
                var y: [Double] = []
                for (a, b) in zip(scoresOfI, scoresOfJ) where !a.isNaN && !b.isNaN {
                    x.append(a)
                    y.append(b)
                }
                guard let r = Statistics.correlation(x, y) else { continue }
                let first = plan.rubric.dimensions[i].id
                let second = plan.rubric.dimensions[j].id
                var disattenuated: Double?
                if let a = alphas[first] ?? nil, let b = alphas[second] ?? nil, a > 0, b > 0 {
                    disattenuated = r / (a * b).squareRoot()
                }
                correlations.append(
                    DimensionCorrelation(
                        first: first, second: second, cases: x.count, r: r, disattenuated: disattenuated))
            }
        }
        self.correlations = correlations
    }
}
