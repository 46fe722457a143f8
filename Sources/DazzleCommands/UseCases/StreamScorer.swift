import Analytics
import DazzleJSON
import Dispatch
import Scoring
import Submissions

/// `dazzle score -`: submissions from a file descriptor, as JSON Lines or as a CSV export with its
/// header, to scorecards as JSON Lines on stdout, in input order, in constant memory.
///
/// Input is read in blocks into one reusable buffer. Each block's complete records are cut into
/// `jobs` contiguous shares; each thread scores its share into its own reusable output buffer, and
/// the shares are written in order on a thread of their own while the next block is read and
/// scored (``OverlappedOutput``). Each record is scored on its own: panels are not combined and
/// duplicates are not detected in a stream (score files for that).
package struct StreamScorer {
    let plan: ScoringPlan
    let jobs: Int
    let format: Format
    let options: StreamOptions
    /// Each scorecard's standing (against a norm group), when given.
    let standing: (@Sendable (Double) -> Standing?)?

    /// What the stream holds.
    package enum Format: Sendable {
        case jsonLines
        /// CSV rows under this header (already read).
        case csv(CSVSubmissionReader.Header)

        var isJSONLines: Bool {
            if case .jsonLines = self { return true }
            return false
        }
    }

    package init(plan: ScoringPlan, jobs: Int, format: Format = .jsonLines) {
        self.init(plan: plan, jobs: jobs, format: format, options: StreamOptions(), standing: nil)
    }

    init(
        plan: ScoringPlan, jobs: Int, format: Format = .jsonLines, options: StreamOptions,
        standing: (@Sendable (Double) -> Standing?)? = nil
    ) {
        self.standing = standing
        self.plan = plan
        self.jobs = max(jobs, 1)
        self.format = format
        self.options = options
    }
    package static let blockSize = 4 << 20
    /// The longest record read (as long as the first line read to find the question set);
    /// anything longer is rejected and skipped.
    static let longestRecord = 16 << 20

    /// How much input to score at a time. Two blocks of scorecards are held (one written while the
    /// next is scored), about eight times the input with full explanations, so 2 MB of JSON Lines at
    /// a time; a CSV row is a few hundred bytes and its scorecard several kilobytes, so CSV goes in
    /// smaller steps. Smaller blocks also start the writing sooner.
    var readSize: Int {
        switch format {
        case .jsonLines: Self.blockSize / 2
        case .csv: Self.blockSize / 8
        }
    }

    /// Scores everything on `input`; returns the exit status.
    /// - Parameters:
    ///   - prefix: bytes already read from `input` that belong to the records (a first JSON line
    ///     read to find the question set).
    ///   - firstLine: the line number of the first byte after what was already read.
    package func run(input: Int32, prefix: [UInt8] = [], firstLine: Int = 1, context: CommandContext) -> Int32 {
        let workers = StreamWorkers(
            plan: plan, count: jobs, source: options.source, inlineRejections: options.rejections == .standardOutput,
            standing: standing, explanation: options.explanation, keepsState: options.state != nil)
        var state: StreamState?
        if let target = options.state {
            do {
                state = try StreamState(target: target, plan: plan, context: context)
            } catch {
                context.standardError.write("error: \(error)\n")
                return ExitStatus.failure
            }
        }
        Platform.enlargePipeBuffer(input)
        Platform.enlargePipeBuffer(1)
        var stream = StreamInput(descriptor: input, prefix: prefix, readSize: readSize)
        let output = OverlappedOutput(descriptor: 1)
        // Whatever happens next, nothing handed over is left unwritten.
        defer { output.finish() }
        var counts = (read: 0, rejected: 0)
        var nextLine = firstLine + options.firstLine - 1
        let progress = ProgressLine(context: context)
        var sink = StreamRejections(options: options)
        /// Rejections the workers found are already among the scorecards when they go to
        /// stdout; the stream's own (a torn last record, one too long) are written here.
        func report(_ rejections: [Rejection], found: Bool = true, line: Int = 0) {
            if !rejections.isEmpty, options.rejections == .standardError { progress.finish() }
            // The stream's own rejection records follow every scorecard before them.
            if !found, options.rejections == .standardOutput { output.finish() }
            sink.report(
                rejections, alreadyInOutput: found && options.rejections == .standardOutput, line: line,
                context: context)
            counts.rejected += rejections.count
            state?.add(rejections)
        }
        // Stdin redirected from a file has a size, so the time left can be told.
        let total = Platform.fileSize(of: input)
        var consumed = 0
        while !stream.finished {
            switch stream.fill() {
            case .failed(let code):
                context.standardError.write("stdin: error: could not be read: \(Platform.describe(errno: code)).\n")
                return ExitStatus.failure
            case .skippedLine:
                nextLine += 1
            case .ready:
                break
            }
            guard stream.filled > 0 || !stream.finished else { break }
            var stateFailure: AtomicFile.WriteError?
            output.prepareBlock()
            defer { output.endBlock() }
            let outcome = stream.withRecords(jsonLines: format.isJSONLines) { records in
                score(records, firstLine: nextLine, firstRow: counts.read + 1, workers: workers) {
                    output.write($0)
                } stateSink: { lines, candidates in
                    do throws(AtomicFile.WriteError) {
                        try state?.add(lines: lines, candidates: candidates, writeOut: output.write)
                    } catch {
                        stateFailure = error
                    }
                }
            }
            if let stateFailure {
                context.standardError.write("error: \(stateFailure)\n")
                return ExitStatus.failure
            }
            report(outcome.rejections)
            counts.read += outcome.records
            nextLine += outcome.lines
            consumed += outcome.consumed
            progress.update(
                count: counts.read - counts.rejected, label: "scored",
                fraction: total.map { Double(consumed) / Double(max($0, 1)) })
            stream.dropFront(outcome.consumed)
            if stream.finished && stream.filled > 0 {
                // At the end, only a CSV record whose quoted field never closes can be left over.
                counts.read += 1
                report(
                    [
                        Rejection(
                            source: "\(options.source):\(nextLine)",
                            reason:
                                "not valid CSV: a quoted field starting on this record never closes; add the closing quote"
                        )
                    ], found: false, line: nextLine)
                stream.dropFront(stream.filled)
            }
            if stream.filled > Self.longestRecord && !stream.finished {
                // No form is this long: say so and skip to the next line end, rather than keep
                // growing the buffer and searching it again at every read.
                counts.read += 1
                report(
                    [
                        Rejection(
                            source: "\(options.source):\(nextLine)",
                            reason:
                                "a record longer than \(Self.longestRecord >> 20) MB, which is no form; skipped to the next line end"
                        )
                    ], found: false, line: nextLine)
                nextLine += stream.skipToNextLineEnd()
            }
        }
        output.finish()
        progress.finish()
        guard sink.finish(context: context) else { return ExitStatus.failure }
        do {
            try state?.finish(read: counts.read)
        } catch {
            context.standardError.write("error: \(error)\n")
            return ExitStatus.failure
        }
        context.standardError.write(
            "Read \(count(counts.read, "submission")): \(counts.read - counts.rejected) scored, \(counts.rejected) rejected.\n"
        )
        if options.exitZeroOnRejections { return ExitStatus.success }
        if counts.read > 0 && counts.rejected == counts.read { return ExitStatus.failure }
        return counts.rejected == 0 ? ExitStatus.success : ExitStatus.someRejected
    }

    /// Reads up to and including the first newline (at most 16 MB and a byte), consuming nothing
    /// more: a file is read ahead and its reading position set back after the line; a pipe byte
    /// by byte.
    static func readFirstLine(_ input: Int32) -> [UInt8] {
        let limit = (16 << 20) + 1
        var line: [UInt8] = []
        guard Platform.fileSize(of: input) != nil else {
            var byte: UInt8 = 0
            while Platform.read(input, &byte, 1) == 1 {
                line.append(byte)
                if byte == 0x0A || line.count >= limit { break }
            }
            return line
        }
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while line.count < limit {
            let count = chunk.withUnsafeMutableBytes {
                Platform.read(input, $0.baseAddress!, min($0.count, limit - line.count))
            }
            guard count > 0 else { break }
            let end = chunk[..<count].firstIndex(of: 0x0A).map { $0 + 1 } ?? count
            line += chunk[..<end]
            if end < count {
                Platform.moveReadingPosition(input, by: end - count)
                break
            }
        }
        return line
    }

    /// Scores the complete records at the start of `block` on up to `jobs` threads and hands each
    /// share's scorecards to `sink` in input order. JSON Lines blocks must end with a line feed;
    /// a CSV block may end inside a record, which is left for the next block.
    /// - Parameter firstRow: for CSV, the number of the block's first data row.
    /// - Returns: the rejections in input order, how many records (non-blank lines) were read,
    ///   how many lines and how many bytes they took.
    package func score(
        _ block: UnsafeBufferPointer<UInt8>, firstLine: Int, firstRow: Int = 1, workers: StreamWorkers,
        sink: (UnsafeBufferPointer<UInt8>) -> Void,
        stateSink: (UnsafeBufferPointer<UInt8>, Int) -> Void = { _, _ in }
    ) -> (rejections: [Rejection], records: Int, lines: Int, consumed: Int) {
        let parts = max(1, min(jobs, workers.count, block.count / (64 << 10) + 1))
        let shared = ReadOnlyBytes(block)
        var consumed = block.count
        var firstLines = [firstLine]
        var firstRows = [firstRow]
        switch format {
        case .jsonLines:
            // Cut at the first line end at or after each even share of the bytes; each thread
            // finds its own lines.
            var bounds = [0]
            for part in 1..<parts {
                let start = max(block.count * part / parts, bounds[part - 1])
                let end = Platform.firstIndex(of: 0x0A, in: block, from: start).map { $0 + 1 } ?? block.count
                bounds.append(end)
            }
            bounds.append(block.count)
            let shareBounds = bounds
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                workers.items[part].splitLines(
                    UnsafeBufferPointer(rebasing: shared.bytes[shareBounds[part]..<shareBounds[part + 1]]),
                    offset: shareBounds[part])
            }
        case .csv:
            // Quoted fields may hold line feeds, so records are found in order, then shared out.
            var records: [(bytes: Range<Int>, line: Int)] = []
            var start = 0
            var line = 0
            while let record = CSVTable.recordEnd(in: block, from: start) {
                var end = record.end
                if end > start, block[end - 1] == 0x0D { end -= 1 }
                if end > start { records.append((start..<end, line)) }
                line += record.lines
                start = record.end + 1
            }
            consumed = start
            // Each share spans from its first record's line (the block's start for the first) to
            // the next share's.
            let starts = (0...parts).map { records.count * $0 / parts }
            let bases = starts.enumerated().map { part, start in
                part == 0 ? 0 : (start < records.count ? records[start].line : line)
            }
            for part in 0..<parts {
                workers.items[part].take(
                    records[starts[part]..<starts[part + 1]], base: bases[part], lines: bases[part + 1] - bases[part])
            }
        }
        for part in 0..<parts {
            firstLines.append(firstLines[part] + workers.items[part].lineCount)
            firstRows.append(firstRows[part] + workers.items[part].records.count)
        }
        let lines = firstLines
        let rows = firstRows
        let format = format
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            workers.items[part].score(shared.bytes, format: format, firstLine: lines[part], firstRow: rows[part])
        }
        var rejections: [Rejection] = []
        for part in 0..<parts {
            workers.items[part].output(sink)
            rejections += workers.items[part].rejections
        }
        for part in 0..<parts { workers.items[part].outputState(stateSink) }
        return (rejections, rows[parts] - firstRow, lines[parts] - firstLine, consumed)
    }
}

