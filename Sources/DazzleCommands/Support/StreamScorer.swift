import DazzleJSON
import Dispatch
import Foundation
import Scoring

/// `dazzle score -`: JSON Lines submissions from a file descriptor to scorecards as JSON Lines on
/// stdout, in input order, in constant memory.
///
/// Input is read in blocks; each block's complete lines are split among `jobs` threads, and the
/// block's output is written before the next block is read. Each line is scored on its own: panels
/// are not combined and duplicates are not detected in a stream (score files for that).
package struct StreamScorer {
    let plan: ScoringPlan
    let jobs: Int

    package init(plan: ScoringPlan, jobs: Int) {
        self.plan = plan
        self.jobs = jobs
    }
    static let blockSize = 4 << 20

    /// Scores everything on `input`; returns the exit status.
    /// - Parameter prefix: bytes already read from `input` (to find the question set).
    package func run(input: Int32, prefix: [UInt8] = [], context: CommandContext) -> Int32 {
        let scorers = LineScorers(plan: plan, sourceLabel: "stdin", count: jobs)
        var pending = prefix
        var lineNumber = 1
        var read = 0
        var rejected = 0
        var buffer = [UInt8](repeating: 0, count: Self.blockSize)
        let buffers = OutputBuffers(count: jobs)
        var finished = false
        while !finished {
            let count = buffer.withUnsafeMutableBytes { Platform.read(input, $0.baseAddress!, $0.count) }
            if count < 0 {
                context.standardError.write(
                    "stdin: error: could not be read: \(Platform.describe(errno: Platform.currentErrno)).\n")
                return ExitStatus.failure
            }
            if count == 0 {
                finished = true
                if pending.isEmpty { break }
                pending.append(0x0A)
            } else {
                pending.append(contentsOf: buffer[0..<count])
            }
            guard let lastNewline = pending.lastIndex(of: 0x0A) else { continue }
            let block = Array(pending[...lastNewline])
            pending.removeFirst(lastNewline + 1)
            let lines = JSONLines.records(block)
            let found = score(lines, firstLine: lineNumber, scorers: scorers, buffers: buffers) {
                bytes in
                Platform.writeAll(1, UnsafeRawBufferPointer(bytes))
            }
            for rejection in found { context.standardError.write("rejected: \(rejection)\n") }
            rejected += found.count
            read += lines.count
            lineNumber += block.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
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

    /// Scores lines on `jobs` threads, each taking a contiguous share, then hands each share's
    /// output to `sink` in input order. The writers live in `buffers` and are reused block after
    /// block, so the output is neither copied nor reallocated.
    /// - Returns: the rejections, in input order.
    package func score(
        _ lines: [(text: ArraySlice<UInt8>, line: Int)], firstLine: Int, scorers: LineScorers, buffers: OutputBuffers,
        sink: (UnsafeBufferPointer<UInt8>) -> Void
    ) -> [Rejection] {
        let parts = max(1, min(jobs, lines.count / 64 + 1, buffers.count))
        let rejections = ShareSlots<Rejection>(count: parts)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let lower = lines.count * part / parts
            let upper = lines.count * (part + 1) / parts
            var found: [Rejection] = []
            scorers.boxes[part].use { scorer in
                buffers.boxes[part].fill { writer in
                    writer.reset()
                    for index in lower..<upper {
                        let line = lines[index]
                        let rejection = scorer.score(line.text, lineNumber: firstLine + line.line - 1, to: &writer)
                        if let rejection { found.append(rejection) } else { writer.endLine() }
                    }
                }
            }
            rejections.set(part, found)
        }
        for part in 0..<parts { buffers.boxes[part].read(sink) }
        return rejections.joined
    }
}

/// One ``LineScorer`` per thread, each with its own reusable sheet.
package final class LineScorers: @unchecked Sendable {
    package final class Box: @unchecked Sendable {
        private var scorer: LineScorer

        init(_ scorer: LineScorer) { self.scorer = scorer }

        func use(_ body: (inout LineScorer) -> Void) { body(&scorer) }
    }

    let boxes: [Box]

    package init(plan: ScoringPlan, sourceLabel: String, count: Int) {
        boxes = (0..<max(count, 1)).map { _ in Box(LineScorer(plan: plan, sourceLabel: sourceLabel)) }
    }
}

/// One reusable output buffer per thread.
package final class OutputBuffers: @unchecked Sendable {
    package final class Box: @unchecked Sendable {
        private var writer = JSONWriter(reservingCapacity: 8 << 20)

        func fill(_ body: (inout JSONWriter) -> Void) { body(&writer) }

        func read(_ body: (UnsafeBufferPointer<UInt8>) -> Void) { writer.withBytes(body) }
    }

    let boxes: [Box]
    var count: Int { boxes.count }

    package init(count: Int) {
        boxes = (0..<max(count, 1)).map { _ in Box() }
    }
}
