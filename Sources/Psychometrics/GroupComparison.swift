import Foundation

/// Differences between two groups: the standardised mean difference of their scores, and the
/// tests and intervals beside a selection-rate comparison.
public enum GroupComparison {
    /// Cohen's d with its 95% interval.
    public struct EffectSize: Sendable, Hashable {
        /// (mean₁ − mean₂) / pooled SD, the pooled SD with n₁ + n₂ − 2 degrees of freedom.
        public var d: Double
        /// d ± t(0.975, n₁ + n₂ − 2) · SE, SE = √((n₁ + n₂)/(n₁n₂) + d²/(2(n₁ + n₂))) (Hedges &
        /// Olkin; pingouin's `compute_esci`, R effsize's `cohen.d`).
        public var interval: Interval
        public var n1: Int
        public var n2: Int
    }

    /// `nil` when a group has fewer than 2 scores or the pooled SD is 0.
    public static func cohensD(_ first: [Double], _ second: [Double]) -> EffectSize? {
        let n1 = Double(first.count)
        let n2 = Double(second.count)
        guard first.count >= 2, second.count >= 2 else { return nil }
        let mean1 = first.reduce(0, +) / n1
        let mean2 = second.reduce(0, +) / n2
        let ss1 = first.reduce(0) { $0 + ($1 - mean1) * ($1 - mean1) }
        let ss2 = second.reduce(0) { $0 + ($1 - mean2) * ($1 - mean2) }
        let pooled = ((ss1 + ss2) / (n1 + n2 - 2)).squareRoot()
        guard pooled > 0, pooled.isFinite else { return nil }
        let d = (mean1 - mean2) / pooled
        let se = ((n1 + n2) / (n1 * n2) + d * d / (2 * (n1 + n2))).squareRoot()
        let t = Distributions.tQuantile(0.975, n1 + n2 - 2)
        return EffectSize(d: d, interval: Interval(d - t * se, d + t * se), n1: first.count, n2: second.count)
    }

    /// The two-proportion z test with the pooled proportion (the "two standard deviations" test
    /// of US adverse-impact practice; statsmodels' `proportions_ztest`): z and its two-sided p.
    /// `nil` when a group is empty or nobody (or everybody) was selected.
    public static func proportionsZTest(selected1: Int, of n1: Int, selected2: Int, of n2: Int) -> (
        z: Double, p: Double
    )? {
        guard n1 > 0, n2 > 0 else { return nil }
        let p1 = Double(selected1) / Double(n1)
        let p2 = Double(selected2) / Double(n2)
        let pooled = Double(selected1 + selected2) / Double(n1 + n2)
        let se = (pooled * (1 - pooled) * (1 / Double(n1) + 1 / Double(n2))).squareRoot()
        guard se > 0 else { return nil }
        let z = (p1 - p2) / se
        return (z, 2 * Distributions.normalSurvival(abs(z)))
    }

    /// The 95% interval of a ratio of selection rates (p₁/p₂) by the log method (Katz 1978;
    /// statsmodels' `confint_proportions_2indep(compare="ratio", method="log")`):
    /// exp(ln(p₁/p₂) ± z · √(1/x₁ − 1/n₁ + 1/x₂ − 1/n₂)). `nil` when either group selected nobody.
    public static func rateRatioInterval(selected1: Int, of n1: Int, selected2: Int, of n2: Int) -> Interval? {
        guard selected1 > 0, selected2 > 0, n1 > 0, n2 > 0 else { return nil }
        let ratio = (Double(selected1) / Double(n1)) / (Double(selected2) / Double(n2))
        let se = (1 / Double(selected1) - 1 / Double(n1) + 1 / Double(selected2) - 1 / Double(n2)).squareRoot()
        let z = Distributions.normalQuantile(0.975)
        return Interval(exp(log(ratio) - z * se), exp(log(ratio) + z * se))
    }
}
