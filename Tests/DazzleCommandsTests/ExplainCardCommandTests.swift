import Foundation
import Testing

/// `dazzle explain` and `dazzle card`, run as a deployer runs them.
@Suite("dazzle explain and dazzle card end to end")
struct ExplainCardCommandTests {
    static let interviews = repositoryRoot.appendingPathComponent("questionnaires/samples/interviews.jsonl").path
    static let inventory = repositoryRoot.appendingPathComponent("questionnaires/samples/inventory.jsonl").path

    @Test("explain: one page per candidate, the person's decision from the folder's log, the contact given")
    func explain() throws {
        let folder = try TemporaryFolder()
        _ = try runBinary(["score", Self.interviews, "--out", "results"], in: folder.url)
        _ = try runBinary(
            [
                "decide", "results", "int-002", "--decision", "hold", "--reason", "Misread the opening question.",
                "--by", "Ana Diaz",
            ],
            in: folder.url)
        let several = try runBinary(["explain", "results/scorecards.jsonl"], in: folder.url)
        #expect(
            several.status == 64
                && several.standardError.contains("name a folder for their explanations with --out DIR"))
        let result = try runBinary(
            ["explain", "results/scorecards.jsonl", "--out", "explained", "--contact", "write to jobs@example.org"],
            in: folder.url)
        #expect(result.status == 0, "\(result.standardError)")
        let page = try String(
            contentsOf: folder.url.appendingPathComponent("explained/tom-becker-int-002.explanation.html"),
            encoding: .utf8)
        #expect(
            page.contains(
                "decided differently from the rules: <strong>hold</strong> instead of reject. Their reason: Misread the opening question."
            ))
        #expect(page.contains("what we hold about you: write to jobs@example.org."))
        #expect(!page.contains("Jo Park") && !page.contains("Sam Lee"), "no interviewer's name")
        let others = try String(
            contentsOf: folder.url.appendingPathComponent("explained/maya-ortiz-int-001.explanation.html"),
            encoding: .utf8)
        #expect(others.contains("Not yet. The result above comes from the rules alone"))
        #expect(!others.contains("Tom Becker"), "never another candidate")
    }

    @Test("card: the same inputs give the same bytes; a summary of another set is refused")
    func card() throws {
        let folder = try TemporaryFolder()
        _ = try runBinary(["score", Self.inventory, "--out", "results"], in: folder.url)
        let first = try runBinary(
            ["card", "service-orientation-inventory", "--summary", "results/summary.json", "--out", "a.html"],
            in: folder.url)
        #expect(first.status == 0, "\(first.standardError)")
        _ = try runBinary(
            ["card", "service-orientation-inventory", "--summary", "results/summary.json", "--out", "b.html"],
            in: folder.url)
        let a = try Data(contentsOf: folder.url.appendingPathComponent("a.html"))
        #expect(a == (try Data(contentsOf: folder.url.appendingPathComponent("b.html"))))
        let html = String(decoding: a, as: UTF8.self)
        #expect(
            html.contains(
                "<td>joy-3</td><td>I would rather work with things than with people.</td><td>likert</td><td>1–5, reverse-keyed</td>"
            ))
        #expect(html.contains("Cronbach's α") && html.contains("below four-fifths"))
        #expect(html.contains("Batch summary: <code>sha256:"))
        let other = try runBinary(["card", "pre-screen", "--summary", "results/summary.json"], in: folder.url)
        #expect(other.status == 1 && other.standardError.contains("the summary is of another question set"))
        let bare = try runBinary(["card", "pre-screen", "-f", "md"], in: folder.url)
        #expect(bare.status == 0 && bare.standardOutput.contains("No batch summary given"))
    }
}

/// `score --explain compact`: smaller scorecards, the same reports.
@Suite("dazzle score --explain end to end")
struct ExplainDetailCommandTests {
    @Test("reports from compact scorecards equal the reports from full ones")
    func compactReports() throws {
        let folder = try TemporaryFolder()
        let input = ExplainCardCommandTests.inventory
        _ = try runBinary(["score", input, "--out", "full"], in: folder.url)
        _ = try runBinary(["score", input, "--out", "compact", "--explain", "compact"], in: folder.url)
        let full = try Data(contentsOf: folder.url.appendingPathComponent("full/scorecards.jsonl"))
        let compact = try Data(contentsOf: folder.url.appendingPathComponent("compact/scorecards.jsonl"))
        #expect(compact.count * 2 < full.count, "\(compact.count) bytes against \(full.count)")
        for name in ["full", "compact"] {
            let result = try runBinary(
                ["report", "\(name)/scorecards.jsonl", "--out", "\(name)-reports", "--date", "2026-11-25"],
                in: folder.url)
            #expect(result.status == 0, "\(result.standardError)")
        }
        let page = "inv-101"
        let files = try FileManager.default.contentsOfDirectory(
            atPath: folder.url.appendingPathComponent("full-reports").path)
        let name = try #require(files.first { $0.contains(page) })
        #expect(
            try Data(contentsOf: folder.url.appendingPathComponent("full-reports/\(name)"))
                == (try Data(contentsOf: folder.url.appendingPathComponent("compact-reports/\(name)"))))
    }
}
