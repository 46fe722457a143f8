import ArgumentParsing
import Audit
import DazzleJSON
import Foundation
import Hashing
import QuestionnaireEngine
import Reports
import Scoring

/// `dazzle explain SCORECARD|SUBMISSION...`: the candidate's own explanation of their result.
struct ExplainCommand: Command {
    static let spec = CommandSpec(
        name: "explain",
        abstract: "Write each candidate's plain-language explanation of their result (HTML or Markdown).",
        discussion: """
            For the candidate: what was assessed and why, their score on each part and what it \
            counts for, the band rule and any knockout, whether and by whom a person reviewed the \
            result (from the decisions log beside the inputs, as 'dazzle decide' writes it), and \
            how to ask for a review (--contact). Only their own data: no other candidate, no \
            percentile, no interviewer's name or note unless --include-notes. One candidate goes \
            to stdout without --out; with --out, NAME.explanation.html per candidate.
            """,
        arguments: [ArgumentSpec("input", help: "Scorecard or submission files or folders.", isRepeating: true)],
        options: [
            .option("out", short: "o", value: "dir", help: "Write one explanation per candidate into this folder."),
            .option(
                "contact", value: "text",
                help: "How a candidate asks for a review, e.g. 'write to jobs@example.org within 30 days'."),
            .flag("include-notes", help: "Show the interviewers' notes (off by default: they are the raters' own)."),
            .option(
                "audit", value: "file", help: "Append this run's audit event here (default: audit.jsonl in --out)."),
        ] + ReportOptions.specs)

    var inputs: [String]
    var out: String?
    var audit: String?
    var explanation: ExplanationReport.Options
    var options: ReportOptions
    var commandLine: [String]

    init(_ arguments: ParsedArguments) {
        inputs = arguments.positionals
        out = arguments.value("out")
        audit = arguments.value("audit")
        explanation = ExplanationReport.Options(
            contact: arguments.value("contact"), includeNotes: arguments.flag("include-notes"))
        options = ReportOptions(arguments)
        commandLine = AuditTrail.commandLine("explain", arguments)
    }

    func run(in context: CommandContext) -> Int32 {
        do {
            let loaded = try options.load(inputs, context: context)
            let decisions = try options.humanDecisions(
                inputs, questionnaireID: loaded.plan.questionnaire.id, context: context)
            let renderer = try options.renderer(context: context)
            guard !loaded.cards.isEmpty else {
                context.standardError.write("error: No candidate could be scored from the inputs.\n")
                return ExitStatus.failure
            }
            let reportContext = ReportCommand.context(date: options.date, decisions: decisions, context: context)
            func page(_ card: ScoreCard) throws -> [UInt8] {
                try renderer.render(
                    .explanation, format: options.format,
                    model: ExplanationReport.model(
                        card, plan: loaded.plan, context: reportContext, options: explanation))
            }
            guard let out else {
                guard loaded.cards.count == 1 else {
                    context.standardError.write(
                        "error: \(loaded.cards.count) candidates: name a folder for their explanations with --out DIR.\n"
                    )
                    return ExitStatus.usage
                }
                Platform.writeAll(1, try page(loaded.cards[0]))
                return loaded.exitStatus
            }
            try AtomicFile.makeFolder(context.resolve(out))
            let names = ReportFolder.pageNames(loaded.cards)
            var written: [(path: String, sha256: String)] = []
            for card in SummaryTable.ranked(loaded.cards) {
                let path = (out as NSString).appendingPathComponent(
                    "\(names[card.candidateID] ?? "candidate").explanation.\(options.format.fileExtension)")
                let bytes = try page(card)
                try AtomicFile.write(bytes, to: context.resolve(path))
                written.append((path, "sha256:" + SHA256.hex(bytes)))
            }
            context.standardOutput.write(
                "Wrote \(written.count) explanation\(written.count == 1 ? "" : "s") to \(out); send each to its candidate only.\n"
            )
            let recorded = AuditTrail.record(
                to: audit ?? (out as NSString).appendingPathComponent(AuditTrail.fileName), command: commandLine,
                plan: loaded.plan, inputs: loaded.files, outputs: written, counts: [("explanations", written.count)],
                context: context)
            return recorded ? loaded.exitStatus : ExitStatus.failure
        } catch let failure as ScoringSetLoader.Failure {
            for line in failure.lines { context.standardError.write(line + "\n") }
            return ExitStatus.failure
        } catch {
            context.standardError.write("\(error)\n")
            return ExitStatus.failure
        }
    }
}

