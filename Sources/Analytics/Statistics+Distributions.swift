import Foundation
import Scoring

/// The distributions behind the batch statistics' tests and intervals: F (Feldt's interval,
/// intraclass correlations) and the hypergeometric of Fisher's exact test.
extension Statistics {
    /// The regularized incomplete beta function I_x(a, b), by Lentz's continued fraction
    /// (Numerical Recipes, 3rd ed., §6.4).
    package static func incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let logFront = logGammas + logPowers
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * betaContinuedFraction(x, a, b) / a
        }
        return 1 - exp(logFront) * betaContinuedFraction(1 - x, b, a) / b
    }

    private static func betaContinuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...300 {
            let m = Double(m)
            var numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            result *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return result
    }

    /// The cumulative F distribution with (d1, d2) degrees of freedom.
    package static func fCDF(_ f: Double, _ d1: Double, _ d2: Double) -> Double {
        guard f > 0 else { return 0 }
        return incompleteBeta(d1 * f / (d1 * f + d2), d1 / 2, d2 / 2)
    }

    /// The F quantile: the value below which a share `p` of the distribution lies (by bisection
    /// on the CDF, to 1e-12 relative).
    package static func fQuantile(_ p: Double, _ d1: Double, _ d2: Double) -> Double {
        var low = 0.0
        var high = 1.0
        while fCDF(high, d1, d2) < p { high *= 2 }
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if fCDF(middle, d1, d2) < p { low = middle } else { high = middle }
            if high - low < 1e-12 * max(1, high) { break }
        }
        return (low + high) / 2
    }

    /// Fisher's exact test, two-sided, for the 2×2 table [[a, b], [c, d]]: the sum of the
    /// probabilities of all tables with the same margins that are no more likely than this one.
    package static func fisherExact(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Double {
        let row1 = a + b
        let column1 = a + c
        let total = a + b + c + d
        func logChoose(_ n: Int, _ k: Int) -> Double {
            lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
        }
        func logProbability(_ x: Int) -> Double {
            logChoose(column1, x) + logChoose(total - column1, row1 - x) - logChoose(total, row1)
        }
        let observed = logProbability(a)
        var p = 0.0
        for x in max(0, row1 + column1 - total)...min(row1, column1) {
            let logP = logProbability(x)
            if logP <= observed + 1e-7 { p += exp(logP) }
        }
        return min(p, 1)
    }
}