/// Writes the stream's output on a thread of its own, one block behind the scoring, in order. The
/// bytes are not copied: they stay in the workers' buffers, and each worker keeps its last block's
/// buffer intact while it scores the next (``StreamWorkers/Worker``), so a block's buffers are
/// reused only once the block two before it is written.
final class OverlappedOutput: @unchecked Sendable {
    private let queue = DispatchQueue(label: "dazzle.stream.output")
    private let descriptor: Int32
    /// The writes of even and odd blocks; the queue writes in the order handed over.
    private let blocks = [DispatchGroup(), DispatchGroup()]
    private var block = 0

    init(descriptor: Int32) { self.descriptor = descriptor }

    /// Before a block is scored: waits for the block two before it, whose buffers are reused now.
    func prepareBlock() { blocks[block & 1].wait() }

    /// Hands over a piece of the current block, to be written after every piece before it.
    func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        let piece = ReadOnlyBytes(bytes)
        let descriptor = descriptor
        queue.async(group: blocks[block & 1]) { Platform.writeAll(descriptor, UnsafeRawBufferPointer(piece.bytes)) }
    }

    func endBlock() { block += 1 }

    /// Waits until everything handed over is written.
    func finish() { queue.sync {} }
}

/// Bytes other threads only read, while their owner keeps them intact: a block while `score`
/// waits for the workers, a worker's output while ``OverlappedOutput`` writes it.
private struct ReadOnlyBytes: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }
}

