import DazzleJSON
import Foundation
import Testing

@testable import Audit

@Suite("Audit log")
struct AuditLogTests {
    /// A log of `count` events, each with a `command` member.
    func log(_ count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for index in 1...count {
            bytes +=
                AuditLog.nextLine(after: bytes) { writer in
                    writer.key("command")
                    writer.string("score \(index)")
                }.line
        }
        return bytes
    }

    func lines(_ bytes: [UInt8]) -> [[UInt8]] { bytes.split(separator: 0x0A).map(Array.init) }
    func joined(_ lines: [[UInt8]]) -> [UInt8] { lines.flatMap { $0 + [0x0A] } }

    @Test("a log as written verifies; events are numbered and chained from the genesis hash")
    func whole() {
        let bytes = log(4)
        #expect(AuditLog.verify(bytes).isEmpty)
        let first = String(decoding: lines(bytes)[0], as: UTF8.self)
        #expect(
            first.hasPrefix(
                #"{"format":"dazzle.audit/1","seq":1,"previous":"\#(AuditLog.genesis)","command":"score 1","hash":"sha256:"#
            ))
        #expect(AuditLog.summary(bytes).events == 4)
    }

    @Test("an edited event is named, even the last one")
    func edited() {
        var events = lines(log(3))
        events[2] = Array(
            String(decoding: events[2], as: UTF8.self).replacingOccurrences(of: "score 3", with: "score 9").utf8)
        #expect(
            AuditLog.verify(joined(events)).map(\.description) == [
                "line 3: event 3 was edited: its content no longer gives its hash"
            ])
    }

    @Test("a removed event is named by number")
    func removed() {
        var events = lines(log(4))
        events.remove(at: 1)
        #expect(AuditLog.verify(joined(events)).map(\.description) == ["line 2: event 2 is missing (removed)"])
    }

    @Test("swapped events are found")
    func reordered() {
        var events = lines(log(4))
        events.swapAt(1, 2)
        let problems = AuditLog.verify(joined(events)).map(\.description)
        #expect(
            problems.contains("line 2: event 3 is out of place or inserted (expected 2)")
                || problems.contains { $0.hasPrefix("line 2:") }, "\(problems)")
        #expect(!problems.isEmpty)
    }

    @Test("an inserted event with a made-up chain is found")
    func inserted() {
        var events = lines(log(3))
        let forged = AuditLog.nextLine(after: []) { writer in
            writer.key("command")
            writer.string("forged")
        }.line
        events.insert(Array(forged.dropLast()), at: 1)
        #expect(!AuditLog.verify(joined(events)).isEmpty)
    }

    @Test("a line that is not an event is named")
    func garbage() {
        let bytes = log(2) + Array("not json\n".utf8)
        #expect(AuditLog.verify(bytes).map(\.line) == [3])
    }
}
