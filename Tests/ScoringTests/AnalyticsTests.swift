import QuestionnaireEngine
import Testing

@testable import Analytics
@testable import Scoring
@testable import Submissions

/// Reference values come from `Reference/reference_values.py` (numpy 2.4, scipy 1.17), run once
/// and pinned here; the ICC data are Shrout & Fleiss's (1979) textbook example.
@Suite("Batch analytics")
struct AnalyticsTests {
    static let items: [[Double]] = [
        [0.75, 0.50, 1.00, 0.75],
        [0.25, 0.25, 0.50, 0.00],
        [1.00, 0.75, 0.75, 1.00],
        [0.50, 0.50, 0.25, 0.50],
        [0.75, 1.00, 1.00, 0.75],
        [0.00, 0.25, 0.25, 0.50],
    ]

    func reliability(_ rows: [[Double?]], ids: [String] = ["i1", "i2", "i3", "i4"]) -> ScaleReliability {
        ScaleReliability.compute(
            dimensionID: "d", itemIDs: ids, scores: rows, answers: rows.map { $0.map { $0.map(Answer.number) } },
            dimensionScores: rows.compactMap { row in
                let values = row.compactMap { $0 }
                return values.isEmpty ? nil : 100 * values.reduce(0, +) / Double(values.count)
            })
    }

    @Test("alpha, its Feldt interval, r.drop and alpha-if-dropped match numpy/scipy")
    func alpha() throws {
        let scale = reliability(Self.items)
        #expect(close(scale.alpha, 0.9020187099950763))
        #expect(close(scale.alphaLower, 0.6495782104842278, tolerance: 1e-7))
        #expect(close(scale.alphaUpper, 0.9847564664438114, tolerance: 1e-7))
        let rDrop = [0.8776626784752379, 0.8230139223465825, 0.7116978356547561, 0.7340514237414361]
        let ifDropped = [0.8362068965517242, 0.8642857142857142, 0.8985148514851483, 0.890274314214464]
        for (index, item) in scale.items.enumerated() {
            #expect(close(item.correctedItemTotal, rDrop[index]))
            #expect(close(item.alphaIfDropped, ifDropped[index]))
            #expect(item.flag == nil)
        }
    }

    /// SEM = SD × √(1 − α), in dimension score points.
    @Test("the standard error of measurement follows from SD and alpha")
    func sem() throws {
        let scale = reliability(Self.items)
        let sd = try #require(scale.scoreSD)
        #expect(close(scale.sem, sd * (1 - 0.9020187099950763).squareRoot()))
    }

    @Test("a reversed (mis-keyed) item shows a negative r.drop and is called out")
    func misKeyed() throws {
        let flipped = Self.items.map { row in [row[0], row[1], row[2], 1 - row[3]] }
        let item = reliability(flipped).items[3]
        let r = try #require(item.correctedItemTotal)
        #expect(r < 0)
        #expect(item.concern == .runsAgainst(r: r))
        let statement = Item(id: "s", text: "S", kind: .likert(scale: ResponseScale(min: 1, max: 5), reverse: false))
        #expect(item.concern?.advice(for: statement).contains("reverse-keyed") == true)
        let choice = Item(
            id: "c", text: "C",
            kind: .choice(options: [
                ChoiceOption(id: "a", text: "A", score: 1), ChoiceOption(id: "b", text: "B", score: 0),
            ]))
        let advice = try #require(item.concern?.advice(for: choice))
        #expect(advice.contains("which option is scored best") && !advice.contains("reverse"), "advice fits a choice")
    }

