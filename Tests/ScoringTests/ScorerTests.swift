import DazzleJSON
import Foundation
import QuestionnaireEngine
import Testing

@testable import Analytics
@testable import Scoring
@testable import Submissions

/// Every expectation here is worked by hand in the comment above it.
@Suite("Scorer")
struct ScorerTests {
    static let full =
        #""a1": 5, "a2": 2, "a3": 4, "a4": 1, "c1": "z", "y1": true, "n1": 2.5, "r1": 4, "sd1": 3, "sd2": 3"#

    /// A: (1·1 + 2·0.75 + 1·0.75 + 1·0) / 5 = 0.65 → 65. B: (1 + 1 + 0.5) / 3 → 83.33.
    /// Overall: (2·65 + 1·83.33) / 3 = 71.11, in the 50–85 band "Mid".
    @Test("dimension and overall scores follow the weighted means")
    func weightedMeans() throws {
        let plan = try miniPlan()
        let card = Scorer(plan: plan).score([try submission(miniLine(Self.full), plan: plan)])
        #expect(close(card.dimensions[0].score, 65))
        #expect(close(card.dimensions[1].score, 250 / 3))
        #expect(close(card.overall, (130 + 250 / 3) / 3))
        #expect(card.label == "Mid" && card.decision == "hold")
    }

