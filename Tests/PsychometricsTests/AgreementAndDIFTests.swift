import Testing

@testable import Psychometrics

/// Rater agreement on pingouin's `icc` data set, group differences and DIF on bfi, against
/// pingouin, scipy and statsmodels (reference_values.py).
@Suite("Agreement, group differences and DIF")
struct AgreementAndDIFTests {
    /// pingouin.read_dataset("icc"): 8 wines (rows) rated by 4 judges.
    static let wine: [[Double]] = [
        [1, 2, 0, 1], [1, 3, 3, 2], [3, 8, 1, 4], [6, 4, 3, 3], [6, 5, 5, 6], [7, 5, 6, 2], [8, 7, 7, 9], [9, 9, 9, 8],
    ]

    @Test("the six ICCs, their F tests and intervals match pingouin.intraclass_corr")
    func intraclass() throws {
        let icc = try IntraclassCorrelations(Self.wine)
        typealias Row = (IntraclassCorrelations.Coefficient, Double, Double, Double, Double, Double, Double, Double)
        let rows: [Row] = [
            (
                icc.single1, 0.727520915896081, 11.680025856496444, 24, 2.1813509548618443e-06, 0.4337728332709888,
                0.9266960292566442, 0
            ),
            (
                icc.single2, 0.7276887871853546, 11.7866927592955, 21, 5.0257154640603615e-06, 0.4344896578911301,
                0.9267086063159158, 0
            ),
            (
                icc.single3, 0.7294865007940708, 11.7866927592955, 21, 5.0257154640603615e-06, 0.42614603012923313,
                0.9278952614727314, 0
            ),
            (
                icc.average1, 0.9143837511760474, 11.680025856496444, 24, 2.1813509548618443e-06, 0.7539553231006357,
                0.9806078670546005, 0
            ),
            (
                icc.average2, 0.9144500359453631, 11.7866927592955, 21, 5.0257154640603615e-06, 0.7544962191493993,
                0.9806113877700278, 0
            ),
            (
                icc.average3, 0.9151585588577121, 11.7866927592955, 21, 5.0257154640603615e-06, 0.7481371241589805,
                0.9809432541084128, 0
            ),
        ]
        for (coefficient, value, f, df2, p, lower, upper, _) in rows {
            #expect(close(coefficient.value, value, tolerance: 1e-12))
            #expect(close(coefficient.f, f, tolerance: 1e-12))
            #expect(coefficient.df1 == 7 && coefficient.df2 == df2)
            #expect(close(coefficient.p, p, tolerance: 1e-9))
            #expect(close(coefficient.interval.lower, lower, tolerance: 1e-9))
            #expect(close(coefficient.interval.upper, upper, tolerance: 1e-9))
        }
    }

