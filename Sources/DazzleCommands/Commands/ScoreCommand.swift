import Analytics
import ArgumentParsing
import DazzleJSON
import Foundation
import QuestionnaireEngine
import Reports
import Scoring
import Submissions

/// `dazzle score INPUT...`: submitted forms in, scorecards, a ranked summary and rejections out.
struct ScoreCommand: Command {
    static let spec = CommandSpec(
        name: "score",
        abstract: "Score submitted forms into scorecards.",
        discussion: """
            Inputs are submission files (.json, .jsonl, .csv), folders of them, or '-' for stdin: \
            JSON Lines, or a CSV export with its header row (name the set with --questionnaire), \
            streamed to scorecards as JSON Lines on stdout. With --out, writes the \
            scorecards, summary.csv (ranked) and rejected.jsonl (every input not scored, with why). \
            Exit status: 0 when every input was scored, 2 when some were rejected, 1 when nothing \
            could be scored.
            """,
        arguments: [ArgumentSpec("input", help: "Submission files or folders, or '-' for stdin.", isRepeating: true)],
        options: [
            .option(
                "questionnaire", short: "q", value: "set",
                help: "The question set: a shipped id or a file (default: the one the submissions name)."),
            .option("rubric", value: "file", help: "A rubric file (default: the rubric embedded in the question set)."),
            MissingOption.spec,
            RatersOption.spec,
        ] + RetainOption.specs + [
            .option("out", short: "o", value: "dir", help: "Write scorecards, summary.csv and rejected.jsonl here."),
            .option(
                "format", value: "format", help: "How to write scorecards (default: jsonl).",
                allowedValues: ["jsonl", "json", "csv"]),
            .option(
                "explain", value: "detail",
                help:
                    "The item-by-item explanation in each scorecard: full (default), compact ([answer, score, points] per item, in the rubric's order) or none.",
                allowedValues: ExplanationDetail.allCases.map(\.rawValue)),
            .option(
                "norms", value: "file",
                help: "A norm group from 'dazzle norms build': percentiles against it, not the batch."),
            .option(
                "audit-fields", value: "map",
                help:
                    "The demographic fields the bias-audit table reads, e.g. sex=gender,race=ethnicity (default: the rubric's biasAudit, else fields named sex or gender, race or ethnicity).",
            ),
            .option(
                "duplicates", value: "rule",
                help:
                    "A second form for the same candidate and rater: keep the latest (default), the first, or reject every copy.",
                allowedValues: DuplicatePolicy.allCases.map(\.rawValue)),
            .option(
                "report", value: "format",
                help: "Also write the linked reports (index, batch report, candidate pages, comparison) with --out.",
                allowedValues: ["html", "md"]),
            .option(
                "candidate-reports", value: "which",
                help:
                    "With --report, which candidates get a page: the ones the batch report names (default), all, none.",
                allowedValues: ReportFolder.CandidatePages.allCases.map(\.rawValue)),
            .option(
                "templates", value: "dir", help: "With --report, override report templates by name from this folder."),
            .option("date", value: "date", help: "The date reports record (default: SOURCE_DATE_EPOCH, else today)."),
            .option("jobs", short: "j", value: "n", help: "Threads to score with (default: the number of cores)."),
            .option(
                "audit", value: "file",
                help: "Append this run's audit event here (default: audit.jsonl in the --out folder)."),
            .option(
                "source", value: "name",
                help:
                    "With '-': the input's name in sources and rejections (default: the task's input file under Spark or Hadoop Streaming, else stdin)."
            ),
            .option(
                "first-line", value: "n", help: "With '-': the line number of the input's first line (default 1)."),
            .option(
                "rejections", value: "where",
                help:
                    "With '-': stderr (default, as lines), stdout (dazzle.rejection/1 records among the scorecards, in order) or a file of records."
            ),
            .flag(
                "exit-zero-on-rejections",
                help: "With '-': exit 0 when every record was scored or rejected; non-zero only when the run failed."),
            .flag(
                "panels",
                help:
                    "With '-': a candidate's consecutive records (several raters) are one panel scorecard; group or sort the stream by candidate id."
            ),
            .option(
                "header-from", value: "file",
                help: "With '-': read the CSV header row from this file; stdin holds data rows only (a CSV partition)."),
            .option(
                "state", value: "where",
                help:
                    "With '-': also write this part's analysis state (dazzle.analysis-state/1 lines) to a file, or to stdout among the scorecards; 'dazzle summary merge' joins the parts into one batch summary."
            ),
        ])

