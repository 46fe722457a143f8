import DazzleJSON
import Foundation
import Testing

/// A panel as its interviewers run it: each interviews into the shared folder, then
/// `panel status`, `score --raters`, `decide` and `report` read it.
@Suite("Panels, seals and decisions end to end")
struct PanelCommandTests {
    /// The 16 ratings of the shipped interview (3s), then the review's 0 to finish.
    static let finished = Array(repeating: "3", count: 16) + ["0"]

    func interview(_ folder: TemporaryFolder, candidate: String, rater: String, answers: [String]) throws {
        let script = "\(rater)-\(candidate).txt".replacingOccurrences(of: " ", with: "-")
        try folder.write(script, Array((answers.joined(separator: "\n") + "\n").utf8))
        let result = try runBinary(
            [
                "interview", "human-being-lovers-interview", "--candidate", candidate, "--rater", rater, "--out",
                "panel",
            ],
            in: folder.url, stdin: script)
        #expect(result.status == 0, "\(result.standardError)")
    }

    /// Maya: both raters finished. Tom: Jo paused after 3 questions, Sam finished.
    func panel() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try interview(folder, candidate: "Maya Ortiz", rater: "Jo Park", answers: Self.finished)
        try interview(folder, candidate: "Maya Ortiz", rater: "Sam Lee", answers: Self.finished)
        try interview(folder, candidate: "Tom Becker", rater: "Jo Park", answers: ["3", "3", "3", ":pause"])
        try interview(folder, candidate: "Tom Becker", rater: "Sam Lee", answers: Self.finished)
        return folder
    }

    @Test("a finished interview's submission is sealed, and the journal records the same seal")
    func sealed() throws {
        let folder = try panel()
        let submission = try String(
            contentsOf: folder.url.appendingPathComponent(
                "panel/maya-ortiz.jo-park.human-being-lovers-interview.submission.json"),
            encoding: .utf8)
        let seal = try #require(submission.firstMatch(of: /"seal":"(sha256:[0-9a-f]{64})"/)?.1)
        let journal = try String(
            contentsOf: folder.url.appendingPathComponent(
                "panel/maya-ortiz.jo-park.human-being-lovers-interview.journal.jsonl"),
            encoding: .utf8)
        #expect(journal.hasSuffix(#"{"event":"seal","submission":"\#(seal)"}"# + "\n"))
    }

    @Test("panel status: who has sealed, who is open; exit 2 while a panel is provisional")
    func status() throws {
        let folder = try panel()
        let result = try runBinary(["panel", "status", "panel"], in: folder.url)
        #expect(result.status == 2, "\(result.standardError)")
        #expect(result.standardOutput.contains("human-being-lovers-interview: 2 candidates, 1 complete, 1 provisional"))
        #expect(result.standardOutput.contains("Maya Ortiz (maya-ortiz): complete: 2 of 2 raters sealed"))
        #expect(
            result.standardOutput.contains(
                "Tom Becker (tom-becker): provisional: 1 of 2 raters sealed; still open: Jo Park (3 of 16 answered)"))
        let expected = try runBinary(
            ["panel", "status", "panel", "--raters", "Jo Park,Sam Lee,Ana Diaz"], in: folder.url)
        #expect(
            expected.standardOutput.contains(
                "Maya Ortiz (maya-ortiz): provisional: 2 of 3 raters sealed; no ratings yet: Ana Diaz"))
        #expect(expected.standardOutput.contains("  Ana Diaz  not started"))
    }

    @Test("an edited sealed submission and an edited journal are each found and named; exit 1")
    func tampering() throws {
        let folder = try panel()
        let submission = folder.url.appendingPathComponent(
            "panel/maya-ortiz.sam-lee.human-being-lovers-interview.submission.json")
        var text = try String(contentsOf: submission, encoding: .utf8)
        text = text.replacingOccurrences(of: #""joy-of-serving":3"#, with: #""joy-of-serving":4"#)
        try Data(text.utf8).write(to: submission)
        let journal = folder.url.appendingPathComponent(
            "panel/maya-ortiz.jo-park.human-being-lovers-interview.journal.jsonl")
        var lines = try String(contentsOf: journal, encoding: .utf8)
        let first = try #require(lines.range(of: #""item":"joy-of-serving","value":3"#))
        lines.replaceSubrange(first, with: #""item":"joy-of-serving","value":2"#)
        try Data(lines.utf8).write(to: journal)
        let result = try runBinary(["panel", "status", "panel"], in: folder.url)
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("Jo Park  CHANGED AFTER SEALING: the journal was edited after sealing"))
        #expect(
            result.standardOutput.contains("Sam Lee  CHANGED AFTER SEALING: the submission was edited after sealing"))
        // And the edited submission is not scored.
        let scored = try runBinary(["score", "panel"], in: folder.url)
        #expect(scored.standardError.contains("was changed after it was sealed by Sam Lee"))
    }

    @Test("score --raters marks an incomplete panel provisional in the scorecard and the report")
    func provisional() throws {
        let folder = try panel()
        let result = try runBinary(
            [
                "score", "panel", "--raters", "Jo Park,Sam Lee", "--out", "results", "--report", "html",
                "--candidate-reports", "all",
            ], in: folder.url)
        #expect(result.status == 0, "\(result.standardError)")
        let cards = try String(
            contentsOf: folder.url.appendingPathComponent("results/scorecards.jsonl"), encoding: .utf8)
        let tom = try #require(cards.split(separator: "\n").first { $0.contains(#""id":"tom-becker""#) })
        #expect(tom.contains(#""provisional":"Provisional: 1 of 2 raters sealed; no ratings yet: Jo Park.""#))
        let maya = try #require(cards.split(separator: "\n").first { $0.contains(#""id":"maya-ortiz""#) })
        #expect(!maya.contains("provisional"))
        let page = try String(
            contentsOf: folder.url.appendingPathComponent("results/candidates/tom-becker.html"), encoding: .utf8)
        #expect(page.contains("Provisional: 1 of 2 raters sealed; no ratings yet: Jo Park. The decision may change"))
    }

    @Test(
        "decide: the override is logged with its reason and shown beside the rubric's decision; a changed log is refused"
    )
    func decide() throws {
        let folder = try panel()
        _ = try runBinary(["score", "panel", "--out", "results"], in: folder.url)
        let decided = try runBinary(
            [
                "decide", "results", "Maya Ortiz", "--decision", "advance", "--reason", "Warm with every customer.",
                "--by", "Ana Diaz",
            ], in: folder.url)
        #expect(decided.status == 0, "\(decided.standardError)")
        #expect(
            decided.standardOutput.contains(
                "Recorded for Maya Ortiz (maya-ortiz): advance, overriding the rubric's hold, by Ana Diaz."))
        let log = try String(contentsOf: folder.url.appendingPathComponent("results/decisions.jsonl"), encoding: .utf8)
        #expect(
            log.contains(
                #""candidate":"maya-ortiz","questionnaire":"human-being-lovers-interview","rubricDecision":"hold","decision":"advance","override":true,"reason":"Warm with every customer.","by":"Ana Diaz""#
            ))
        let audit = try String(contentsOf: folder.url.appendingPathComponent("results/audit.jsonl"), encoding: .utf8)
        #expect(
            audit.contains(#""command":["decide","results","maya-ortiz""#) && !audit.contains("Warm with every"),
            "the audit log holds no reason")
        let report = try runBinary(["report", "results/scorecards.jsonl", "--out", "reports"], in: folder.url)
        #expect(report.status == 0, "\(report.standardError)")
        let page = try String(contentsOf: folder.url.appendingPathComponent("reports/maya-ortiz.html"), encoding: .utf8)
        #expect(
            page.contains(
                #"Human decision: <span class="decision">advance</span> (rubric: <span class="decision">hold</span>)</strong> by Ana Diaz on "#
            ))
        #expect(page.contains("Reason: Warm with every customer."))
        // Edited: no decision from it is shown, and the report says why.
        try Data(log.replacingOccurrences(of: "Warm with every customer.", with: "Edited.").utf8).write(
            to: folder.url.appendingPathComponent("results/decisions.jsonl"))
        let refused = try runBinary(["report", "results/scorecards.jsonl", "--out", "reports2"], in: folder.url)
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("event 1 was edited"))
        #expect(refused.standardError.contains("The decisions log was changed, so no decision from it is shown"))
    }

    /// Every question rated 3 in order, in seconds, with no probe and no note: 5 of 8 met.
    @Test("each interview's structure score travels from the submission to the candidate and batch reports")
    func structure() throws {
        let folder = try panel()
        let submission = try String(
            contentsOf: folder.url.appendingPathComponent(
                "panel/maya-ortiz.jo-park.human-being-lovers-interview.submission.json"),
            encoding: .utf8)
        #expect(
            submission.contains(
                #""structure":{"met":5,"of":8,"notMet":["Probes used","Notes taken","Time per question"]}"#))
        _ = try runBinary(
            ["score", "panel", "--out", "results", "--report", "html", "--candidate-reports", "all"], in: folder.url)
        let page = try String(
            contentsOf: folder.url.appendingPathComponent("results/candidates/maya-ortiz.html"), encoding: .utf8)
        #expect(
            page.contains("<li>Jo Park: structure 5 of 8; not met: Probes used, Notes taken, Time per question.</li>"))
        let batch = try String(contentsOf: folder.url.appendingPathComponent("results/report.html"), encoding: .utf8)
        // Jo Park: Maya's finished interview only (Tom's is open, so never scored): 5 of 8.
        #expect(batch.contains(#"<tr><td>Jo Park</td><td class="num">1</td><td class="num">5 of 8 (63%)</td>"#))
        #expect(batch.contains(#"<tr><td>Sam Lee</td><td class="num">2</td><td class="num">10 of 16 (63%)</td>"#))
    }

    @Test("decide names a candidate it cannot find, and asks for an id when a name is shared")
    func decideErrors() throws {
        let folder = try panel()
        _ = try runBinary(["score", "panel", "--out", "results"], in: folder.url)
        let missing = try runBinary(
            ["decide", "results", "Maya Ortis", "--decision", "advance", "--reason", "r", "--by", "b"], in: folder.url)
        #expect(missing.status == 1)
        #expect(
            missing.standardError.contains("No candidate 'Maya Ortis' among 2 scorecards. Did you mean 'Maya Ortiz'?"))
        let noReason = try runBinary(
            ["decide", "results", "maya-ortiz", "--decision", "advance", "--by", "b"], in: folder.url)
        #expect(noReason.status == 64)
        #expect(noReason.standardError.contains("Missing '--reason'"))
    }
}
