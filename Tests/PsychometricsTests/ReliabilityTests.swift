import Foundation
import Testing

@testable import Psychometrics

/// The alpha family on psych's bfi, against psych's formulas and pingouin (reference_values.py).
@Suite("Reliability coefficients")
struct ReliabilityTests {
    /// (raw, standardized, G6, average r, S/N, ase, Feldt, Duhachek) from the reference script.
    typealias Expected = (
        raw: Double, std: Double, g6: Double, averageR: Double, sn: Double, ase: Double, feldt: (Double, Double),
        duhachek: (Double, Double)
    )

    static let listwise: [String: Expected] = [
        "A": (
            0.7037558943748362, 0.7135015526346431, 0.6831703164294409, 0.3324807164580415, 2.4904203118586206,
            0.00907484359454393, (0.6857446350496608, 0.721035962795739), (0.6859695277641961, 0.7215422609854764)
        ),
        "C": (
            0.7292772031704422, 0.7327243333267724, 0.6966552648462336, 0.3541266197766305, 2.741455451021677,
            0.008178970829073574, (0.7128113988586581, 0.7450743144387247), (0.7132467149148543, 0.7453076914260301)
        ),
        "E": (
            0.7609326394695516, 0.7609641034295387, 0.7259674083770078, 0.3890123960051149, 3.18347208242519,
            0.007162825281390035, (0.7464085975606836, 0.7748674847811747), (0.7468937598904741, 0.774971519048629)
        ),
        "N": (
            0.813303143161439, 0.8140720656510478, 0.7981914673114815, 0.46686160802406745, 4.378427956517743,
            0.005737320702291193, (0.8019199905076844, 0.8242229228097186), (0.8020582012171923, 0.8245480851056858)
        ),
        "O": (
            0.6025464285771844, 0.608951166836782, 0.568848405604111, 0.237482363017474, 1.557225377482752,
            0.011933010738446648, (0.5784588183752886, 0.6256591631295245), (0.5791581573026993, 0.6259346998516696)
        ),
    ]

    static let pairwise: [String: Expected] = [
        "A": (
            0.7030184460573037, 0.7126594409315647, 0.682279549257186, 0.3315678618077297, 2.4801909039295498,
            0.008951774426394861, (0.6852643258863977, 0.720063389899432), (0.6854732905838431, 0.7205636015307643)
        ),
        "C": (
            0.7267349729266837, 0.7301601850677388, 0.6942868377797777, 0.35114672063108704, 2.705902334134914,
            0.008116697289385995, (0.7103986716825275, 0.7424187316606725), (0.7108265385660733, 0.742643407287294)
        ),
        "E": (
            0.7617328202977867, 0.7616173062957876, 0.7263847012557552, 0.38986706332650006, 3.1949353976208084,
            0.0070270461055230975, (0.7474887567017285, 0.7754079144022176), (0.7479600630132589, 0.7755055775823144)
        ),
        "N": (
            0.8139629499174752, 0.8145354038638363, 0.7989138491775607, 0.467624355166374, 4.391864651439046,
            0.005607097088068949, (0.8028413024630905, 0.8246403506823177), (0.8029732415670406, 0.8249526582679098)
        ),
        "O": (
            0.600172514820215, 0.6077073224397203, 0.5686343383634604, 0.23653831955085866, 1.5491171699128643,
            0.011858650863855043, (0.5762700699536132, 0.6231201926842207), (0.5769299862218243, 0.6234150434186058)
        ),
    ]

    static let complete = ["A": 2709, "C": 2707, "E": 2713, "N": 2694, "O": 2726]

