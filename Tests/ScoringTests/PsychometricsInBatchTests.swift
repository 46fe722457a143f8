import Foundation
import Psychometrics
import QuestionnaireEngine
import Testing

@testable import Analytics
@testable import Scoring
@testable import Submissions

/// The psychometrics a batch publishes, end to end through the scorer (the figures themselves are
/// pinned against reference implementations in PsychometricsTests).
@Suite("Psychometrics in a batch")
struct PsychometricsInBatchTests {
    /// 240 candidates, 120 women and 120 men, answering every statement near their own level;
    /// `joy-2` is answered 2 points lower by women at the same level: DIF by construction.
    func batch(_ plan: ScoringPlan) -> BatchScorer.Outcome {
        var random = SeededGenerator(seed: 7)
        let decoder = SubmissionDecoder(plan: plan)
        var inputs: [Result<Submission, Rejection>] = []
        for index in 0..<240 {
            let woman = index % 2 == 0
            let level = Double(random.next(below: 1000)) / 1000
            var answers: [String] = []
            for item in plan.items {
                guard case .likert(_, let reverse) = item.kind else { continue }
                var point = 1 + 4 * level + Double(random.next(below: 200) - 100) / 100
                if item.id == "joy-2" && woman { point -= 2 }
                let clamped = min(max(point.rounded(), 1), 5)
                answers.append("\"\(item.id)\": \(Int(reverse ? 6 - clamped : clamped))")
            }
            let line =
                #"{"format": "dazzle.submission/1", "questionnaire": "\#(plan.questionnaire.id)", "version": "\#(plan.questionnaire.version)", "seconds": 900, "candidate": {"id": "p\#(index)", "name": "P\#(index)", "demographics": {"gender": "\#(woman ? "woman" : "man")"}}, "answers": {\#(answers.joined(separator: ", "))}}"#
            inputs.append(decoder.decode(Array(line.utf8), source: "b:\(index + 1)"))
        }
        return BatchScorer.score(inputs, plan: plan)
    }

    @Test("an item made harder for one group at the same level is flagged as DIF against that group")
    func differentialItemFunctioning() throws {
        let plan = try inventoryPlan()
        let outcome = batch(plan)
        #expect(outcome.rejections.isEmpty)
        let analysis = BatchAnalysis.analyse(outcome, plan: plan)
        let dif = try #require(analysis.dif)
        let joy2 = try #require(dif.items.first { $0.itemID == "joy-2" && $0.field == "gender" })
        #expect(joy2.flagged)
        // Against women, whichever group is the reference.
        #expect(joy2.focal == "woman" ? joy2.againstFocal == true : joy2.againstFocal == false)
        #expect((joy2.logistic?.p13 ?? 1) < 0.01 && (joy2.logistic?.r2Change13 ?? 0) >= 0.02)
        #expect(joy2.mantelHaenszel?.size == .c)
        let others = dif.items.filter { $0.itemID != "joy-2" && $0.flagged }
        #expect(others.count <= 1, "no built-in DIF elsewhere: \(others.map(\.itemID))")
    }

    @Test("DIF is not tested for groups under 30, and says so")
    func difNeedsPeople() throws {
        let plan = try inventoryPlan()
        var outcome = batch(plan)
        outcome.scorecards = Array(outcome.scorecards.prefix(40))
        outcome.groups = Array(outcome.groups.prefix(40))
        let dif = try #require(BatchAnalysis.analyse(outcome, plan: plan).dif)
        #expect(dif.items.isEmpty)
        #expect(dif.notes.contains { $0.contains("each group needs 30 or more people") })
    }

    @Test("reliability carries psych's alpha family and omega; the instrument its ω hierarchical")
    func reliabilityFamily() throws {
        let plan = try inventoryPlan()
        let analysis = BatchAnalysis.analyse(batch(plan), plan: plan)
        for scale in analysis.reliability {
            let listwise = try #require(scale.listwise)
            #expect(close(listwise.raw, try #require(scale.alpha), tolerance: 1e-12), "one alpha, two routes")
            #expect(scale.pairwise != nil && scale.omega != nil)
        }
        let structure = try #require(analysis.structure)
        #expect(structure.items == 40 && structure.completeCases == 240)
        let omega = try #require(structure.omega)
        // One level drives every answer: the general factor carries most of the common variance.
        #expect(omega.hierarchical > 0.8 && omega.explainedCommonVariance > 0.8, "\(omega)")
        #expect(structure.correlations.count == 10)
    }

    @Test("adverse impact carries the ratio's interval, the z test and Cohen's d")
    func groupTests() throws {
        let plan = try inventoryPlan()
        let analysis = BatchAnalysis.analyse(batch(plan), plan: plan)
        let gender = try #require(analysis.adverseImpact.first { $0.field == "gender" })
        let other = try #require(gender.groups.first { $0.group != gender.reference })
        #expect(other.z != nil && other.zP != nil && other.cohensD != nil)
        if let interval = other.impactRatioInterval, let ratio = other.impactRatio {
            #expect(interval.lower < ratio && ratio < interval.upper)
        }
    }

    /// By hand: women 3 of 10 selected, men 8 of 10, one nonbinary selected (1 of 21 = 4.8%,
    /// above 2%, so included). Highest rate: nonbinary 1.0, so men 0.8 and women 0.3; 21 scores,
    /// median 59.5 (see AnalyticsTests): women none above, men all 10, nonbinary 1.
    @Test("the NYC Local Law 144 table: rates, impact ratios, 2% exclusion, unknowns")
    func biasAudit() throws {
        var people: [AdverseImpact.Candidate] = []
        for index in 0..<10 {
            people.append(.init(demographics: ["sex": "woman"], selected: index < 3, overall: Double(40 + index)))
            people.append(.init(demographics: ["sex": "man"], selected: index < 8, overall: Double(60 + index)))
        }
        people.append(.init(demographics: ["sex": "nonbinary"], selected: true, overall: 90))
        people.append(.init(demographics: [:], selected: false, overall: 10))
        let audit = try #require(BiasAudit.compute(people, fields: BiasAuditFields()))
        let sex = try #require(audit.tables.first)
        #expect(sex.title == "sex" && sex.unknown == 1)
        let woman = try #require(sex.categories.first { $0.name == "woman" })
        #expect(close(woman.selectionRate, 0.3) && close(woman.selectionImpactRatio, 0.3))
        #expect(woman.scoredAbove == 0 && close(woman.scoringImpactRatio, 0))
        let man = try #require(sex.categories.first { $0.name == "man" })
        #expect(close(man.selectionImpactRatio, 0.8) && close(man.scoringRate, 1))
        // With 60 more men, the one nonbinary person is under 2%: shown, out of the ratios.
        for index in 0..<60 {
            people.append(.init(demographics: ["sex": "man"], selected: index % 2 == 0, overall: 50))
        }
        let audit2 = try #require(BiasAudit.compute(people, fields: BiasAuditFields()))
        let larger = try #require(audit2.tables.first)
        let nonbinary = try #require(larger.categories.first { $0.name == "nonbinary" })
        #expect(nonbinary.excluded && nonbinary.selectionImpactRatio == nil)
        #expect(larger.categories.first { $0.name == "man" }?.selectionImpactRatio == 1)
    }
}
