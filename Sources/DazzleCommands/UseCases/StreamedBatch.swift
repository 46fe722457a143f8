import Analytics
import Dispatch
import Foundation
import Hashing
import Scoring
import Submissions

/// A batch of JSON Lines and CSV files scored a piece at a time (`score FILES --out`): memory holds a
/// few hundred bytes per candidate however many forms there are.
///
/// The files are read three times. First each record is decoded and only its candidate id and
/// rater kept, with where it is, so the batch's one grouping rule (``BatchScorer/Grouping``)
/// settles panels and duplicates as for forms held in memory. Then each group is read back and
/// scored, in the order candidates first appear, into the analyses' table. Last, as the
/// outputs are written, each group is read back and scored again, with the batch's standing
/// and precision written on its scorecard. Every output is the one the held path writes.
struct StreamedBatch {
    var plan: ScoringPlan
    var table: AnalysisTable
    /// Each file read, with its size and SHA-256, for the audit log.
    var files: [(path: String, bytes: Int, sha256: String)] = []
    private var grouping: BatchScorer.Grouping
    private var records: Records
    private let decoder: SubmissionDecoder

    /// Where every record is: its file (an index of `lineFiles`), line number and place.
    private struct Records {
        var file: [UInt16] = []
        var line: [UInt32] = []
        var place: [LineFile.Place] = []
        var lineFiles: [LineFile] = []
        /// Per file, a CSV file's header (`nil` for JSON Lines) and the ordinal of its first record.
        var headers: [CSVSubmissionReader.Header?] = []
        var firstOrdinal: [Int] = []
        /// The files, open, once they are read through.
        var open: OpenLineFiles?
    }

    /// Whether a batch's inputs can be read this way: every one a JSON Lines or CSV file by its
    /// name.
    static func takes(_ paths: [String]) -> Bool {
        !paths.isEmpty && paths.count < Int(UInt16.max)
            && paths.allSatisfy { ["jsonl", "ndjson", "csv"].contains(($0 as NSString).pathExtension.lowercased()) }
    }

    static func isCSV(_ path: String) -> Bool { (path as NSString).pathExtension.lowercased() == "csv" }