    /// The crash the issue measured: 81 candidates, the same 3-rater panel, identical ratings
    /// per candidate, so the ICC was rounding noise (−1.06e27). Now: undefined, said why.
    @Test("ICCs without between-candidate variance are undefined, never absurd")
    func degenerate() {
        let identical = [[Double]](repeating: [4, 3, 5], count: 81)
        #expect(throws: IntraclassCorrelations.Degenerate.noBetweenTargetVariance) {
            try IntraclassCorrelations(identical)
        }
        let constant = [[Double]](repeating: [4, 4, 4], count: 5)
        #expect(throws: IntraclassCorrelations.Degenerate.noVariance) { try IntraclassCorrelations(constant) }
        #expect(throws: IntraclassCorrelations.Degenerate.tooSmall) { try IntraclassCorrelations([[1, 2]]) }
        let perfect = try? IntraclassCorrelations([[1, 1], [3, 3], [5, 5]])
        #expect(perfect?.single2.value == 1 && perfect?.single2.interval == Interval(1, 1), "no error at all")
    }

    /// k = 0.8(1 − r) / (0.2 r): r = 0.5 needs 4 raters; r = 0.6 needs 2.67, so 3.
    @Test("Spearman–Brown: raters needed for a panel reliability of 0.80")
    func ratersNeeded() {
        #expect(IntraclassCorrelations.ratersNeeded(single: 0.5) == 4)
        #expect(IntraclassCorrelations.ratersNeeded(single: 0.6) == 3)
        #expect(IntraclassCorrelations.ratersNeeded(single: 0.85) == 1)
        #expect(IntraclassCorrelations.ratersNeeded(single: -0.2) == nil)
    }

    /// kr / (1 + (k − 1)r): r = 0.5 with 2 raters is 1/1.5; r = 0.6 with 3 is 1.8/2.2.
    @Test("Spearman–Brown: the reliability of a panel's mean from one rater's")
    func projected() {
        #expect(abs((IntraclassCorrelations.projected(single: 0.5, raters: 2) ?? 0) - 2.0 / 3) < 1e-12)
        #expect(abs((IntraclassCorrelations.projected(single: 0.6, raters: 3) ?? 0) - 1.8 / 2.2) < 1e-12)
        #expect(IntraclassCorrelations.projected(single: 0.5, raters: 1) == 0.5)
        #expect(IntraclassCorrelations.projected(single: -0.6, raters: 3) == nil, "1 + 2(−0.6) < 0: no reliability")
        #expect(IntraclassCorrelations.projected(single: .nan, raters: 2) == nil)
        #expect(IntraclassCorrelations.projected(single: 0.5, raters: 0) == nil)
    }

    func agreeableness(gender: Double) -> [Double] {
        let data = BigFive.shared
        let scores = data.scaleScores("A")
        return data.rows.indices.filter { data.rows[$0][data.column("gender")] == gender && !scores[$0].isNaN }
            .map { scores[$0] }
    }

    @Test("Cohen's d and its interval match pingouin (women − men on agreeableness)")
    func cohensD() throws {
        let effect = try #require(GroupComparison.cohensD(agreeableness(gender: 2), agreeableness(gender: 1)))
        #expect(close(effect.d, 0.45138566966046195, tolerance: 1e-12))
        #expect(close(effect.interval.lower, 0.3715886800675097, tolerance: 1e-10))
        #expect(close(effect.interval.upper, 0.5311826592534142, tolerance: 1e-10))
        #expect(GroupComparison.cohensD([1, 1], [1, 1]) == nil, "no spread: undefined")
    }

    /// Selected: agreeableness mean ≥ 5. Men 284 of 919, women 957 of 1881.
    @Test("two-proportion z test and the rate-ratio interval match statsmodels")
    func proportions() throws {
        let men = agreeableness(gender: 1).filter { $0 >= 5 }.count
        let women = agreeableness(gender: 2).filter { $0 >= 5 }.count
        #expect(men == 284 && women == 957)
        let test = try #require(GroupComparison.proportionsZTest(selected1: 284, of: 919, selected2: 957, of: 1881))
        #expect(close(test.z, -9.99051966643424, tolerance: 1e-12))
        #expect(close(test.p, 1.6770024562315278e-23, tolerance: 1e-9))
        let ratio = try #require(GroupComparison.rateRatioInterval(selected1: 284, of: 919, selected2: 957, of: 1881))
        #expect(close(ratio.lower, 0.5461056997953776, tolerance: 1e-12))
        #expect(close(ratio.upper, 0.6755891458706316, tolerance: 1e-12))
        #expect(GroupComparison.rateRatioInterval(selected1: 0, of: 10, selected2: 3, of: 10) == nil)
    }

    /// The strata of item A2 by gender, matched on the A total of complete answers.
    func strataA2() -> [MantelHaenszel.Stratum] {
        let data = BigFive.shared
        let gender = data.column("gender")
        var strata: [Double: MantelHaenszel.Stratum] = [:]
        for (row, items) in zip(data.rows, data.scale("A")) where !items.contains(where: \.isNaN) && !row[gender].isNaN
        {
            let total = items.reduce(0, +)
            var stratum =
                strata[total]
                ?? MantelHaenszel.Stratum(referenceSuccess: 0, referenceFailure: 0, focalSuccess: 0, focalFailure: 0)
            let success = items[1] >= 5
            switch (row[gender] == 1, success) {
            case (true, true): stratum.referenceSuccess += 1
            case (true, false): stratum.referenceFailure += 1
            case (false, true): stratum.focalSuccess += 1
            case (false, false): stratum.focalFailure += 1
            }
            strata[total] = stratum
        }
        return Array(strata.values)
    }

    @Test("Mantel–Haenszel odds ratio, chi-square and ETS delta match statsmodels' StratifiedTable")
    func mantelHaenszel() throws {
        let test = try #require(MantelHaenszel(strataA2()))
        #expect(test.strata == 16)
        #expect(close(test.commonOddsRatio, 0.8154829315877057, tolerance: 1e-12))
        #expect(close(test.chiSquare, 3.0468408904503916, tolerance: 1e-10))
        #expect(close(test.p, 0.08089435332159084, tolerance: 1e-10))
        #expect(close(test.delta, 0.47934074977144736, tolerance: 1e-12))
        #expect(
            close(test.logOddsStandardError, 0.11300919161979235, tolerance: 1e-10), "statsmodels logodds_pooled_se")
        #expect(test.size == .a)
    }

    @Test("ordinal logistic DIF models match statsmodels' OrderedModel (Newton) on item A2")
    func ordinalLogistic() throws {
        let data = BigFive.shared
        let gender = data.column("gender")
        var responses: [Int] = []
        var rest: [Double] = []
        var women: [Double] = []
        for (row, items) in zip(data.rows, data.scale("A")) where !items.contains(where: \.isNaN) && !row[gender].isNaN
        {
            responses.append(Int(items[1]) - 1)
            rest.append((items[0] + items[2] + items[3] + items[4]) / 4)
            women.append(row[gender] == 2 ? 1 : 0)
        }
        #expect(responses.count == 2709)
        let one = try #require(OrdinalLogisticRegression(responses: responses, covariates: rest.map { [$0] }))
        let two = try #require(
            OrdinalLogisticRegression(responses: responses, covariates: zip(rest, women).map { [$0, $1] }))
        let three = try #require(
            OrdinalLogisticRegression(responses: responses, covariates: zip(rest, women).map { [$0, $1, $0 * $1] }))
        #expect(close(one.logLikelihood, -3339.062550080791, tolerance: 1e-11))
        #expect(close(two.logLikelihood, -3328.721113013419, tolerance: 1e-11))
        #expect(close(three.logLikelihood, -3328.57937962732, tolerance: 1e-11))
        #expect(close(one.nullLogLikelihood, -3858.013259955168, tolerance: 1e-12))
        let chi = 2 * (three.logLikelihood - one.logLikelihood)
        #expect(close(chi, 20.966340906941696, tolerance: 1e-7))
        #expect(close(Distributions.chiSquareSurvival(chi, 2), 2.8003796898323333e-05, tolerance: 1e-7))
        #expect(close(three.mcFaddenR2 - one.mcFaddenR2, 0.0027172458327923144, tolerance: 1e-8))

        // Rows with the same answer and predictors merged into one weighted row fit the same model.
        var merged: [[Double]: Double] = [:]
        for (response, (score, woman)) in zip(responses, zip(rest, women)) {
            merged[[Double(response), score, woman], default: 0] += 1
        }
        let keys = merged.keys.sorted { $0.lexicographicallyPrecedes($1) }
        let weighted = try #require(
            OrdinalLogisticRegression(
                responses: keys.map { Int($0[0]) }, covariates: keys.map { [$0[1], $0[2], $0[1] * $0[2]] },
                weights: keys.map { merged[$0] ?? 0 }))
        #expect(keys.count < 200, "2,709 people, \(keys.count) distinct rows")
        #expect(close(weighted.logLikelihood, three.logLikelihood, tolerance: 1e-11))
        #expect(close(weighted.nullLogLikelihood, three.nullLogLikelihood, tolerance: 1e-12))
    }
}
