import Analytics
import ArgumentParsing
import Foundation
import Reports
import Scoring
import Submissions

/// `dazzle demo`: the whole tool on shipped sample data, in one folder.
struct DemoCommand: Command {
    static let spec = CommandSpec(
        name: "demo",
        abstract: "Score the shipped sample candidates and write every report.",
        discussion: """
            Writes the sample submissions (an interview panel, an inventory with a malformed form, \
            a judgment-test export), their scorecards, summaries and batch reports, a candidate report \
            per candidate and a comparison per question set into one folder, then prints a ranked \
            summary and where the reports are.
            """,
        options: [
            .option("out", short: "o", value: "dir", help: "The folder to write into (default: dazzle-demo)."),
            .option("date", value: "date", help: "The date reports record (default: SOURCE_DATE_EPOCH, else today)."),
        ])

    /// Each sample file with the question set it answers.
    static let sets: [(file: String, questionnaire: String)] = [
        ("interviews.jsonl", "human-being-lovers-interview"),
        ("inventory.jsonl", "service-orientation-inventory"),
        ("judgment-export.csv", "recovery-judgment-test"),
    ]

    var out: String
    var date: String?

    init(_ arguments: ParsedArguments) {
        out = arguments.value("out") ?? "dazzle-demo"
        date = arguments.value("date")
    }

    func run(in context: CommandContext) -> Int32 {
        let root = context.resolve(out)
        do {
            try AtomicFile.makeFolder((root as NSString).appendingPathComponent("samples"))
            for file in ShippedSamples.files {
                try AtomicFile.write(
                    file.contents, to: (root as NSString).appendingPathComponent("samples/\(file.name)"))
            }
        } catch {
            context.standardError.write("\(error)\n")
            return ExitStatus.failure
        }
        var status = ExitStatus.success
        for set in Self.sets {
            let input = (out as NSString).appendingPathComponent("samples/\(set.file)")
            let folder = (out as NSString).appendingPathComponent(set.questionnaire)
            context.standardOutput.write("\n== \(set.questionnaire) (\(input))\n")
            let loaded: BatchInput
            do {
                loaded = try BatchInput.load(
                    [input], questionnaire: set.questionnaire, rubric: nil, jobs: 2, context: context)
            } catch {
                for line in error.lines { context.standardError.write(line + "\n") }
                status = ExitStatus.failure
                continue
            }
            var outcome = loaded.outcome
            let analysis = BatchAnalysis.analyse(outcome, plan: loaded.plan)
            analysis.annotate(&outcome.scorecards)
            var arguments = ParsedArguments(options: ["out": [folder], "report": ["html"]], positionals: [input])
            if let date { arguments.options["date"] = [date] }
            let score: ScoreCommand
            do {
                score = try ScoreCommand(arguments)
            } catch {
                status = ExitStatus.failure
                continue
            }
            _ = score.report(outcome, analysis: analysis, plan: loaded.plan, context: context)
            do {
                let reportContext = ReportCommand.context(date: date, analysis: analysis, context: context)
                let renderer = try ReportRenderer()
                let markdown = try renderer.render(
                    .batch, format: .markdown,
                    model: BatchReport.model(outcome, analysis: analysis, plan: loaded.plan, context: reportContext))
                try AtomicFile.write(
                    markdown, to: (context.resolve(folder) as NSString).appendingPathComponent("report.md"))
                let candidates = (folder as NSString).appendingPathComponent("candidates")
                try AtomicFile.makeFolder(context.resolve(candidates))
                for card in outcome.scorecards {
                    let name = String(BatchResults.fileName(for: card.candidateID).dropLast(5))
                    let model = CandidateReport.model(card, plan: loaded.plan, context: reportContext)
                    for format in ReportFormat.allCases {
                        try AtomicFile.write(
                            try renderer.render(.candidate, format: format, model: model),
                            to: (context.resolve(candidates) as NSString).appendingPathComponent(
                                "\(name).\(format.fileExtension)"))
                    }
                }
                let compared = Array(SummaryTable.ranked(outcome.scorecards).prefix(6))
                if compared.count >= 2 {
                    let model = ComparisonReport.model(compared, plan: loaded.plan, blind: true, context: reportContext)
                    try AtomicFile.write(
                        try renderer.render(.comparison, format: .html, model: model),
                        to: (context.resolve(folder) as NSString).appendingPathComponent("comparison-blind.html"))
                }
                context.standardOutput.write(
                    "Reports: \(folder)/report.html, \(folder)/report.md, \(folder)/candidates/ (\(outcome.scorecards.count) candidates, HTML and Markdown)\(compared.count >= 2 ? ", \(folder)/comparison-blind.html" : "")\n"
                )
            } catch {
                context.standardError.write("\(error)\n")
                status = ExitStatus.failure
            }
        }
        context.standardOutput.write("\nOpen \(out)/human-being-lovers-interview/report.html in a browser to start.\n")
        return status
    }
}
