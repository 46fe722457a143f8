import Foundation
import Testing

/// The audit log `score --out` appends to, and `dazzle audit verify`.
@Suite("Audit log end to end")
struct AuditCommandTests {
    @Test("each score --out appends one chained event: inputs and outputs by hash, no names or answers")
    func scoreAppends() throws {
        let folder = try TemporaryFolder()
        try folder.write("forms.jsonl", ScoreCommandTests.forms)
        for _ in 0..<2 { _ = try runBinary(["score", "forms.jsonl", "--out", "out"], in: folder.url) }
        let log = try String(contentsOf: folder.url.appendingPathComponent("out/audit.jsonl"), encoding: .utf8)
        let events = log.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(events.map { $0["seq"] as? Int } == [1, 2])
        #expect(events[1]["previous"] as? String == events[0]["hash"] as? String)
        #expect((events[0]["command"] as? [String]) == ["score", "forms.jsonl", "--out", "out"])
        let inputs = try #require(events[0]["inputs"] as? [[String: Any]])
        let bytes = Array(ScoreCommandTests.forms.utf8)
        #expect(inputs.first?["bytes"] as? Int == bytes.count)
        #expect((inputs.first?["sha256"] as? String)?.hasPrefix("sha256:") == true)
        let outputs = try #require(events[0]["outputs"] as? [[String: Any]])
        #expect(
            Set(outputs.compactMap { $0["path"] as? String }).isSuperset(of: [
                "out/scorecards.jsonl", "out/summary.json",
            ]))
        #expect((events[0]["counts"] as? [String: Int]) == ["read": 4, "scored": 2, "rejected": 2, "scorecards": 2])
        #expect(!log.contains("Name p1") && !log.contains("People."), "ids and hashes only")
        let verified = try runBinary(["audit", "verify", "out/audit.jsonl"], in: folder.url)
        #expect(verified.status == 0)
        #expect(verified.standardOutput.hasPrefix("out/audit.jsonl: 2 events, chain whole; last hash sha256:"))
    }

    @Test("audit verify names an edited and a removed event and exits 1")
    func verifyFindsTampering() throws {
        let folder = try TemporaryFolder()
        try folder.write("forms.jsonl", ScoreCommandTests.forms)
        for _ in 0..<3 { _ = try runBinary(["score", "forms.jsonl", "--out", "out"], in: folder.url) }
        let path = folder.url.appendingPathComponent("out/audit.jsonl")
        var lines = try String(contentsOf: path, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[0] = lines[0].replacingOccurrences(of: #""scored":2"#, with: #""scored":3"#)
        lines.remove(at: 1)
        try (lines.joined(separator: "\n") + "\n").write(to: path, atomically: true, encoding: .utf8)
        let result = try runBinary(["audit", "verify", "out/audit.jsonl"], in: folder.url)
        #expect(result.status == 1)
        #expect(result.standardError.contains("out/audit.jsonl:1: error: event 1 was edited"))
        #expect(result.standardError.contains("out/audit.jsonl:2: error: event 2 is missing (removed)"))
    }

    @Test("report --out and compare --audit append their events to the same chain")
    func reportAndCompare() throws {
        let folder = try TemporaryFolder()
        try folder.write("forms.jsonl", ScoreCommandTests.forms)
        _ = try runBinary(["score", "forms.jsonl", "--out", "out"], in: folder.url)
        let report = try runBinary(
            ["report", "out/scorecards.jsonl", "--out", "reports", "--audit", "out/audit.jsonl"], in: folder.url)
        #expect(report.status == 0, "\(report.standardError)")
        let compare = try runBinary(
            ["compare", "out/scorecards.jsonl", "--blind", "--out", "c.html", "--audit", "out/audit.jsonl"],
            in: folder.url)
        #expect(compare.status == 0, "\(compare.standardError)")
        let log = try String(contentsOf: folder.url.appendingPathComponent("out/audit.jsonl"), encoding: .utf8)
        let events = log.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(events.compactMap { ($0["command"] as? [String])?.first } == ["score", "report", "compare"])
        let reportOutputs = (events[1]["outputs"] as? [[String: Any]])?.compactMap { $0["path"] as? String } ?? []
        #expect(reportOutputs.contains("reports/index.html") && reportOutputs.count == 3)
        let inputs = (events[2]["inputs"] as? [[String: Any]])?.compactMap { $0["path"] as? String }
        #expect(inputs == ["out/scorecards.jsonl"])
        #expect(try runBinary(["audit", "verify", "out/audit.jsonl"], in: folder.url).status == 0)
    }
}