/// One worker per thread: its scorer with its reusable sheet, its records and its output buffer.
package final class StreamWorkers: @unchecked Sendable {
    /// Each worker is used by one thread at a time, between the stream's synchronisation points.
    package final class Worker: @unchecked Sendable {
        private var scorer: LineScorer
        private var writer = JSONWriter(reservingCapacity: 8 << 20)
        /// The block before's output, left intact while ``OverlappedOutput`` may still be writing it.
        private var previousWriter = JSONWriter(reservingCapacity: 8 << 20)
        /// The records of the current share, as byte ranges of the block, with their line
        /// counted from the share's first line (0-based).
        private(set) var records: [(bytes: Range<Int>, line: Int)] = []
        /// How many lines the share spans.
        private(set) var lineCount = 0
        private(set) var rejections: [Rejection] = []

        /// Names the input in rejections, as the scorer does in `sources`.
        private let source: String
        /// With `--state`: writes each scored record's state line (compact scorecard and
        /// demographics), from the general path's scorecard.
        private let stateScorer: Scorer?
        private var stateWriter = JSONWriter()
        /// The block before's state lines, kept like `previousWriter`.
        private var previousStateWriter = JSONWriter()
        private var stateLines = 0
        /// Whether rejections go into the output, as records in input order.
        private let inlineRejections: Bool

        init(_ scorer: LineScorer, source: String, inlineRejections: Bool, stateScorer: Scorer?) {
            self.scorer = scorer
            self.source = source
            self.inlineRejections = inlineRejections
            self.stateScorer = stateScorer
            // Scores repeat (a scale's sums over its items): their shortest digits are found once.
            writer.remembersExactDigits = true
            previousWriter.remembersExactDigits = true
        }

        /// Finds a JSON Lines share's records: each line without trailing blanks, blank lines
        /// skipped. `offset` is where the share starts in the block.
        func splitLines(_ share: UnsafeBufferPointer<UInt8>, offset: Int) {
            records.removeAll(keepingCapacity: true)
            lineCount = 0
            var start = 0
            while start < share.count {
                let end = Platform.firstIndex(of: 0x0A, in: share, from: start) ?? share.count
                if let record = JSONLines.trimmedRecord(start..<end, in: share) {
                    records.append(((record.lowerBound + offset)..<(record.upperBound + offset), lineCount))
                }
                lineCount += 1
                start = end + 1
            }
        }

        /// Takes CSV records found by the stream: their lines count from `base`, and the share
        /// spans `lines` lines.
        func take(_ share: ArraySlice<(bytes: Range<Int>, line: Int)>, base: Int, lines: Int) {
            records.removeAll(keepingCapacity: true)
            for record in share { records.append((record.bytes, record.line - base)) }
            lineCount = lines
        }

        /// Scores the records of the share in `block`.
        func score(_ block: UnsafeBufferPointer<UInt8>, format: StreamScorer.Format, firstLine: Int, firstRow: Int) {
            swap(&writer, &previousWriter)
            swap(&stateWriter, &previousStateWriter)
            writer.reset()
            stateWriter.reset()
            stateLines = 0
            rejections.removeAll(keepingCapacity: true)
            // The scorer and the output buffer taken once for the share, not once per record
            // (each access to a class's property is checked at run time).
            scoreShare(
                block, format: format, firstLine: firstLine, firstRow: firstRow, scorer: &scorer, writer: &writer)
        }

        private func scoreShare(
            _ block: UnsafeBufferPointer<UInt8>, format: StreamScorer.Format, firstLine: Int, firstRow: Int,
            scorer: inout LineScorer, writer: inout JSONWriter
        ) {
            for (index, record) in records.enumerated() {
                let bytes = UnsafeBufferPointer(rebasing: block[record.bytes])
                let rejection: Rejection?
                // However the input arrived (a pipe delivers a long record in pieces, a file at once).
                if bytes.count > StreamScorer.longestRecord {
                    rejection = Rejection(
                        source: "\(source):\(firstLine + record.line)",
                        reason:
                            "a record longer than \(StreamScorer.longestRecord >> 20) MB, which is no form; skipped to the next line end"
                    )
                } else {
                    switch format {
                    case .jsonLines:
                        rejection = scorer.score(bytes, lineNumber: firstLine + record.line, to: &writer)
                    case .csv(let header):
                        rejection = scorer.score(
                            csvRow: bytes, header: header, lineNumber: firstLine + record.line, row: firstRow + index,
                            to: &writer)
                    }
                }
                if let rejection {
                    rejections.append(rejection)
                    guard inlineRejections else { continue }
                    rejection.writeRecord(line: firstLine + record.line, to: &writer)
                } else if let stateScorer {
                    writeState(
                        bytes, format: format, lineNumber: firstLine + record.line, row: firstRow + index,
                        lineScorer: scorer, scorer: stateScorer)
                }
                writer.endLine()
            }
        }

        /// A scored record's state line, read and scored the general way (the fast path writes
        /// the same scorecard, but no values to keep).
        private func writeState(
            _ bytes: UnsafeBufferPointer<UInt8>, format: StreamScorer.Format, lineNumber: Int, row: Int,
            lineScorer scorer: LineScorer, scorer stateScorer: Scorer
        ) {
            let submission: Result<Submission, Rejection>
            switch format {
            case .jsonLines:
                submission = scorer.decoder.decode(Array(bytes), source: "\(source):\(lineNumber)")
            case .csv(let header):
                submission = scorer.generalSubmission(csvRow: bytes, header: header, lineNumber: lineNumber, row: row)
            }
            guard case .success(let submission) = submission else { return }
            let card = scorer.scorer.score([submission])
            AnalysisState.writeMember(
                AnalysisState.Member(card: card, group: [submission]), scorer: stateScorer, to: &stateWriter)
            stateWriter.endLine()
            stateLines += 1
        }

        func output(_ sink: (UnsafeBufferPointer<UInt8>) -> Void) { writer.withBytes(sink) }

        func outputState(_ sink: (UnsafeBufferPointer<UInt8>, Int) -> Void) {
            guard stateScorer != nil else { return }
            stateWriter.withBytes { sink($0, stateLines) }
        }
    }

    let items: [Worker]
    var count: Int { items.count }

    package init(
        plan: ScoringPlan, count: Int, source: String = "stdin", inlineRejections: Bool = false,
        standing: (@Sendable (Double) -> Standing?)? = nil, explanation: ExplanationDetail = .full,
        keepsState: Bool = false
    ) {
        items = (0..<max(count, 1)).map { _ in
            var scorer = LineScorer(plan: plan, sourceLabel: source, explanation: explanation)
            scorer.standing = standing
            return Worker(
                scorer, source: source, inlineRejections: inlineRejections,
                stateScorer: keepsState ? Scorer(plan: plan, explanation: .none) : nil)
        }
    }
}

