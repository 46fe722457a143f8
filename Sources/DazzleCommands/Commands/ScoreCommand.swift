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
            .option("out", short: "o", value: "dir", help: "Write scorecards, summary.csv and rejected.jsonl here."),
            .option(
                "format", value: "format", help: "How to write scorecards (default: jsonl).",
                allowedValues: ["jsonl", "json", "csv"]),
            .option(
                "norms", value: "file",
                help: "A norm group from 'dazzle norms build': percentiles against it, not the batch."),
            .option(
                "report", value: "format", help: "Also write the batch report (report.html or report.md) with --out.",
                allowedValues: ["html", "md"]),
            .option("date", value: "date", help: "The date reports record (default: SOURCE_DATE_EPOCH, else today)."),
            .option("jobs", short: "j", value: "n", help: "Threads to score with (default: the number of cores)."),
        ])

    var inputs: [String]
    var questionnaire: String?
    var rubric: String?
    var out: String?
    var format: String
    var jobs: Int
    var norms: String?
    var report: ReportFormat?
    var date: String?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        inputs = arguments.positionals
        questionnaire = arguments.value("questionnaire")
        rubric = arguments.value("rubric")
        out = arguments.value("out")
        format = arguments.value("format") ?? "jsonl"
        norms = arguments.value("norms")
        report = arguments.value("report").flatMap(ReportFormat.init(rawValue:))
        date = arguments.value("date")
        // A stream writes scorecards to stdout and nothing else, so file options would go unheard.
        let fileOptions = ["out", "format", "norms", "report", "date"].filter { arguments.value($0) != nil }
        if inputs == ["-"], !fileOptions.isEmpty {
            throw UsageError(
                "'-' streams scorecards as JSON Lines to stdout; \(fileOptions.map { "'--\($0)'" }.joined(separator: ", ")) \(fileOptions.count == 1 ? "applies" : "apply") to files. Score a file instead, or drop the option.",
                commandPath: ["dazzle", "score"])
        }
        if report != nil && out == nil {
            throw UsageError(
                "'--report' writes into the output folder; add '--out <dir>'.", commandPath: ["dazzle", "score"])
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
        if inputs == ["-"] {
            return ScoreStream(questionnaire: questionnaire, rubric: rubric, jobs: jobs).run(context: context)
        }
        let loaded: BatchInput
        do {
            loaded = try BatchInput.load(
                inputs, questionnaire: questionnaire, rubric: rubric, jobs: jobs, context: context)
        } catch {
            for line in error.lines { context.standardError.write(line + "\n") }
            return ExitStatus.failure
        }
        var outcome = loaded.outcome
        let plan = loaded.plan
        var normGroup: NormGroup?
        if let norms {
            do {
                normGroup = try NormGroup.read(
                    try FileReader().read(context.resolve(norms), displayPath: norms), file: norms)
            } catch let error as FileReadError {
                context.standardError.write("\(error)\n")
                return ExitStatus.failure
            } catch {
                context.standardError.write("\(error)\n")
                return ExitStatus.failure
            }
        }
        let analysis = BatchAnalysis.analyse(outcome, plan: plan, norms: normGroup)
        analysis.annotate(&outcome.scorecards)
        return report(outcome, analysis: analysis, plan: plan, context: context)
    }

    func report(_ outcome: BatchScorer.Outcome, analysis: BatchAnalysis, plan: ScoringPlan, context: CommandContext)
        -> Int32
    {
        let ranked = SummaryTable.rankOrder(outcome.scorecards)
        var rows = [["RANK", "CANDIDATE", "OVERALL", "DECISION", "LABEL", "FLAGS"]]
        for (rank, card) in ranked.prefix(10).map({ outcome.scorecards[$0] }).enumerated() {
            rows.append([
                String(rank + 1), card.candidateName, card.overall.map { SummaryTable.fixed($0) } ?? "—", card.decision,
                card.label, card.flags.map(\.kind.rawValue).joined(separator: ", "),
            ])
        }
        if !ranked.isEmpty { context.standardOutput.write(table(rows)) }
        if ranked.count > 10 { context.standardOutput.write("… and \(ranked.count - 10) more in summary.csv\n") }

        for rejection in outcome.rejections.prefix(20) {
            context.standardError.write("rejected: \(rejection)\n")
        }
        if outcome.rejections.count > 20 {
            context.standardError.write("rejected: … and \(outcome.rejections.count - 20) more in rejected.jsonl\n")
        }

        if let out {
            do {
                try BatchResults(format: format, report: report, date: date)
                    .write(outcome, analysis: analysis, plan: plan, to: out, context: context)
            } catch {
                context.standardError.write("\(error)\n")
                return ExitStatus.failure
            }
        }
        var summary =
            "Read \(count(outcome.read, "submission")): \(outcome.accepted) scored into \(count(outcome.scorecards.count, "scorecard")), \(outcome.rejections.count) rejected."
        if let out {
            summary +=
                " Wrote \(out)/\(scorecardName), \(out)/summary.csv, \(out)/summary.json\(report.map { ", \(out)/report.\($0.fileExtension)" } ?? "") and \(out)/rejected.jsonl."
        } else {
            summary += " Add --out DIR to write scorecards, summary.csv and rejected.jsonl."
        }
        context.standardOutput.write(summary + "\n")
        if !outcome.scorecards.isEmpty {
            let details = out.map { out in
                report == .html
                    ? "\(out)/report.html" : report == .markdown ? "\(out)/report.md" : "\(out)/summary.json"
            }
            context.standardOutput.write(analysis.digest(plan: plan, details: details))
        }
        if outcome.accepted == 0 { return ExitStatus.failure }
        return outcome.rejections.isEmpty ? ExitStatus.success : ExitStatus.someRejected
    }

    var scorecardName: String {
        switch format {
        case "json": "scorecards/"
        case "csv": "scorecards.csv"
        default: "scorecards.jsonl"
        }
    }

}
