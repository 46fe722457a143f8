import DazzleJSON
import Dispatch
import Foundation
import Hashing
import Scoring
import Submissions

/// Reads submission files of every supported kind: `.json` (one submission or an array),
/// `.jsonl` (one per line) and `.csv` (a form tool's export).
struct SubmissionFiles {
    let context: CommandContext
    /// Threads to decode JSON Lines with.
    var jobs = 1
    /// Submission files can be large; they are read whole, up to this size.
    static let maximumBytes = 2 << 30

    /// Files as given, folders searched recursively for `.json`, `.jsonl` and `.csv` files
    /// (with `scorecards`, scorecard files too).
    func expand(_ paths: [String], scorecards: Bool = false) throws(FileReadError) -> [String] {
        try (scorecards ? FolderSearch.submissionsOrScorecards : FolderSearch.submissions).files(
            in: paths, context: context)
    }

    func bytes(of file: String) throws(FileReadError) -> [UInt8] {
        try FileReader(maximumBytes: Self.maximumBytes).read(context.resolve(file), displayPath: file)
    }

    /// What a file holds. The extension says (`.json`, `.jsonl` or `.ndjson`, `.csv`); a file
    /// without one (Spark's and Hadoop's `part-00000`) is told by its first character: `[`
    /// JSON, `{` JSON Lines when its first line is a whole value with more after it, else JSON;
    /// anything else, CSV.
    enum Kind {
        case json, jsonLines, csv
    }

    static func kind(of file: String, bytes: [UInt8]) -> Kind {
        switch (file as NSString).pathExtension.lowercased() {
        case "csv": return .csv
        case "jsonl", "ndjson": return .jsonLines
        case "json": return .json
        default: break
        }
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        guard let first = bytes[start...].firstIndex(where: { ![0x20, 0x09, 0x0D, 0x0A].contains($0) }) else {
            return .jsonLines
        }
        switch bytes[first] {
        case UInt8(ascii: "["): return .json
        case UInt8(ascii: "{"):
            let end = bytes[first...].firstIndex(of: 0x0A) ?? bytes.endIndex
            let rest = bytes[end...].contains { ![0x20, 0x09, 0x0D, 0x0A].contains($0) }
            return rest && (try? JSONReader().read(Array(bytes[first..<end]))) != nil ? .jsonLines : .json
        default: return .csv
        }
    }

    /// The question set id named by the first JSON submission, to pick the set when none is given.
    func sniffQuestionnaire(in files: [String]) -> String? {
        for file in files {
            guard let bytes = try? bytes(of: file) else { continue }
            let kind = Self.kind(of: file, bytes: bytes)
            guard kind != .csv else { continue }
            let first: ArraySlice<UInt8>
            if kind == .jsonLines {
                first = bytes.split(separator: UInt8(ascii: "\n"), maxSplits: 1).first ?? []
            } else {
                first = bytes[...]
            }
            guard let value = try? JSONReader().read(Array(first)) else { continue }
            let object = value.objectValue ?? value.arrayValue?.first?.objectValue
            if let id = object?["questionnaire"]?.stringValue { return id }
        }
        return nil
    }

    /// The question set id a JSON submission line names, if any.
    static func questionnaireID(inLine line: [UInt8]) -> String? {
        (try? JSONReader().read(line))?.objectValue?["questionnaire"]?.stringValue
    }

    /// Every submission in a file, as results; a file that cannot be read at all is one rejection.
    /// - Parameter progress: called now and then on this thread with the records read so far and
    ///   the records in the file.
    /// - Returns: the results, warnings, and the file's size and SHA-256 (for the audit log;
    ///   `nil` when it could not be read).
    func read(_ file: String, plan: ScoringPlan, progress: (_ done: Int, _ of: Int) -> Void = { _, _ in }) -> (
        results: [Result<Submission, Rejection>], warnings: [String], digest: (bytes: Int, sha256: String)?
    ) {
        let bytes: [UInt8]
        do {
            bytes = try self.bytes(of: file)
        } catch {
            return ([.failure(Rejection(source: file, reason: error.message))], [], nil)
        }
        let digest = (bytes.count, "sha256:" + SHA256.hex(bytes))
        let read = decode(bytes, file: file, plan: plan, progress: progress)
        return (read.results, read.warnings, digest)
    }

