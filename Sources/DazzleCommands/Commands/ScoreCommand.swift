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
        if inputs == ["-"] { return stream(context: context) }
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
        for index in outcome.scorecards.indices { outcome.scorecards[index].standing = analysis.standings[index] }
        return report(outcome, analysis: analysis, plan: plan, context: context)
    }

    /// `score -`: JSON Lines from stdin, scorecards to stdout.
    func stream(context: CommandContext) -> Int32 {
        // The first line tells JSON Lines (a record starts with '{') from a CSV header.
        var first = StreamScorer.readFirstLine(0)
        let start = first.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let isCSV =
            first[start...].first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D && $0 != 0x0A }
            .map { $0 != UInt8(ascii: "{") } ?? false
        if isCSV {
            guard let questionnaire else {
                context.standardError.write(
                    "error: CSV on stdin does not name its question set; add --questionnaire (see 'dazzle list').\n")
                return ExitStatus.failure
            }
            // A quoted heading may hold a line break: read on until the header row is whole.
            while first.withUnsafeBufferPointer({ CSVTable.recordEnd(in: $0, from: 0) }) == nil {
                let more = StreamScorer.readFirstLine(0)
                if more.isEmpty { break }
                first += more
            }
            return streamCSV(header: first, questionnaire: questionnaire, context: context)
        }
        guard let reference = questionnaire ?? SubmissionFiles.questionnaireID(inLine: first) else {
            context.standardError.write(BatchInput.unknownQuestionnaire + "\n")
            return ExitStatus.failure
        }
        do {
            let plan = try ScoringSetLoader(context: context).plan(questionnaire: reference, rubric: rubric)
            return StreamScorer(plan: plan, jobs: jobs).run(input: 0, prefix: first, context: context)
        } catch {
            for line in error.lines { context.standardError.write(line + "\n") }
            return ExitStatus.failure
        }
    }

    func streamCSV(header bytes: [UInt8], questionnaire: String, context: CommandContext) -> Int32 {
        let plan: ScoringPlan
        do {
            plan = try ScoringSetLoader(context: context).plan(questionnaire: questionnaire, rubric: rubric)
        } catch {
            for line in error.lines { context.standardError.write(line + "\n") }
            return ExitStatus.failure
        }
        let table = CSVTable(bytes)
        if let record = table.records.first, let problem = record.problem {
            context.standardError.write("stdin:\(record.line): error: not valid CSV: \(problem)\n")
            return ExitStatus.failure
        }
        let header: CSVSubmissionReader.Header
        do {
            header = try CSVSubmissionReader(plan: plan).header(table.records.first?.fields ?? [], file: "stdin")
        } catch {
            context.standardError.write("\(error.source): error: \(error.reason)\n")
            return ExitStatus.failure
        }
        if let warning = header.warning { context.standardError.write("warning: \(warning)\n") }
        let headerLines = bytes.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
        return StreamScorer(plan: plan, jobs: jobs, format: .csv(header))
            .run(input: 0, firstLine: max(headerLines, 1) + 1, context: context)
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
                try write(outcome, analysis: analysis, plan: plan, to: out, commandContext: context)
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
        if !outcome.scorecards.isEmpty { context.standardOutput.write(analysis.digest()) }
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

    /// Writes every output into `out` as one set (see ``OutputSet``): scorecards, summaries,
    /// rejections and the report, each atomically, then the manifest that makes the set whole.
    func write(
        _ outcome: BatchScorer.Outcome, analysis: BatchAnalysis, plan: ScoringPlan, to out: String,
        commandContext: CommandContext
    ) throws(AtomicFile.WriteError) {
        var set = try OutputSet(folder: out, context: commandContext)
        var writer = JSONWriter(reservingCapacity: 1 << 16)
        let scorer = Scorer(plan: plan)
        switch format {
        case "json":
            let cardsFolder = set.path("scorecards")
            try AtomicFile.makeFolder(cardsFolder)
            for card in outcome.scorecards {
                writer.reset()
                scorer.write(card, to: &writer)
                set.add(
                    try AtomicFile.write(
                        writer.bytes + [0x0A],
                        to: (cardsFolder as NSString).appendingPathComponent(Self.fileName(for: card.candidateID))))
            }
        case "csv":
            try set.write(Array(ScoreCardTable.csv(outcome.scorecards, plan: plan).utf8), to: "scorecards.csv")
        default:
            // Written in pieces of a few megabytes, so the file is never held whole in memory.
            let file = try AtomicFileWriter(path: set.path("scorecards.jsonl"))
            for card in outcome.scorecards {
                scorer.write(card, to: &writer)
                writer.endLine()
                if writer.byteCount >= 4 << 20 {
                    try writer.withBytes { bytes throws(AtomicFile.WriteError) in try file.write(bytes) }
                    writer.reset()
                }
            }
            try writer.withBytes { bytes throws(AtomicFile.WriteError) in try file.write(bytes) }
            set.add(try file.commit())
            writer.reset()
        }
        try set.write(SummaryTable.csv(outcome.scorecards, plan: plan), to: "summary.csv")
        writer.reset()
        analysis.write(to: &writer, outcome: outcome, plan: plan)
        writer.endLine()
        try set.write(writer.bytes, to: "summary.json")
        var rejected: [UInt8] = []
        for rejection in outcome.rejections {
            writer.reset()
            rejection.write(to: &writer)
            rejected += writer.bytes + [0x0A]
        }
        try set.write(rejected, to: "rejected.jsonl")
        if let report {
            let context = ReportCommand.context(date: date, analysis: analysis, context: commandContext)
            let name = "report.\(report.fileExtension)"
            let bytes: [UInt8]
            do {
                bytes = try ReportRenderer().render(
                    .batch, format: report,
                    model: BatchReport.model(outcome, analysis: analysis, plan: plan, context: context))
            } catch {
                throw AtomicFile.WriteError(path: name, reason: "\(error)")
            }
            try set.write(bytes, to: name)
        }
        try set.commit()
    }

    /// A file name from a candidate id: letters, digits, '-', '_' and '.' kept, the rest '_'.
    static func fileName(for id: String) -> String {
        let safe = String(
            id.unicodeScalars.map { scalar in
                scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar)
                    ? Character(scalar) : "_"
            })
        return (safe.hasPrefix(".") ? "_" + safe : safe) + ".json"
    }
}
