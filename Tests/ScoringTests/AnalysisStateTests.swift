import DazzleJSON
import Foundation
import QuestionnaireEngine
import Testing

@testable import Analytics
@testable import Scoring
@testable import Submissions

/// A batch scored in parts and merged (`score - --state`, `summary merge`) against the same batch
/// scored at once: the summary must be the same, byte for byte.
@Suite("Analysis state")
struct AnalysisStateTests {
    /// 120 inventory forms: levels vary by person, reversed items answered as keyed, every
    /// seventh person skips a statement (so listwise and pairwise differ), women answer `joy-2`
    /// lower (DIF), ages spread over the rubric's bands, every thirteenth form too fast.
    func inputs(_ plan: ScoringPlan, count: Int = 120) -> [Result<Submission, Rejection>] {
        var random = SeededGenerator(seed: 11)
        let decoder = SubmissionDecoder(plan: plan)
        return (0..<count).map { index in
            let woman = index % 2 == 0
            let level = Double(random.next(below: 1000)) / 1000
            var answers: [String] = []
            for (position, item) in plan.items.enumerated() {
                guard case .likert(_, let reverse) = item.kind else { continue }
                if index % 7 == 3 && position == index % plan.items.count { continue }
                var point = 1 + 4 * level + Double(random.next(below: 200) - 100) / 100
                if item.id == "joy-2" && woman { point -= 2 }
                let clamped = min(max(point.rounded(), 1), 5)
                answers.append("\"\(item.id)\": \(Int(reverse ? 6 - clamped : clamped))")
            }
            let line =
                #"{"format": "dazzle.submission/1", "questionnaire": "\#(plan.questionnaire.id)", "version": "\#(plan.questionnaire.version)", "seconds": \#(index % 13 == 0 ? 60 : 900), "candidate": {"id": "p\#(index)", "name": "P\#(index)", "demographics": {"gender": "\#(woman ? "woman" : "man")", "age band": "\#(index % 3 == 0 ? "40 and over" : "under 40")"}}, "answers": {\#(answers.joined(separator: ", "))}}"#
            return decoder.decode(Array(line.utf8), source: "b:\(index + 1)")
        }
    }

    func summary(_ outcome: BatchScorer.Outcome, plan: ScoringPlan, analysis: BatchAnalysis? = nil) -> [UInt8] {
        var writer = JSONWriter()
        (analysis ?? BatchAnalysis.analyse(outcome, plan: plan)).write(to: &writer, outcome: outcome, plan: plan)
        return writer.bytes
    }

    /// A state written as a part's lines and read back.
    func roundTrip(_ state: AnalysisState, plan: ScoringPlan) throws -> AnalysisState {
        var writer = JSONWriter()
        state.write(plan: plan, to: &writer)
        return try AnalysisState.read(writer.bytes, file: "part.jsonl", plan: plan).state
    }

    @Test(
        "a batch cut into parts, written, read back and merged in another order has the one-run summary, byte for byte")
    func mergedEqualsOneRun() throws {
        let plan = try inventoryPlan()
        let all = inputs(plan)
        let whole = BatchScorer.score(all, plan: plan)
        // Parts that interleave (every third form), merged last part first.
        let parts = (0..<3).map { part in
            BatchScorer.score(all.enumerated().filter { $0.offset % 3 == part }.map(\.element), plan: plan)
        }
        var merged = AnalysisState()
        for part in parts.reversed() { try merged.merge(try roundTrip(AnalysisState(part, plan: plan), plan: plan)) }
        #expect(merged.parts == 3 && merged.members.count == 120 && merged.read == 120)
        let expected = summary(whole, plan: plan)
        let actual = summary(merged.outcome(plan: plan), plan: plan)
        #expect(String(decoding: actual, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        // The figures this test is about are really there.
        let object = try #require(try JSONReader().read(expected).objectValue)
        #expect(object["dif"]?.objectValue?["items"]?.arrayValue?.isEmpty == false)
        #expect(object["structure"]?.objectValue?["omega"]?.objectValue != nil)
    }

    @Test("the item table taken while scoring equals the one read back from the scorecards, and so do the analyses")
    func itemTableFastPath() throws {
        let plan = try inventoryPlan()
        // Enough candidates for scoring to share them out to two threads.
        let outcome = BatchScorer.score(inputs(plan, count: 600), plan: plan)
        let gathered = try #require(outcome.items)
        let readBack = ItemTable(outcome.scorecards, keys: plan.keyCount)
        #expect(gathered.rows == 600 && readBack.rows == 600)
        // NaN marks an unanswered item; compare bit patterns so NaN equals NaN.
        func scores(_ table: ItemTable) -> [Double] {
            (0..<table.rows).flatMap { row in (0..<table.keys).map { table.score(row: row, column: $0) } }
        }
        #expect(scores(gathered).map(\.bitPattern) == scores(readBack).map(\.bitPattern))
        #expect(scores(gathered).contains { $0.isNaN }, "some statements were skipped")
        #expect(gathered.answers.byColumn == readBack.answers.byColumn)
        var general = outcome
        general.items = nil
        #expect(summary(outcome, plan: plan) == summary(general, plan: plan))
    }