    var inputs: [String]
    var questionnaire: String?
    var rubric: String?
    var out: String?
    var format: String
    var jobs: Int
    var norms: String?
    var duplicates: DuplicatePolicy
    var missing: [String]?
    var raters: [String]
    var explanation: ExplanationDetail
    var retain: (retain: String?, purpose: String?)
    /// `--audit-fields`: the fields the bias audit reads, in place of the rubric's.
    var auditFields: BiasAuditFields?
    /// The report formats to write (`--report`; the demo writes both).
    var reportFormats: [ReportFormat]
    var candidatePages: ReportFolder.CandidatePages
    var blindComparison = false
    var templates: String?
    var date: String?
    /// What `score -` needs in a distributed job: naming, line numbers, rejections, exit rule.
    var stream = StreamOptions()
    /// `--audit FILE`: where the run's audit event goes, in place of `OUT/audit.jsonl`.
    var audit: String?
    /// The command line as parsed, for the audit log.
    var commandLine: [String] = []
    /// Whether `--source` was given (else the job's environment may name the input).
    var explicitSource = false

    init(_ arguments: ParsedArguments) throws(UsageError) {
        inputs = arguments.positionals
        questionnaire = arguments.value("questionnaire")
        rubric = arguments.value("rubric")
        out = arguments.value("out")
        format = arguments.value("format") ?? "jsonl"
        norms = arguments.value("norms")
        duplicates = arguments.value("duplicates").flatMap(DuplicatePolicy.init(rawValue:)) ?? .latest
        missing = MissingOption.codes(arguments)
        raters = RatersOption.names(arguments)
        explanation = Self.explanationDetail(arguments)
        retain = (arguments.value("retain"), arguments.value("purpose"))
        auditFields = try Self.auditFields(arguments.value("audit-fields"))
        reportFormats = arguments.value("report").flatMap(ReportFormat.init(rawValue:)).map { [$0] } ?? []
        candidatePages =
            arguments.value("candidate-reports").flatMap(ReportFolder.CandidatePages.init(rawValue:)) ?? .shortlist
        templates = arguments.value("templates")
        date = arguments.value("date")
        stream = try Self.streamOptions(arguments)
        explicitSource = arguments.value("source") != nil
        audit = arguments.value("audit")
        commandLine = AuditTrail.commandLine("score", arguments)
        // A stream writes scorecards to stdout and nothing else, so file options would go unheard.
        let fileOptions = [
            "out", "format", "report", "candidate-reports", "audit", "templates", "date", "duplicates", "audit-fields",
        ]
        .filter { arguments.value($0) != nil }
        let streamOnly =
            ["source", "first-line", "rejections", "header-from", "state"].filter { arguments.value($0) != nil }
            + ["exit-zero-on-rejections", "panels"].filter { arguments.flag($0) }
        if inputs != ["-"], let option = streamOnly.first {
            throw UsageError(
                "'--\(option)' applies to '-' (a stream on stdin); files name themselves and write rejected.jsonl with --out.",
                commandPath: ["dazzle", "score"])
        }
        if inputs == ["-"], !fileOptions.isEmpty {
            throw UsageError(
                "'-' streams scorecards as JSON Lines to stdout; \(fileOptions.map { "'--\($0)'" }.joined(separator: ", ")) \(fileOptions.count == 1 ? "applies" : "apply") to files. Score a file instead, or drop the option.",
                commandPath: ["dazzle", "score"])
        }
        if !reportFormats.isEmpty && out == nil {
            throw UsageError(
                "'--report' writes into the output folder; add '--out <dir>'.", commandPath: ["dazzle", "score"])
        }
        for option in ["candidate-reports", "templates"] where arguments.value(option) != nil && reportFormats.isEmpty {
            throw UsageError(
                "'--\(option)' applies with '--report'; add '--report html'.", commandPath: ["dazzle", "score"])
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        if let text = arguments.value("jobs") {
            guard let value = Int(text), value >= 1, value <= 256 else {
                throw UsageError(
                    "The value '\(text)' is invalid for '--jobs <n>': give a whole number from 1 to 256.",
                    commandPath: ["dazzle", "score"])
            }
            jobs = value
        } else {
            jobs = cores
        }
        if inputs.contains("-") && inputs.count > 1 {
            throw UsageError("'-' (stdin) cannot be combined with other inputs.", commandPath: ["dazzle", "score"])
        }
    }

    func run(in context: CommandContext) -> Int32 {
        guard RetainOption.isValid(retain, context: context) else { return ExitStatus.usage }
        if inputs == ["-"] {
            var options = stream
            if options.source == "stdin", !explicitSource, let name = StreamOptions.source(from: context.environment) {
                options.source = name
            }
            return ScoreStream(
                questionnaire: questionnaire, rubric: rubric, missing: missing, jobs: jobs, options: options,
                duplicates: duplicates, norms: norms
            ).run(context: context)
        }
        let loaded: BatchInput
        do {
            let (plan, paths) = try BatchInput.locate(
                inputs, questionnaire: questionnaire, rubric: rubric, missing: missing, context: context)
            // JSON Lines and CSV files are read a piece at a time, a few hundred bytes held per
            // candidate; reports (which need every scorecard at once), expected raters and other
            // kinds of file, the general way, all held.
            if out != nil, reportFormats.isEmpty, raters.isEmpty, StreamedBatch.takes(paths) {
                let batch = StreamedBatch.read(paths, plan: plan, duplicates: duplicates, jobs: jobs, context: context)
                return finish(
                    batch.table, plan: plan, order: batch.canonicalOrder(), writing: Array(0..<batch.table.count),
                    inputs: batch.files, context: context
                ) { rows, analysis throws(ReadBackError) in try batch.cards(rows, analysis: analysis) }
            }
            loaded = try BatchInput.load(
                paths, plan: plan, duplicates: duplicates, expectedRaters: raters, jobs: jobs, context: context)
        } catch {
            for line in error.lines { context.standardError.write(line + "\n") }
            return ExitStatus.failure
        }
        return finish(loaded.outcome, plan: loaded.plan, inputs: loaded.files, context: context)
    }

    /// Analyses a scored batch (read from files, or merged from parts), prints the ranking and
    /// digest, writes the output folder and records the audit event; returns the exit status.
    func finish(
        _ scored: BatchScorer.Outcome, plan: ScoringPlan, inputs: [(path: String, bytes: Int, sha256: String)],
        context: CommandContext
    ) -> Int32 {
        var outcome = scored
        guard case .success(let normGroup) = loadNorms(plan: plan, context: context) else { return ExitStatus.failure }
        let analysis = BatchAnalysis.analyse(outcome, plan: plan, norms: normGroup, auditFields: auditFields)
        analysis.annotate(&outcome.scorecards)
        let status = report(outcome, analysis: analysis, plan: plan, context: context).status
        return recordAudit(
            status, plan: plan, inputs: inputs,
            counts: (outcome.read, outcome.accepted, outcome.rejections.count, outcome.scorecards.count),
            context: context)
    }

    /// Analyses a batch merged from analysis states read a line at a time, and writes its
    /// folder as ``finish(_:plan:inputs:context:)`` does, every scorecard read back from its
    /// state line as it is written (no reports: they need every scorecard at once).
    func finish(_ states: StateTable, context: CommandContext) -> Int32 {
        let order = states.canonicalOrder()
        return finish(
            states.table, plan: states.plan, order: order, writing: order, inputs: states.files, context: context
        ) { rows, analysis throws(ReadBackError) in try states.cards(rows, analysis: analysis) }
    }

    /// Analyses a batch's table (rows read in `order`, its canonical order) and writes its
    /// folder, scorecards (rows in `writing` order) made as they are written by `cards`, with
    /// the batch's standing and precision.
    func finish(
        _ table: AnalysisTable, plan: ScoringPlan, order: [Int], writing: [Int],
        inputs: [(path: String, bytes: Int, sha256: String)],
        context: CommandContext,
        cards read: @escaping (ArraySlice<Int>, BatchAnalysis) throws(ReadBackError) -> [ScoreCard]
    ) -> Int32 {
        guard case .success(let normGroup) = loadNorms(plan: plan, context: context) else { return ExitStatus.failure }
        let analysis = BatchAnalysis.analyse(
            table, order: order, plan: plan, norms: normGroup, auditFields: auditFields)
        Platform.releaseFreedMemory()
        let cards = BatchScorecards(order: writing, ranked: table.rankOrder(writing)) { rows throws(ReadBackError) in
            try read(rows, analysis)
        }
        let status = report(
            cards, read: table.read, accepted: table.accepted, rejections: table.rejections, analysis: analysis,
            plan: plan, context: context
        ) { out throws(BatchOutputError) in
            try BatchResults(format: format, reports: nil, explanation: explanation).write(
                cards, read: table.read, accepted: table.accepted, rejections: table.rejections, analysis: analysis,
                plan: plan, to: out, context: context)
            return nil
        }.status
        return recordAudit(
            status, plan: plan, inputs: inputs,
            counts: (table.read, table.accepted, table.rejections.count, table.count), context: context)
    }

    /// The norm group `--norms` names (`nil` without the option); a failure, said on stderr,
    /// when it cannot be loaded.
    private func loadNorms(plan: ScoringPlan, context: CommandContext) -> Result<NormGroup?, NormsUnreadable> {
        guard let norms else { return .success(nil) }
        switch NormGroupFile.load(norms, plan: plan, context: context) {
        case .success(let group): return .success(group)
        case .failure(let failure):
            for line in failure.lines { context.standardError.write(line + "\n") }
            return .failure(NormsUnreadable())
        }
    }

    /// Records the run's audit event (when there is a log to write to); returns the exit status.
    private func recordAudit(
        _ status: Int32, plan: ScoringPlan, inputs: [(path: String, bytes: Int, sha256: String)],
        counts: (read: Int, scored: Int, rejected: Int, scorecards: Int), context: CommandContext
    ) -> Int32 {
        guard let log = audit ?? out.map({ ($0 as NSString).appendingPathComponent(AuditTrail.fileName) }) else {
            return status
        }
        let recorded = AuditTrail.record(
            to: log, command: commandLine, plan: plan, inputs: inputs,
            outputs: out.map { AuditTrail.manifestFiles(in: $0, context: context) } ?? [],
            counts: [
                ("read", counts.read), ("scored", counts.scored), ("rejected", counts.rejected),
                ("scorecards", counts.scorecards),
            ], context: context)
        return recorded ? status : ExitStatus.failure
    }

    /// Prints the ranked summary and digest and writes the output folder.
    /// - Returns: the exit status, and the reports' index entry when reports were written.
    func report(_ outcome: BatchScorer.Outcome, analysis: BatchAnalysis, plan: ScoringPlan, context: CommandContext)
        -> (status: Int32, entry: IndexReport.Entry?)
    {
        report(
            BatchScorecards(outcome.scorecards), read: outcome.read, accepted: outcome.accepted,
            rejections: outcome.rejections, analysis: analysis, plan: plan, context: context
        ) { out throws(BatchOutputError) in
            var reports: ReportFolder?
            if !reportFormats.isEmpty {
                let renderer: ReportRenderer
                do {
                    renderer = try ReportRenderer(overrides: templates.map(context.resolve))
                } catch {
                    throw .setUp(["\(error)"])
                }
                reports = ReportFolder(
                    formats: reportFormats, candidatePages: candidatePages, blindComparison: blindComparison,
                    date: date, templates: renderer)
                // Scored again into a folder whose candidates were decided on: the decisions stay shown.
                do throws(ScoringSetLoader.Failure) {
                    reports?.decisions = try DecisionsFile.load(
                        explicit: nil, folder: out, questionnaireID: plan.questionnaire.id, context: context)
                } catch {
                    throw .setUp(error.lines)
                }
            }
            return try BatchResults(format: format, reports: reports, explanation: explanation)
                .write(outcome, analysis: analysis, plan: plan, to: out, context: context)
        }
    }

    /// Prints the ranked summary and digest and writes the output folder through `write`.
    func report(
        _ cards: BatchScorecards, read: Int, accepted: Int, rejections: [Rejection], analysis: BatchAnalysis,
        plan: ScoringPlan, context: CommandContext,
        write: (_ out: String) throws(BatchOutputError) -> IndexReport.Entry?
    ) -> (status: Int32, entry: IndexReport.Entry?) {
        var rows = [["RANK", "CANDIDATE", "OVERALL", "DECISION", "LABEL", "FLAGS"]]
        let top: [ScoreCard]
        do {
            top = try cards.cards(cards.ranked.prefix(10))
        } catch {
            context.standardError.write("\(error)\n")
            return (ExitStatus.failure, nil)
        }
        for (rank, card) in top.enumerated() {
            rows.append([
                String(rank + 1), card.candidateName, card.overall.map { SummaryTable.fixed($0) } ?? "—", card.decision,
                card.label, card.flags.map(\.kind.rawValue).joined(separator: ", "),
            ])
        }
        if !cards.ranked.isEmpty { context.standardOutput.write(table(rows)) }
        if cards.ranked.count > 10 {
            context.standardOutput.write("… and \(cards.ranked.count - 10) more in summary.csv\n")
        }

        for rejection in rejections.prefix(20) {
            context.standardError.write("rejected: \(rejection)\n")
        }
        if rejections.count > 20 {
            context.standardError.write("rejected: … and \(rejections.count - 20) more in rejected.jsonl\n")
        }

        var entry: IndexReport.Entry?
        if let out {
            do {
                entry = try write(out)
            } catch {
                context.standardError.write("\(error)\n")
                return (ExitStatus.failure, nil)
            }
            guard
                RetainOption.apply(
                    retain, folder: out, defaultPurpose: "Assessment of candidates with \(plan.questionnaire.title)",
                    context: context)
            else { return (ExitStatus.failure, nil) }
        }
        var summary =
            "Read \(count(read, "submission")): \(accepted) scored into \(count(cards.count, "scorecard")), \(rejections.count) rejected."
        if let out {
            summary +=
                " Wrote \(out)/\(scorecardName), \(out)/summary.csv, \(out)/summary.json and \(out)/rejected.jsonl."
            if let first = reportFormats.first {
                summary +=
                    " Reports: open \(out)/index.\(first.fileExtension) (the batch report, \(candidatePages == .none ? "no candidate pages" : "candidate pages in \(out)/candidates/")\(cards.count >= 2 ? ", a comparison of the top candidates" : ""))."
            }
        } else {
            summary += " Add --out DIR to write scorecards, summary.csv and rejected.jsonl."
        }
        context.standardOutput.write(summary + "\n")
        if cards.count > 0 {
            let details = out.map { out in
                reportFormats.first.map { "\(out)/report.\($0.fileExtension)" } ?? "\(out)/summary.json"
            }
            context.standardOutput.write(analysis.digest(plan: plan, details: details))
        }
        if accepted == 0 { return (ExitStatus.failure, entry) }
        return (rejections.isEmpty ? ExitStatus.success : ExitStatus.someRejected, entry)
    }

    var scorecardName: String {
        switch format {
        case "json": "scorecards/"
        case "csv": "scorecards.csv"
        default: "scorecards.jsonl"
        }
    }

}

extension ScoreCommand {
    /// `sex=gender,race=ethnicity` → the fields; `nil` when not given.
    static func auditFields(_ value: String?) throws(UsageError) -> BiasAuditFields? {
        guard let value else { return nil }
        var fields = BiasAuditFields()
        for pair in value.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[1].isEmpty else {
                throw UsageError(
                    "'--audit-fields' takes sex=FIELD,race=FIELD (the demographic fields to read); '\(pair)' has no field name.",
                    commandPath: ["dazzle", "score"])
            }
            switch parts[0] {
            case "sex": fields.sex = parts[1]
            case "race", "raceEthnicity", "race/ethnicity": fields.raceEthnicity = parts[1]
            default:
                throw UsageError(
                    "'--audit-fields' knows 'sex' and 'race', not '\(parts[0])': e.g. --audit-fields sex=gender,race=ethnicity.",
                    commandPath: ["dazzle", "score"])
            }
        }
        return fields
    }
}

