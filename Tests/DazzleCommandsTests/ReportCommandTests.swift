import Foundation
import Testing

@Suite("Reports end to end")
struct ReportCommandTests {
    func samples(_ folder: TemporaryFolder) throws {
        for name in ["interviews.jsonl", "inventory.jsonl", "judgment-export.csv"] {
            try folder.write(
                name, [UInt8](Data(contentsOf: repositoryRoot.appendingPathComponent("questionnaires/samples/\(name)")))
            )
        }
    }

    @Test("demo scores every sample set and writes all three report types")
    func demo() throws {
        let folder = try TemporaryFolder()
        let result = try runBinary(["demo", "--out", "demo", "--date", "2026-11-25"], in: folder.url)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("1     Maya Ortiz"))
        #expect(
            result.standardError.contains("rejected: demo/samples/inventory.jsonl:7: not valid JSON"),
            "the malformed form is rejected, not dropped")
        let files = [
            "human-being-lovers-interview/report.html", "human-being-lovers-interview/report.md",
            "human-being-lovers-interview/comparison-blind.html",
            "human-being-lovers-interview/candidates/maya-ortiz-int-001.html",
            "human-being-lovers-interview/comparison.html", "human-being-lovers-interview/index.html",
            "service-orientation-inventory/candidates/rafael-costa-inv-110.md", "recovery-judgment-test/summary.json",
            "index.html",
        ]
        for file in files {
            #expect(
                FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("demo/\(file)").path),
                "\(file)")
        }
        let tom = try String(
            contentsOf: folder.url.appendingPathComponent(
                "demo/human-being-lovers-interview/candidates/tom-becker-int-002.html"),
            encoding: .utf8)
        #expect(tom.contains("Does not love humans (rated 1 on the opening question)"))
        #expect(tom.contains(#"<a href="../report.html">Batch report</a>"#))
        let index = try String(contentsOf: folder.url.appendingPathComponent("demo/index.html"), encoding: .utf8)
        for set in ["human-being-lovers-interview", "service-orientation-inventory", "recovery-judgment-test"] {
            #expect(index.contains(#"<a href="\#(set)/report.html">Batch report</a>"#), "\(set)")
        }
        #expect(
            index.contains(#"<a href="human-being-lovers-interview/candidates/tom-becker-int-002.html">Tom Becker</a>"#)
        )
    }

    /// Every link in every HTML file the demo writes leads to a file the demo wrote.
    @Test("the demo's reports link to each other and every link resolves")
    func demoLinksResolve() throws {
        let folder = try TemporaryFolder()
        _ = try runBinary(["demo", "--out", "demo", "--date", "2026-11-25"], in: folder.url)
        let root = folder.url.appendingPathComponent("demo")
        let files = try #require(FileManager.default.enumerator(atPath: root.path)).compactMap { $0 as? String }
        var links = 0
        for file in files where file.hasSuffix(".html") {
            let html = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            let base = root.appendingPathComponent(file).deletingLastPathComponent()
            for match in html.matches(of: /href="([^"]*)"/) {
                links += 1
                let target = base.appendingPathComponent(String(match.1)).standardizedFileURL
                #expect(FileManager.default.fileExists(atPath: target.path), "\(file) links to missing \(match.1)")
                #expect(target.path.hasPrefix(root.standardizedFileURL.path), "\(file) links out of the folder")
            }
            if file.hasSuffix("comparison-blind.html") {
                #expect(!html.contains("href="), "a blind review links nowhere")
            }
        }
        #expect(links > 100)
        let batch = try String(
            contentsOf: root.appendingPathComponent("human-being-lovers-interview/report.html"), encoding: .utf8)
        #expect(batch.contains(#"<a href="candidates/maya-ortiz-int-001.html">Maya Ortiz</a>"#), "the shortlist links")
    }

    @Test("reports are byte-identical across runs with the same --date")
    func reproducible() throws {
        let folder = try TemporaryFolder()
        try samples(folder)
        _ = try runBinary(["report", "interviews.jsonl", "--out", "a", "--date", "2026-01-01"], in: folder.url)
        _ = try runBinary(
            ["report", "interviews.jsonl", "--out", "b"], in: folder.url,
            environment: ["SOURCE_DATE_EPOCH": "1767225600"])
        let a = try Data(contentsOf: folder.url.appendingPathComponent("a/maya-ortiz-int-001.html"))
        let b = try Data(contentsOf: folder.url.appendingPathComponent("b/maya-ortiz-int-001.html"))
        #expect(a == b)
        let indexA = try Data(contentsOf: folder.url.appendingPathComponent("a/index.html"))
        #expect(indexA == (try Data(contentsOf: folder.url.appendingPathComponent("b/index.html"))))
    }

    @Test("one candidate's report goes to stdout; several need --out")
    func stdout() throws {
        let folder = try TemporaryFolder()
        try samples(folder)
        let several = try runBinary(["report", "interviews.jsonl"], in: folder.url)
        #expect(several.status == 64)
        #expect(several.standardError == "error: 5 candidates: name a folder for their reports with --out DIR.\n")
        let lines = try String(contentsOf: folder.url.appendingPathComponent("interviews.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        try folder.write("one.jsonl", lines.filter { $0.contains("int-005") }.joined(separator: "\n"))
        let one = try runBinary(["report", "one.jsonl", "--format", "md"], in: folder.url)
        #expect(one.status == 0)
        #expect(one.standardOutput.hasPrefix("# Daniel Kim\n"))
    }

    @Test("reports read scorecards written by score")
    func fromScorecards() throws {
        let folder = try TemporaryFolder()
        try samples(folder)
        _ = try runBinary(["score", "inventory.jsonl", "--out", "out"], in: folder.url)
        let result = try runBinary(
            ["report", "out/scorecards.jsonl", "--out", "reports", "--format", "md"], in: folder.url)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "Wrote 12 reports and their index: open reports/index.md.\n")
        let aisha = try String(
            contentsOf: folder.url.appendingPathComponent("reports/aisha-bello-inv-101.md"), encoding: .utf8)
        #expect(aisha.hasPrefix("# Aisha Bello\n"))
    }

    @Test("reports made from scorecards show the same SEMs as reports made from submissions")
    func semFromScorecards() throws {
        let folder = try TemporaryFolder()
        try samples(folder)
        _ = try runBinary(["score", "inventory.jsonl", "--out", "out"], in: folder.url)
        _ = try runBinary(["report", "out/scorecards.jsonl", "--out", "a", "--date", "2026-01-01"], in: folder.url)
        _ = try runBinary(["report", "inventory.jsonl", "--out", "b", "--date", "2026-01-01"], in: folder.url)
        let fromCards = try String(
            contentsOf: folder.url.appendingPathComponent("a/aisha-bello-inv-101.html"), encoding: .utf8)
        let fromForms = try String(
            contentsOf: folder.url.appendingPathComponent("b/aisha-bello-inv-101.html"), encoding: .utf8)
        #expect(fromCards.contains("(the standard error of measurement)"))
        #expect(fromCards == fromForms)
        let cards = try String(contentsOf: folder.url.appendingPathComponent("out/scorecards.jsonl"), encoding: .utf8)
        #expect(cards.contains(#""sem":"#))
    }

    @Test("scorecards scored under another rubric are refused, so its names and labels are not misapplied")
    func scorecardsOfAnotherRubric() throws {
        let folder = try TemporaryFolder()
        try samples(folder)
        _ = try runBinary(["score", "inventory.jsonl", "--out", "out"], in: folder.url)
        let cards = try String(contentsOf: folder.url.appendingPathComponent("out/scorecards.jsonl"), encoding: .utf8)
        try folder.write(
            "other.jsonl",
            cards.replacingOccurrences(
                of: #""rubric":{"id":"service-orientation-default""#, with: #""rubric":{"id":"front-desk-2027""#))
        let result = try runBinary(["compare", "other.jsonl"], in: folder.url)
        #expect(result.status == 1)
        #expect(
            result.standardError
                == "error: The scorecard for 'inv-101' was scored with rubric 'front-desk-2027', not 'service-orientation-default'; pass the rubric it used with --rubric.\n"
        )
    }

    @Test("a scorecard line that is not valid JSON is named, not left out of the reports")
    func tornScorecard() throws {
        let folder = try TemporaryFolder()
        try samples(folder)
        _ = try runBinary(["score", "inventory.jsonl", "--out", "out"], in: folder.url)
        let cards = try Data(contentsOf: folder.url.appendingPathComponent("out/scorecards.jsonl"))
        // Copied out of its output set, so the set's manifest does not speak for it.
        try folder.write("copy/scorecards.jsonl", [UInt8](cards) + Array(#"{"format": "dazzle.scorecard/1", "#.utf8))
        let result = try runBinary(["report", "copy/scorecards.jsonl", "--out", "reports"], in: folder.url)
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix("copy/scorecards.jsonl:13: error: Not valid JSON: "))
    }

    @Test("scorecards mixed with submissions are refused, naming each submission")
    func mixedInputs() throws {
        let folder = try TemporaryFolder()
        try samples(folder)
        _ = try runBinary(["score", "inventory.jsonl", "--out", "out"], in: folder.url)
        let result = try runBinary(["compare", "out/scorecards.jsonl", "judgment-export.csv"], in: folder.url)
        #expect(result.status == 1)
        #expect(result.standardError == "judgment-export.csv: error: A CSV file holds submissions, not scorecards.\n")
    }

    @Test("report exits 2 when some submissions were rejected, as score does, and names each")
    func rejectedSubmissions() throws {
        let folder = try TemporaryFolder()
        try samples(folder)
        let result = try runBinary(["report", "inventory.jsonl", "--out", "reports"], in: folder.url)
        #expect(result.status == 2)
        #expect(result.standardError.hasPrefix("rejected: inventory.jsonl:"))
        #expect(result.standardOutput.hasPrefix("Wrote 12 reports and their index"))
    }

    @Test("compare --blind hides names and writes the key only when asked")
    func blindCompare() throws {
        let folder = try TemporaryFolder()
        try samples(folder)
        let result = try runBinary(
            ["compare", "interviews.jsonl", "--blind", "--out", "c.html", "--key", "key.json"], in: folder.url)
        #expect(result.status == 0, "\(result.standardError)")
        let html = try String(contentsOf: folder.url.appendingPathComponent("c.html"), encoding: .utf8)
        #expect(html.contains("Candidate A") && !html.contains("Maya") && !html.contains("example.org"))
        let key = try String(contentsOf: folder.url.appendingPathComponent("key.json"), encoding: .utf8)
        #expect(key.contains(#""Candidate A": {"id": "int-001", "name": "Maya Ortiz"}"#))
        let noKey = try runBinary(["compare", "interviews.jsonl", "--key", "k.json"], in: folder.url)
        #expect(noKey.status == 64)
    }

    @Test("score --report writes the batch report beside the scorecards")
    func batchReport() throws {
        let folder = try TemporaryFolder()
        try samples(folder)
        let result = try runBinary(
            ["score", "judgment-export.csv", "-q", "recovery-judgment-test", "--out", "out", "--report", "md"],
            in: folder.url)
        #expect(result.status == 0, "\(result.standardError)")
        let report = try String(contentsOf: folder.url.appendingPathComponent("out/report.md"), encoding: .utf8)
        #expect(report.hasPrefix("# Batch report: Service recovery judgment test\n"))
        #expect(report.contains("## Adverse impact"))
    }

    @Test("templates can be exported, edited and used by name")
    func customTemplates() throws {
        let folder = try TemporaryFolder()
        try samples(folder)
        let exported = try runBinary(["report", "--export-templates", "t"], in: folder.url)
        #expect(exported.status == 0)
        #expect(
            FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("t/candidate.html.mustache").path))
        try folder.write("custom/candidate.md.mustache", "Custom: {{candidate.name}} {{verdict.label}}\n")
        let lines = try String(contentsOf: folder.url.appendingPathComponent("interviews.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        try folder.write("one.jsonl", lines.filter { $0.contains("int-004") }.joined(separator: "\n"))
        let result = try runBinary(["report", "one.jsonl", "--format", "md", "--templates", "custom"], in: folder.url)
        #expect(result.standardOutput.hasPrefix("Custom: Léa Moreau "))
        #expect(result.standardOutput.split(separator: "\n").count == 1)
    }
}
