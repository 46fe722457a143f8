import Testing

@testable import Psychometrics

/// Each value from scipy.stats 1.17 (reference_values.py prints the ones from the data; these
/// are single calls, written beside each check).
@Suite("Distributions")
struct DistributionTests {
    @Test("normal quantile and tail match scipy, far into the tail")
    func normal() {
        #expect(close(Distributions.normalQuantile(0.975), 1.959963984540054, tolerance: 1e-14))  // norm.ppf(0.975)
        #expect(close(Distributions.normalQuantile(1e-10), -6.361340902404056, tolerance: 1e-13))  // norm.ppf(1e-10)
        #expect(close(Distributions.normalSurvival(8.5), 9.47953482220325e-18, tolerance: 1e-12))  // norm.sf(8.5)
    }

    @Test("t, F and chi-square tails and quantiles match scipy")
    func tails() {
        #expect(close(Distributions.tQuantile(0.975, 10), 2.228138851986274, tolerance: 1e-12))  // t.ppf(0.975, 10)
        #expect(close(Distributions.tTwoSided(2.5, 7), 0.04099221858575289, tolerance: 1e-12))  // 2 * t.sf(2.5, 7)
        #expect(close(Distributions.fSurvival(11.680025856496444, 7, 24), 2.1813509548618443e-06, tolerance: 1e-10))
        #expect(close(Distributions.fQuantile(0.975, 7, 21.37), 2.9553148996945957, tolerance: 1e-12))
        #expect(close(Distributions.fQuantile(0.975, 5, 15), 3.5764153492790607, tolerance: 1e-12))
        #expect(close(Distributions.fQuantile(0.025, 5, 15), 0.15557596307848703, tolerance: 1e-12))
        #expect(close(Distributions.chiSquareSurvival(3.0468408904503916, 1), 0.08089435332159084, tolerance: 1e-12))
        #expect(close(Distributions.chiSquareSurvival(150, 4), 2.035764090974152e-31, tolerance: 1e-10))
        #expect(close(Distributions.chiSquareSurvival(0.5, 3), 0.9188914116546758, tolerance: 1e-12))
    }

    @Test("Fisher's exact test matches scipy")
    func fisher() {
        #expect(close(Distributions.fisherExact(3, 7, 8, 2), 0.06977851869492736, tolerance: 1e-12))
        #expect(close(Distributions.fisherExact(1, 9, 11, 3), 0.0027594561852200836, tolerance: 1e-12))
        // fisher_exact([[284, 635], [957, 924]]): the bfi selection below, p = 8.8e-24, not 0.
        #expect(close(Distributions.fisherExact(284, 635, 957, 924), 8.835842934327018e-24, tolerance: 1e-8))
    }
}
