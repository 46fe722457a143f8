import DazzleJSON
import Dispatch
import Scoring

/// `dazzle score -`: JSON Lines submissions from a file descriptor to scorecards as JSON Lines on
/// stdout, in input order, in constant memory.
///
/// Input is read in blocks into one reusable buffer. Each block's complete lines are cut into
/// `jobs` contiguous shares at line ends; each thread splits its share into lines and scores
/// them into its own reusable output buffer, and the shares are written in order before the next
/// block is read. Each line is scored on its own: panels are not combined and duplicates are not
/// detected in a stream (score files for that).
package struct StreamScorer {
    let plan: ScoringPlan
    let jobs: Int

    package init(plan: ScoringPlan, jobs: Int) {
        self.plan = plan
        self.jobs = max(jobs, 1)
    }
    package static let blockSize = 4 << 20

    /// Scores everything on `input`; returns the exit status.
    /// - Parameter prefix: bytes already read from `input` (to find the question set).
    package func run(input: Int32, prefix: [UInt8] = [], context: CommandContext) -> Int32 {
        let workers = StreamWorkers(plan: plan, count: jobs)
        var buffer = [UInt8](repeating: 0, count: max(Self.blockSize, prefix.count * 2))
        buffer.replaceSubrange(0..<prefix.count, with: prefix)
        var filled = prefix.count
        var nextLine = 1
        var read = 0
        var rejected = 0
        var finished = false
        while !finished {
            // A line longer than the buffer: make room for the rest of it.
            if filled == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
            let count = buffer.withUnsafeMutableBytes {
                Platform.read(input, $0.baseAddress! + filled, $0.count - filled)
            }
            if count < 0 {
                context.standardError.write(
                    "stdin: error: could not be read: \(Platform.describe(errno: Platform.currentErrno)).\n")
                return ExitStatus.failure
            }
            if count == 0 {
                finished = true
                if filled == 0 { break }
                if filled == buffer.count { buffer.append(0) }
                buffer[filled] = 0x0A
                filled += 1
            } else {
                filled += count
                // A pipe hands over 64 KB at a time: take what is already waiting, so the threads
                // get big blocks under load, yet a line that arrives alone is scored at once.
                if filled < buffer.count / 2 && Platform.hasInputWaiting(input) { continue }
            }
            guard let lastNewline = buffer[..<filled].lastIndex(of: 0x0A) else { continue }
            let outcome = buffer.withUnsafeBufferPointer { bytes in
                score(UnsafeBufferPointer(rebasing: bytes[...lastNewline]), firstLine: nextLine, workers: workers) {
                    Platform.writeAll(1, UnsafeRawBufferPointer($0))
                }
            }
            for rejection in outcome.rejections { context.standardError.write("rejected: \(rejection)\n") }
            rejected += outcome.rejections.count
            read += outcome.records
            nextLine += outcome.lines
            // Keep the start of the next line (shorter than a line) at the front of the buffer.
            let rest = filled - (lastNewline + 1)
            for offset in 0..<rest { buffer[offset] = buffer[lastNewline + 1 + offset] }
            filled = rest
        }
        context.standardError.write(
            "Read \(count(read, "submission")): \(read - rejected) scored, \(rejected) rejected.\n")
        if read > 0 && rejected == read { return ExitStatus.failure }
        return rejected == 0 ? ExitStatus.success : ExitStatus.someRejected
    }

    /// Reads up to and including the first newline, byte by byte so nothing more is consumed.
    static func readFirstLine(_ input: Int32) -> [UInt8] {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while Platform.read(input, &byte, 1) == 1 {
            line.append(byte)
            if byte == 0x0A || line.count > 16 << 20 { break }
        }
        return line
    }

    /// Scores a block of complete lines (ending in a newline) on up to `jobs` threads and hands
    /// each share's scorecards to `sink` in input order.
    /// - Returns: the rejections in input order, how many records (non-blank lines) were read,
    ///   and how many lines the block held.
    package func score(
        _ block: UnsafeBufferPointer<UInt8>, firstLine: Int, workers: StreamWorkers,
        sink: (UnsafeBufferPointer<UInt8>) -> Void
    ) -> (rejections: [Rejection], records: Int, lines: Int) {
        let parts = max(1, min(jobs, workers.count, block.count / (64 << 10) + 1))
        // Cut at the first line end at or after each even share of the bytes.
        var bounds = [0]
        for part in 1..<parts {
            let start = max(block.count * part / parts, bounds[part - 1])
            let end = Platform.firstIndex(of: 0x0A, in: block, from: start).map { $0 + 1 } ?? block.count
            bounds.append(end)
        }
        bounds.append(block.count)
        let shares = ReadOnlyBytes(block)
        let shareBounds = bounds
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            workers.items[part].split(
                UnsafeBufferPointer(rebasing: shares.bytes[shareBounds[part]..<shareBounds[part + 1]]))
        }
        var lineBefore = [firstLine]
        for part in 0..<parts { lineBefore.append(lineBefore[part] + workers.items[part].lineCount) }
        let firstLines = lineBefore
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            workers.items[part].score(
                UnsafeBufferPointer(rebasing: shares.bytes[shareBounds[part]...]), firstLine: firstLines[part])
        }
        var rejections: [Rejection] = []
        var records = 0
        for part in 0..<parts {
            let worker = workers.items[part]
            worker.output(sink)
            rejections += worker.rejections
            records += worker.records.count
        }
        return (rejections, records, lineBefore[parts] - firstLine)
    }
}

/// A block the threads only read, and only while `score` waits for them.
private struct ReadOnlyBytes: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }
}

/// One worker per thread: its scorer with its reusable sheet, its lines and its output buffer.
package final class StreamWorkers: @unchecked Sendable {
    /// Each worker is used by one thread at a time, between the stream's synchronisation points.
    package final class Worker: @unchecked Sendable {
        private var scorer: LineScorer
        private var writer = JSONWriter(reservingCapacity: 8 << 20)
        /// The records of the current share, as byte ranges of it, with their line (0-based).
        private(set) var records: [(bytes: Range<Int>, line: Int)] = []
        private(set) var lineCount = 0
        private(set) var rejections: [Rejection] = []

        init(_ scorer: LineScorer) { self.scorer = scorer }

        /// Finds the share's records: each line without trailing blanks, blank lines skipped.
        func split(_ share: UnsafeBufferPointer<UInt8>) {
            records.removeAll(keepingCapacity: true)
            lineCount = 0
            var start = 0
            while start < share.count {
                let end = Platform.firstIndex(of: 0x0A, in: share, from: start) ?? share.count
                if let record = JSONLines.trimmedRecord(start..<end, in: share) { records.append((record, lineCount)) }
                lineCount += 1
                start = end + 1
            }
        }

        /// Scores the records found by `split`; `share` starts where the split share started.
        func score(_ share: UnsafeBufferPointer<UInt8>, firstLine: Int) {
            writer.reset()
            rejections.removeAll(keepingCapacity: true)
            for record in records {
                let line = UnsafeBufferPointer(rebasing: share[record.bytes])
                if let rejection = scorer.score(line, lineNumber: firstLine + record.line, to: &writer) {
                    rejections.append(rejection)
                } else {
                    writer.endLine()
                }
            }
        }

        func output(_ sink: (UnsafeBufferPointer<UInt8>) -> Void) { writer.withBytes(sink) }
    }

    let items: [Worker]
    var count: Int { items.count }

    package init(plan: ScoringPlan, count: Int) {
        items = (0..<max(count, 1)).map { _ in Worker(LineScorer(plan: plan, sourceLabel: "stdin")) }
    }
}
