import Foundation

/// The six intraclass correlations of Shrout & Fleiss (1979) and McGraw & Wong (1996) for an
/// n × k table (targets × raters), each with its F test and 95% interval, by the formulas
/// pingouin's `intraclass_corr` prints.
public struct IntraclassCorrelations: Sendable, Hashable {
    /// One ICC with its test.
    public struct Coefficient: Sendable, Hashable {
        public var value: Double
        public var f: Double
        public var df1: Double
        public var df2: Double
        public var p: Double
        public var interval: Interval
    }

    /// ICC(1,1): one-way random, one rater (raters differ between targets).
    public var single1: Coefficient
    /// ICC(2,1), ICC(A,1): two-way random, absolute agreement, one rater.
    public var single2: Coefficient
    /// ICC(3,1), ICC(C,1): two-way mixed, consistency, one rater.
    public var single3: Coefficient
    /// ICC(1,k): the mean of k raters, one-way.
    public var average1: Coefficient
    /// ICC(2,k), ICC(A,k).
    public var average2: Coefficient
    /// ICC(3,k), ICC(C,k).
    public var average3: Coefficient
    public var targets: Int
    public var raters: Int

    /// Why the table cannot give ICCs, for a note.
    public enum Degenerate: Error, Sendable, Hashable {
        /// Fewer than 2 targets or 2 raters.
        case tooSmall
        /// Every target has the same mean rating (to rounding): the ICCs are undefined, not
        /// large or small, since they compare differences between targets.
        case noBetweenTargetVariance
        /// Every rating of every target is the same.
        case noVariance
    }

