import Analytics
import DazzleJSON
import Scoring
import Submissions

/// `dazzle score -`: submissions from standard input (JSON Lines, or a CSV export with its
/// header row) to scorecards as JSON Lines on standard output, through ``StreamScorer``.
struct ScoreStream {
    var questionnaire: String?
    var rubric: String?
    var missing: [String]?
    var jobs: Int
    var options = StreamOptions()
    /// With `--panels`: a second record from the same rater for a candidate.
    var duplicates = DuplicatePolicy.latest
    /// `--norms FILE`: each scorecard's standing against this norm group.
    var norms: String?

    /// The standing rule for the plan's scorecards, or the lines that say why the norm group
    /// cannot be used.
    func standing(plan: ScoringPlan, context: CommandContext) -> Result<
        (@Sendable (Double) -> Standing?)?, ScoringSetLoader.Failure
    > {
        guard let norms else { return .success(nil) }
        return NormGroupFile.load(norms, plan: plan, context: context).map { group in
            { @Sendable overall in group.standing(of: overall) }
        }
    }

    /// How many records are read, at most, to find one that names its question set.
    static let linesToFindQuestionSet = 1000

    /// Reads the stream's first record, tells JSON Lines from a CSV export, loads the question set
    /// and scores everything on stdin; returns the exit status.
    func run(context: CommandContext) -> Int32 {
        guard let input = context.standardInput.descriptor else {
            context.standardError.write("error: '-' reads standard input, which this run does not have.\n")
            return ExitStatus.failure
        }
        if let headerFile = options.headerFrom {
            return streamCSV(headerFrom: headerFile, input: input, context: context)
        }
        // The first line tells JSON Lines (a record starts with '{') from a CSV header.
        var first = StreamScorer.readFirstLine(input)
        // An empty input (a job's empty partition) is nothing to score, not an error.
        if first.isEmpty {
            // Its state, too, says so: an empty part, when the question set is named.
            if let target = options.state, let questionnaire {
                guard let plan = plan(questionnaire: questionnaire, context: context) else { return ExitStatus.failure }
                do {
                    try StreamState(target: target, plan: plan, context: context).finish(read: 0)
                } catch {
                    context.standardError.write("error: \(error)\n")
                    return ExitStatus.failure
                }
            }
            context.standardError.write("Read 0 submissions: 0 scored, 0 rejected.\n")
            return ExitStatus.success
        }
        let start = first.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let isCSV =
            first[start...].first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D && $0 != 0x0A }
            .map { $0 != UInt8(ascii: "{") } ?? false
        if isCSV {
            guard !options.panels else {
                context.standardError.write(
                    "error: '--panels' reads JSON Lines; convert the CSV export, or score it without --panels.\n")
                return ExitStatus.failure
            }
            guard let questionnaire else {
                context.standardError.write(
                    "error: CSV on stdin does not name its question set; add --questionnaire (see 'dazzle list').\n")
                return ExitStatus.failure
            }
            // A quoted heading may hold a line break: read on until the header row is whole.
            while first.withUnsafeBufferPointer({ CSVTable.recordEnd(in: $0, from: 0) }) == nil {
                let more = StreamScorer.readFirstLine(input)
                if more.isEmpty { break }
                first += more
            }
            return streamCSV(header: first, questionnaire: questionnaire, input: input, context: context)
        }
        // A first record too torn to name its question set must not lose the partition: the next
        // records are read until one names it (they are scored as usual, the torn one rejected).
        var reference = questionnaire ?? SubmissionFiles.questionnaireID(inLine: first)
        var lookedAt = 1
        while reference == nil, lookedAt < Self.linesToFindQuestionSet, first.count < StreamScorer.longestRecord {
            let next = StreamScorer.readFirstLine(input)
            if next.isEmpty { break }
            first += next
            lookedAt += 1
            reference = SubmissionFiles.questionnaireID(inLine: next)
        }
        guard let reference else {
            context.standardError.write(BatchInput.unknownQuestionnaire + "\n")
            return ExitStatus.failure
        }
        guard let plan = plan(questionnaire: reference, context: context) else { return ExitStatus.failure }
        do {
            let standing = try standing(plan: plan, context: context).get()
            if options.panels {
                return PanelStream(plan: plan, options: options, duplicates: duplicates, standing: standing).run(
                    input: input, prefix: first, context: context)
            }
            return StreamScorer(plan: plan, jobs: jobs, options: options, standing: standing).run(
                input: input, prefix: first, context: context)
        } catch {
            for line in error.lines { context.standardError.write(line + "\n") }
            return ExitStatus.failure
        }
    }

    /// The scoring plan for `questionnaire` with this stream's rubric and missing codes; `nil`
    /// once the reasons it cannot be loaded are written.
    func plan(questionnaire: String, context: CommandContext) -> ScoringPlan? {
        do {
            return try ScoringSetLoader(context: context, missingCodes: missing).plan(
                questionnaire: questionnaire, rubric: rubric)
        } catch {
            for line in error.lines { context.standardError.write(line + "\n") }
            return nil
        }
    }

    /// A CSV partition without its header: the header row comes from a file, and stdin's first
    /// line is data (line `--first-line`).
    func streamCSV(headerFrom path: String, input: Int32, context: CommandContext) -> Int32 {
        guard let questionnaire else {
            context.standardError.write(
                "error: '--header-from' reads CSV, which does not name its question set; add --questionnaire (see 'dazzle list').\n"
            )
            return ExitStatus.failure
        }
        let bytes: [UInt8]
        do {
            bytes = try FileReader().read(context.resolve(path), displayPath: path)
        } catch {
            context.standardError.write("error: \(error)\n")
            return ExitStatus.failure
        }
        // Only the header record: a copy of the whole export's first part may hold rows too.
        let end = bytes.withUnsafeBufferPointer { CSVTable.recordEnd(in: $0, from: 0)?.end } ?? bytes.count
        return streamCSV(
            header: Array(bytes[..<min(end + 1, bytes.count)]), questionnaire: questionnaire, input: input,
            context: context, headerSource: path, dataStartsAtLine: 1)
    }

    func streamCSV(
        header bytes: [UInt8], questionnaire: String, input: Int32, context: CommandContext,
        headerSource: String = "stdin", dataStartsAtLine: Int? = nil
    ) -> Int32 {
        guard let plan = plan(questionnaire: questionnaire, context: context) else { return ExitStatus.failure }
        let table = CSVTable(bytes)
        if let record = table.records.first, let problem = record.problem {
            context.standardError.write("\(headerSource):\(record.line): error: not valid CSV: \(problem)\n")
            return ExitStatus.failure
        }
        let header: CSVSubmissionReader.Header
        do {
            header = try CSVSubmissionReader(plan: plan).header(
                table.records.first?.fields ?? [], file: headerSource)
        } catch {
            context.standardError.write("\(error.source): error: \(error.reason)\n")
            return ExitStatus.failure
        }
        if let warning = header.warning { context.standardError.write("warning: \(warning)\n") }
        let standing: (@Sendable (Double) -> Standing?)?
        switch self.standing(plan: plan, context: context) {
        case .success(let rule): standing = rule
        case .failure(let failure):
            for line in failure.lines { context.standardError.write(line + "\n") }
            return ExitStatus.failure
        }
        let headerLines = bytes.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
        return StreamScorer(plan: plan, jobs: jobs, format: .csv(header), options: options, standing: standing)
            .run(input: input, firstLine: dataStartsAtLine ?? (max(headerLines, 1) + 1), context: context)
    }
}