    @Test("demographics travel in the state and items at full precision, where a scorecard rounds to 4 places")
    func stateKeepsWhatScorecardsDoNot() throws {
        let plan = try inventoryPlan()
        let outcome = BatchScorer.score(Array(inputs(plan).prefix(5)), plan: plan)
        var writer = JSONWriter()
        AnalysisState(outcome, plan: plan).write(plan: plan, to: &writer)
        let text = String(decoding: writer.bytes, as: UTF8.self)
        #expect(text.contains(#""demographics":{"age band":"40 and over","gender":"woman"}"#))
        let back = try roundTrip(AnalysisState(outcome, plan: plan), plan: plan)
        #expect(back.members.map(\.card.explanation) == outcome.scorecards.map(\.explanation))
        #expect(back.members.map(\.card.dimensions) == outcome.scorecards.map(\.dimensions))
        #expect(back.members.map(\.card.flags) == outcome.scorecards.map(\.flags))
    }

    @Test("a part scored by another rubric is refused, naming both")
    func otherRubricRefused() throws {
        let plan = try inventoryPlan()
        let other = ScoringPlan(
            questionnaire: plan.questionnaire, rubric: plan.rubric, missingCodes: nil, rubricHash: "sha256:0123456789ab"
        )
        var writer = JSONWriter()
        AnalysisState(BatchScorer.score(Array(inputs(other).prefix(3)), plan: other), plan: other)
            .write(plan: other, to: &writer)
        #expect {
            try AnalysisState.read(writer.bytes, file: "part-00002", plan: plan)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("part-00002:4: error: the parts were scored with different rubrics")
                && text.contains("sha256:01234567") && text.contains(String((plan.rubricHash ?? "unhashed").prefix(15)))
        }
    }

    @Test("a part whose closing line is missing is refused as cut short")
    func cutShortRefused() throws {
        let plan = try inventoryPlan()
        var writer = JSONWriter()
        AnalysisState(BatchScorer.score(Array(inputs(plan).prefix(4)), plan: plan), plan: plan)
            .write(plan: plan, to: &writer)
        var lines = String(decoding: writer.bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        // Two parts' lines in one file, the second without its closing line.
        lines += lines.dropLast()
        #expect {
            try AnalysisState.read(Array((lines.joined(separator: "\n") + "\n").utf8), file: "p", plan: plan)
        } throws: { error in
            "\(error)".contains("its part counts 4 candidates and 0 rejections, but 8 and 0 lines are here")
        }
    }

    @Test("scorecards and rejection records among the state lines are skipped and counted")
    func otherLinesSkipped() throws {
        let plan = try inventoryPlan()
        var writer = JSONWriter()
        let scorer = Scorer(plan: plan)
        let outcome = BatchScorer.score(Array(inputs(plan).prefix(2)), plan: plan)
        for card in outcome.scorecards {
            scorer.write(card, to: &writer)
            writer.endLine()
        }
        Rejection(source: "stdin:9", reason: "not valid JSON").writeRecord(line: 9, to: &writer)
        writer.endLine()
        AnalysisState(outcome, plan: plan).write(plan: plan, to: &writer)
        let read = try AnalysisState.read(writer.bytes, file: "part-00000", plan: plan)
        #expect(read.otherLines == 3 && read.state.members.count == 2)
    }

    @Test("a state line of a format version this Dazzle does not know is refused")
    func unknownVersionRefused() throws {
        let plan = try inventoryPlan()
        let line = #"{"format":"dazzle.analysis-state/2","part":{}}"# + "\n"
        #expect {
            try AnalysisState.read(Array(line.utf8), file: "s.jsonl", plan: plan)
        } throws: { error in
            "\(error)".contains("s.jsonl:1: error: a state line of format 'dazzle.analysis-state/2'")
        }
    }

    @Test("the analysis reads candidates in order of id, so the order a batch arrives in changes no figure")
    func orderDoesNotMatter() throws {
        let plan = try inventoryPlan()
        let all = inputs(plan)
        let forward = BatchScorer.score(all, plan: plan)
        let backward = BatchScorer.score(all.reversed(), plan: plan)
        let forwardAnalysis = BatchAnalysis.analyse(forward, plan: plan)
        let backwardAnalysis = BatchAnalysis.analyse(backward, plan: plan)
        #expect(
            summary(forward, plan: plan, analysis: forwardAnalysis)
                == summary(backward, plan: plan, analysis: backwardAnalysis))
        // Standings stay with their own scorecards.
        let byID = Dictionary(
            uniqueKeysWithValues: forward.scorecards.map {
                ($0.candidateID, forwardAnalysis.standings.standing(of: $0.overall))
            })
        for card in backward.scorecards {
            #expect(backwardAnalysis.standings.standing(of: card.overall) == byID[card.candidateID] ?? nil)
        }
    }
}
