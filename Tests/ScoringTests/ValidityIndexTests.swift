import Foundation
import QuestionnaireEngine
import Testing

@testable import Analytics
@testable import Scoring
@testable import Submissions

@Suite("Validity indices and panels in a batch")
struct ValidityIndexTests {
    /// Raw answers giving each keyed item the wanted score (reversed items inverted back).
    func answers(_ plan: ScoringPlan, keyedScore: (_ dimension: Int, _ position: Int) -> Double) -> [Answer?] {
        var answers: [Answer?] = Array(repeating: .number(3), count: plan.items.count)
        for (dimensionIndex, dimension) in plan.rubric.dimensions.enumerated() {
            for (position, key) in dimension.keys.enumerated() {
                guard let slot = plan.slots[key.itemID], case .likert(_, let reverse) = plan.items[slot].kind else {
                    continue
                }
                let score = keyedScore(dimensionIndex, position)
                answers[slot] = .number(reverse ? 5 - 4 * score : 1 + 4 * score)
            }
        }
        return answers
    }

    func card(_ plan: ScoringPlan, _ answers: [Answer?]) -> ScoreCard {
        let submission = Submission(
            questionnaireID: plan.questionnaire.id, version: plan.questionnaire.version,
            candidate: Candidate(id: "c", name: "C"),
            seconds: 900, answers: answers, notes: Array(repeating: [], count: answers.count), source: "t")
        return Scorer(plan: plan).score([submission])
    }