/// The bytes of `score -` as they arrive: one reusable buffer that holds the records not yet
/// scored, filled in large reads, and what is known about it. Stdin redirected from a regular
/// file is mapped instead and its records are scored where they lie (a window of the mapping
/// stands for the buffer); a last line without its line feed is copied out to get one.
struct StreamInput {
    let descriptor: Int32
    let readSize: Int
    private(set) var buffer: [UInt8]
    /// How many bytes at the front of the buffer (or of the window) hold input.
    private(set) var filled: Int
    private(set) var finished = false
    /// What was read ahead (a first line) is scored before waiting for more, so a lone first
    /// line is answered at once.
    private var readAhead: Bool
    /// Set while the rest of an overlong record is being dropped.
    private var skipping = false
    /// How many bytes at the front are known to hold no line end (JSON Lines).
    private var withoutLineEnd = 0
    /// The mapped file while its window is read, and where the window starts in it.
    private var mapped: MappedFile?
    private var start = 0

    init(descriptor: Int32, prefix: [UInt8], readSize: Int) {
        self.descriptor = descriptor
        self.readSize = readSize
        filled = prefix.count
        readAhead = !prefix.isEmpty
        // The prefix was read from this descriptor just before: it lies right before the reading
        // position, or the file is read the usual way.
        if let file = MappedFile(descriptor: descriptor), let position = MappedFile.position(of: descriptor),
            position >= prefix.count, position <= file.bytes.count,
            file.bytes[(position - prefix.count)..<position].elementsEqual(prefix)
        {
            mapped = file
            start = position - prefix.count
            buffer = []
            return
        }
        buffer = [UInt8](repeating: 0, count: max(StreamScorer.blockSize, prefix.count * 2))
        buffer.replaceSubrange(0..<prefix.count, with: prefix)
    }

