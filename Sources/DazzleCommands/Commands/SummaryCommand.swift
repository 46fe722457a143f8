import Analytics
import ArgumentParsing
import Foundation
import Scoring
import Submissions

/// `dazzle summary merge STATE... --out DIR`: the parts of a batch scored apart (each with
/// `score - --state`), joined into the folder one `dazzle score FILES --out DIR` would write.
struct SummaryCommand: Command {
    static let spec = CommandSpec(
        name: "summary",
        abstract: "Join batch parts scored apart into one summary.",
        subcommands: [
            CommandSpec(
                name: "merge",
                abstract: "Merge analysis states into the folder one run over every input writes.",
                discussion: """
                    Reads the dazzle.analysis-state/1 lines that 'dazzle score - --state' wrote for \
                    each part of a job (files, or folders such as a Spark output folder, where they \
                    sit among the scorecards; other lines are skipped), checks that every part is \
                    whole and was scored by the same question set, rubric and missing codes, and \
                    writes scorecards (with the batch's percentiles and SEMs), summary.csv, \
                    summary.json, rejected.jsonl and, with --report, the reports: the same figures \
                    as scoring every input at once on one machine, whatever the parts. Exit status: \
                    0 when every input was scored, 2 when some were rejected, 1 when the states \
                    cannot be merged.
                    """,
                arguments: [
                    ArgumentSpec(
                        "state", help: "State files, folders of them (.jsonl, part-NNNNN), or '-' for stdin.",
                        isRepeating: true)
                ],
                options: [
                    .option(
                        "questionnaire", short: "q", value: "set",
                        help: "The question set: a shipped id or a file (default: the one the states name)."),
                    .option(
                        "rubric", value: "file", help: "The rubric file the parts were scored with, if not embedded."),
                    MissingOption.spec,
                ] + RetainOption.specs + [
                    .option("out", short: "o", value: "dir", help: "Write the batch's folder here."),
                    .option(
                        "format", value: "format", help: "How to write scorecards (default: jsonl).",
                        allowedValues: ["jsonl", "json", "csv"]),
                    .option(
                        "explain", value: "detail", help: "The explanation in each scorecard (default: full).",
                        allowedValues: ExplanationDetail.allCases.map(\.rawValue)),
                    .option("norms", value: "file", help: "A norm group: percentiles against it, not the batch."),
                    .option(
                        "audit-fields", value: "map",
                        help: "The demographic fields the bias-audit table reads, e.g. sex=gender,race=ethnicity."),
                    .option(
                        "report", value: "format", help: "Also write the linked reports.",
                        allowedValues: ["html", "md"]),
                    .option(
                        "candidate-reports", value: "which",
                        help: "With --report, which candidates get a page (default: shortlist).",
                        allowedValues: ReportFolder.CandidatePages.allCases.map(\.rawValue)),
                    .option(
                        "templates", value: "dir", help: "With --report, override report templates from this folder."),
                    .option(
                        "date", value: "date", help: "The date reports record (default: SOURCE_DATE_EPOCH, else today)."
                    ),
                    .option(
                        "audit", value: "file",
                        help: "Append this run's audit event here (default: audit.jsonl in the --out folder)."),
                ])
        ])

    var inputs: [String]
    /// The batch's outputs, as `score FILES --out` writes them.
    var results: ScoreCommand
    var questionnaire: String?
    var rubric: String?
    var missing: [String]?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        inputs = arguments.positionals
        let path = ["dazzle", "summary", "merge"]
        guard !inputs.isEmpty else {
            throw UsageError("Name the state files or folders to merge.", commandPath: path)
        }
        guard arguments.value("out") != nil else {
            throw UsageError("Missing '--out <dir>': name the folder to write the batch into.", commandPath: path)
        }
        questionnaire = arguments.value("questionnaire")
        rubric = arguments.value("rubric")
        missing = MissingOption.codes(arguments)
        // The outputs' options, read as `score FILES --out` reads them; the states are not its inputs.
        var outputs = arguments
        outputs.positionals = []
        results = try ScoreCommand(outputs)
        results.commandLine = AuditTrail.commandLine("summary merge", arguments)
    }

    func run(in context: CommandContext) -> Int32 {
        guard RetainOption.isValid(results.retain, context: context) else { return ExitStatus.usage }
        // Files are read a line at a time, keeping a few hundred bytes per candidate; stdin, and
        // reports (which need every scorecard at once), the general way, all held.
        if inputs != ["-"], results.reportFormats.isEmpty {
            let states: StateTable
            do {
                let (plan, sources) = try StateInputs.locate(
                    inputs, questionnaire: questionnaire, rubric: rubric, missing: missing, context: context)
                states = try StateTable.read(sources.map { ($0.file, context.resolve($0.file)) }, plan: plan)
            } catch {
                for line in error.lines { context.standardError.write(line + "\n") }
                return ExitStatus.failure
            }
            for warning in states.warnings { context.standardError.write(warning + "\n") }
            context.standardError.write(
                "Merged \(count(states.parts, "part")) from \(count(states.files.count, "file")): \(count(states.table.count, "candidate")), \(count(states.table.rejections.count, "rejection"))\(states.otherLines > 0 ? " (\(states.otherLines) other lines, such as scorecards, skipped)" : "").\n"
            )
            return results.finish(states, context: context)
        }
        let loaded: StateInputs
        do {
            loaded = try StateInputs.load(
                inputs, questionnaire: questionnaire, rubric: rubric, missing: missing, context: context)
        } catch {
            for line in error.lines { context.standardError.write(line + "\n") }
            return ExitStatus.failure
        }
        let merged = loaded.state
        for warning in loaded.warnings { context.standardError.write(warning + "\n") }
        context.standardError.write(
            "Merged \(count(merged.parts, "part")) from \(count(loaded.files.count, "file")): \(count(merged.members.count, "candidate")), \(count(merged.rejections.count, "rejection"))\(loaded.otherLines > 0 ? " (\(loaded.otherLines) other lines, such as scorecards, skipped)" : "").\n"
        )
        return results.finish(
            merged.outcome(plan: loaded.plan), plan: loaded.plan, inputs: loaded.files, context: context)
    }
}
