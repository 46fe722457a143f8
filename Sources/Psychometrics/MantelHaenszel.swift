import Foundation

/// The Mantel–Haenszel test of differential item functioning for one item: people matched on a
/// score, in strata, each stratum a 2 × 2 table of group (reference, focal) by item outcome
/// (success, failure). Strata where only one group appears carry no information and are left out.
public struct MantelHaenszel: Sendable, Hashable {
    /// One stratum's counts.
    public struct Stratum: Sendable, Hashable {
        public var referenceSuccess: Int
        public var referenceFailure: Int
        public var focalSuccess: Int
        public var focalFailure: Int

        public init(referenceSuccess: Int, referenceFailure: Int, focalSuccess: Int, focalFailure: Int) {
            self.referenceSuccess = referenceSuccess
            self.referenceFailure = referenceFailure
            self.focalSuccess = focalSuccess
            self.focalFailure = focalFailure
        }

        var total: Int { referenceSuccess + referenceFailure + focalSuccess + focalFailure }
        var informative: Bool {
            referenceSuccess + referenceFailure > 0 && focalSuccess + focalFailure > 0
                && referenceSuccess + focalSuccess > 0 && referenceFailure + focalFailure > 0
        }
    }

    /// ETS's classes of DIF (Dorans & Holland 1993; Zwick 2012): A negligible, |Δ| < 1 or Δ not
    /// significantly different from 0 (the MH χ² at 0.05); C large, |Δ| ≥ 1.5 and significantly
    /// above 1 (one-sided at 0.05, with the Robins–Breslow–Greenland standard error); B otherwise.
    public enum Size: String, Sendable, Hashable {
        case a = "A"
        case b = "B"
        case c = "C"
    }

    /// The common odds ratio α_MH = Σ(a·d/n) / Σ(b·c/n): above 1, the reference group has the
    /// higher odds of success at the same score.
    public var commonOddsRatio: Double
    /// The MH chi-square with continuity correction, (|Σa − ΣE(a)| − ½)² / ΣVar(a), 1 df
    /// (statsmodels' `StratifiedTable.test_null_odds(correction=True)`).
    public var chiSquare: Double
    public var p: Double
    /// ETS delta, −2.35 ln α_MH: negative when the item is harder for the focal group
    /// (−∞ when the focal group never succeeds where the reference does).
    public var delta: Double
    /// The standard error of ln α_MH (Robins, Breslow & Greenland 1986; statsmodels'
    /// `logodds_pooled_se`); `nil` when α is 0 or infinite.
    public var logOddsStandardError: Double?
    public var size: Size
    /// Informative strata used.
    public var strata: Int

    /// `nil` when no stratum holds both groups and both outcomes.
    public init?(_ strata: [Stratum]) {
        let used = strata.filter(\.informative)
        var numerator = 0.0
        var denominator = 0.0
        var observed = 0.0
        var expected = 0.0
        var variance = 0.0
        // Robins–Breslow–Greenland sums.
        var pr = 0.0
        var psqr = 0.0
        var qs = 0.0
        for stratum in used {
            let a = Double(stratum.referenceSuccess)
            let b = Double(stratum.referenceFailure)
            let c = Double(stratum.focalSuccess)
            let d = Double(stratum.focalFailure)
            let n = Double(stratum.total)
            numerator += a * d / n
            denominator += b * c / n
            observed += a
            expected += (a + b) * (a + c) / n
            variance += (a + b) * (c + d) * (a + c) * (b + d) / (n * n * (n - 1))
            let p = (a + d) / n
            pr += p * (a * d / n)
            psqr += p * (b * c / n) + (1 - p) * (a * d / n)
            qs += (1 - p) * (b * c / n)
        }
        guard !used.isEmpty, numerator > 0 || denominator > 0, variance > 0 else { return nil }
        commonOddsRatio = denominator > 0 ? numerator / denominator : .infinity
        let deviation = max(abs(observed - expected) - 0.5, 0)
        chiSquare = deviation * deviation / variance
        p = Distributions.chiSquareSurvival(chiSquare, 1)
        delta = -2.35 * log(commonOddsRatio)
        if numerator > 0, denominator > 0 {
            let logVariance =
                (pr / (numerator * numerator) + psqr / (numerator * denominator) + qs / (denominator * denominator)) / 2
            logOddsStandardError = logVariance.squareRoot()
        }
        let magnitude = abs(delta)
        if magnitude < 1 || p >= 0.05 {
            size = .a
        } else if let se = logOddsStandardError.map({ 2.35 * $0 }) ?? (magnitude.isInfinite ? 0 : nil),
            magnitude >= 1.5, magnitude.isInfinite || (magnitude - 1) / se > Distributions.normalQuantile(0.95)
        {
            size = .c
        } else {
            size = .b
        }
        self.strata = used.count
    }
}