/// `dazzle card SET [--summary summary.json]`: the instrument's technical documentation.
struct CardCommand: Command {
    static let spec = CommandSpec(
        name: "card",
        abstract: "Write the instrument card: purpose, constructs, keys, rules, evidence, limits, oversight, hashes.",
        discussion: """
            The technical documentation a deployer and an auditor need (shaped after EU AI Act \
            Annex IV and a Local Law 144 audit summary). With --summary, the batch's reliability \
            (α with its Feldt interval, ω), adverse-impact table and DIF results are included. \
            Deterministic: the same set, rubric and summary give the same bytes, so two versions \
            can be diffed. To stdout, or --out FILE.
            """,
        arguments: [ArgumentSpec("set", help: "A shipped question set id or a file.")],
        options: [
            .option("rubric", value: "file", help: "A rubric file (default: the embedded rubric)."),
            .option("summary", value: "file", help: "A batch's summary.json (dazzle score --out)."),
            .option("out", short: "o", value: "file", help: "Write the card here."),
            .option(
                "format", short: "f", value: "format", help: "html or md (default: html).",
                allowedValues: ["html", "md"]),
            .option("templates", value: "dir", help: "Override the card template (card.html.mustache) from here."),
        ])

    var set: String
    var rubric: String?
    var summary: String?
    var out: String?
    var format: ReportFormat
    var templates: String?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        guard let set = arguments.positionals.first else {
            throw UsageError("Missing the question set.", commandPath: ["dazzle", "card"])
        }
        self.set = set
        rubric = arguments.value("rubric")
        summary = arguments.value("summary")
        out = arguments.value("out")
        format = ReportFormat(rawValue: arguments.value("format") ?? "html") ?? .html
        templates = arguments.value("templates")
    }

    func run(in context: CommandContext) -> Int32 {
        do {
            let loader = ScoringSetLoader(context: context)
            let plan = try loader.plan(questionnaire: set, rubric: rubric)
            // The rubric as read: its own file, else the question set file that embeds it.
            let rubricFile = rubric ?? set
            let rubricBytes: [UInt8] =
                if FileManager.default.fileExists(atPath: context.resolve(rubricFile)) {
                    try FileReader().read(context.resolve(rubricFile), displayPath: rubricFile)
                } else {
                    Array((ShippedQuestionnaires.files.first { $0.name == set + ".json" }?.contents ?? "").utf8)
                }
            var summaryValue: JSONValue?
            var summaryHash: String?
            if let summary {
                let bytes = try FileReader(maximumBytes: 1 << 30).read(context.resolve(summary), displayPath: summary)
                let value = try JSONReader().read(bytes)
                guard value.objectValue?["format"]?.stringValue?.hasPrefix("dazzle.summary/") == true else {
                    context.standardError.write(
                        "\(summary): error: not a summary.json written by 'dazzle score --out'.\n")
                    return ExitStatus.failure
                }
                guard value.objectValue?["questionnaire"]?.objectValue?["id"]?.stringValue == plan.questionnaire.id
                else {
                    context.standardError.write(
                        "\(summary): error: the summary is of another question set; give the one of '\(plan.questionnaire.id)'.\n"
                    )
                    return ExitStatus.failure
                }
                summaryValue = value
                summaryHash = "sha256:" + SHA256.hex(bytes)
            }
            let model = InstrumentCard.model(
                plan: plan,
                sources: InstrumentCard.Sources(
                    summary: summaryValue, summaryHash: summaryHash,
                    rubricHash: "sha256:" + SHA256.hex(rubricBytes), dazzleVersion: DazzleCLI.version))
            let bytes = try ReportRenderer(overrides: templates.map(context.resolve)).render(
                .card, format: format, model: model)
            if let out {
                try AtomicFile.write(bytes, to: context.resolve(out))
                context.standardOutput.write("Wrote \(out)\n")
            } else {
                Platform.writeAll(1, bytes)
            }
            return ExitStatus.success
        } catch let failure as ScoringSetLoader.Failure {
            for line in failure.lines { context.standardError.write(line + "\n") }
            return ExitStatus.failure
        } catch {
            context.standardError.write("\(error)\n")
            return ExitStatus.failure
        }
    }
}
