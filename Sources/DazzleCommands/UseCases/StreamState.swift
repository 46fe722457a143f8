import Analytics
import DazzleJSON
import Scoring
import Submissions

/// `score - --state`: the part's analysis state (``AnalysisState``) as the stream goes. Candidate
/// lines follow each block's scorecards (on stdout, or into a file written atomically at the
/// end); the rejections and the closing `part` line with the counts come last, so a part cut
/// short is told by its missing closing line.
final class StreamState {
    /// Where the state lines go.
    enum Target: Sendable, Equatable {
        /// Among the scorecards: a distributed job keeps its output and nothing on the workers.
        case standardOutput
        case file(String)
    }

    let target: Target
    let plan: ScoringPlan
    private var file: AtomicFileWriter?
    private(set) var candidates = 0
    private var rejections: [Rejection] = []

    init(target: Target, plan: ScoringPlan, context: CommandContext) throws(AtomicFile.WriteError) {
        self.target = target
        self.plan = plan
        // A state file is in no manifest: nothing reads its hash.
        if case .file(let path) = target { file = try AtomicFileWriter(path: context.resolve(path), hashing: false) }
    }

    /// Candidate lines already written by the workers, in input order. On stdout they go through
    /// `writeOut`: a stream that writes its scorecards on a thread of its own passes its writer, so
    /// the lines follow their block's scorecards.
    func add(
        lines: UnsafeBufferPointer<UInt8>, candidates count: Int,
        writeOut: (UnsafeBufferPointer<UInt8>) -> Void = { Platform.writeAll(1, UnsafeRawBufferPointer($0)) }
    ) throws(AtomicFile.WriteError) {
        candidates += count
        guard !lines.isEmpty else { return }
        if let file {
            try file.write(lines)
        } else {
            writeOut(lines)
        }
    }

    func add(_ rejections: [Rejection]) { self.rejections += rejections }

    /// Writes the rejections and the closing line, and commits the file.
    func finish(read: Int) throws(AtomicFile.WriteError) {
        var writer = JSONWriter()
        for rejection in rejections {
            AnalysisState.writeRejection(rejection, to: &writer)
            writer.endLine()
        }
        AnalysisState.writePart(
            identity: AnalysisState.Identity(plan: plan), read: read, candidates: candidates,
            rejections: rejections.count, to: &writer)
        writer.endLine()
        if let file {
            try writer.withBytes { bytes throws(AtomicFile.WriteError) in try file.write(bytes) }
            _ = try file.commit()
        } else {
            writer.withBytes { Platform.writeAll(1, UnsafeRawBufferPointer($0)) }
        }
    }
}
