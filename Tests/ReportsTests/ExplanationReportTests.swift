import Analytics
import Reports
import Scoring
import Testing

/// The candidate's explanation shows only their own data.
@Suite("Candidate explanation")
struct ExplanationTests {
    @Test("by default: no other candidate, no rater's name or note, no percentile")
    func onlyTheirOwn() throws {
        let plan = try interviewPlan()
        var outcome = sampleOutcome(plan)
        let analysis = BatchAnalysis.analyse(outcome, plan: plan)
        analysis.annotate(&outcome.scorecards)
        let card = try #require(outcome.scorecards.first { $0.candidateID == "c1" })
        let html = String(
            decoding: try ReportRenderer().render(
                .explanation, format: .html,
                model: ExplanationReport.model(
                    card, plan: plan, context: ReportContext(date: "2026-11-25", dazzleVersion: "t"))),
            as: UTF8.self)
        for absent in ["Sam Lee", "Ana Ruiz", "percentile", "Plain note.", "rm -rf", "O&#39;Brien", "مرحبا"] {
            #expect(!html.contains(absent), "\(absent)")
        }
        #expect(html.contains("Not yet. The result above comes from the rules alone"))
        #expect(html.contains("reply to the message that brought you this explanation"))
    }
}