    /// Reads, groups and scores the files into the analyses' table.
    static func read(
        _ paths: [String], plan: ScoringPlan, duplicates: DuplicatePolicy, jobs: Int, context: CommandContext
    ) -> StreamedBatch {
        Platform.returnLargeBlocksAtOnce()
        let decoder = SubmissionDecoder(plan: plan)
        var records = Records()
        var inputs: [BatchScorer.Grouping.Input] = []
        var files: [(path: String, bytes: Int, sha256: String)] = []
        // Room for every line at once (a quick count): arrays grown by doubling would move twice.
        let lines = paths.reduce(0) {
            $0 + (LineFile(path: context.resolve($1), displayPath: $1).countLines(startingWith: []) ?? 0)
        }
        inputs.reserveCapacity(lines + paths.count)
        records.file.reserveCapacity(lines + paths.count)
        records.line.reserveCapacity(lines + paths.count)
        records.place.reserveCapacity(lines + paths.count)
        // Records gathered from a piece of a file, decoded together on every core.
        var pending: [(text: [UInt8], line: Int, place: LineFile.Place)] = []
        func flush(_ fileIndex: Int, _ path: String) {
            let first = records.place.count - records.firstOrdinal[fileIndex]
            let header = records.headers[fileIndex]
            let decoded = decodeInParallel(pending.map { ($0.text[...], "\(path):\($0.line)") }, jobs: jobs) {
                position, text, source in
                Self.decode(
                    text, source: source, row: first + position + 1, header: header, decoder: decoder, plan: plan)
            }
            for (record, result) in zip(pending, decoded) {
                switch result {
                case .success(let submission):
                    inputs.append(.submission(id: submission.candidate.id, rater: submission.rater))
                case .failure(let rejection): inputs.append(.rejected(rejection))
                }
                records.file.append(UInt16(fileIndex))
                records.line.append(UInt32(clamping: record.line))
                records.place.append(record.place)
            }
            pending.removeAll(keepingCapacity: true)
        }
        for (index, path) in paths.enumerated() {
            let file = LineFile(path: context.resolve(path), displayPath: path)
            records.lineFiles.append(file)
            records.headers.append(nil)
            records.firstOrdinal.append(records.place.count)
            if isCSV(path) {
                let read = readCSV(file, plan: plan) { header in
                    records.headers[index] = header
                    // As the held path says it, once per file.
                    if let warning = header.warning { context.standardError.write("warning: \(warning)\n") }
                } record: { text, line, place in
                    pending.append((text, line, place))
                    if pending.count >= 16_384 { flush(index, path) }
                }
                flush(index, path)
                switch read {
                case .success(let result):
                    if let rejection = result.rejection {
                        inputs.append(.rejected(rejection))
                        records.file.append(UInt16(index))
                        records.line.append(0)
                        records.place.append(LineFile.Place(offset: 0, length: 0))
                    }
                    files.append((path, result.bytes, result.sha256))
                case .failure(let problem):
                    inputs.append(.rejected(Rejection(source: path, reason: problem.message)))
                    records.file.append(UInt16(index))
                    records.line.append(0)
                    records.place.append(LineFile.Place(offset: 0, length: 0))
                }
                continue
            }
            do throws(LineFileError<Never>) {
                let digest = try file.forEachLine { line, number, place in
                    // A record is its line without blanks around it, as JSONLines.records reads it.
                    guard
                        let range = line.withUnsafeBufferPointer({
                            JSONLines.trimmedRecord(0..<$0.count, in: $0)
                        })
                    else { return }
                    pending.append(
                        (
                            Array(line[(line.startIndex + range.lowerBound)..<(line.startIndex + range.upperBound)]),
                            number, LineFile.Place(offset: place.offset + range.lowerBound, length: range.count)
                        ))
                    if pending.count >= 16_384 { flush(index, path) }
                }
                flush(index, path)
                files.append((path, digest.bytes, digest.sha256))
            } catch {
                // As the held path does: a file that cannot be read is one rejection.
                flush(index, path)
                switch error {
                case .read(let problem):
                    inputs.append(.rejected(Rejection(source: path, reason: problem.message)))
                    records.file.append(UInt16(index))
                    records.line.append(0)
                    records.place.append(LineFile.Place(offset: 0, length: 0))
                }
            }
        }
        records.open = OpenLineFiles(records.lineFiles)
        let reading = records
        let grouping = BatchScorer.Grouping(inputs, duplicates: duplicates) { ordinal in
            // Read back only for a duplicate, which was decoded before, so it decodes again; if
            // its file changed since, the duplicate is settled by its place alone.
            (try? Self.submission(ordinal, records: reading, decoder: decoder, plan: plan).get())
                ?? Submission(
                    questionnaireID: "", version: "", candidate: Candidate(id: "", name: "", demographics: [:]),
                    rater: nil, submitted: nil, seconds: nil, answers: [], notes: [],
                    source:
                        "\(reading.lineFiles[Int(reading.file[ordinal])].displayPath):\(reading.line[ordinal])")
        }
        inputs = []
        Platform.releaseFreedMemory()
        var batch = StreamedBatch(
            plan: plan, table: AnalysisTable(plan: plan, keepingSources: false), files: files, grouping: grouping,
            records: records,
            decoder: decoder)
        batch.table.reserve(grouping.count)
        let scorer = Scorer(plan: plan)
        var start = 0
        while start < grouping.count {
            let end = min(start + BatchScorecards.batchRows, grouping.count)
            for (card, group) in batch.scored(Array(start..<end), scorer: scorer) {
                batch.table.append(card, group: group, plan: plan)
            }
            start = end
        }
        batch.table.read = records.place.count
        batch.table.rejections = grouping.rejections
        Platform.releaseFreedMemory()
        return batch
    }