    func check(_ coefficients: AlphaCoefficients, _ expected: Expected) {
        #expect(close(coefficients.raw, expected.raw, tolerance: 1e-12))
        #expect(close(coefficients.standardized, expected.std, tolerance: 1e-12))
        #expect(close(coefficients.guttmanLambda6, expected.g6, tolerance: 1e-10))
        #expect(close(coefficients.averageCorrelation, expected.averageR, tolerance: 1e-12))
        #expect(close(coefficients.signalToNoise, expected.sn, tolerance: 1e-11))
        #expect(close(coefficients.standardError, expected.ase, tolerance: 1e-10))
        #expect(close(coefficients.feldt.lower, expected.feldt.0) && close(coefficients.feldt.upper, expected.feldt.1))
        #expect(
            close(coefficients.duhachek.lower, expected.duhachek.0)
                && close(coefficients.duhachek.upper, expected.duhachek.1))
    }

    @Test("listwise alpha family matches psych's formulas and pingouin on bfi", arguments: ["A", "C", "E", "N", "O"])
    func listwiseAlpha(scale: String) throws {
        let items = try #require(ItemCovariance(BigFive.shared.scale(scale), deletion: .listwise))
        #expect(items.cases == Self.complete[scale])
        let coefficients = try #require(AlphaCoefficients(items))
        check(coefficients, try #require(Self.listwise[scale]))
    }

    @Test("pairwise alpha family (psych's default) matches on bfi", arguments: ["A", "C", "E", "N", "O"])
    func pairwiseAlpha(scale: String) throws {
        let items = try #require(ItemCovariance(BigFive.shared.scale(scale), deletion: .pairwise))
        #expect(items.cases == 2800)
        let coefficients = try #require(AlphaCoefficients(items))
        check(coefficients, try #require(Self.pairwise[scale]))
    }

    @Test("a scale nobody varies on has no alpha, not NaN")
    func noVariance() {
        let rows = [[Double]](repeating: [3, 3, 3], count: 10)
        #expect(ItemCovariance(rows, deletion: .listwise) == nil)
        #expect(ItemCovariance([[1, 2]], deletion: .listwise) == nil, "one person")
    }

    /// One-factor minres per scale, and the 25 items with 5 group factors (Schmid–Leiman).
    @Test("omega total and hierarchical from minres and Schmid–Leiman match the reference")
    func omega() throws {
        let expected: [String: (total: Double, hierarchical: Double)] = [
            "A": (0.7237243643998007, 0.7246635688341857), "C": (0.7337793651614212, 0.7338314693665601),
            "E": (0.7634778827846743, 0.7631838729521376), "N": (0.8184507278704132, 0.8175821855602784),
            "O": (0.6178283838173255, 0.6184615985354903),
        ]
        for (scale, values) in expected {
            let items = try #require(ItemCovariance(BigFive.shared.scale(scale), deletion: .listwise))
            let omega = try #require(Omega(items.correlation, groups: 1))
            #expect(close(omega.total, values.total, tolerance: 1e-9), "\(scale)")
            #expect(close(omega.hierarchical, values.hierarchical, tolerance: 1e-9), "\(scale)")
            #expect(close(omega.explainedCommonVariance, 1, tolerance: 1e-12))
        }
        let all = BigFive.shared.rows.map { Array($0[0..<25]) }
        let items = try #require(ItemCovariance(all, deletion: .listwise))
        let omega = try #require(Omega(items.correlation, groups: 5))
        #expect(close(omega.total, 0.8211330280931917, tolerance: 1e-8))
        #expect(close(omega.hierarchical, 0.30160395444113636, tolerance: 1e-8))
        #expect(close(omega.explainedCommonVariance, 0.24538440881207774, tolerance: 1e-8))
    }

    @Test("minres loadings are the fixed point the reference finds (and BFGS confirms to 6e-9)")
    func minresLoadings() throws {
        let items = try #require(ItemCovariance(BigFive.shared.scale("A"), deletion: .listwise))
        let factors = try #require(MinresFactors(items.correlation, factors: 1))
        let expected = [
            0.376955909942816, 0.6778452923249825, 0.7570867971777983, 0.48075342385850134, 0.6128793725794139,
        ]
        #expect(factors.converged)
        for (value, reference) in zip(factors.loadings.column(0), expected) { #expect(close(value, reference)) }
    }

    @Test("scale scores correlate as the reference says, raw and disattenuated")
    func scaleCorrelations() throws {
        let pairs = zip(BigFive.shared.scaleScores("A"), BigFive.shared.scaleScores("C")).map { [$0, $1] }
        let both = try #require(ItemCovariance(pairs, deletion: .pairwise))
        let r = both.correlation[0, 1]
        #expect(close(r, 0.258243578356142, tolerance: 1e-12))
        let itemsA = try #require(ItemCovariance(BigFive.shared.scale("A"), deletion: .listwise))
        let itemsC = try #require(ItemCovariance(BigFive.shared.scale("C"), deletion: .listwise))
        let alphaA = try #require(AlphaCoefficients(itemsA))
        let alphaC = try #require(AlphaCoefficients(itemsC))
        #expect(close(r / (alphaA.raw * alphaC.raw).squareRoot(), 0.36047254208908985, tolerance: 1e-12))
    }
}
