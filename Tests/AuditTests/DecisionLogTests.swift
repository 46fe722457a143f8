import Foundation
import Testing

@testable import Audit

@Suite("Decisions log")
struct DecisionLogTests {
    func entry(_ candidate: String, _ decision: String, rubric: String = "hold") -> DecisionLog.Entry {
        DecisionLog.Entry(
            at: "2026-12-01T10:00:00Z", candidateID: candidate, questionnaireID: "set", rubricDecision: rubric,
            decision: decision, reason: "Reason for \(candidate).", by: "Ana Diaz")
    }

    func log(_ entries: [DecisionLog.Entry]) -> [UInt8] {
        var bytes: [UInt8] = []
        for entry in entries { bytes += DecisionLog.line(appending: entry, to: bytes).line }
        return bytes
    }

    @Test("entries read back in order with their override flag; the latest per candidate wins")
    func readBack() {
        let contents = DecisionLog.read(log([entry("c1", "advance"), entry("c2", "hold"), entry("c1", "decline")]))
        #expect(contents.problems.isEmpty)
        #expect(contents.entries.map(\.seq) == [1, 2, 3])
        #expect(contents.entries.map(\.isOverride) == [true, false, true])
        let latest = contents.latest(for: "set")
        #expect(latest["c1"]?.decision == "decline" && latest["c2"]?.decision == "hold")
        #expect(contents.latest(for: "other").isEmpty)
    }

    @Test("an edited reason and a removed entry are found, as in the audit log")
    func tampered() {
        let bytes = log([entry("c1", "advance"), entry("c2", "hold"), entry("c3", "advance")])
        var text = String(decoding: bytes, as: UTF8.self)
        text = text.replacingOccurrences(of: "Reason for c2.", with: "Reason for c2, edited.")
        #expect(DecisionLog.read(Array(text.utf8)).problems.map(\.line) == [2])
        var lines: [[UInt8]] = bytes.split(separator: 0x0A).map { Array($0) }
        lines.remove(at: 1)
        let removed: [UInt8] = lines.flatMap { $0 + [0x0A] }
        #expect(
            DecisionLog.read(removed).problems.map(\.message) == ["event 2 is missing (removed)"])
    }

    @Test("the audit log's verifier reads the decisions log by its own format")
    func formats() {
        let bytes = log([entry("c1", "advance")])
        #expect(AuditLog.formatOf(bytes) == DecisionLog.format)
        #expect(AuditLog.verify(bytes, format: DecisionLog.format).isEmpty)
        #expect(!AuditLog.verify(bytes).isEmpty, "not an audit event")
    }
}
