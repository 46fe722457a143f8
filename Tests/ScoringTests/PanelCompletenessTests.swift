import QuestionnaireEngine
import Testing

@testable import Scoring
@testable import Submissions

@Suite("Panel completeness")
struct PanelCompletenessTests {
    @Test("a panel is complete when every expected rater has sealed; the summary names who has not")
    func summary() {
        let complete = PanelCompleteness(expected: ["Jo", "Sam"], found: ["Jo": .sealed, "Sam": .sealed])
        #expect(complete.isComplete && complete.summary == "2 of 2 raters sealed")
        let partial = PanelCompleteness(
            expected: ["Jo", "Sam", "Ana"], found: ["Jo": .sealed, "Sam": .open(answered: 9, questions: 16)])
        #expect(!partial.isComplete)
        #expect(partial.summary == "1 of 3 raters sealed; still open: Sam (9 of 16 answered); no ratings yet: Ana")
        let changed = PanelCompleteness(
            expected: ["Jo"], found: ["Jo": .changed("its content differs"), "Lee": .unsealed])
        #expect(changed.isChanged && !changed.isComplete)
        #expect(
            changed.summary == "0 of 2 raters sealed; changed after sealing: Jo (its content differs); not sealed: Lee")
    }

    @Test("with expected raters, a panel missing one or with unsealed ratings is marked provisional; forms are not")
    func markProvisional() throws {
        let plan = try miniPlan()
        let decoder = SubmissionDecoder(plan: plan)
        var inputs = [
            decoder.decode(miniLine(#""r1": 4"#, candidate: "c1", rater: "Ann"), source: "a"),
            decoder.decode(miniLine(#""r1": 3"#, candidate: "c1", rater: "Bo"), source: "b"),
            decoder.decode(miniLine(#""r1": 4"#, candidate: "c2", rater: "Ann"), source: "c"),
        ]
        inputs.append(decoder.decode(miniLine(#""a1": 4"#, candidate: "c3"), source: "d"))
        // Sealed as the interview seals: Ann's and Bo's ratings of c1.
        for index in 0..<2 {
            if case .success(var submission) = inputs[index] {
                submission.seal = "sha256:test"
                inputs[index] = .success(submission)
            }
        }
        var outcome = BatchScorer.score(inputs, plan: plan)
        outcome.markProvisional(expectedRaters: ["Ann", "Bo"])
        let byID = Dictionary(uniqueKeysWithValues: outcome.scorecards.map { ($0.candidateID, $0) })
        #expect(byID["c1"]?.provisional == nil)
        #expect(byID["c2"]?.provisional == "Provisional: 0 of 2 raters sealed; not sealed: Ann; no ratings yet: Bo.")
        #expect(byID["c3"]?.provisional == nil, "a self-report form has no panel")
    }
}
