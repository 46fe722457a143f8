import Foundation
import Testing

/// `dazzle form`, run as a user runs it. The page itself is checked in Chromium by
/// scripts/check-form, which also wrote the fixture: a file the pre-screen form saved.
@Suite("dazzle form")
struct FormCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")

    @Test("--out writes the form and says how to send it and how to score what comes back")
    func writesForm() throws {
        let folder = try TemporaryFolder()
        let result = try runBinary(
            ["form", "pre-screen", "--out", "pre.html", "--send-to", "jobs@example.org"], in: folder.url)
        #expect(result.status == 0, "\(result.standardError)")
        let html = try String(contentsOf: folder.url.appendingPathComponent("pre.html"), encoding: .utf8)
        #expect(html.contains("<title>Pre-screen</title>"))
        #expect(html.contains("<strong>jobs@example.org</strong>"))
        #expect(result.standardOutput.contains("Wrote pre.html"))
        #expect(result.standardOutput.contains("dazzle score FILES... -q pre-screen"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["pre.html"], "nothing else")
    }

    @Test("without --out and not on a terminal the page goes to stdout")
    func toStandardOutput() throws {
        let folder = try TemporaryFolder()
        let result = try runBinary(["form", "recovery-judgment-test"], in: folder.url)
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("<!DOCTYPE html>"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("an interview guide is refused with what to run instead, and nothing is written")
    func interviewRefused() throws {
        let folder = try TemporaryFolder()
        let result = try runBinary(["form", "human-being-lovers-interview", "-o", "x.html"], in: folder.url)
        #expect(result.status == 1)
        #expect(result.standardError.contains("dazzle interview human-being-lovers-interview"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("a misspelt set gets a suggestion; no set at all is a usage error")
    func badSet() throws {
        let folder = try TemporaryFolder()
        let misspelt = try runBinary(["form", "pre-scren"], in: folder.url)
        #expect(misspelt.status == 1)
        #expect(misspelt.standardError.contains("Did you mean 'pre-screen'?"))
        let missing = try runBinary(["form"], in: folder.url)
        #expect(missing.status == 64)
        #expect(missing.standardError.contains("Missing expected argument '<set>'"))
    }

    @Test("a file the form saved scores unchanged, its voluntary fields kept for adverse-impact statistics")
    func savedFileScores() throws {
        let folder = try TemporaryFolder()
        let saved = try Data(contentsOf: Self.fixtures.appendingPathComponent("pre-screen-form-submission.json"))
        try folder.write("answers.json", Array(saved))
        let result = try runBinary(["score", "answers.json", "-q", "pre-screen", "--out", "out"], in: folder.url)
        #expect(result.status == 0, "\(result.standardError)")
        let card = try String(contentsOf: folder.url.appendingPathComponent("out/scorecards.jsonl"), encoding: .utf8)
        #expect(card.contains(#""candidate":{"id":"zoe.okafor@example.org","name":"Zoë Okafor-Lind""#))
        #expect(card.contains(#""seconds":3"#))
        let summary = try String(contentsOf: folder.url.appendingPathComponent("out/summary.json"), encoding: .utf8)
        #expect(summary.contains(#""nonbinary","count":1"#), "the voluntary answer reaches the adverse-impact table")
        #expect(!card.contains("nonbinary"), "and never the scorecard")
    }

    @Test("the same file with another text's hash is rejected, naming both versions")
    func otherVersionRejected() throws {
        let folder = try TemporaryFolder()
        var text = try String(
            contentsOf: Self.fixtures.appendingPathComponent("pre-screen-form-submission.json"), encoding: .utf8)
        let hash = try #require(text.firstRange(of: /sha256:[0-9a-f]{64}/))
        text.replaceSubrange(hash, with: "sha256:" + String(repeating: "0", count: 64))
        try folder.write("answers.json", Array(text.utf8))
        let result = try runBinary(["score", "answers.json", "-q", "pre-screen"], in: folder.url)
        #expect(result.status == 1 || result.status == 2)
        #expect(result.standardError.contains("made from another version of 'pre-screen': both say version 1.0.0"))
        #expect(result.standardError.contains("form sha256:00000000"))
    }
}