    /// - Throws: ``Degenerate`` when the ICCs are undefined; a result is always finite.
    public init(_ table: [[Double]]) throws(Degenerate) {
        let n = table.count
        guard n >= 2, let k = table.first?.count, k >= 2, table.allSatisfy({ $0.count == k }) else {
            throw .tooSmall
        }
        let nd = Double(n)
        let kd = Double(k)
        let grand = table.joined().reduce(0, +) / (nd * kd)
        let rowMeans = table.map { $0.reduce(0, +) / kd }
        let columnMeans = (0..<k).map { column in table.reduce(0) { $0 + $1[column] } / nd }
        let ssTotal = table.joined().reduce(0) { $0 + ($1 - grand) * ($1 - grand) }
        let ssRows = kd * rowMeans.reduce(0) { $0 + ($1 - grand) * ($1 - grand) }
        let ssColumns = nd * columnMeans.reduce(0) { $0 + ($1 - grand) * ($1 - grand) }
        // Sums of squares left over from cancelling equal numbers are ~1e-28 times the ratings'
        // size: below 1e-12 of the total they are rounding, not variation.
        guard ssTotal > 1e-12 * max(grand * grand * nd * kd, 1e-300) else { throw .noVariance }
        guard ssRows > 1e-12 * ssTotal else { throw .noBetweenTargetVariance }
        let ssError = max(ssTotal - ssRows - ssColumns, 0)
        let msb = ssRows / (nd - 1)
        let msj = ssColumns / (kd - 1)
        let mse = ssError / ((nd - 1) * (kd - 1))
        let msw = (ssColumns + ssError) / (nd * (kd - 1))
        let icc1 = (msb - msw) / (msb + (kd - 1) * msw)
        let icc2 = (msb - mse) / (msb + (kd - 1) * mse + kd * (msj - mse) / nd)
        let icc3 = (msb - mse) / (msb + (kd - 1) * mse)
        let icc1k = (msb - msw) / msb
        let icc2k = (msb - mse) / (msb + (msj - mse) / nd)
        let icc3k = (msb - mse) / msb
        let df1 = nd - 1
        let df1kd = nd * (kd - 1)
        let df2kd = (nd - 1) * (kd - 1)
        // With no error at all the F ratios are infinite: p is 0 and the intervals close on 1.
        let f1k = msw > 0 ? msb / msw : .infinity
        let f3k = mse > 0 ? msb / mse : .infinity
        let p1k = f1k.isFinite ? Distributions.fSurvival(f1k, df1, df1kd) : 0
        let p3k = f3k.isFinite ? Distributions.fSurvival(f3k, df1, df2kd) : 0
        let q = 0.975
        let f1l = f1k / Distributions.fQuantile(q, df1, df1kd)
        let f1u = f1k * Distributions.fQuantile(q, df1kd, df1)
        let f3l = f3k / Distributions.fQuantile(q, df1, df2kd)
        let f3u = f3k * Distributions.fQuantile(q, df2kd, df1)
        func single(_ f: Double) -> Double { f.isFinite ? (f - 1) / (f + (kd - 1)) : 1 }
        func average(_ f: Double) -> Double { f.isFinite ? 1 - 1 / f : 1 }
        // ICC(2,1)'s interval uses Satterthwaite's degrees of freedom v.
        var l2 = 1.0
        var u2 = 1.0
        if mse > 0 {
            let fj = msj / mse
            let a = kd * icc2 * fj + nd * (1 + (kd - 1) * icc2) - kd * icc2
            let b = nd * (1 + (kd - 1) * icc2) - kd * icc2
            let v = df2kd * a * a / (df1 * kd * kd * icc2 * icc2 * fj * fj + b * b)
            let f2u = Distributions.fQuantile(q, nd - 1, v)
            let f2l = Distributions.fQuantile(q, v, nd - 1)
            l2 = nd * (msb - f2u * mse) / (f2u * (kd * msj + (kd * nd - kd - nd) * mse) + nd * msb)
            u2 = nd * (f2l * msb - mse) / (kd * msj + (kd * nd - kd - nd) * mse + nd * f2l * msb)
        }
        single1 = Coefficient(
            value: icc1, f: f1k, df1: df1, df2: df1kd, p: p1k, interval: Interval(single(f1l), single(f1u)))
        single2 = Coefficient(value: icc2, f: f3k, df1: df1, df2: df2kd, p: p3k, interval: Interval(l2, u2))
        single3 = Coefficient(
            value: icc3, f: f3k, df1: df1, df2: df2kd, p: p3k, interval: Interval(single(f3l), single(f3u)))
        average1 = Coefficient(
            value: icc1k, f: f1k, df1: df1, df2: df1kd, p: p1k, interval: Interval(average(f1l), average(f1u)))
        average2 = Coefficient(
            value: icc2k, f: f3k, df1: df1, df2: df2kd, p: p3k,
            interval: Interval(l2 * kd / (1 + l2 * (kd - 1)), u2 * kd / (1 + u2 * (kd - 1))))
        average3 = Coefficient(
            value: icc3k, f: f3k, df1: df1, df2: df2kd, p: p3k, interval: Interval(average(f3l), average(f3u)))
        targets = n
        raters = k
    }

    /// How many raters a panel needs for its mean rating to reach `target` reliability, by the
    /// Spearman–Brown formula from a one-rater ICC: k = target(1 − r) / (r(1 − target)), rounded
    /// up; `nil` when r ≤ 0 (no number of raters would do).
    public static func ratersNeeded(single r: Double, target: Double = 0.8) -> Int? {
        guard r > 0, r.isFinite, target > 0, target < 1 else { return nil }
        if r >= target { return 1 }
        let k = target * (1 - r) / (r * (1 - target))
        return k < 1e6 ? Int((k - 1e-12).rounded(.up)) : nil
    }

    /// The reliability of the mean of `raters` ratings when one rating's is `r` (Spearman–Brown):
    /// kr / (1 + (k − 1)r); `nil` for r outside [−1, 1] or fewer than one rater.
    public static func projected(single r: Double, raters k: Int) -> Double? {
        guard r.isFinite, (-1...1).contains(r), k >= 1 else { return nil }
        let denominator = 1 + Double(k - 1) * r
        guard denominator > 0 else { return nil }
        return Double(k) * r / denominator
    }
}
