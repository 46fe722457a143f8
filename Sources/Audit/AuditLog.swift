import DazzleJSON
import Hashing

/// An append-only, hash-chained log of what Dazzle did (`audit.jsonl`): one JSON object per
/// line, each with its sequence number, the hash of the event before it and its own hash, so
/// `dazzle audit verify` finds an event edited, removed, inserted or moved. The log holds
/// hashes, ids, counts and file names, never answers or notes.
///
/// Each line is `{"format":"dazzle.audit/1","seq":N,"previous":"sha256:…",…,"hash":"sha256:…"}`;
/// `hash` is the SHA-256 of the line's bytes before `,"hash"`. The first event's `previous` is
/// ``genesis``. Tamper-evident, not tamper-proof: whoever can rewrite the whole file can rewrite
/// the chain; keep the last hash (printed by each command) somewhere else to anchor it.
public enum AuditLog {
    public static let format = "dazzle.audit/1"
    /// `previous` of the first event.
    public static let genesis = "sha256:" + String(repeating: "0", count: 64)

    /// What verification found wrong, at a line of the log.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// The line to append to `existing` (a log's bytes, possibly empty): the next sequence
    /// number, the last event's hash as `previous`, then `body`'s members, then the hash.
    /// - Returns: the line with its newline, and the event's hash.
    /// - Parameter format: the log's format tag (the decisions log chains the same way).
    public static func nextLine(
        after existing: [UInt8], format: String = format, body: (inout JSONWriter) -> Void
    ) -> (line: [UInt8], hash: String) {
        let last = lines(existing).last.flatMap { read($0.bytes, format: format) }
        var writer = JSONWriter(reservingCapacity: 1024)
        writer.beginObject()
        writer.key("format")
        writer.string(format)
        writer.key("seq")
        writer.integer((last?.seq ?? 0) + 1)
        writer.key("previous")
        writer.string(last?.hash ?? genesis)
        body(&writer)
        let hash = "sha256:" + SHA256.hex(writer.bytes)
        writer.key("hash")
        writer.string(hash)
        writer.endObject()
        writer.endLine()
        return (writer.bytes, hash)
    }

    /// Every problem in a log, in line order; empty when the chain is whole.
    public static func verify(_ bytes: [UInt8], format: String = format) -> [Problem] {
        var problems: [Problem] = []
        var expectedSeq = 1
        var previousHash = genesis
        for (number, line) in lines(bytes) {
            guard let event = read(line, format: format) else {
                problems.append(
                    Problem(line: number, message: "not an event of this log (\(format) with seq, previous and hash)"))
                continue
            }
            if event.computedHash != event.hash {
                problems.append(
                    Problem(
                        line: number, message: "event \(event.seq) was edited: its content no longer gives its hash"))
            }
            if event.seq != expectedSeq {
                let what =
                    event.seq > expectedSeq
                    ? "event \(expectedSeq)\(event.seq - expectedSeq > 1 ? "–\(event.seq - 1)" : "") is missing (removed)"
                    : "event \(event.seq) is out of place or inserted (expected \(expectedSeq))"
                problems.append(Problem(line: number, message: what))
            } else if event.previous != previousHash {
                problems.append(
                    Problem(
                        line: number,
                        message:
                            "event \(event.seq) does not follow the event before it (the chain is broken: an event was changed, inserted or reordered)"
                    ))
            }
            expectedSeq = event.seq + 1
            previousHash = event.hash
        }
        return problems
    }

    /// The events in a log, and the hash of the last one.
    public static func summary(_ bytes: [UInt8], format: String = format) -> (events: Int, lastHash: String?) {
        let events = lines(bytes).compactMap { read($0.bytes, format: format) }
        return (events.count, events.last?.hash)
    }

    struct Event {
        var seq: Int
        var previous: String
        var hash: String
        var computedHash: String
    }

    /// The format tag of the first event in a log, to verify any of Dazzle's chained logs.
    public static func formatOf(_ bytes: [UInt8]) -> String? {
        lines(bytes).first.flatMap { try? JSONReader().read(Array($0.bytes)).objectValue?["format"]?.stringValue }
    }

    static func read(_ line: ArraySlice<UInt8>, format: String) -> Event? {
        guard let value = try? JSONReader().read(Array(line)), let object = value.objectValue,
            object["format"]?.stringValue == format, let seq = object["seq"]?.numberValue, seq >= 1, seq < 1e15,
            let previous = object["previous"]?.stringValue, let hash = object["hash"]?.stringValue
        else { return nil }
        // The hashed part: everything before the last `,"hash":`.
        let marker = Array(#","hash":"#.utf8)
        var cut: Int?
        var index = line.endIndex - marker.count
        while index >= line.startIndex {
            if line[index..<index + marker.count].elementsEqual(marker) {
                cut = index
                break
            }
            index -= 1
        }
        guard let cut else { return nil }
        return Event(
            seq: Int(seq), previous: previous, hash: hash,
            computedHash: "sha256:" + SHA256.hex(Array(line[line.startIndex..<cut])))
    }

    /// Non-blank lines with their numbers, without the line end.
    public static func lines(_ bytes: [UInt8]) -> [(number: Int, bytes: ArraySlice<UInt8>)] {
        var result: [(Int, ArraySlice<UInt8>)] = []
        var number = 1
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            var end = line.endIndex
            if end > line.startIndex, line[end - 1] == 0x0D { end -= 1 }
            let trimmed = line[line.startIndex..<end]
            if trimmed.contains(where: { $0 != 0x20 && $0 != 0x09 }) { result.append((number, trimmed)) }
            number += 1
        }
        return result
    }
}
