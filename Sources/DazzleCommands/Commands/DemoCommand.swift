import Analytics
import ArgumentParsing
import DazzleJSON
import Foundation
import Hashing
import QuestionnaireEngine
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
            per candidate and a comparison (named and blind) per question set into one folder, with \
            each candidate set's form, each candidate's own explanation and each set's instrument \
            card, linked from index.html, then prints a ranked summary and where the reports are.
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

    /// Beside a set's reports: the candidate form (for a candidate set), each candidate's own
    /// explanation and the instrument card with the batch's figures; their links for the index.
    func extras(_ outcome: BatchScorer.Outcome, plan: ScoringPlan, folder: String, context: CommandContext) throws
        -> [(label: String, href: String)]
    {
        let renderer = try ReportRenderer()
        var links: [(label: String, href: String)] = []
        if plan.questionnaire.audience == .candidate {
            let form = try CandidateForm(
                questionnaire: plan.questionnaire, demographics: plan.rubric.demographicQuestions)
            try AtomicFile.write(try form.html(renderer: renderer), to: context.resolve(folder + "/form.html"))
            links.append(("The candidate form", "form.html"))
        }
        let summaryPath = context.resolve(folder + "/summary.json")
        let summaryBytes = try FileReader(maximumBytes: 1 << 30).read(summaryPath, displayPath: summaryPath)
        let card = InstrumentCard.model(
            plan: plan,
            sources: InstrumentCard.Sources(
                summary: try JSONReader().read(summaryBytes), summaryHash: "sha256:" + SHA256.hex(summaryBytes),
                rubricHash: "sha256:"
                    + SHA256.hex(
                        ShippedQuestionnaires.files.first { $0.name == plan.questionnaire.id + ".json" }?.contents ?? ""
                    ),
                dazzleVersion: DazzleCLI.version))
        try AtomicFile.write(
            try renderer.render(.card, format: .html, model: card), to: context.resolve(folder + "/card.html"))
        links.append(("Instrument card", "card.html"))
        let names = ReportFolder.pageNames(outcome.scorecards)
        let reportContext = ReportCommand.context(date: date, context: context)
        try AtomicFile.makeFolder(context.resolve(folder + "/explanations"))
        for card in SummaryTable.ranked(outcome.scorecards) {
            let name = "explanations/\(names[card.candidateID] ?? "candidate").explanation.html"
            let page = try renderer.render(
                .explanation, format: .html,
                model: ExplanationReport.model(card, plan: plan, context: reportContext))
            try AtomicFile.write(page, to: context.resolve(folder + "/" + name))
            if !links.contains(where: { $0.href.hasPrefix("explanations/") }) {
                links.append(("A candidate's own explanation (\(card.candidateName))", name))
            }
        }
        return links
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
        var entries: [IndexReport.Entry] = []
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
            guard var score = try? ScoreCommand(arguments) else {
                status = ExitStatus.failure
                continue
            }
            score.reportFormats = [.html, .markdown]
            score.candidatePages = .all
            score.blindComparison = true
            let result = score.report(outcome, analysis: analysis, plan: loaded.plan, context: context)
            if result.status == ExitStatus.failure { status = ExitStatus.failure }
            guard var entry = result.entry else { continue }
            do {
                entry.files += try extras(outcome, plan: loaded.plan, folder: folder, context: context)
            } catch {
                context.standardError.write("\(error)\n")
                status = ExitStatus.failure
            }
            entries.append(entry.inFolder(set.questionnaire))
        }
        do {
            let renderer = try ReportRenderer()
            let reportContext = ReportCommand.context(date: date, context: context)
            let model = IndexReport.model(title: "Dazzle demo reports", entries: entries, context: reportContext)
            try AtomicFile.write(
                try renderer.render(.index, format: .html, model: model),
                to: (root as NSString).appendingPathComponent("index.html"))
        } catch {
            context.standardError.write("\(error)\n")
            status = ExitStatus.failure
        }
        context.standardOutput.write("\nOpen \(out)/index.html in a browser to start: every report, linked.\n")
        return status
    }
}
