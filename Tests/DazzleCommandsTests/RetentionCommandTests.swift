import Foundation
import Testing

/// Purge, hold and erase on a folder tree, as a deployer runs them.
@Suite("Retention, purge, hold and erase end to end", .serialized)
struct RetentionCommandTests {
    static let samples = repositoryRoot.appendingPathComponent("questionnaires/samples")

    /// A day past 28 days from today and before 2 years from today, to judge the tree by.
    static let inTwoMonths: String = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: Date().addingTimeInterval(60 * 86_400))
    }()

    func files(_ folder: TemporaryFolder, under path: String) -> [String] {
        let root = folder.url.appendingPathComponent(path).path
        return ((FileManager.default.enumerator(atPath: root)?.allObjects as? [String]) ?? []).filter { relative in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(
                atPath: (root as NSString).appendingPathComponent(relative), isDirectory: &isFolder)
                && !isFolder.boolValue
        }.sorted()
    }

    /// Made today: `tree/spring` (28 days), `tree/held` (28 days, on hold), `tree/later` (2 years), each
    /// scored from the shipped samples with reports; and a note of the user's own in spring.
    func tree() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        let inventory = Self.samples.appendingPathComponent("inventory.jsonl").path
        let interviews = Self.samples.appendingPathComponent("interviews.jsonl").path
        for (input, out, period) in [
            (inventory, "tree/spring", "28d"), (interviews, "tree/held", "28d"), (inventory, "tree/later", "2y"),
        ] {
            let result = try runBinary(
                [
                    "score", input, "--out", out, "--retain", period, "--purpose", "Front desk hiring", "--report",
                    "html",
                ],
                in: folder.url)
            #expect(result.status == 0 || result.status == 2, "\(result.standardError)")
        }
        let held = try runBinary(["hold", "tree/held", "--reason", "Claim 2026-17"], in: folder.url)
        #expect(held.status == 0, "\(held.standardError)")
        try folder.write("tree/spring/my-notes.txt", Array("mine".utf8))
        return folder
    }

    @Test("--retain writes the folder's purpose and delete-after date")
    func retain() throws {
        let folder = try tree()
        let policy = try String(
            contentsOf: folder.url.appendingPathComponent("tree/spring/retention.json"), encoding: .utf8)
        #expect(policy.hasPrefix(#"{"format":"dazzle.retention/1","purpose":"Front desk hiring","created":"#))
        #expect(policy.contains(#""hold":null"#))
    }

    @Test(
        "--dry-run changes nothing; purge deletes only the folder past its date, keeps the held one, leaves unknown files"
    )
    func purge() throws {
        let folder = try tree()
        let before = files(folder, under: "tree")
        let dry = try runBinary(["purge", "tree", "--dry-run", "--today", Self.inTwoMonths], in: folder.url)
        #expect(dry.status == 0)
        #expect(files(folder, under: "tree") == before, "a dry run deletes nothing")
        #expect(dry.standardOutput.contains("tree/held: on hold since"))
        #expect(dry.standardOutput.contains("tree/later: kept until"))
        #expect(dry.standardOutput.contains("tree/spring: past"))
        let real = try runBinary(["purge", "tree", "--today", Self.inTwoMonths], in: folder.url)
        #expect(real.status == 0, "\(real.standardError)")
        #expect(
            files(folder, under: "tree/spring") == ["audit.jsonl", "my-notes.txt", "purged.json", "retention.json"])
        #expect(real.standardOutput.contains("left tree/spring/my-notes.txt: Dazzle did not write it"))
        #expect(files(folder, under: "tree/held").contains("scorecards.jsonl"), "held: kept")
        #expect(files(folder, under: "tree/later").contains("scorecards.jsonl"), "not yet due: kept")
        let record = try String(
            contentsOf: folder.url.appendingPathComponent("tree/spring/purged.json"), encoding: .utf8)
        #expect(record.contains(#""counts":{"read":13,"scored":12,"rejected":1,"candidates":12}"#), "\(record)")
        #expect(!record.contains("inv-1") && !record.contains("Aisha"), "no id or name survives")
        let audit = try String(
            contentsOf: folder.url.appendingPathComponent("tree/spring/audit.jsonl"), encoding: .utf8)
        #expect(audit.contains(#""command":["purge","tree/spring"]"#))
        #expect(try runBinary(["audit", "verify", "tree/spring/audit.jsonl"], in: folder.url).status == 0)
    }

    @Test("--retain takes a policy file; a bad period is refused before anything is written")
    func policyFile() throws {
        let folder = try TemporaryFolder()
        let inventory = Self.samples.appendingPathComponent("inventory.jsonl").path
        try folder.write("policy.json", Array(#"{"retain": "6w", "purpose": "Seasonal hiring, policy HR-7"}"#.utf8))
        let result = try runBinary(["score", inventory, "--out", "r", "--retain", "policy.json"], in: folder.url)
        #expect(result.status == 2, "one malformed sample form: \(result.standardError)")
        let policy = try String(contentsOf: folder.url.appendingPathComponent("r/retention.json"), encoding: .utf8)
        #expect(policy.contains(#""purpose":"Seasonal hiring, policy HR-7""#))
        let bad = try runBinary(["score", inventory, "--out", "r2", "--retain", "3x"], in: folder.url)
        #expect(bad.status == 64 && bad.standardError.contains("'--retain 3x' is not a period"))
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("r2").path))
    }

    @Test("a released hold lets purge delete")
    func release() throws {
        let folder = try tree()
        #expect(try runBinary(["hold", "tree/held", "--release"], in: folder.url).status == 0)
        _ = try runBinary(["purge", "tree/held", "--today", Self.inTwoMonths], in: folder.url)
        #expect(!files(folder, under: "tree/held").contains("scorecards.jsonl"))
    }

    @Test("erase removes one candidate from JSON Lines (atomically rewritten), reports and summaries; others stay")
    func erase() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "in/interviews.jsonl", Array(try Data(contentsOf: Self.samples.appendingPathComponent("interviews.jsonl"))))
        _ = try runBinary(
            ["score", "in/interviews.jsonl", "--out", "results", "--report", "html", "--candidate-reports", "all"],
            in: folder.url)
        _ = try runBinary(
            ["decide", "results", "int-001", "--decision", "hire", "--reason", "r1", "--by", "Ana"], in: folder.url)
        _ = try runBinary(
            ["decide", "results", "int-002", "--decision", "hold", "--reason", "r2", "--by", "Ana"], in: folder.url)
        let dry = try runBinary(["erase", "--candidate", "int-001", "in", "results", "--dry-run"], in: folder.url)
        #expect(dry.status == 0)
        #expect(
            try String(contentsOf: folder.url.appendingPathComponent("in/interviews.jsonl"), encoding: .utf8).contains(
                "int-001"),
            "a dry run rewrites nothing")
        let result = try runBinary(["erase", "--candidate", "int-001", "in", "results"], in: folder.url)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("in/interviews.jsonl: rewrote without their 3 lines"))
        #expect(result.standardOutput.contains("results/decisions.jsonl: rewrote without their 1 entry, chained again"))
        for path in ["in/interviews.jsonl", "results/scorecards.jsonl", "results/decisions.jsonl"] {
            let text = try String(contentsOf: folder.url.appendingPathComponent(path), encoding: .utf8)
            #expect(!text.contains("int-001") && !text.contains("Maya Ortiz"), "\(path)")
        }
        let kept = try String(contentsOf: folder.url.appendingPathComponent("in/interviews.jsonl"), encoding: .utf8)
        #expect(kept.contains("int-002"), "the others stay")
        #expect(!files(folder, under: "results").contains("candidates/maya-ortiz-int-001.html"))
        #expect(!files(folder, under: "results").contains("report.html"), "a report naming them goes, to be rebuilt")
        #expect(try runBinary(["audit", "verify", "results/decisions.jsonl"], in: folder.url).status == 0)
        let audit = try String(contentsOf: folder.url.appendingPathComponent("results/audit.jsonl"), encoding: .utf8)
        #expect(audit.contains(#""command":["erase","results"]"#) && audit.contains(#""candidateHash":"sha256:"#))
        // Scoring again rebuilds the reports without them.
        let again = try runBinary(
            ["score", "in/interviews.jsonl", "--out", "results", "--report", "html"], in: folder.url)
        #expect(again.status == 0 || again.status == 2)
        #expect(
            !(try String(contentsOf: folder.url.appendingPathComponent("results/report.html"), encoding: .utf8))
                .contains("Maya Ortiz"))
        let missing = try runBinary(["erase", "--candidate", "nobody", "results"], in: folder.url)
        #expect(missing.status == 1 && missing.standardError.contains("No file in results holds candidate 'nobody'"))
    }
}