    @Test("frequencies count each answer, in answer order")
    func frequencies() {
        let item = reliability(Self.items).items[0]
        #expect(
            item.frequencies == [
                AnswerCount(answer: "0", count: 1), AnswerCount(answer: "0.25", count: 1),
                AnswerCount(answer: "0.5", count: 1),
                AnswerCount(answer: "0.75", count: 2), AnswerCount(answer: "1", count: 1),
            ])
    }

    @Test(
        "degenerate batches give defined answers and notes, never NaN",
        arguments: [
            (
                "one candidate", [[0.5, 0.5, 0.5, 0.5]] as [[Double?]],
                "Alpha needs at least 3 candidates who answered every item; there are 1."
            ),
            (
                "zero variance", Array(repeating: [0.5, 0.5, 0.5, 0.5], count: 5),
                "Alpha is undefined: total scores do not vary across the 5 complete cases."
            ),
            (
                "all missing", Array(repeating: [nil, nil, nil, nil], count: 4),
                "Alpha needs at least 3 candidates who answered every item; there are 0."
            ),
        ])
    func degenerate(name: String, rows: [[Double?]], note: String) {
        let scale = reliability(rows)
        #expect(scale.alpha == nil && scale.alphaLower == nil && scale.sem == nil, "\(name)")
        #expect(scale.notes == [note])
        #expect(scale.items.allSatisfy { ($0.mean ?? 0).isFinite && ($0.sd ?? 0).isFinite })
    }

    @Test("a one-item dimension says alpha needs two items")
    func oneItem() {
        let scale = reliability([[0.5], [1.0], [0.0]], ids: ["solo"])
        #expect(scale.alpha == nil)
        #expect(scale.notes == ["Alpha needs at least 2 items; this dimension has 1."])
    }

    @Test("intraclass correlations match Shrout & Fleiss's example")
    func icc() {
        let data: [[Double]] = [
            [9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7],
        ]
        let oneWay = RaterAgreement.icc(id: "x", matrix: data, twoWay: false)
        let twoWay = RaterAgreement.icc(id: "x", matrix: data, twoWay: true)
        #expect(close(oneWay.single, 0.16574176840547553))
        #expect(close(oneWay.average, 0.4427971336792688))
        #expect(close(twoWay.single, 0.2897637795275592))
        #expect(close(twoWay.average, 0.6200505475989893))
    }

    @Test("linear-weighted kappa matches numpy")
    func kappa() {
        let a = [0, 0, 1, 1, 2, 2, 3, 0, 1, 2]
        let b = [0, 1, 1, 2, 2, 3, 3, 0, 0, 2]
        #expect(close(RaterAgreement.weightedKappa(Array(zip(a, b)), categories: 4), 0.6610169491525425))
        #expect(
            RaterAgreement.weightedKappa([(1, 1), (1, 1)], categories: 4) == nil, "no variation: undefined, not NaN")
    }

    @Test("quantiles interpolate between order statistics")
    func quantiles() {
        #expect(close(Statistics.quantile([1, 2, 4, 8, 16], 0.3), 2.4))
    }

    /// By hand: women 3 of 10 selected (0.3), men 8 of 10 (0.8): ratio 0.375 < 0.8, flagged. The one
    /// nonbinary person (rate 1.0) is too small a group to be the reference: men are.
    @Test("adverse impact: selection rates, four-fifths, Fisher, median shares, small groups, missing")
    func adverseImpact() throws {
        var people: [AdverseImpact.Candidate] = []
        for index in 0..<10 {
            people.append(.init(demographics: ["gender": "woman"], selected: index < 3, overall: Double(40 + index)))
        }
        for index in 0..<10 {
            people.append(.init(demographics: ["gender": "man"], selected: index < 8, overall: Double(60 + index)))
        }
        people.append(.init(demographics: ["gender": "nonbinary"], selected: true, overall: 90))
        people.append(.init(demographics: [:], selected: false, overall: 10))
        let impact = try #require(AdverseImpact.compute(people).first { $0.field == "gender" })
        let woman = try #require(impact.groups.first { $0.group == "woman" })
        let man = try #require(impact.groups.first { $0.group == "man" })
        let nonbinary = try #require(impact.groups.first { $0.group == "nonbinary" })
        #expect(woman.selectionRate == 0.3 && man.selectionRate == 0.8)
        #expect(nonbinary.selectionRate == 1, "the highest rate, from one person")
        #expect(impact.reference == "man", "the highest rate among groups of 5 or more and 2% or more")
        #expect(close(woman.impactRatio, 0.375) && woman.fourFifthsFlag)
        #expect(close(man.impactRatio, 1) && !man.fourFifthsFlag)
        #expect(nonbinary.smallGroup && !woman.smallGroup)
        #expect(close(nonbinary.impactRatio, 1.25) && !nonbinary.fourFifthsFlag, "a small group is never flagged")
        // scipy.stats.fisher_exact([[3, 7], [8, 2]]) = 0.06977851869492736 (PsychometricsTests pins it too).
        #expect(close(woman.fisherP, 0.06977851869492736, tolerance: 1e-12))
        #expect(impact.missing == 1)
        #expect(
            impact.notes.contains("'nonbinary' has 1 person: too few for a stable rate; read its figures with caution.")
        )
        #expect(impact.notes.contains("1 candidate has no value for gender and is not counted in any group."))
        // Median of all 22 overall scores is 59.5: no woman is above it, every man is.
        #expect(woman.aboveMedianShare == 0 && man.aboveMedianShare == 1)
    }

    @Test("when every group is small, none is the reference and no ratio or flag is given")
    func allGroupsSmall() throws {
        let people: [AdverseImpact.Candidate] = (0..<8).map { index in
            .init(
                demographics: ["gender": index < 4 ? "woman" : "man"], selected: index % 3 == 0, overall: Double(index))
        }
        let impact = try #require(AdverseImpact.compute(people).first)
        #expect(impact.reference == nil)
        #expect(impact.groups.allSatisfy { $0.impactRatio == nil && !$0.fourFifthsFlag })
        #expect(impact.notes.first?.hasPrefix("Every group is smaller than 5 people or 2% of the batch") == true)
    }

    @Test("intersections of two fields are analysed")
    func intersections() {
        let people: [AdverseImpact.Candidate] = [
            .init(demographics: ["gender": "woman", "age": "40+"], selected: true, overall: 80),
            .init(demographics: ["gender": "man", "age": "under 40"], selected: false, overall: 50),
        ]
        let fields = AdverseImpact.compute(people).map(\.field)
        #expect(fields == ["age", "gender", "age × gender"])
    }

    @Test("a norm group gives percentiles and z scores; a flat group gives no z")
    func norms() throws {
        let distribution = NormGroup.Distribution(count: 101, mean: 50, sd: 10, percentiles: (0...100).map(Double.init))
        #expect(distribution.percentile(of: 25.5) == 25.5)
        #expect(distribution.percentile(of: -3) == 0 && distribution.percentile(of: 200) == 100)
        #expect(distribution.z(of: 65) == 1.5)
        #expect(Standing(reference: "r", percentile: 93, z: 1.5).t == 65)
        let flat = NormGroup.Distribution(count: 3, mean: 70, sd: 0, percentiles: Array(repeating: 70, count: 101))
        #expect(flat.z(of: 70) == nil)
        #expect(flat.percentile(of: 70) == 50)
    }
}