    /// a2 is reverse-keyed on the declared 1–5 scale: 2 scores (5 − 2) / 4 = 0.75, even though no
    /// answer in the submission is below 2 or above 4.
    @Test("reverse keying uses the declared scale, not the observed answers")
    func declaredRangeReversal() throws {
        let plan = try miniPlan()
        let card = Scorer(plan: plan).score([
            try submission(miniLine(#""a1": 2, "a2": 2, "a3": 4, "a4": 3"#), plan: plan)
        ])
        let a2 = try #require(card.explanation.first { $0.itemID == "a2" })
        #expect(a2.itemScore == 0.75)
        #expect(card.explanation.first { $0.itemID == "a1" }?.itemScore == 0.25)
    }

    /// Contributions: 100 · (dimension weight / 3) · (item weight / answered weight) · item score;
    /// they add up to the overall score, so a result can be explained line by line.
    @Test("explanation contributions sum to the overall score")
    func contributionsSum() throws {
        let plan = try miniPlan()
        let card = Scorer(plan: plan).score([try submission(miniLine(Self.full), plan: plan)])
        let total = card.explanation.reduce(0) { $0 + $1.contribution }
        #expect(close(total, try #require(card.overall)))
        #expect(close(card.explanation.first { $0.itemID == "a2" }?.contribution, 20))
        #expect(close(card.explanation.first { $0.itemID == "c1" }?.contribution, 100.0 / 9))
        #expect(card.explanation.first { $0.itemID == "c1" }?.answer == .option("z"))
    }

    /// A choice scores its option's score over the best option's: 'y' is 1 / 4.
    @Test("a choice scores by option score over the best")
    func choiceScore() throws {
        let plan = try miniPlan()
        let card = Scorer(plan: plan).score([try submission(miniLine(#""c1": "y""#), plan: plan)])
        #expect(card.explanation.first { $0.itemID == "c1" }?.itemScore == 0.25)
    }

    /// Only 2 of A's 4 items answered (under 0.75): A is insufficient, and the overall is B alone.
    @Test("a dimension below the missing-data share is insufficient, not guessed")
    func missingData() throws {
        let plan = try miniPlan()
        let card = Scorer(plan: plan).score([
            try submission(miniLine(#""a1": 5, "a2": 1, "c1": "z", "y1": true, "n1": 5"#), plan: plan)
        ])
        #expect(card.dimensions[0].score == nil)
        #expect(card.dimensions[0].answered == 2 && card.dimensions[0].total == 4)
        #expect(card.overall == 100)
        #expect(card.explanation.filter { $0.dimensionID == "A" }.allSatisfy { $0.contribution == 0 })
    }

    @Test("with no dimension scored the decision is 'insufficient'")
    func allMissing() throws {
        let plan = try miniPlan()
        let card = Scorer(plan: plan).score([try submission(miniLine(#""t1": "hello""#), plan: plan)])
        #expect(card.overall == nil)
        #expect(card.decision == "insufficient" && card.label == "Insufficient answers")
    }

    /// A rating of 1 on r1 decides alone, whatever the total (which here is 100).
    @Test("a knockout overrides the band")
    func knockout() throws {
        let plan = try miniPlan()
        let perfect = #""a1": 5, "a2": 1, "a3": 5, "a4": 5, "c1": "z", "y1": true, "n1": 9, "r1": 1"#
        let card = Scorer(plan: plan).score([try submission(miniLine(perfect), plan: plan)])
        #expect(card.overall == 100)
        #expect(card.knockouts == ["No love"])
        #expect(card.decision == "reject" && card.label == "No love")
    }

    /// Band edges: 85 is in "Top" (from 85 inclusive); 84.99 is in "Mid".
    @Test("band lower bounds are inclusive")
    func bandEdges() throws {
        let rubric = try miniPlan().rubric
        #expect(rubric.band(for: 85)?.label == "Top")
        #expect(rubric.band(for: 84.99)?.label == "Mid")
        #expect(rubric.band(for: 0)?.label == "Low")
        #expect(rubric.band(for: 100)?.label == "Top")
    }

    /// sd1 = 5 scores 1; sd2 = 1 reversed scores 1: candour 100 ≥ 80.
    @Test("the desirability flag fires at its threshold and never changes the score")
    func desirabilityFlag() throws {
        let plan = try miniPlan()
        let flagged = Scorer(plan: plan).score([
            try submission(
                miniLine(Self.full.replacingOccurrences(of: #""sd1": 3, "sd2": 3"#, with: #""sd1": 5, "sd2": 1"#)),
                plan: plan)
        ])
        let plain = Scorer(plan: plan).score([try submission(miniLine(Self.full), plan: plan)])
        #expect(flagged.flags.map(\.kind.rawValue) == ["desirability"])
        #expect(flagged.flags[0].message.hasPrefix("Candour scale at 100 (flagged from 80)"))
        #expect(flagged.overall == plain.overall)
        #expect(plain.flags.isEmpty)
    }

    @Test("a consistency pair further apart than the gap is flagged")
    func consistencyFlag() throws {
        let plan = try miniPlan()
        let card = Scorer(plan: plan).score([
            try submission(miniLine(#""a1": 5, "a2": 3, "a3": 1, "a4": 3"#), plan: plan)
        ])
        #expect(card.flags.map(\.kind.rawValue) == ["consistency"])
        #expect(
            card.flags[0].message
                == "1 of 1 pairs of statements that should agree differ by more than 2 points ('a1' 5 vs 'a3' 1).")
    }

    @Test("the same answer many times in a row is flagged as long-string")
    func longStringFlag() throws {
        let plan = try miniPlan()
        let card = Scorer(plan: plan).score([
            try submission(miniLine(#""a1": 3, "a2": 3, "a3": 3, "a4": 3, "r1": 2"#), plan: plan)
        ])
        #expect(card.flags.map(\.kind.rawValue) == ["long-string"])
        #expect(card.flags[0].message.hasPrefix("The same answer was given 4 times in a row"))
    }

    @Test("an unanswered statement ends a run of the same answer")
    func unansweredEndsRun() throws {
        let plan = try miniPlan()
        let card = Scorer(plan: plan).score([
            try submission(miniLine(#""a1": 3, "a2": 3, "a4": 3, "r1": 3"#), plan: plan)
        ])
        #expect(!card.flags.map(\.kind.rawValue).contains("long-string"))
    }

    @Test("completion faster than the minimum is flagged")
    func tooFastFlag() throws {
        let plan = try miniPlan()
        let card = Scorer(plan: plan).score([try submission(miniLine(Self.full, seconds: 30), plan: plan)])
        #expect(card.flags.map(\.kind.rawValue) == ["too-fast"])
        #expect(card.flags[0].message == "Completed in 30 seconds, under the 60 expected for a careful reading.")
    }

    /// Two raters: a1 5 and 3 → mean 4 → 0.75. Each rater's rating and note is kept, and one
    /// rater's 1 on r1 fires the knockout even though the panel's mean is 2.5.
    @Test("a panel's submissions combine into one scorecard that keeps each rater")
    func panel() throws {
        let plan = try miniPlan()
        let ann = try submission(
            miniLine(#""a1": 5, "r1": {"value": 4, "note": "Warm stories"}"#, rater: "Ann"), plan: plan)
        let bo = try submission(miniLine(#""a1": 3, "r1": 1"#, rater: "Bo"), plan: plan, source: "t.jsonl:2")
        let card = Scorer(plan: plan).score([ann, bo])
        #expect(card.explanation.first { $0.itemID == "a1" }?.answer == .number(4))
        #expect(card.raters == ["Ann", "Bo"])
        #expect(
            card.ratings == [
                RaterRating(rater: "Ann", itemID: "r1", value: 4, notes: ["Warm stories"]),
                RaterRating(rater: "Bo", itemID: "r1", value: 1, notes: []),
            ])
        #expect(card.knockouts == ["No love (rated by Bo)"])
        #expect(card.sources == ["t.jsonl:1", "t.jsonl:2"])
    }

    /// Summary rows rank by overall, highest first, unscored last.
    @Test("the summary ranks candidates by overall score")
    func summaryRanking() throws {
        let plan = try miniPlan()
        let scorer = Scorer(plan: plan)
        let low = scorer.score([
            try submission(miniLine(#""a1": 1, "a2": 5, "a3": 1, "a4": 1"#, candidate: "low"), plan: plan)
        ])
        let high = scorer.score([try submission(miniLine(Self.full, candidate: "high"), plan: plan)])
        let none = scorer.score([try submission(miniLine("", candidate: "none"), plan: plan)])
        let bytes = SummaryTable.csv([none, low, high], plan: plan)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "a UTF-8 byte-order mark, so Excel reads UTF-8")
        let csv = String(decoding: bytes.dropFirst(3), as: UTF8.self).split(separator: "\n")
        let names = plan.rubric.dimensions.map(\.name).joined(separator: ",")
        #expect(
            csv[0]
                == "Rank,Candidate ID,Name,Email,Role,Overall,Percentile,Label,Decision,\(names),Knockouts,Flags,Raters,Sources"
        )
        #expect(csv[1].hasPrefix("1,high,Ana Q,,,71.1,,Mid,hold,65.0,83.3,"))
        #expect(csv[2].hasPrefix("2,low,"))
        #expect(csv[3].hasPrefix("3,none,Ana Q,,,,,Insufficient answers,insufficient,"))
    }

    @Test("summary text a spreadsheet would run as a formula is kept as text")
    func summaryFormulaSafe() throws {
        #expect(SummaryTable.spreadsheetSafe("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")")
        #expect(SummaryTable.spreadsheetSafe("+1") == "'+1" && SummaryTable.spreadsheetSafe("@a") == "'@a")
        #expect(SummaryTable.spreadsheetSafe("-2") == "'-2" && SummaryTable.spreadsheetSafe("Léa") == "Léa")
    }
}

@Suite("Attention checks")
struct AttentionCheckTests {
    /// An attention item ("answer yes here") is a condition a careful answer meets.
    @Test("a missed attention check is flagged, a met one is not")
    func attention() throws {
        let questionnaire = try miniPlan().questionnaire
        let text =
            #"{"format": "dazzle.rubric/1", "id": "r", "questionnaire": "mini", "dimensions": [{"id": "d", "name": "D", "items": ["a1", "a2", "a3"]}], "bands": [{"from": 0, "to": 100, "label": "All", "decision": "go"}], "unscored": ["a4", "c1", "y1", "n1", "r1", "sd1", "sd2"], "validity": {"attention": [{"item": "y1", "equals": true}]}}"#
        let result = RubricLoader.load(Array(text.utf8), file: "r.json", for: questionnaire)
        let rubric = try #require(result.rubric, "\(result.diagnostics)")
        let plan = ScoringPlan(questionnaire: questionnaire, rubric: rubric)
        let missed = Scorer(plan: plan).score([try submission(miniLine(#""a1": 3, "y1": false"#), plan: plan)])
        #expect(
            missed.flags.map(\.message) == [
                "Missed 1 of 1 attention checks ('y1'): the instructions in those statements were not followed."
            ])
        let met = Scorer(plan: plan).score([try submission(miniLine(#""a1": 3, "y1": true"#), plan: plan)])
        #expect(met.flags.isEmpty)
    }
}

@Suite("Scorecard writing")
struct ScoreCardWritingTests {
    /// The fast writer reuses prepared fragments; it must write exactly what the plain one does.
    @Test("the scorer's cached writer and the plain writer give the same bytes")
    func sameBytes() throws {
        let plan = try miniPlan()
        let scorer = Scorer(plan: plan)
        let card = scorer.score([try submission(miniLine(ScorerTests.full), plan: plan)])
        var fast = JSONWriter()
        scorer.write(card, to: &fast)
        var plain = JSONWriter()
        card.write(to: &plain)
        #expect(fast.bytes == plain.bytes)
        #expect(
            String(decoding: fast.bytes, as: UTF8.self).contains(
                #"{"item":"a1","dimension":"A","answer":5,"score":1,"weight":1,"contribution":13.3333}"#))
    }
}
