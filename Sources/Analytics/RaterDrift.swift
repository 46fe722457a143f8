import Scoring
import Submissions

/// Each rater's leniency over time: per panel interview, their ratings' mean difference from
/// the panel's mean (the same differences as ``RaterAgreement``'s leniency), dated by the
/// submission, and the trend of those points.
public struct RaterDrift: Sendable, Hashable {
    /// One dated point: an interview's mean difference, or a calibration's elevation.
    public struct Point: Sendable, Hashable {
        /// `YYYY-MM-DD`, from the submission or result; `nil` when undated.
        public var date: String?
        public var difference: Double

        public init(date: String?, difference: Double) {
            self.date = date
            self.difference = difference
        }
    }

    public var rater: String
    public var points: [Point]

    /// The mean of the points, in scale points: above 0 lenient.
    public var mean: Double { points.isEmpty ? 0 : points.map(\.difference).reduce(0, +) / Double(points.count) }

    /// The least-squares slope of the points against their dates, in scale points per 30 days;
    /// `nil` with fewer than two dated points or all on one day.
    public var driftPer30Days: Double? { Self.slope(points) }

    public init(rater: String, points: [Point]) {
        self.rater = rater
        self.points = points
    }

    /// Per rater, one point per panel they sat on (a panel of two or more raters), in date order.
    public static func fromPanels(_ groups: [[Submission]], plan: ScoringPlan) -> [RaterDrift] {
        var points: [String: [Point]] = [:]
        for panel in groups where panel.filter({ $0.rater != nil }).count >= 2 {
            for (rater, values) in RaterAgreement.differences(in: panel, plan: plan) where !values.isEmpty {
                let date = panel.first { $0.rater == rater }?.submitted.map { String($0.prefix(10)) }
                points[rater, default: []].append(
                    Point(date: date, difference: values.reduce(0, +) / Double(values.count)))
            }
        }
        return points.keys.sorted().map { rater in
            RaterDrift(rater: rater, points: (points[rater] ?? []).sorted { ($0.date ?? "") < ($1.date ?? "") })
        }
    }

    /// Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian), or `nil`.
    static func day(_ date: String) -> Int? {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]), (1...9999).contains(parts[0])
        else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = parts[1] <= 2 ? parts[0] - 1 : parts[0]
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = parts[1]
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + parts[2] - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func slope(_ points: [Point]) -> Double? {
        let dated = points.compactMap { point in point.date.flatMap(day).map { (Double($0), point.difference) } }
        guard dated.count >= 2 else { return nil }
        let n = Double(dated.count)
        let mx = dated.map(\.0).reduce(0, +) / n
        let my = dated.map(\.1).reduce(0, +) / n
        var sxy = 0.0
        var sxx = 0.0
        for (x, y) in dated {
            sxy += (x - mx) * (y - my)
            sxx += (x - mx) * (x - mx)
        }
        guard sxx > 0 else { return nil }
        return sxy / sxx * 30
    }
}