    @Test("answering 3 to everything is flagged as low variability")
    func lowVariability() throws {
        let plan = try inventoryPlan()
        let flags = card(plan, Array(repeating: .number(3), count: plan.items.count)).flags
        #expect(flags.map(\.kind.rawValue).contains("low-variability"))
        #expect(
            flags.first { $0.kind.rawValue == "low-variability" }?.message
                == "Answers barely vary (SD 0.00 scale points over 45 statements): the candidate may not have read them."
        )
    }

    /// Odd items high and even items low in dimensions 1 and 3, the other way round in 2 and 4:
    /// the halves correlate −1 across dimensions.
    @Test("halves of the same dimensions that disagree are flagged as even–odd inconsistency")
    func evenOdd() throws {
        let plan = try inventoryPlan()
        let careless = answers(plan) { dimension, position in
            let oddHigh = dimension % 2 == 0
            return dimension == 4 ? 0.5 : (position % 2 == 0) == oddHigh ? 1 : 0
        }
        #expect(card(plan, careless).flags.map(\.kind.rawValue).contains("even-odd"))
        let consistent = answers(plan) { dimension, _ in [1, 0.25, 0.75, 0, 0.5][dimension] }
        #expect(!card(plan, consistent).flags.map(\.kind.rawValue).contains("even-odd"))
    }

    /// Half means (odd statements / even statements) per dimension: 0.0625/0.25, 0.5625/0.25,
    /// 0.0625/0.75, 0.5625/0.75, 0.3125/0.5. Deviations from the means (0.3125, 0.5) multiply to
    /// 0.0625 − 0.0625 − 0.0625 + 0.0625 + 0 = 0: r is exactly 0 (by hand), which is not negative.
    @Test("an even–odd correlation of exactly 0 is not flagged, whatever rounding leaves")
    func evenOddZero() throws {
        let plan = try inventoryPlan()
        #expect(plan.rubric.dimensions.allSatisfy { $0.keys.count == 8 })
        let odd: [[Double]] = [
            [0.25, 0, 0, 0], [1, 1, 0.25, 0], [0.25, 0, 0, 0], [1, 1, 0.25, 0], [0.5, 0.25, 0.25, 0.25],
        ]
        let even: [Double] = [0.25, 0.25, 0.75, 0.75, 0.5]
        let zero = answers(plan) { dimension, position in
            position % 2 == 0 ? odd[dimension][position / 2] : even[dimension]
        }
        #expect(!card(plan, zero).flags.map(\.kind.rawValue).contains("even-odd"))
    }

    /// The rounding remainder the issue measured (−1e-17 for an exact 0) is not a negative r;
    /// Spearman–Brown of −0.6 would be −3, so a negative r is shown as it is.
    @Test("the even–odd rule: Spearman–Brown for r ≥ 0, r itself below 0, flagged only beyond rounding")
    func evenOddRule() {
        #expect(Scorer.evenOddConsistency(-1e-17) == (-1e-17, false))
        #expect(Scorer.evenOddConsistency(0) == (0, false))
        #expect(Scorer.evenOddConsistency(-0.6) == (-0.6, true))
        #expect(Scorer.evenOddConsistency(0.5) == (2.0 / 3.0, false))
        #expect(Scorer.evenOddConsistency(-1) == (-1, true))
    }

    @Test("a negative even–odd correlation is shown uncorrected, never below −1")
    func evenOddNegative() throws {
        let plan = try inventoryPlan()
        let careless = answers(plan) { dimension, position in
            let oddHigh = dimension % 2 == 0
            return dimension == 4 ? 0.5 : (position % 2 == 0) == oddHigh ? 1 : 0
        }
        let message = try #require(card(plan, careless).flags.first { $0.kind.rawValue == "even-odd" }?.message)
        #expect(message.contains("(even–odd consistency −1.00)"))
    }

    /// Three candidates, two raters; Ann rates 1, 1 and 3 points above Bo: half of that above
    /// each panel mean, so her leniency is (0.5 + 0.5 + 1.5) / 3.
    /// Three candidates rated by Ann and Bo: (5, 4), (3, 2), (4, 1).
    func twoRaterPanels(_ plan: ScoringPlan) -> BatchScorer.Outcome {
        let decoder = SubmissionDecoder(plan: plan)
        var inputs: [Result<Submission, Rejection>] = []
        for (index, (ann, bo)) in [(5, 4), (3, 2), (4, 1)].enumerated() {
            inputs.append(
                decoder.decode(
                    miniLine(#""r1": \#(ann), "a1": \#(ann)"#, candidate: "c\(index)", rater: "Ann"), source: "a"))
            inputs.append(
                decoder.decode(
                    miniLine(#""r1": \#(bo), "a1": \#(bo)"#, candidate: "c\(index)", rater: "Bo"), source: "b"))
        }
        return BatchScorer.score(inputs, plan: plan)
    }

    @Test("a panel batch reports a two-way design, leniency and disagreements")
    func panels() throws {
        let plan = try miniPlan()
        let outcome = twoRaterPanels(plan)
        let agreement = try #require(BatchAnalysis.analyse(outcome, plan: plan).raterAgreement)
        #expect(agreement.design == "two-way" && agreement.panels == 3 && agreement.ratersPerPanel == 2)
        #expect(
            agreement.leniency == [
                RaterLeniency(rater: "Ann", ratings: 3, meanDifference: 2.5 / 3),
                RaterLeniency(rater: "Bo", ratings: 3, meanDifference: -2.5 / 3),
            ])
        #expect(
            agreement.disagreements == [
                "Ana Q: raters are 3 points apart on “\(try #require(plan.questionnaire.item(withID: "r1")).text)” (Ann 4, Bo 1)."
            ])
        let r1 = try #require(agreement.items.first { $0.id == "r1" })
        #expect(r1.panels == 3 && close(r1.meanSpread, 5.0 / 3))
        #expect(r1.single != nil && r1.average != nil)
    }

    @Test("the planning sentence: panels of 4 reach 0.80 from one rater's 0.50; 2 raters' mean reaches 0.67")
    func projection() throws {
        let plan = try miniPlan()
        var agreement = try #require(BatchAnalysis.analyse(twoRaterPanels(plan), plan: plan).raterAgreement)
        agreement.overall?.single = 0.5
        agreement.overall?.ratersFor080 = 4
        #expect(
            agreement.projection
                == "Panels of 4 reach 0.80 (Spearman–Brown from one rater's 0.50); you have 2, whose mean reaches 0.67."
        )
        agreement.overall?.single = 0.9
        agreement.overall?.ratersFor080 = 1
        #expect(
            agreement.projection
                == "Panels of 1 reach 0.80 (Spearman–Brown from one rater's 0.90); you have 2, whose mean reaches 0.95: enough."
        )
        agreement.overall?.single = -0.1
        agreement.overall?.ratersFor080 = nil
        #expect(agreement.projection == nil, "no number of raters makes a negative reliability reach 0.80")
    }

    @Test("the digest lists decisions best first and says an alpha from fewer than 30 people is too few to judge")
    func digest() throws {
        let plan = try miniPlan()
        let decoder = SubmissionDecoder(plan: plan)
        let inputs = (0..<4).map { index in
            decoder.decode(
                miniLine(#""a1": \#(index + 1), "a2": 3, "a3": \#(index + 2), "a4": 2"#, candidate: "c\(index)"),
                source: "s")
        }
        let analysis = BatchAnalysis.analyse(BatchScorer.score(inputs, plan: plan), plan: plan)
        let digest = analysis.digest(plan: plan, details: "out/report.html")
        let order = plan.rubric.bands.sorted { $0.from > $1.from }.map(\.decision)
        let listed = analysis.decisionsInOrder.map(\.decision)
        #expect(listed == order.filter { listed.contains($0) } + listed.filter { !order.contains($0) })
        #expect(digest.hasPrefix("Decisions: "))
        #expect(digest.contains("too few to judge"), "4 complete answers, not 30")
        #expect(digest.hasSuffix("Full figures, with what each means: out/report.html.\n"))
        #expect(!digest.contains("nan"))
    }

    @Test("with 30 complete answers the alpha is given without the caution")
    func digestEnoughCases() throws {
        let plan = try miniPlan()
        let decoder = SubmissionDecoder(plan: plan)
        var generator = SeededGenerator(seed: 3)
        let inputs = (0..<30).map { index in
            let base = Int.random(in: 1...5, using: &generator)
            let near = { min(5, max(1, base + Int.random(in: -1...1, using: &generator))) }
            return decoder.decode(
                miniLine(
                    #""a1": \#(near()), "a2": \#(6 - near()), "a3": \#(near()), "a4": \#(near())"#,
                    candidate: "c\(index)"),
                source: "s")
        }
        let digest = BatchAnalysis.analyse(BatchScorer.score(inputs, plan: plan), plan: plan).digest(
            plan: plan, details: nil)
        let line = try #require(digest.split(separator: "\n").first { $0.hasPrefix("Reliability") })
        let attitude = try #require(line.split(separator: ",").first { $0.contains("Attitude") })
        #expect(!attitude.contains("too few to judge"), "\(line)")
    }
}
