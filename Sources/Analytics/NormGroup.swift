import QuestionnaireEngine
import Scoring
import Submissions

/// A reference group's score distribution, saved by `dazzle norms build` so later batches can be
/// read as percentiles and standard scores against it. Holds no individual scores: only the
/// count, the date, and per score its mean, SD and 101 percentile points.
public struct NormGroup: Sendable, Hashable {
    public static let format = "dazzle.norms/1"

    public var questionnaireID: String
    public var rubricID: String
    public var count: Int
    /// When the group was built, as given (ISO 8601 date).
    public var date: String
    /// `overall` and each dimension id.
    public var distributions: [String: Distribution]

    public struct Distribution: Sendable, Hashable {
        public var count: Int
        public var mean: Double
        public var sd: Double
        /// The 0th to 100th percentiles.
        public var percentiles: [Double]
    }

    public init(
        questionnaireID: String, rubricID: String, count: Int, date: String, distributions: [String: Distribution]
    ) {
        self.questionnaireID = questionnaireID
        self.rubricID = rubricID
        self.count = count
        self.date = date
        self.distributions = distributions
    }

    /// Builds a norm group from scorecards.
    public static func build(from cards: [ScoreCard], plan: ScoringPlan, date: String) -> NormGroup {
        var distributions: [String: Distribution] = [:]
        func add(_ id: String, _ values: [Double]) {
            let sorted = values.sorted()
            guard let mean = Statistics.mean(sorted) else { return }
            distributions[id] = Distribution(
                count: sorted.count, mean: mean, sd: Statistics.standardDeviation(sorted) ?? 0,
                percentiles: (0...100).compactMap { Statistics.quantile(sorted, Double($0) / 100) })
        }
        add("overall", cards.compactMap(\.overall))
        for (index, dimension) in plan.rubric.dimensions.enumerated() {
            add(dimension.id, cards.compactMap { $0.dimensions[index].score })
        }
        return NormGroup(
            questionnaireID: plan.questionnaire.id, rubricID: plan.rubric.id, count: cards.count, date: date,
            distributions: distributions)
    }
}

extension NormGroup {
    /// How the group is named on a scorecard's standing.
    public var reference: String { "norm group \(rubricID), n = \(count), \(date)" }

    /// An overall score's standing against the group: percentile and z of its overall
    /// distribution; `nil` when the group has none.
    public func standing(of overall: Double) -> Standing? {
        guard let distribution = distributions["overall"] else { return nil }
        return Standing(
            reference: reference, percentile: distribution.percentile(of: overall), z: distribution.z(of: overall))
    }
}

extension NormGroup.Distribution {
    /// The percentile rank of a score: where it falls among the stored percentile points,
    /// interpolated linearly, 0–100.
    public func percentile(of score: Double) -> Double {
        guard let first = percentiles.first, let last = percentiles.last else { return 50 }
        if score < first { return 0 }
        if score > last { return 100 }
        // A score equal to a flat stretch of points counts at its middle, like a mid-rank.
        if let low = percentiles.firstIndex(of: score), let high = percentiles.lastIndex(of: score) {
            return Double(low + high) / 2
        }
        var low = 0
        while low + 1 < percentiles.count && percentiles[low + 1] < score { low += 1 }
        let span = percentiles[low + 1] - percentiles[low]
        return Double(low) + (score - percentiles[low]) / span
    }

    /// z = (score − mean) / SD, or `nil` when the group did not vary.
    public func z(of score: Double) -> Double? {
        sd > 0 ? (score - mean) / sd : nil
    }
}
