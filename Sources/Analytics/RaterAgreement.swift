import Psychometrics
import QuestionnaireEngine
import Scoring
import Submissions

/// How far an interview panel's raters agree, across every candidate rated by two or more.
public struct RaterAgreement: Sendable, Hashable {
    /// `two-way` when every panel had the same raters (Shrout–Fleiss ICC(2,·)), `one-way`
    /// when raters differed between candidates (ICC(1,·)).
    public var design: String
    /// Candidates rated by two or more raters.
    public var panels: Int
    /// Raters per panel used for the ICCs (the most common panel size).
    public var ratersPerPanel: Int
    /// How many panels had each number of raters.
    public var panelSizes: [Int: Int]
    /// The panels that could not enter the ICCs, each named with the reason.
    public var excluded: [String]
    public var items: [IntraclassCorrelation]
    public var dimensions: [IntraclassCorrelation]
    public var overall: IntraclassCorrelation?
    /// Linear-weighted kappa of the raters' own decisions (each rater's ratings scored alone),
    /// pooled over rater pairs.
    public var decisionKappa: Double?
    public var leniency: [RaterLeniency]
    /// Ratings a hiring manager should discuss: raters two or more points apart on an item.
    public var disagreements: [String]
    public var notes: [String]
}

public struct IntraclassCorrelation: Sendable, Hashable {
    /// An item or dimension id, or `overall`.
    public var id: String
    /// Panels with a full set of ratings for it.
    public var panels: Int
    /// Reliability of one rater's rating for the design: ICC(2,1) two-way, ICC(1,1) one-way.
    public var single: Double?
    /// Reliability of the panel's mean rating: ICC(2,k) or ICC(1,k).
    public var average: Double?
    /// Mean of the per-panel spread (highest minus lowest rating).
    public var meanSpread: Double?
    /// All six ICCs with their F tests and 95% intervals; `nil` when undefined (see `undefined`).
    public var coefficients: IntraclassCorrelations?
    /// Why the ICCs are undefined, in a sentence.
    public var undefined: String?
    /// Raters a panel would need for its mean rating to reach 0.80 (Spearman–Brown from `single`).
    public var ratersFor080: Int?
}

extension RaterAgreement {
    /// The raters' ratings of one item in a panel.
    static func ratings(_ panel: [Submission], slot: Int) -> [(String, Double)] {
        panel.compactMap { submission -> (String, Double)? in
            guard case .number(let value) = submission.answers[slot], let rater = submission.rater else { return nil }
            return (rater, value)
        }
    }

    /// Leniency's raw material: each rater's rating minus the panel's mean, per rated item the
    /// panel rated at least twice, by rater.
    static func differences(in panel: [Submission], plan: ScoringPlan) -> [String: [Double]] {
        var differences: [String: [Double]] = [:]
        for (slot, item) in plan.items.enumerated() {
            guard case .rating = item.kind else { continue }
            let rated = ratings(panel, slot: slot)
            guard rated.count >= 2 else { continue }
            let mean = rated.reduce(0) { $0 + $1.1 } / Double(rated.count)
            for (rater, value) in rated { differences[rater, default: []].append(value - mean) }
        }
        return differences
    }

    /// Planning in one sentence, from one rater's reliability on the overall score:
    /// "Panels of 3 reach 0.80 (Spearman–Brown from one rater's 0.57); you have 2, whose mean
    /// reaches 0.73." `nil` when the one-rater reliability is unknown or not positive.
    public var projection: String? {
        guard let single = overall?.single, let needed = overall?.ratersFor080,
            let current = IntraclassCorrelations.projected(single: single, raters: ratersPerPanel)
        else { return nil }
        let reach = "Panels of \(needed) reach 0.80 (Spearman–Brown from one rater's \(twoDecimals(single)))"
        let have = "you have \(ratersPerPanel), whose mean reaches \(twoDecimals(current))"
        if needed <= ratersPerPanel {
            return reach + "; \(have): enough."
        }
        return reach + "; \(have)."
    }
}

public struct RaterLeniency: Sendable, Hashable {
    public var rater: String
    public var ratings: Int
    /// The rater's mean difference from their panels' means, in scale points: above 0 is lenient.
    public var meanDifference: Double
}