    enum Fill {
        case ready
        /// The rest of an overlong record was dropped up to its line end.
        case skippedLine
        case failed(Int32)
    }

    /// Reads more input. At the end a line feed is added, so the last line is whole. A pipe hands
    /// over 64 KB at a time: what is already waiting is taken too, so the threads get big blocks
    /// under load, yet a record that arrives alone is scored at once.
    mutating func fill() -> Fill {
        if readAhead {
            readAhead = false
            return .ready
        }
        if let mapped { return fill(from: mapped.bytes) }
        while true {
            // A record longer than the buffer: make room for the rest of it.
            if filled == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
            let count = buffer.withUnsafeMutableBytes {
                Platform.read(descriptor, $0.baseAddress! + filled, min($0.count - filled, readSize))
            }
            if count < 0 { return .failed(Platform.currentErrno) }
            if count == 0 {
                finished = true
                guard filled > 0 else { return .ready }
                if filled == buffer.count { buffer.append(0) }
                buffer[filled] = 0x0A
                filled += 1
                return .ready
            }
            filled += count
            if skipping {
                // Drop the rest of an overlong record, up to and including its line end.
                guard let end = buffer[..<filled].firstIndex(of: 0x0A) else {
                    filled = 0
                    continue
                }
                dropFront(end + 1)
                skipping = false
                return .skippedLine
            }
            if filled < readSize && Platform.hasInputWaiting(descriptor) { continue }
            return .ready
        }
    }

