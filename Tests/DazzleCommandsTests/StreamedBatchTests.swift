import Foundation
import Testing

/// `score FILES --out` over JSON Lines files, read a piece at a time, against the held path
/// (which `--report` takes, every submission in memory): the same scorecards, summaries and
/// rejections, byte for byte.
@Suite("score FILES read a piece at a time")
struct StreamedBatchTests {
    /// The files each run writes that both paths write.
    static let shared = ["scorecards.jsonl", "summary.csv", "summary.json", "rejected.jsonl"]

    func contents(_ folder: TemporaryFolder, _ name: String) throws -> String {
        try String(contentsOf: folder.url.appendingPathComponent(name), encoding: .utf8)
    }

    /// Interview panels split across two files (a panel's raters in both), a re-submission by
    /// one rater (later, and earlier, than the first), a line that is not JSON, a blank line and
    /// Windows line ends.
    func writeInterviews(to folder: TemporaryFolder) throws {
        let lines = try String(
            contentsOf: repositoryRoot.appendingPathComponent("questionnaires/samples/interviews.jsonl"),
            encoding: .utf8
        ).split(separator: "\n").map(String.init)
        let again = lines[0].replacingOccurrences(of: "2026-11-20T09:00:00Z", with: "2026-11-21T09:00:00Z")
        let before = lines[3].replacingOccurrences(of: "2026-11-15T15:00:00Z", with: "2026-11-01T15:00:00Z")
        try folder.write(
            "a.jsonl", [lines[0], lines[3], lines[5], "{not json", "", lines[7]].joined(separator: "\r\n"))
        try folder.write(
            "b.jsonl", [lines[1], again, lines[2], lines[4], before, lines[6], lines[8]].joined(separator: "\n") + "\n")
    }

    @Test(
        "panels across files, duplicates under every policy and bad lines: the held path's outputs, byte for byte",
        arguments: ["latest", "first", "reject"])
    func interviewsEqualHeld(policy: String) throws {
        let folder = try TemporaryFolder()
        try writeInterviews(to: folder)
        let common = ["a.jsonl", "b.jsonl", "--duplicates", policy, "--date", "2026-12-01"]
        let streamed = try runBinary(["score"] + common + ["--out", "streamed"], in: folder.url)
        let held = try runBinary(["score"] + common + ["--out", "held", "--report", "md"], in: folder.url)
        #expect(streamed.status == 2 && held.status == 2, "\(streamed.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("streamed/report.md").path))
        for name in Self.shared {
            #expect(try contents(folder, "streamed/\(name)") == (try contents(folder, "held/\(name)")), "\(name)")
        }
        let rejected = try contents(folder, "streamed/rejected.jsonl")
        #expect(rejected.contains(#""source":"a.jsonl:4""#), "the line that is not JSON, by its line")
        #expect(
            rejected.contains(
                policy == "reject" ? "so none is scored" : policy == "first" ? "already submitted" : "superseded"))
        #expect(streamed.standardOutput.contains("Read 12 submissions"), "the blank line is no submission")
    }

    @Test("a self-report batch with demographics in three files: the held path's outputs and digest")
    func inventoryEqualsHeld() throws {
        let folder = try TemporaryFolder()
        let forms = try AnalyticsCommandTests.forms().split(separator: "\n")
        try folder.write("one.jsonl", forms[..<4].joined(separator: "\n") + "\n")
        try folder.write("two.ndjson", forms[4..<9].joined(separator: "\n"))
        try folder.write("three.jsonl", forms[9...].joined(separator: "\n") + "\n" + forms[2] + "\n")
        let common = ["score", "one.jsonl", "two.ndjson", "three.jsonl", "--date", "2026-12-01"]
        let streamed = try runBinary(common + ["--out", "streamed"], in: folder.url)
        let held = try runBinary(common + ["--out", "held", "--report", "md"], in: folder.url)
        #expect(streamed.status == 2 && held.status == 2, "\(streamed.standardError)")
        for name in Self.shared {
            #expect(try contents(folder, "streamed/\(name)") == (try contents(folder, "held/\(name)")), "\(name)")
        }
        func digest(_ output: String) -> [Substring] {
            output.split(separator: "\n").filter { !$0.contains("Wrote ") && !$0.contains("Full figures") }
        }
        #expect(digest(streamed.standardOutput) == digest(held.standardOutput).filter { !$0.contains("Reports:") })
        #expect(try contents(folder, "streamed/summary.json").contains(#""adverseImpact":"#))
        let left = try FileManager.default.contentsOfDirectory(
            atPath: folder.url.appendingPathComponent("streamed").path)
        #expect(!left.contains { $0.contains(".lines") }, "the summary's scratch file is gone: \(left)")
    }

    @Test(
        "CSV exports: a byte-order mark, Windows line ends, quoted cells across lines, blank lines, a torn last row: the held path's outputs"
    )
    func csvEqualsHeld() throws {
        let folder = try TemporaryFolder()
        let export = try SummaryMergeTests.bfiExport()
        var rows = export.rows
        // A quoted gender holding a line feed and a doubled quote, and a quoted id.
        rows[5] = rows[5].replacingOccurrences(of: ",woman,", with: ",\"wo\nman \"\"x\"\"\",")
        rows[6] = "\"" + rows[6].replacingOccurrences(of: ",", with: "\",", options: [], range: rows[6].range(of: ","))
        let first = "\u{FEFF}" + ([export.header] + rows[..<1200]).joined(separator: "\r\n") + "\r\n\r\n"
        try folder.write("first.csv", first)
        // The second file's last row is cut inside a quoted cell.
        try folder.write(
            "second.csv", ([export.header] + rows[1200...] + ["p9999,\"1,2"]).joined(separator: "\n") + "\n\n")
        let common = ["score", "first.csv", "second.csv", "-q", SummaryMergeTests.bfiSet, "--missing", "NA"]
        let streamed = try runBinary(common + ["--out", "streamed"], in: folder.url)
        let held = try runBinary(common + ["--out", "held", "--report", "md"], in: folder.url)
        #expect(streamed.status == 2 && held.status == 2, "\(streamed.standardError)")
        for name in Self.shared {
            #expect(try contents(folder, "streamed/\(name)") == (try contents(folder, "held/\(name)")), "\(name)")
        }
        func withoutAudit(_ text: String) -> [Substring] {
            text.split(separator: "\n").filter { !$0.hasPrefix("Audit:") }
        }
        #expect(withoutAudit(streamed.standardError) == withoutAudit(held.standardError))
        let rejected = try contents(folder, "streamed/rejected.jsonl")
        #expect(rejected.contains(#""source":"first.csv:1002""#), "the 9 on a 1–6 item, by its line (row 5 spans two)")
        #expect(rejected.contains("never closes"), "the torn last row")
        #expect(try contents(folder, "streamed/summary.json").contains(#""read":2801"#))
    }
}