extension RaterAgreement {
    /// Computes agreement for the panels in a batch, or `nil` when no candidate has two raters.
    static func compute(panels groups: [[Submission]], plan: ScoringPlan) -> RaterAgreement? {
        let panels = groups.filter { group in group.count >= 2 && group.allSatisfy { $0.rater != nil } }
        guard !panels.isEmpty else { return nil }
        var sizes: [Int: Int] = [:]
        for panel in panels { sizes[panel.count, default: 0] += 1 }
        let k = sizes.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key ?? 2
        let raterSets = Set(panels.filter { $0.count == k }.map { Set($0.compactMap(\.rater)) })
        let twoWay = raterSets.count == 1
        var notes: [String] = []
        if panels.count < 2 {
            notes.append("Intraclass correlations need at least 2 panels; there is 1.")
        }
        // The ICCs need the same number of raters in every panel: the others are named, not dropped silently.
        let excluded = panels.filter { $0.count != k }.map { panel in
            "\(panel[0].candidate.name)'s panel has \(panel.count) raters, not \(k), so it is not in the intraclass correlations (they need the same number of raters in every panel)."
        }
        let ordered: [[Submission]] = panels.filter { $0.count == k }.map { panel in
            twoWay ? panel.sorted { ($0.rater ?? "") < ($1.rater ?? "") } : panel
        }
        let scorer = Scorer(plan: plan)

        var items: [IntraclassCorrelation] = []
        for (slot, item) in plan.items.enumerated() {
            guard case .rating = item.kind else { continue }
            let matrix = ordered.compactMap { panel -> [Double]? in
                let values = panel.compactMap { submission -> Double? in
                    if case .number(let value) = submission.answers[slot] { return value }
                    return nil
                }
                return values.count == k ? values : nil
            }
            items.append(icc(id: item.id, matrix: matrix, twoWay: twoWay))
        }
        let soloCards = ordered.map { panel in panel.map { scorer.score([$0]) } }
        var dimensions: [IntraclassCorrelation] = []
        for (index, dimension) in plan.rubric.dimensions.enumerated() {
            let matrix = soloCards.compactMap { cards -> [Double]? in
                let values = cards.compactMap { $0.dimensions[index].score }
                return values.count == k ? values : nil
            }
            dimensions.append(icc(id: dimension.id, matrix: matrix, twoWay: twoWay))
        }
        let overallMatrix = soloCards.compactMap { cards -> [Double]? in
            let values = cards.compactMap(\.overall)
            return values.count == k ? values : nil
        }
        let overall = icc(id: "overall", matrix: overallMatrix, twoWay: twoWay)
        if let reason = overall.undefined, panels.count >= 2 { notes.append("Overall score: \(reason)") }

        // Decisions as ordinal categories, best band first.
        var rank: [String: Int] = [:]
        for (index, band) in plan.rubric.bands.enumerated() where rank[band.decision] == nil {
            rank[band.decision] = index
        }
        var pairs: [(Int, Int)] = []
        for cards in soloCards {
            let ranks = cards.map { rank[$0.decision] ?? plan.rubric.bands.count }
            for i in 0..<ranks.count {
                for j in (i + 1)..<ranks.count { pairs.append((ranks[i], ranks[j])) }
            }
        }
        let kappa = weightedKappa(pairs, categories: plan.rubric.bands.count + 1)

        var differences: [String: [Double]] = [:]
        var disagreements: [String] = []
        for panel in panels {
            for (rater, values) in Self.differences(in: panel, plan: plan) { differences[rater, default: []] += values }
            for (slot, item) in plan.items.enumerated() {
                guard case .rating = item.kind else { continue }
                let rated = Self.ratings(panel, slot: slot)
                guard rated.count >= 2 else { continue }
                let values = rated.map(\.1)
                if let high = values.max(), let low = values.min(), high - low >= 2 {
                    let who = rated.map { "\($0.0) \(Answer.number($0.1).display)" }.joined(separator: ", ")
                    disagreements.append(
                        "\(panel[0].candidate.name): raters are \(Answer.number(high - low).display) points apart on “\(BatchAnalysis.short(item.text))” (\(who))."
                    )
                }
            }
        }
        let leniency = differences.keys.sorted().map { rater in
            let values = differences[rater] ?? []
            return RaterLeniency(
                rater: rater, ratings: values.count, meanDifference: values.reduce(0, +) / Double(max(values.count, 1)))
        }
        return RaterAgreement(
            design: twoWay ? "two-way" : "one-way", panels: panels.count, ratersPerPanel: k, panelSizes: sizes,
            excluded: excluded, items: items,
            dimensions: dimensions, overall: overall, decisionKappa: kappa, leniency: leniency,
            disagreements: disagreements,
            notes: notes)
    }

    /// The ICCs of an n × k matrix (targets × raters), the design's pair as `single` and
    /// `average`, and a sentence when they are undefined.
    static func icc(id: String, matrix: [[Double]], twoWay: Bool) -> IntraclassCorrelation {
        let spreads = matrix.map { ($0.max() ?? 0) - ($0.min() ?? 0) }
        var result = IntraclassCorrelation(
            id: id, panels: matrix.count, single: nil, average: nil, meanSpread: Statistics.mean(spreads))
        do {
            let coefficients = try IntraclassCorrelations(matrix)
            result.coefficients = coefficients
            result.single = twoWay ? coefficients.single2.value : coefficients.single1.value
            result.average = twoWay ? coefficients.average2.value : coefficients.average1.value
            result.ratersFor080 = result.single.flatMap { IntraclassCorrelations.ratersNeeded(single: $0) }
        } catch {
            switch error {
            case .tooSmall:
                result.undefined =
                    "Intraclass correlations need at least 2 panels with every rating given; there are \(matrix.count)."
            case .noBetweenTargetVariance:
                result.undefined =
                    "Undefined: every candidate got the same mean rating, so there is no difference between candidates for the raters to agree on."
            case .noVariance:
                result.undefined = "Undefined: every rating is the same."
            }
        }
        return result
    }

    /// Cohen's kappa with linear agreement weights, 1 − |i − j| / (c − 1), over rating pairs.
    static func weightedKappa(_ pairs: [(Int, Int)], categories: Int) -> Double? {
        guard !pairs.isEmpty, categories >= 2 else { return nil }
        let total = Double(pairs.count)
        var observed = [[Double]](repeating: [Double](repeating: 0, count: categories), count: categories)
        for (a, b) in pairs { observed[a][b] += 1 / total }
        let rows = observed.map { $0.reduce(0, +) }
        let columns = (0..<categories).map { j in observed.reduce(0) { $0 + $1[j] } }
        var agreement = 0.0
        var expected = 0.0
        for i in 0..<categories {
            for j in 0..<categories {
                let weight = 1 - Double(abs(i - j)) / Double(categories - 1)
                agreement += weight * observed[i][j]
                expected += weight * rows[i] * columns[j]
            }
        }
        guard expected < 1 - 1e-12 else { return nil }
        return (agreement - expected) / (1 - expected)
    }
}
