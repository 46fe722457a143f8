import DazzleJSON
import Foundation
import QuestionnaireEngine
import Testing

@testable import Scoring
@testable import Submissions

/// Missing-answer codes (`NA` from R, `-99` from SPSS): read like an answer left out, in CSV and
/// JSON, by the file readers and by the stream scorer.
@Suite("Missing-answer codes")
struct MissingCodesTests {
    static let header = "candidate_id,name,a1,a2,a3,a4,n1"

    func plan(codes: [String]?) throws -> ScoringPlan {
        let base = try miniPlan()
        return ScoringPlan(questionnaire: base.questionnaire, rubric: base.rubric, missingCodes: codes)
    }

    func csvAnswers(_ row: String, plan: ScoringPlan) throws -> Result<Submission, Rejection> {
        let text = Self.header + "\n" + row + "\n"
        let batch = try CSVSubmissionReader(plan: plan).read(Array(text.utf8), file: "r.csv")
        return try #require(batch.results.first)
    }

    @Test("an R export's NA cell is an unanswered item, the same as a blank cell")
    func csvNA() throws {
        let plan = try plan(codes: ["NA"])
        let coded = try csvAnswers("c1,Ana,4,NA,5,3,NA", plan: plan).get()
        let blank = try csvAnswers("c1,Ana,4,,5,3,", plan: plan).get()
        #expect(coded.answers == blank.answers)
        #expect(coded.answers[plan.slots["a2"]!] == nil && coded.answers[plan.slots["a1"]!] != nil)
    }

    @Test("without codes, NA is refused with the reason and what to do")
    func csvNAWithoutCodes() throws {
        let plan = try plan(codes: nil)
        guard case .failure(let rejection) = try csvAnswers("c1,Ana,4,NA,5,3,2", plan: plan) else {
            Issue.record("NA was accepted without missing codes")
            return
        }
        #expect(rejection.description.hasPrefix("r.csv:2:"), "\(rejection)")
        #expect(rejection.description.contains("a2"), "\(rejection)")
    }

    @Test("an SPSS code -99 in JSON (number or text, -99.0 too) is an answer left out")
    func jsonCode() throws {
        let plan = try plan(codes: ["-99"])
        let coded = try submission(miniLine(#""a1": 4, "a2": -99, "a3": "-99", "a4": -99.0, "n1": 2"#), plan: plan)
        let omitted = try submission(miniLine(#""a1": 4, "n1": 2"#), plan: plan)
        #expect(coded.answers == omitted.answers)
    }

    @Test("a code is not a missing answer where it is a real one: 5 stays 5 when the codes are NA and 99")
    func realAnswersStay() throws {
        let plan = try plan(codes: ["NA", "99"])
        let kept = try submission(miniLine(#""a1": 5, "n1": 9"#), plan: plan)
        #expect(kept.answers[plan.slots["a1"]!] != nil && kept.answers[plan.slots["n1"]!] != nil)
    }

    @Test("the stream scorer writes for coded lines exactly what the general way writes")
    func streamMatchesGeneral() throws {
        let plan = try plan(codes: ["-99", "NA"])
        var scorer = LineScorer(plan: plan, sourceLabel: "stdin")
        let line = miniLine(#""a1": 5, "a2": -99, "a3": 4, "a4": "NA", "n1": 3"#)
        var writer = JSONWriter()
        let rejection = line.withUnsafeBufferPointer { scorer.score($0, lineNumber: 1, to: &writer) }
        #expect(rejection == nil)
        let general = Scorer(plan: plan)
        var expected = JSONWriter()
        general.write(general.score([try submission(line, plan: plan, source: "stdin:1")]), to: &expected)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == String(decoding: expected.bytes, as: UTF8.self))
        #expect(String(decoding: writer.bytes, as: UTF8.self).contains(#""answered":2"#))
    }

    @Test("the question set's missingCodes apply unless --missing replaces them; codes are trimmed")
    func questionnaireCodes() throws {
        var text = String(decoding: try fixture("mini.json"), as: UTF8.self)
        text = text.replacingOccurrences(
            of: #""audience": "candidate","#, with: #""audience": "candidate", "missingCodes": [" NA "],"#)
        let loaded = QuestionnaireLoader.load(Array(text.utf8), file: "mini.json")
        let questionnaire = try #require(loaded.questionnaire, "\(loaded.diagnostics)")
        #expect(questionnaire.missingCodes == ["NA"])
        let rubric = try miniPlan().rubric
        #expect(ScoringPlan(questionnaire: questionnaire, rubric: rubric).layout.missingCodes.contains(text: "NA"))
        let replaced = ScoringPlan(questionnaire: questionnaire, rubric: rubric, missingCodes: ["-99"])
        #expect(
            !replaced.layout.missingCodes.contains(text: "NA") && replaced.layout.missingCodes.contains(number: -99))
    }
}