    /// The order analyses read rows in. Rows are candidates, one each, so no two share an id
    /// and the sources that would order them are never needed.
    func canonicalOrder() -> [Int] {
        table.canonicalOrder { group in
            grouping.members(of: group).map {
                "\(records.lineFiles[Int(records.file[$0])].displayPath):\(records.line[$0])"
            }
            .joined(separator: "\u{0}")
        }
    }

    /// A record decoded again from where it was read.
    private static func submission(
        _ ordinal: Int, records: Records, decoder: SubmissionDecoder, plan: ScoringPlan
    ) -> Result<
        Submission, Rejection
    > {
        let index = Int(records.file[ordinal])
        let source = "\(records.lineFiles[index].displayPath):\(records.line[ordinal])"
        do throws(FileReadError) {
            let place = records.place[ordinal]
            let line =
                if let open = records.open { try open.line(index, at: place) } else {
                    try records.lineFiles[index].line(at: place)
                }
            let row = ordinal - records.firstOrdinal[index] + 1
            return decode(
                line[...], source: source, row: row, header: records.headers[index], decoder: decoder, plan: plan)
        } catch {
            return .failure(Rejection(source: source, reason: error.message))
        }
    }

    /// The groups' scorecards and submissions, read back and scored on every core.
    private func scored(_ groups: [Int], scorer: Scorer) -> [(ScoreCard, [Submission])] {
        let slots = ShareSlots<(ScoreCard, [Submission])>(count: groups.count)
        let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, groups.count / 64))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            for position in (groups.count * part / parts)..<(groups.count * (part + 1) / parts) {
                let submissions = grouping.members(of: groups[position]).compactMap { ordinal in
                    try? Self.submission(ordinal, records: records, decoder: decoder, plan: plan).get()
                }
                slots.set(position, [(scorer.score(submissions), submissions)])
            }
        }
        return slots.joined
    }

    /// The groups' scorecards scored again, with the batch's standing and precision.
    /// - Throws: when a record no longer reads as it did (the file changed during the run).
    func cards(_ groups: ArraySlice<Int>, analysis: BatchAnalysis) throws(ReadBackError) -> [ScoreCard] {
        let wanted = Array(groups)
        let scored = scored(wanted, scorer: Scorer(plan: plan))
        var cards: [ScoreCard] = []
        cards.reserveCapacity(wanted.count)
        for (position, entry) in scored.enumerated() {
            guard entry.1.count == grouping.members(of: wanted[position]).count else {
                throw ReadBackError(
                    description:
                        "error: a submission of candidate '\(entry.0.candidateID)' does not read as it did; was an input changed during the run? Score again."
                )
            }
            var card = entry.0
            analysis.annotate(&card)
            cards.append(card)
        }
        return cards
    }

    /// Decodes records on `jobs` threads, each taking a contiguous share, keeping their order;
    /// `decode` is given each record's position among them.
    private static func decodeInParallel(
        _ records: [(text: ArraySlice<UInt8>, source: String)], jobs: Int,
        decode: @Sendable (Int, ArraySlice<UInt8>, String) -> Result<Submission, Rejection>
    ) -> [Result<Submission, Rejection>] {
        let parts = max(1, min(jobs, records.count / 256 + 1))
        let shares = ShareSlots<Result<Submission, Rejection>>(count: parts)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let lower = records.count * part / parts
            let upper = records.count * (part + 1) / parts
            shares.set(part, (lower..<upper).map { decode($0, records[$0].text, records[$0].source) })
        }
        return shares.joined
    }

    /// One record decoded: a JSON Lines line, or a CSV row (`row` from 1) under its header.
    private static func decode(
        _ text: ArraySlice<UInt8>, source: String, row: Int, header: CSVSubmissionReader.Header?,
        decoder: SubmissionDecoder, plan: ScoringPlan
    ) -> Result<Submission, Rejection> {
        guard let header else { return decoder.decode(text, source: source) }
        return CSVSubmissionReader(plan: plan).submission(row: Array(text), header: header, source: source, row: row)
    }

    /// What reading a CSV file through gave: its size and digest, and the rejection of the whole
    /// file when its header cannot be read (then no row is).
    private struct CSVRead {
        var bytes: Int
        var sha256: String
        var rejection: Rejection?
    }

    /// Reads a CSV file a piece at a time: its header first (to `header`), then every record
    /// that is not blank (to `record`) with the line it starts on and its place. Records end at
    /// line feeds outside quotes, by the parser's rule (``CSVTable/recordEnd(in:from:)``).
    private static func readCSV(
        _ file: LineFile, plan: ScoringPlan, header: (CSVSubmissionReader.Header) -> Void,
        record: ([UInt8], Int, LineFile.Place) -> Void
    ) -> Result<CSVRead, FileReadError> {
        let descriptor = open(file.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            return .failure(
                FileReadError(
                    path: file.displayPath,
                    message: "The file cannot be opened: \(Platform.describe(errno: errno)). Check its permissions."))
        }
        defer { close(descriptor) }
        var hash = SHA256()
        var piece = [UInt8](repeating: 0, count: LineFile.pieceBytes)
        var buffer: [UInt8] = []
        // Where `buffer` starts in the file, and the line its first byte is on.
        var bufferOffset = 0
        var line = 1
        var total = 0
        var seenHeader = false
        var rejection: Rejection?
        // A record's bytes: true when reading goes on.
        func take(_ bytes: ArraySlice<UInt8>, line: Int, offset: Int) -> Bool {
            var text = Array(bytes)
            if !seenHeader {
                let table = CSVTable(text)
                guard let first = table.records.first else { return true }
                seenHeader = true
                if let problem = first.problem {
                    rejection = Rejection(source: "\(file.displayPath):\(line)", reason: "not valid CSV: \(problem)")
                    return false
                }
                do {
                    header(try CSVSubmissionReader(plan: plan).header(first.fields, file: file.displayPath))
                } catch {
                    rejection = error
                    return false
                }
                return true
            }
            // A blank line is no record, as the parser reads it.
            guard text.contains(where: { $0 != 0x0D }) else { return true }
            if text.last == 0x0D { text.removeLast() }
            record(text, line, LineFile.Place(offset: offset, length: text.count))
            return true
        }
        reading: while true {
            let count = piece.withUnsafeMutableBytes { Platform.read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                return .failure(
                    FileReadError(
                        path: file.displayPath,
                        message: "The file could not be read: \(Platform.describe(errno: Platform.currentErrno))."))
            }
            guard count > 0 else { break }
            piece.withUnsafeBufferPointer { hash.update(UnsafeBufferPointer(rebasing: $0[0..<count])) }
            total += count
            buffer += piece[0..<count]
            var start = 0
            while let end = buffer.withUnsafeBufferPointer({ CSVTable.recordEnd(in: $0, from: start) }) {
                guard take(buffer[start..<end.end], line: line, offset: bufferOffset + start) else { break reading }
                line += end.lines
                start = end.end + 1
            }
            buffer.removeFirst(start)
            bufferOffset += start
        }
        if rejection == nil, !buffer.isEmpty {
            _ = take(buffer[...], line: line, offset: bufferOffset)
        }
        if rejection == nil, !seenHeader {
            rejection = Rejection(
                source: file.displayPath,
                reason: "the CSV file is empty; expected a header row and one row per submission")
        }
        return .success(
            CSVRead(bytes: total, sha256: "sha256:" + SHA256.hexDigits(hash.finalize()), rejection: rejection))
    }
}
