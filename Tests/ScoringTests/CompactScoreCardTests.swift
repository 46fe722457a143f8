import DazzleJSON
import QuestionnaireEngine
import Testing

@testable import Scoring
@testable import Submissions

/// `--explain compact|none`: smaller scorecards that keep every number a report needs.
@Suite("Compact scorecards")
struct CompactScoreCardTests {
    let answers = #""a1": 5, "a2": 1, "a3": 4, "a4": 5, "n1": 3, "r1": 4, "sd1": 5, "sd2": 1"#

    func written(_ card: ScoreCard, plan: ScoringPlan, _ detail: ExplanationDetail) -> [UInt8] {
        var writer = JSONWriter()
        Scorer(plan: plan, explanation: detail).write(card, to: &writer)
        return writer.bytes
    }

    @Test("compact writes [answer, score, points] per key in the rubric's order and reads back to the full explanation")
    func roundTrip() throws {
        let plan = try miniPlan()
        let card = Scorer(plan: plan).score([try submission(miniLine(answers), plan: plan)])
        let full = try ScoreCard.read(try JSONReader().read(written(card, plan: plan, .full)), source: "full")
        let compactBytes = written(card, plan: plan, .compact)
        let text = String(decoding: compactBytes, as: UTF8.self)
        #expect(text.contains(#""explanation":[[5,1,"#) && !text.contains(#""explanation":[{"#))
        var compact = try ScoreCard.read(try JSONReader().read(compactBytes), source: "compact")
        #expect(compact.explanation.isEmpty && compact.compactExplanation != nil)
        compact.expandExplanation(with: plan)
        #expect(compact.explanation == full.explanation)
        #expect(compact.explanation.count == card.explanation.count)
        #expect(compactBytes.count < written(card, plan: plan, .full).count)
    }

    @Test("none leaves the explanation out and keeps every score")
    func none() throws {
        let plan = try miniPlan()
        let card = Scorer(plan: plan).score([try submission(miniLine(answers), plan: plan)])
        let read = try ScoreCard.read(try JSONReader().read(written(card, plan: plan, .none)), source: "none")
        #expect(!String(decoding: written(card, plan: plan, .none), as: UTF8.self).contains("explanation"))
        #expect(read.explanation.isEmpty && read.overall == card.overall && read.dimensions == card.dimensions)
    }

    @Test("the stream's fast way writes exactly what the general way writes, compact too")
    func fastPathCompact() throws {
        let plan = try miniPlan()
        var lines = LineScorer(plan: plan, sourceLabel: "stdin", explanation: .compact)
        let line = miniLine(answers)
        var fast = JSONWriter()
        let rejection = line.withUnsafeBufferPointer { lines.score($0, lineNumber: 3, to: &fast) }
        #expect(rejection == nil && lines.fastLines == 1)
        let general = Scorer(plan: plan, explanation: .compact)
        var slow = JSONWriter()
        general.write(general.score([try submission(line, plan: plan, source: "stdin:3")]), to: &slow)
        #expect(String(decoding: fast.bytes, as: UTF8.self) == String(decoding: slow.bytes, as: UTF8.self))
    }

    @Test("compact arrays that do not fit the plan are left as they are")
    func mismatch() throws {
        let plan = try miniPlan()
        var card = Scorer(plan: plan).score([try submission(miniLine(answers), plan: plan)])
        card.explanation = []
        card.compactExplanation = CompactExplanation(answers: [nil], scores: [nil], points: [0])
        card.expandExplanation(with: plan)
        #expect(card.explanation.isEmpty && card.compactExplanation != nil)
    }
}