    func decode(
        _ bytes: [UInt8], file: String, plan: ScoringPlan, progress: (_ done: Int, _ of: Int) -> Void
    ) -> (results: [Result<Submission, Rejection>], warnings: [String]) {
        let decoder = SubmissionDecoder(plan: plan)
        switch Self.kind(of: file, bytes: bytes) {
        case .csv:
            do {
                let batch = try CSVSubmissionReader(plan: plan).read(bytes, file: file)
                return (batch.results, batch.warnings)
            } catch {
                return ([.failure(error)], [])
            }
        case .jsonLines:
            return (decodeInParallel(JSONLines.records(bytes), file: file, decoder: decoder, progress: progress), [])
        case .json:
            do {
                let root = try JSONReader().read(bytes)
                if let elements = root.arrayValue {
                    return (elements.enumerated().map { decoder.decode($1, source: "\(file)[\($0)]") }, [])
                }
                // With its bytes, so a sealed submission's seal is checked.
                return ([decoder.decode(root, bytes: bytes[...], source: file)], [])
            } catch {
                return (
                    [
                        .failure(
                            Rejection(source: "\(file):\(error.position)", reason: "not valid JSON: \(error.message)"))
                    ], []
                )
            }
        }
    }
}

extension SubmissionFiles {
    /// Decodes records on `jobs` threads, each taking a contiguous share, keeping input order;
    /// in steps of 16,384 records, reporting how many are done after each.
    func decodeInParallel(
        _ records: [(text: ArraySlice<UInt8>, line: Int)], file: String, decoder: SubmissionDecoder,
        progress: (_ done: Int, _ of: Int) -> Void = { _, _ in }
    ) -> [Result<Submission, Rejection>] {
        var results: [Result<Submission, Rejection>] = []
        results.reserveCapacity(records.count)
        var start = 0
        while start < records.count {
            let step = records[start..<min(start + 16_384, records.count)]
            let parts = max(1, min(jobs, step.count / 256 + 1))
            let shares = ShareSlots<Result<Submission, Rejection>>(count: parts)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let lower = step.startIndex + step.count * part / parts
                let upper = step.startIndex + step.count * (part + 1) / parts
                shares.set(part, step[lower..<upper].map { decoder.decode($0.text, source: "\(file):\($0.line)") })
            }
            results += shares.joined
            start = step.endIndex
            progress(start, records.count)
        }
        return results
    }
}

/// Splits JSON Lines text into non-blank lines with their line numbers.
package enum JSONLines {
    package static func records(_ bytes: [UInt8]) -> [(text: ArraySlice<UInt8>, line: Int)] {
        var records: [(ArraySlice<UInt8>, Int)] = []
        var start = 0
        var line = 1
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            appendIfNotBlank(bytes[start..<index], line, &records)
            start = index + 1
            line += 1
        }
        appendIfNotBlank(bytes[start...], line, &records)
        return records
    }

    private static func appendIfNotBlank(
        _ text: ArraySlice<UInt8>, _ line: Int, _ records: inout [(ArraySlice<UInt8>, Int)]
    ) {
        let range = text.withUnsafeBufferPointer { trimmedRecord(0..<$0.count, in: $0) }
        if let range {
            records.append((text[(text.startIndex + range.lowerBound)..<(text.startIndex + range.upperBound)], line))
        }
    }

    /// A line's record: the line without trailing blanks (`\r`, space, tab), or `nil` when
    /// nothing else is on it.
    package static func trimmedRecord(_ line: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var end = line.upperBound
        while end > line.lowerBound,
            bytes[end - 1] == UInt8(ascii: "\r") || bytes[end - 1] == UInt8(ascii: " ")
                || bytes[end - 1] == UInt8(ascii: "\t")
        {
            end -= 1
        }
        var start = line.lowerBound
        while start < end, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") { start += 1 }
        return start < end ? line.lowerBound..<end : nil
    }
}
