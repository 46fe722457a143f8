import Foundation
import Testing

/// `score - --state` per part and `summary merge` over the parts, run as the built binary,
/// against `score FILE --out` over the whole input.
@Suite("summary merge")
struct SummaryMergeTests {
    /// R psych's bfi (2,800 real respondents, 25 items scored 1–6, `NA` for a missing answer) as
    /// a form tool's CSV export: candidate id, items, gender (1 man, 2 woman), age. Row 1,000
    /// gets a 9 on a 1–6 item, which is rejected.
    static func bfiExport() throws -> (header: String, rows: [String]) {
        let text = try String(
            contentsOf: repositoryRoot.appendingPathComponent("Tests/PsychometricsTests/Fixtures/bfi.csv"),
            encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        let items = lines[0].split(separator: ",").prefix(25).joined(separator: ",")
        let header = "candidate_id,\(items),demographic.gender,demographic.age"
        let rows = lines.dropFirst().enumerated().map { index, line -> String in
            var cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if index == 999 { cells[3] = "9" }
            let gender = ["1": "man", "2": "woman"][cells[25]] ?? ""
            return (["p\(String(format: "%04d", index + 1))"] + cells.prefix(25) + [gender, cells[27]])
                .joined(separator: ",")
        }
        return (header, rows)
    }

    static let bfiSet = repositoryRoot.appendingPathComponent(
        "Tests/DazzleCommandsTests/Fixtures/bfi-questionnaire.json"
    )
    .path

    func contents(_ folder: TemporaryFolder, _ name: String) throws -> String {
        try String(contentsOf: folder.url.appendingPathComponent(name), encoding: .utf8)
    }

    /// The digest as printed, without the lines naming the folder.
    func digest(_ output: String) -> [Substring] {
        output.split(separator: "\n").filter {
            !$0.contains("Wrote ") && !$0.contains("Audit: ") && !$0.contains("Full figures")
        }
    }

    @Test(
        "three parts of a real CSV export, two without header, merged in another order: the one-run summary, report and digest"
    )
    func realExportInParts() throws {
        let folder = try TemporaryFolder()
        let export = try Self.bfiExport()
        try folder.write("bfi.csv", ([export.header] + export.rows).joined(separator: "\n") + "\n")
        try folder.write("header.csv", export.header + "\n")
        try folder.write("part-0.csv", ([export.header] + export.rows[..<900]).joined(separator: "\n") + "\n")
        try folder.write("part-1.csv", export.rows[900..<1900].joined(separator: "\n") + "\n")
        try folder.write("part-2.csv", export.rows[1900...].joined(separator: "\n") + "\n")
        let common = ["-q", Self.bfiSet, "--missing", "NA", "--date", "2026-12-01"]
        let one = try runBinary(["score", "bfi.csv", "--out", "one", "--report", "html"] + common, in: folder.url)
        #expect(one.status == 2, "one row is rejected: \(one.standardError)")

        // Each part named as the export and numbered from its first line, as a job would pass them.
        let scoring = ["score", "-", "-q", Self.bfiSet, "--missing", "NA", "--source", "bfi.csv"]
        let first = try runBinary(scoring + ["--state", "state-0.jsonl"], in: folder.url, stdin: "part-0.csv")
        let second = try runBinary(
            scoring + ["--header-from", "header.csv", "--first-line", "902", "--state", "stdout"], in: folder.url,
            stdin: "part-1.csv")
        let third = try runBinary(
            scoring + ["--header-from", "header.csv", "--first-line", "1902", "--state", "state-2.jsonl"],
            in: folder.url, stdin: "part-2.csv")
        #expect(first.status == 0 && second.status == 2 && third.status == 0, "\(second.standardError)")
        // The second part's state sits among its scorecards, as a Spark job's output holds it.
        try folder.write("part-00001", second.standardOutput)

        let merged = try runBinary(
            ["summary", "merge", "state-2.jsonl", "part-00001", "state-0.jsonl", "--out", "merged", "--report", "html"]
                + common, in: folder.url)
        #expect(merged.status == 2, "\(merged.standardError)")
        #expect(merged.standardError.contains("Merged 3 parts from 3 files: 2799 candidates, 1 rejection"))
        #expect(try contents(folder, "merged/summary.json") == (try contents(folder, "one/summary.json")))
        #expect(try contents(folder, "merged/report.html") == (try contents(folder, "one/report.html")))
        #expect(digest(merged.standardOutput) == digest(one.standardOutput))
        let summary = try contents(folder, "one/summary.json")
        #expect(summary.contains(#""counts":{"read":2800,"scored":2799,"rejected":1,"candidates":2799}"#))
        #expect(try contents(folder, "merged/rejected.jsonl") == (try contents(folder, "one/rejected.jsonl")))
        #expect(try contents(folder, "one/rejected.jsonl").contains(#""source":"bfi.csv:1001""#))
        let cards = try contents(folder, "merged/scorecards.jsonl")
        #expect(!cards.contains("woman") && cards.contains(#""standing":{"reference":"this batch (n = "#))
    }

    @Test(
        "merging state files a line at a time writes what merging them held in memory writes, for every format and a candidate scored twice"
    )
    func streamedMergeEqualsHeld() throws {
        let folder = try TemporaryFolder()
        let export = try Self.bfiExport()
        try folder.write("header.csv", export.header + "\n")
        // Row 1,000 is rejected.
        try folder.write(
            "part-0.csv", ([export.header] + export.rows[..<200] + [export.rows[999]]).joined(separator: "\n") + "\n")
        try folder.write("part-1.csv", export.rows[200..<400].joined(separator: "\n") + "\n")
        let scoring = ["score", "-", "-q", Self.bfiSet, "--missing", "NA", "--source", "bfi.csv"]
        let first = try runBinary(scoring + ["--state", "state-0.jsonl"], in: folder.url, stdin: "part-0.csv")
        let second = try runBinary(
            scoring + ["--header-from", "header.csv", "--first-line", "203", "--state", "stdout"], in: folder.url,
            stdin: "part-1.csv")
        #expect(first.status == 2 && second.status == 0, "\(first.standardError)")
        // The second part among its scorecards, twice: every candidate of it scored twice, whose
        // order is then by source. (Lines across the reader's pieces: LineFileTests.)
        try folder.write("part-00001", String(repeating: second.standardOutput, count: 2))
        try folder.write(
            "all.jsonl",
            (try contents(folder, "state-0.jsonl")) + (try contents(folder, "part-00001")))
        for format in ["jsonl", "json", "csv"] {
            let options = ["--format", format, "--date", "2026-12-01", "-q", Self.bfiSet, "--missing", "NA"]
            let held = try runBinary(
                ["summary", "merge", "-", "--out", "held-\(format)"] + options, in: folder.url, stdin: "all.jsonl")
            let streamed = try runBinary(
                ["summary", "merge", "state-0.jsonl", "part-00001", "--out", "streamed-\(format)"] + options,
                in: folder.url)
            #expect(held.status == 2 && streamed.status == 2, "\(streamed.standardError)")
            #expect(
                streamed.standardError.contains("Merged 3 parts from 2 files: \(200 + 2 * 200) candidates, 1 rejection")
            )
            #expect(digest(streamed.standardOutput) == digest(held.standardOutput))
            let names = try FileManager.default.subpathsOfDirectory(
                atPath: folder.url.appendingPathComponent("held-\(format)").path
            ).filter { !$0.hasPrefix("audit") && !$0.hasPrefix(".") }.sorted()
            #expect(names.count >= 4)
            for name in names where !name.hasSuffix("/") {
                var isFolder: ObjCBool = false
                let path = folder.url.appendingPathComponent("held-\(format)/\(name)").path
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
                    !name.contains("manifest")
                else { continue }
                #expect(
                    try contents(folder, "streamed-\(format)/\(name)")
                        == (try contents(folder, "held-\(format)/\(name)")),
                    "\(format): \(name)")
            }
        }
        let cards = try contents(folder, "streamed-jsonl/scorecards.jsonl").split(separator: "\n")
        #expect(cards.count == 200 + 2 * 200)
    }

    @Test("panels scored in a stream with --panels and --state merge to the one-run rater agreement")
    func panelsInParts() throws {
        let folder = try TemporaryFolder()
        let lines = try String(
            contentsOf: repositoryRoot.appendingPathComponent("questionnaires/samples/interviews.jsonl"),
            encoding: .utf8
        ).split(separator: "\n").map(String.init)
        let firstTwo = lines.filter { $0.contains(#""int-001""#) || $0.contains(#""int-002""#) }
        let rest = lines.filter { !firstTwo.contains($0) }
        try folder.write("all.jsonl", lines.joined(separator: "\n") + "\n")
        try folder.write("a.jsonl", firstTwo.joined(separator: "\n") + "\n")
        try folder.write("b.jsonl", rest.joined(separator: "\n") + "\n")
        let one = try runBinary(["score", "all.jsonl", "--out", "one"], in: folder.url)
        #expect(one.status == 0, "\(one.standardError)")
        for part in ["a", "b"] {
            let result = try runBinary(
                ["score", "-", "--panels", "--state", "\(part).state.jsonl"], in: folder.url, stdin: "\(part).jsonl")
            #expect(result.status == 0, "\(result.standardError)")
        }
        let merged = try runBinary(
            ["summary", "merge", "b.state.jsonl", "a.state.jsonl", "--out", "merged"], in: folder.url)
        #expect(merged.status == 0, "\(merged.standardError)")
        let summary = try contents(folder, "one/summary.json")
        #expect(summary.contains(#""raterAgreement":{"design":"#))
        #expect(try contents(folder, "merged/summary.json") == summary)
    }

    @Test("norms built from parts' states, as files or on stdin, equal the norms built from the submissions")
    func normsFromStates() throws {
        let folder = try TemporaryFolder()
        let forms = try AnalyticsCommandTests.forms().split(separator: "\n").map(String.init)
        try folder.write("forms.jsonl", forms.joined(separator: "\n") + "\n")
        try folder.write("a.jsonl", forms[..<5].joined(separator: "\n") + "\n")
        try folder.write("b.jsonl", forms[5...].joined(separator: "\n") + "\n")
        for part in ["a", "b"] {
            let result = try runBinary(["score", "-", "--state", "stdout"], in: folder.url, stdin: "\(part).jsonl")
            try FileManager.default.createDirectory(
                at: folder.url.appendingPathComponent("job"), withIntermediateDirectories: true)
            try folder.write("job/part-0000\(part == "a" ? 0 : 1)", result.standardOutput)
        }
        try folder.write(
            "both.jsonl", try contents(folder, "job/part-00000") + (try contents(folder, "job/part-00001")))
        let date = ["--date", "2026-12-01"]
        #expect(
            try runBinary(["norms", "build", "forms.jsonl", "-o", "from-forms.json"] + date, in: folder.url).status == 0
        )
        let fromFolder = try runBinary(["norms", "build", "job", "-o", "from-states.json"] + date, in: folder.url)
        #expect(fromFolder.status == 0, "\(fromFolder.standardError)")
        let fromStdin = try runBinary(
            ["norms", "build", "-", "-o", "from-stdin.json"] + date, in: folder.url, stdin: "both.jsonl")
        #expect(fromStdin.status == 0, "\(fromStdin.standardError)")
        let expected = try contents(folder, "from-forms.json")
        #expect(expected.contains(#""count":12"#))
        #expect(try contents(folder, "from-states.json") == expected)
        #expect(try contents(folder, "from-stdin.json") == expected)
        let merged = try runBinary(["summary", "merge", "-", "--out", "merged"], in: folder.url, stdin: "both.jsonl")
        #expect(merged.status == 0, "\(merged.standardError)")
        #expect(try contents(folder, "merged/summary.json").contains(#""candidates":12"#))
    }

    @Test("an empty partition writes an empty part, and merging it changes nothing")
    func emptyPartition() throws {
        let folder = try TemporaryFolder()
        try folder.write("forms.jsonl", try AnalyticsCommandTests.forms())
        try folder.write("empty.jsonl", "")
        let q = ["-q", "service-orientation-inventory"]
        _ = try runBinary(["score", "-", "--state", "full.state.jsonl"] + q, in: folder.url, stdin: "forms.jsonl")
        let empty = try runBinary(
            ["score", "-", "--state", "empty.state.jsonl"] + q, in: folder.url, stdin: "empty.jsonl")
        #expect(empty.status == 0)
        #expect(try contents(folder, "empty.state.jsonl").contains(#""read":0,"candidates":0,"rejected":0"#))
        let alone = try runBinary(["summary", "merge", "full.state.jsonl", "--out", "alone"], in: folder.url)
        let both = try runBinary(
            ["summary", "merge", "empty.state.jsonl", "full.state.jsonl", "--out", "both"], in: folder.url)
        #expect(alone.status == 0 && both.status == 0, "\(both.standardError)")
        #expect(both.standardError.contains("Merged 2 parts from 2 files: 12 candidates"))
        #expect(try contents(folder, "both/summary.json") == (try contents(folder, "alone/summary.json")))
        // A part scored without --state is not silently left out.
        try folder.write(
            "stateless.jsonl", try runBinary(["score", "-"] + q, in: folder.url, stdin: "forms.jsonl").standardOutput)
        let warned = try runBinary(
            ["summary", "merge", "full.state.jsonl", "stateless.jsonl", "--out", "warned"], in: folder.url)
        #expect(warned.status == 0)
        #expect(
            warned.standardError.contains(
                "warning: stateless.jsonl holds no analysis state, so none of its 12 lines are in this summary"))
    }

    @Test("parts scored with different question sets, or a part cut short, are refused with what to do")
    func refusals() throws {
        let folder = try TemporaryFolder()
        let export = try Self.bfiExport()
        try folder.write("bfi.csv", ([export.header] + export.rows[..<40]).joined(separator: "\n") + "\n")
        try folder.write("inventory.jsonl", try AnalyticsCommandTests.forms())
        _ = try runBinary(
            ["score", "-", "-q", Self.bfiSet, "--missing", "NA", "--state", "bfi.state.jsonl"], in: folder.url,
            stdin: "bfi.csv")
        _ = try runBinary(["score", "-", "--state", "inventory.state.jsonl"], in: folder.url, stdin: "inventory.jsonl")
        let mixed = try runBinary(
            ["summary", "merge", "inventory.state.jsonl", "bfi.state.jsonl", "--out", "merged"], in: folder.url)
        #expect(mixed.status == 1)
        #expect(
            mixed.standardError.contains(
                "bfi.state.jsonl:41: error: the parts were scored with different question sets"))
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("merged").path))

        let state = try contents(folder, "inventory.state.jsonl").split(separator: "\n")
        try folder.write("cut.jsonl", state.dropLast().joined(separator: "\n") + "\n")
        let cut = try runBinary(
            ["summary", "merge", "cut.jsonl", "inventory.state.jsonl", "--out", "m"], in: folder.url)
        #expect(cut.status == 1)
        #expect(
            cut.standardError.contains("cut.jsonl: error: 12 candidate and 0 rejection lines, but no closing part line")
        )

        let empty = try runBinary(["summary", "merge", "bfi.csv", "--out", "m"], in: folder.url)
        #expect(empty.status == 1 && empty.standardError.contains("holds no analysis state"))
    }
}
