import Analytics
import DazzleJSON
import Scoring
import Submissions

/// `dazzle score - --panels`: JSON Lines where each candidate's records arrive together (after
/// a Spark `groupBy` or a sort by candidate id), each run of one candidate's records scored as
/// one panel scorecard, by the same rule as a file batch (``BatchScorer``: the raters' mean,
/// each rater's own result, a re-submission by the same rater superseded). One candidate at a
/// time is held, so memory stays flat however long the stream.
struct PanelStream {
    let plan: ScoringPlan
    let options: StreamOptions
    let duplicates: DuplicatePolicy
    /// Each scorecard's standing (against a norm group), when given.
    let standing: (@Sendable (Double) -> Standing?)?

    /// Scores everything on `input` (after `prefix`, the first line already read); returns the
    /// exit status.
    func run(input: Int32, prefix: [UInt8], context: CommandContext) -> Int32 {
        let decoder = SubmissionDecoder(plan: plan)
        let scorer = Scorer(plan: plan, explanation: options.explanation)
        var sink = StreamRejections(options: options)
        var writer = JSONWriter(reservingCapacity: 1 << 20)
        var counts = (read: 0, rejected: 0)
        var group: [Result<Submission, Rejection>] = []
        var groupID: String?
        // Candidates already scored: a record arriving after its candidate's run is refused,
        // since scoring it alone would give a second, conflicting scorecard.
        var finished: Set<String> = []
        var state: StreamState?
        let stateScorer = Scorer(plan: plan, explanation: .none)
        var stateWriter = JSONWriter()
        if let target = options.state {
            do {
                state = try StreamState(target: target, plan: plan, context: context)
            } catch {
                context.standardError.write("error: \(error)\n")
                return ExitStatus.failure
            }
        }

        func reject(_ rejection: Rejection, line: Int) {
            counts.rejected += 1
            state?.add([rejection])
            if options.rejections == .standardOutput {
                rejection.writeRecord(line: line, to: &writer)
                writer.endLine()
            } else {
                sink.report([rejection], alreadyInOutput: false, line: line, context: context)
            }
        }
        func flush() {
            guard let id = groupID else { return }
            var outcome = BatchScorer.score(group, plan: plan, duplicates: duplicates)
            if !options.expectedRaters.isEmpty { outcome.markProvisional(expectedRaters: options.expectedRaters) }
            for rejection in outcome.rejections {
                reject(rejection, line: StreamRejections.lineNumber(of: rejection.source) ?? 0)
            }
            for (index, var card) in outcome.scorecards.enumerated() {
                if state != nil {
                    AnalysisState.writeMember(
                        AnalysisState.Member(card: card, group: outcome.groups[index]), scorer: stateScorer,
                        to: &stateWriter)
                    stateWriter.endLine()
                }
                if let standing, let overall = card.overall { card.standing = standing(overall) }
                scorer.write(card, to: &writer)
                writer.endLine()
            }
            finished.insert(id)
            group.removeAll(keepingCapacity: true)
            groupID = nil
            if writer.byteCount > 1 << 20 { drain() }
        }
        var stateFailure: AtomicFile.WriteError?
        func drain() {
            writer.withBytes { Platform.writeAll(1, UnsafeRawBufferPointer($0)) }
            writer.reset()
            guard let state else { return }
            let candidates = stateWriter.withBytes { $0.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 } }
            do throws(AtomicFile.WriteError) {
                try stateWriter.withBytes { bytes throws(AtomicFile.WriteError) in
                    try state.add(lines: bytes, candidates: candidates)
                }
            } catch {
                stateFailure = stateFailure ?? error
            }
            stateWriter.reset()
        }
        func take(_ line: ArraySlice<UInt8>, number: Int) {
            // The same trimming and blank-line rule as every JSON Lines reader.
            guard
                let trimmed = line.withUnsafeBufferPointer({ JSONLines.trimmedRecord(0..<line.count, in: $0) })
            else { return }
            let record = line[(line.startIndex + trimmed.lowerBound)..<(line.startIndex + trimmed.upperBound)]
            counts.read += 1
            let source = "\(options.source):\(number)"
            switch decoder.decode(record, source: source) {
            case .failure(let rejection):
                reject(rejection, line: number)
            case .success(let submission):
                let id = submission.candidate.id
                if id != groupID {
                    flush()
                    if finished.contains(id) {
                        reject(
                            Rejection(
                                source: source, candidateID: id,
                                reason:
                                    "candidate '\(id)' was already scored from earlier records: with --panels a candidate's records must arrive together (sort or group the input by candidate id)"
                            ), line: number)
                        return
                    }
                    groupID = id
                }
                group.append(.success(submission))
            }
        }

        var pending = prefix
        var lineNumber = options.firstLine
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var atEnd = false
        while true {
            // Every whole line in what has arrived.
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                take(pending[start..<newline], number: lineNumber)
                lineNumber += 1
                start = newline + 1
            }
            pending.removeFirst(start - pending.startIndex)
            if atEnd { break }
            let count = buffer.withUnsafeMutableBytes { Platform.read(input, $0.baseAddress!, $0.count) }
            if count < 0 {
                context.standardError.write(
                    "\(options.source): error: could not be read: \(Platform.describe(errno: Platform.currentErrno)).\n"
                )
                return ExitStatus.failure
            }
            if count == 0 {
                atEnd = true
                if !pending.isEmpty { pending.append(0x0A) }
            } else {
                pending += buffer[0..<count]
            }
        }
        flush()
        drain()
        guard sink.finish(context: context) else { return ExitStatus.failure }
        do {
            if let stateFailure { throw stateFailure }
            try state?.finish(read: counts.read)
        } catch {
            context.standardError.write("error: \(error)\n")
            return ExitStatus.failure
        }
        context.standardError.write(
            "Read \(count(counts.read, "submission")): \(counts.read - counts.rejected) scored into \(count(finished.count, "scorecard")), \(counts.rejected) rejected.\n"
        )
        if options.exitZeroOnRejections { return ExitStatus.success }
        if counts.read > 0 && counts.rejected == counts.read { return ExitStatus.failure }
        return counts.rejected == 0 ? ExitStatus.success : ExitStatus.someRejected
    }
}
