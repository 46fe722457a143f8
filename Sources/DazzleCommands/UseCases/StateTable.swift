import Analytics
import Dispatch
import Foundation
import Scoring
import Submissions

/// Analysis states read a line at a time into the analyses' table (`summary merge`): memory
/// holds a few hundred bytes per candidate however large the states, and each candidate's line
/// is remembered by where it is, so its scorecard is read back when it is written.
struct StateTable {
    var plan: ScoringPlan
    var table: AnalysisTable
    var identity: AnalysisState.Identity?
    var parts = 0
    /// Lines that were not state lines (scorecards and rejection records among them).
    var otherLines = 0
    /// Each file read, with its size and SHA-256, for the audit log.
    var files: [(path: String, bytes: Int, sha256: String)] = []
    var warnings: [String] = []

    /// Per row: its file (an index of `lineFiles`), line number and place.
    private var rowFile: [UInt32] = []
    private var rowLine: [UInt32] = []
    private var rowPlace: [LineFile.Place] = []
    private var lineFiles: [LineFile] = []
    /// The files, open, once they are read through.
    private var open: OpenLineFiles?

    /// Reads state files (not stdin: a stream is read whole by ``StateInputs``) whose rules are
    /// `plan`'s; candidates' lines are parsed on every core, a piece of the file at a time, and
    /// added in file order.
    /// - Throws: the lines to print when a file cannot be read, a line is not a state line or a
    ///   part does not add up.
    static func read(_ paths: [(file: String, resolved: String)], plan: ScoringPlan) throws(ScoringSetLoader.Failure)
        -> StateTable
    {
        Platform.returnLargeBlocksAtOnce()
        var result = StateTable(plan: plan, table: AnalysisTable(plan: plan, keepingSources: false))
        let expected = AnalysisState.Identity(plan: plan)
        // Room for every candidate at once: a table grown by doubling holds up to twice its rows,
        // three times while it moves.
        let candidates = paths.reduce(0) { total, path in
            total
                + (LineFile(path: path.resolved, displayPath: path.file).countLines(
                    startingWith: StateReader.candidatePrefix) ?? 0)
        }
        result.table.reserve(candidates)
        result.rowFile.reserveCapacity(candidates)
        result.rowLine.reserveCapacity(candidates)
        result.rowPlace.reserveCapacity(candidates)
        for (index, path) in paths.enumerated() {
            // The rules first: a part scored by others is refused before its candidates are read by these.
            let file = LineFile(path: path.resolved, displayPath: path.file)
            if let tail = StateInputs.tail(of: path.resolved), let named = AnalysisState.partIdentity(in: tail),
                named.identity != expected
            {
                // The tail's lines counted from the end of the file give the part line's number.
                var lines = 0
                _ = try? file.forEachLine { (_, number, _) throws(StateError) in lines = number }
                let tailLines =
                    tail.split(separator: 0x0A, omittingEmptySubsequences: false).count
                    - (tail.last == 0x0A ? 1 : 0)
                let line = lines - (tailLines - named.line)
                throw ScoringSetLoader.Failure(lines: [
                    "\(StateError(file: path.file, line: max(line, 0), reason: AnalysisState.mismatch(named.identity, expected)))"
                ])
            }
            result.lineFiles.append(file)
            var reader = StateReader(file: path.file, plan: plan)
            // Candidate lines gathered from a piece, parsed together, then added in order.
            var pending: [(line: [UInt8], number: Int, place: LineFile.Place)] = []
            func flush() throws(StateError) {
                let lines = pending
                pending.removeAll(keepingCapacity: true)
                let parsed = ShareSlots<Result<AnalysisState.Member, StateError>>(count: lines.count)
                let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, lines.count / 64))
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    let range = (lines.count * part / parts)..<(lines.count * (part + 1) / parts)
                    for position in range {
                        parsed.set(
                            position,
                            [
                                Result { () throws(StateError) in
                                    try AnalysisState.member(
                                        line: lines[position].line, file: path.file,
                                        lineNumber: lines[position].number, plan: plan)
                                }
                            ])
                    }
                }
                for (position, member) in parsed.joined.enumerated() {
                    result.table.append(try member.get(), plan: plan)
                    result.rowFile.append(UInt32(index))
                    result.rowLine.append(UInt32(clamping: lines[position].number))
                    result.rowPlace.append(lines[position].place)
                }
            }
            let digest: (bytes: Int, sha256: String)
            do {
                digest = try file.forEachLine { line, number, place throws(StateError) in
                    // A candidate's line is counted now and parsed with the rest of its piece.
                    guard try reader.readDeferringCandidates(line: line) else { return }
                    pending.append((Array(line), number, place))
                    if pending.count >= 1024 { try flush() }
                }
            } catch {
                switch error {
                case .read(let problem): throw ScoringSetLoader.Failure(lines: ["\(problem)"])
                case .line(let problem): throw ScoringSetLoader.Failure(lines: ["\(problem)"])
                }
            }
            do {
                try flush()
            } catch {
                throw ScoringSetLoader.Failure(lines: ["\(error)"])
            }
            let part: AnalysisState
            do {
                part = try reader.finish()
            } catch {
                throw ScoringSetLoader.Failure(lines: ["\(error)"])
            }
            if part.parts == 0 {
                result.warnings.append(
                    "warning: \(path.file) holds no analysis state, so none of its \(reader.otherLines) lines are in this summary; was that part scored without --state, or did its task fail?"
                )
            }
            result.identity = result.identity ?? part.identity
            result.parts += part.parts
            result.table.read += part.read
            result.table.rejections += part.rejections
            result.otherLines += reader.otherLines
            result.files.append((path.file, digest.bytes, digest.sha256))
        }
        result.open = OpenLineFiles(result.lineFiles)
        Platform.releaseFreedMemory()
        return result
    }

    /// The order analyses read rows in; the sources that order two rows of one candidate are
    /// read back from their lines.
    func canonicalOrder() -> [Int] {
        table.canonicalOrder { row in
            let file = lineFiles[Int(rowFile[row])]
            guard let line = try? file.line(at: rowPlace[row]),
                let member = try? AnalysisState.member(
                    line: line, file: file.displayPath, lineNumber: Int(rowLine[row]), plan: plan)
            else { return "" }
            return AnalysisTable.sourceKey(member.card.sources)
        }
    }

    /// The rows' scorecards read back from their lines, on every core, with the batch's
    /// standing and precision written on them.
    func cards(_ rows: ArraySlice<Int>, analysis: BatchAnalysis) throws(ReadBackError) -> [ScoreCard] {
        let wanted = Array(rows)
        let read = ShareSlots<Result<ScoreCard, ReadBackError>>(count: wanted.count)
        let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, wanted.count / 64))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            for position in (wanted.count * part / parts)..<(wanted.count * (part + 1) / parts) {
                let row = wanted[position]
                let file = lineFiles[Int(rowFile[row])]
                let open = open
                read.set(
                    position,
                    [
                        Result { () throws(ReadBackError) in
                            do {
                                let line =
                                    if let open { try open.line(Int(rowFile[row]), at: rowPlace[row]) } else {
                                        try file.line(at: rowPlace[row])
                                    }
                                var card = try AnalysisState.member(
                                    line: line, file: file.displayPath, lineNumber: Int(rowLine[row]), plan: plan
                                ).card
                                analysis.annotate(&card)
                                return card
                            } catch {
                                throw ReadBackError(description: "\(error)")
                            }
                        }
                    ])
            }
        }
        return try read.joined.map { result throws(ReadBackError) in try result.get() }
    }
}