    /// `fill()` for a mapped file: the window grows by a read's size.
    private mutating func fill(from file: UnsafeBufferPointer<UInt8>) -> Fill {
        if skipping {
            // Drop the rest of an overlong record, up to and including its line end.
            skipping = false
            guard let end = Platform.firstIndex(of: 0x0A, in: file, from: start) else {
                start = file.count
                finished = true
                return .ready
            }
            start = end + 1
            return .skippedLine
        }
        let rest = file.count - start
        guard filled == rest else {
            filled = min(rest, filled + readSize)
            return .ready
        }
        finished = true
        // The last line without its line feed: copied out, to end with one.
        if filled > 0 && file[file.count - 1] != 0x0A {
            buffer = Array(file[start...]) + [0x0A]
            filled = buffer.count
            withoutLineEnd = 0
            mapped = nil
        }
        return .ready
    }

    /// The bytes held: the front of the buffer, or the window.
    private func withHeld<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let mapped { return body(UnsafeBufferPointer(rebasing: mapped.bytes[start..<(start + filled)])) }
        return buffer.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[..<filled])) }
    }

    /// Calls `body` with the complete records at the front: JSON Lines up to the last line feed
    /// (only bytes read since the last look can hold one); CSV everything (its scorer finds where
    /// the last whole record ends, as a quoted field may hold line feeds).
    mutating func withRecords<Result>(jsonLines: Bool, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let searched = withoutLineEnd
        let available = jsonLines ? withHeld { $0[searched...].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0 } : filled
        withoutLineEnd = jsonLines ? filled : 0
        return withHeld { body(UnsafeBufferPointer(rebasing: $0[..<available])) }
    }

    /// Moves what follows the first `count` bytes to the front (less than a record).
    mutating func dropFront(_ count: Int) {
        guard count > 0 else { return }
        if let mapped {
            start += count
            mapped.release(upTo: start)
        } else {
            for offset in 0..<(filled - count) { buffer[offset] = buffer[count + offset] }
        }
        filled -= count
        withoutLineEnd = max(0, withoutLineEnd - count)
    }

    /// Drops everything held (an overlong record) and the rest of it up to its line end, as it
    /// arrives; returns how many line feeds were dropped now.
    mutating func skipToNextLineEnd() -> Int {
        let lines = withHeld { $0.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 } }
        if mapped != nil { start += filled }
        filled = 0
        withoutLineEnd = 0
        skipping = true
        return lines
    }
}
