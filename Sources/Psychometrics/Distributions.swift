import Foundation

/// The distributions behind the tests and intervals: normal, Student's t, chi-square, F, and
/// the hypergeometric of Fisher's exact test. Tails are computed directly (not as 1 − CDF), so
/// small p-values keep their precision (2.3e-16 stays 2.3e-16, not 0).
public enum Distributions {
    // MARK: Normal

    /// P(Z ≤ z) for the standard normal.
    public static func normalCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// P(Z > z), accurate far into the tail.
    public static func normalSurvival(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }

    /// The standard normal quantile: Acklam's rational approximation refined by one Halley step
    /// on `erfc`, accurate to about 1e-15.
    public static func normalQuantile(_ p: Double) -> Double {
        guard p > 0 else { return -.infinity }
        guard p < 1 else { return .infinity }
        let a: [Double] = [
            -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00,
        ]
        let b: [Double] = [
            -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01,
        ]
        let c: [Double] = [
            -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00,
        ]
        let d: [Double] = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        func tail(_ q: Double) -> Double {
            var numerator = c[0]
            for coefficient in c[1...] { numerator = numerator * q + coefficient }
            var denominator = d[0]
            for coefficient in d[1...] { denominator = denominator * q + coefficient }
            return numerator / (denominator * q + 1)
        }
        var x: Double
        if p < 0.02425 {
            x = tail((-2 * log(p)).squareRoot())
        } else if p <= 1 - 0.02425 {
            let q = p - 0.5
            let r = q * q
            var numerator = a[0]
            for coefficient in a[1...] { numerator = numerator * r + coefficient }
            var denominator = b[0]
            for coefficient in b[1...] { denominator = denominator * r + coefficient }
            x = numerator * q / (denominator * r + 1)
        } else {
            x = -tail((-2 * log(1 - p)).squareRoot())
        }
        // Halley's step: e is the CDF's error at x, u its ratio to the density.
        let e = normalCDF(x) - p
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }

    // MARK: Beta family: t and F

    /// The regularized incomplete beta function I_x(a, b), by Lentz's continued fraction
    /// (Numerical Recipes, 3rd ed., §6.4).
    public static func incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logBeta: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let logFront = logBeta + logPowers
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * betaContinuedFraction(x, a, b) / a
        }
        return 1 - exp(logFront) * betaContinuedFraction(1 - x, b, a) / b
    }

    /// 1 − I_x(a, b), without the cancellation of subtracting from 1.
    public static func incompleteBetaComplement(_ x: Double, _ a: Double, _ b: Double) -> Double {
        incompleteBeta(1 - x, b, a)
    }

    private static func betaContinuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...500 {
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
            if abs(delta - 1) < 1e-16 { break }
        }
        return result
    }

    /// P(F ≤ f) with (d1, d2) degrees of freedom.
    public static func fCDF(_ f: Double, _ d1: Double, _ d2: Double) -> Double {
        guard f > 0 else { return 0 }
        return incompleteBeta(d1 * f / (d1 * f + d2), d1 / 2, d2 / 2)
    }

    /// P(F > f), computed as its own tail.
    public static func fSurvival(_ f: Double, _ d1: Double, _ d2: Double) -> Double {
        guard f > 0 else { return 1 }
        return incompleteBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2)
    }

    /// The F quantile: the value below which a share `p` lies (bisection on the CDF to 1e-14
    /// relative; degrees of freedom may be fractional, as Satterthwaite's are).
    public static func fQuantile(_ p: Double, _ d1: Double, _ d2: Double) -> Double {
        guard p > 0 else { return 0 }
        guard p < 1, d1 > 0, d2 > 0 else { return .infinity }
        var low = 0.0
        var high = 1.0
        while fCDF(high, d1, d2) < p, high < 1e300 { high *= 2 }
        for _ in 0..<400 {
            let middle = (low + high) / 2
            if fCDF(middle, d1, d2) < p { low = middle } else { high = middle }
            if high - low <= 1e-15 * high { break }
        }
        return (low + high) / 2
    }

    /// P(|T| ≥ |t|) for Student's t with `v` degrees of freedom: the two-sided p-value.
    public static func tTwoSided(_ t: Double, _ v: Double) -> Double {
        guard t.isFinite else { return t.isNaN ? .nan : 0 }
        return incompleteBeta(v / (v + t * t), v / 2, 0.5)
    }

    /// The t quantile for a share `p` (by bisection on the two-sided tail).
    public static func tQuantile(_ p: Double, _ v: Double) -> Double {
        guard p > 0, p < 1 else { return p <= 0 ? -.infinity : .infinity }
        if p == 0.5 { return 0 }
        let tail = p < 0.5 ? 2 * p : 2 * (1 - p)
        var low = 0.0
        var high = 1.0
        while tTwoSided(high, v) > tail, high < 1e300 { high *= 2 }
        for _ in 0..<400 {
            let middle = (low + high) / 2
            if tTwoSided(middle, v) > tail { low = middle } else { high = middle }
            if high - low <= 1e-15 * high { break }
        }
        let t = (low + high) / 2
        return p < 0.5 ? -t : t
    }

    // MARK: Gamma family: chi-square

    /// The regularized lower incomplete gamma P(a, x) and its complement Q(a, x), by series or
    /// continued fraction (Numerical Recipes, 3rd ed., §6.2), each computed where it is accurate.
    public static func incompleteGamma(_ a: Double, _ x: Double) -> (lower: Double, upper: Double) {
        guard x > 0 else { return (0, 1) }
        let logPower: Double = a * log(x)
        let logFront: Double = logPower - x - lgamma(a)
        if x < a + 1 {
            var sum = 1 / a
            var term = sum
            var n = a
            for _ in 0..<1000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-17 { break }
            }
            let lower = sum * exp(logFront)
            return (lower, 1 - lower)
        }
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1...1000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        let upper = exp(logFront) * h
        return (1 - upper, upper)
    }

    /// P(χ² > x) with `k` degrees of freedom: a chi-square test's p-value.
    public static func chiSquareSurvival(_ x: Double, _ k: Double) -> Double {
        guard x > 0 else { return 1 }
        return incompleteGamma(k / 2, x / 2).upper
    }

    // MARK: Fisher's exact test

    /// Fisher's exact test, two-sided, for the 2×2 table [[a, b], [c, d]]: the sum of the
    /// probabilities of all tables with the same margins that are no more likely than this one
    /// (relative tolerance 1e-7, as R's fisher.test and scipy use).
    public static func fisherExact(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Double {
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