extension ScoreCommand {
    /// `--explain`: full unless asked (the parser allows only the detail's names).
    static func explanationDetail(_ arguments: ParsedArguments) -> ExplanationDetail {
        ExplanationDetail(rawValue: arguments.value("explain") ?? "full") ?? .full
    }

    static func streamOptions(_ arguments: ParsedArguments) throws(UsageError) -> StreamOptions {
        var options = StreamOptions()
        if let source = arguments.value("source") {
            guard !source.isEmpty, !source.contains(where: \.isNewline) else {
                throw UsageError(
                    "'--source' takes a name on one line, e.g. --source part-00003.", commandPath: ["dazzle", "score"])
            }
            options.source = source
        }
        if let text = arguments.value("first-line") {
            guard let value = Int(text), value >= 1, value < 1 << 52 else {
                throw UsageError(
                    "'--first-line' takes a whole number from 1 (the line number of stdin's first line), not '\(text)'.",
                    commandPath: ["dazzle", "score"])
            }
            options.firstLine = value
        }
        switch arguments.value("rejections") {
        case nil, "stderr": options.rejections = .standardError
        case "stdout": options.rejections = .standardOutput
        case let path?:
            guard !path.isEmpty, path != "-" else {
                throw UsageError(
                    "'--rejections' takes stderr, stdout or a file name.", commandPath: ["dazzle", "score"])
            }
            options.rejections = .file(path)
        }
        options.exitZeroOnRejections = arguments.flag("exit-zero-on-rejections")
        options.headerFrom = arguments.value("header-from")
        switch arguments.value("state") {
        case nil: options.state = nil
        case "stdout": options.state = .standardOutput
        case let path?:
            guard !path.isEmpty, path != "-" else {
                throw UsageError(
                    "'--state' takes a file name, or stdout to write the state among the scorecards.",
                    commandPath: ["dazzle", "score"])
            }
            options.state = .file(path)
        }
        options.panels = arguments.flag("panels")
        options.expectedRaters = RatersOption.names(arguments)
        options.explanation = explanationDetail(arguments)
        return options
    }
}

/// `--norms` named a norm group that cannot be loaded (the reason is already on stderr).
private struct NormsUnreadable: Error {}
