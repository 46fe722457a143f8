import Analytics
import ArgumentParsing
import Audit
import DazzleJSON
import Foundation
import Hashing
import QuestionnaireEngine
import Reports
import Scoring
import Submissions
import Templating

/// `dazzle report SCORECARD|SUBMISSION...`: a candidate report per candidate.
struct ReportCommand: Command {
    static let spec = CommandSpec(
        name: "report",
        abstract: "Write candidate reports (HTML or Markdown).",
        discussion: """
            Inputs are scorecards written by 'dazzle score', or submissions, which are scored first. \
            One candidate's report goes to stdout without --out; with --out, one file per candidate. \
            The same inputs and --date give byte-identical reports.
            """,
        arguments: [
            ArgumentSpec(
                "input", help: "Scorecard or submission files or folders.", isRepeating: true, isOptional: true)
        ],
        options: [
            .option("out", short: "o", value: "dir", help: "Write one report per candidate into this folder."),
            .option(
                "export-templates", value: "dir",
                help: "Write the default templates to this folder for editing, and stop."),
            .option(
                "audit", value: "file", help: "Append this run's audit event here (default: audit.jsonl in --out)."),
        ] + ReportOptions.specs)

    var inputs: [String]
    var out: String?
    var exportTemplates: String?
    var options: ReportOptions
    var audit: String?
    var commandLine: [String]

    init(_ arguments: ParsedArguments) throws(UsageError) {
        inputs = arguments.positionals
        out = arguments.value("out")
        audit = arguments.value("audit")
        commandLine = AuditTrail.commandLine("report", arguments)
        exportTemplates = arguments.value("export-templates")
        options = ReportOptions(arguments)
        if inputs.isEmpty && exportTemplates == nil {
            throw UsageError("Missing expected argument '<input>'.", commandPath: ["dazzle", "report"])
        }
    }

    func run(in context: CommandContext) -> Int32 {
        if let exportTemplates { return Self.export(to: exportTemplates, context: context) }
        let loaded: ReportInputs
        let renderer: ReportRenderer
        let decisions: [String: DecisionLog.Entry]
        do {
            loaded = try options.load(inputs, context: context)
            renderer = try options.renderer(context: context)
            decisions = try options.humanDecisions(
                inputs, questionnaireID: loaded.plan.questionnaire.id, context: context)
        } catch let failure as ScoringSetLoader.Failure {
            for line in failure.lines { context.standardError.write(line + "\n") }
            return ExitStatus.failure
        } catch {
            context.standardError.write("\(error)\n")
            return ExitStatus.failure
        }
        guard !loaded.cards.isEmpty else {
            context.standardError.write("error: No candidate could be scored from the inputs.\n")
            return ExitStatus.failure
        }
        guard out != nil || loaded.cards.count == 1 else {
            context.standardError.write(
                "error: \(loaded.cards.count) candidates: name a folder for their reports with --out DIR.\n")
            return ExitStatus.usage
        }
        do {
            guard let out else {
                let bytes = try renderer.render(
                    .candidate, format: options.format,
                    model: CandidateReport.model(
                        loaded.cards[0], plan: loaded.plan,
                        context: Self.context(date: options.date, decisions: decisions, context: context))
                )
                Platform.writeAll(1, bytes)
                return loaded.exitStatus
            }
            // One page per candidate, named by a slug of name and id, and an index linking them.
            let folder = context.resolve(out)
            try AtomicFile.makeFolder(folder)
            let ext = options.format.fileExtension
            let names = ReportFolder.pageNames(loaded.cards)
            let pageContext = Self.context(
                date: options.date, links: ReportLinks(index: "index.\(ext)"), decisions: decisions, context: context)
            var pages: [(card: ScoreCard, href: String)] = []
            var written: [(path: String, sha256: String)] = []
            for card in SummaryTable.ranked(loaded.cards) {
                let name = "\(names[card.candidateID] ?? "candidate").\(ext)"
                let page = try renderer.render(
                    .candidate, format: options.format,
                    model: CandidateReport.model(card, plan: loaded.plan, context: pageContext))
                try AtomicFile.write(page, to: (folder as NSString).appendingPathComponent(name))
                written.append(((out as NSString).appendingPathComponent(name), "sha256:" + SHA256.hex(page)))
                pages.append((card, name))
            }
            let index = IndexReport.model(
                title: "Candidate reports: \(loaded.plan.questionnaire.title)",
                entries: [IndexReport.Entry(title: loaded.plan.questionnaire.title, candidates: pages)],
                context: Self.context(date: options.date, context: context))
            let indexBytes = try renderer.render(.index, format: options.format, model: index)
            try AtomicFile.write(indexBytes, to: (folder as NSString).appendingPathComponent("index.\(ext)"))
            written.append(
                ((out as NSString).appendingPathComponent("index.\(ext)"), "sha256:" + SHA256.hex(indexBytes)))
            context.standardOutput.write(
                "Wrote \(count(pages.count, "report")) and their index: open \((out as NSString).appendingPathComponent("index.\(ext)")).\n"
            )
            let recorded = AuditTrail.record(
                to: audit ?? (out as NSString).appendingPathComponent(AuditTrail.fileName), command: commandLine,
                plan: loaded.plan, inputs: loaded.files, outputs: written,
                counts: [("reports", pages.count), ("rejected", loaded.rejected)], context: context)
            if !recorded { return ExitStatus.failure }
        } catch {
            context.standardError.write("\(error)\n")
            return ExitStatus.failure
        }
        return loaded.exitStatus
    }

    static func context(
        date: String?, links: ReportLinks = ReportLinks(), decisions: [String: DecisionLog.Entry] = [:],
        context: CommandContext
    ) -> ReportContext {
        ReportContext(
            date: ReportDate.resolve(date, context: context), dazzleVersion: DazzleCLI.version, links: links,
            decisions: decisions)
    }

    static func export(to folder: String, context: CommandContext) -> Int32 {
        do {
            try AtomicFile.makeFolder(context.resolve(folder))
            for file in ReportRenderer.defaultTemplates {
                try AtomicFile.write(
                    file.contents, to: (context.resolve(folder) as NSString).appendingPathComponent(file.name))
            }
        } catch {
            context.standardError.write("\(error)\n")
            return ExitStatus.failure
        }
        context.standardOutput.write(
            "Wrote \(count(ReportRenderer.defaultTemplates.count, "template")) to \(folder); edit them and pass --templates \(folder).\n"
        )
        return ExitStatus.success
    }
}

/// `dazzle compare SCORECARD|SUBMISSION...`: candidates side by side.
struct CompareCommand: Command {
    static let spec = CommandSpec(
        name: "compare",
        abstract: "Compare two to twenty candidates side by side.",
        discussion: """
            With --blind, names and contact details are replaced by stable pseudonyms (Candidate A, \
            B, …; the same set always gives the same letters) and demographics are never shown; \
            --key FILE writes the pseudonym key, only when asked.
            """,
        arguments: [ArgumentSpec("input", help: "Scorecard or submission files or folders.", isRepeating: true)],
        options: [
            .flag("blind", help: "Replace names and contact details by pseudonyms."),
            .option("key", value: "file", help: "With --blind, write the pseudonym key (JSON) to this file."),
            .option("out", short: "o", value: "file", help: "Write the report to this file (default: stdout)."),
            .option("audit", value: "file", help: "Append this run's audit event to this log."),
        ] + ReportOptions.specs)

    var inputs: [String]
    var blind: Bool
    var key: String?
    var out: String?
    var options: ReportOptions
    var audit: String?
    var commandLine: [String]

    init(_ arguments: ParsedArguments) throws(UsageError) {
        inputs = arguments.positionals
        audit = arguments.value("audit")
        commandLine = AuditTrail.commandLine("compare", arguments)
        blind = arguments.flag("blind")
        key = arguments.value("key")
        out = arguments.value("out")
        options = ReportOptions(arguments)
        if key != nil && !blind {
            throw UsageError("'--key' only applies with '--blind'.", commandPath: ["dazzle", "compare"])
        }
    }

    func run(in context: CommandContext) -> Int32 {
        let status: Int32
        do {
            let loaded = try options.load(inputs, context: context)
            let decisions = try options.humanDecisions(
                inputs, questionnaireID: loaded.plan.questionnaire.id, context: context)
            status = loaded.exitStatus
            guard (2...20).contains(loaded.cards.count) else {
                context.standardError.write(
                    "error: A comparison takes 2 to 20 candidates; the inputs hold \(loaded.cards.count).\n")
                return ExitStatus.failure
            }
            let renderer = try options.renderer(context: context)
            let model = ComparisonReport.model(
                loaded.cards, plan: loaded.plan, blind: blind,
                context: ReportCommand.context(date: options.date, decisions: decisions, context: context))
            let bytes = try renderer.render(.comparison, format: options.format, model: model)
            if let out {
                try AtomicFile.write(bytes, to: context.resolve(out))
                context.standardOutput.write("Wrote \(out)\n")
            } else {
                Platform.writeAll(1, bytes)
            }
            if let audit {
                let recorded = AuditTrail.record(
                    to: audit, command: commandLine, plan: loaded.plan,
                    inputs: loaded.files,
                    outputs: out.map { [($0, "sha256:" + SHA256.hex(bytes))] } ?? [],
                    counts: [("candidates", loaded.cards.count), ("blind", blind ? 1 : 0)], context: context)
                if !recorded { return ExitStatus.failure }
            }
            if let key {
                let names = ComparisonReport.pseudonyms(for: loaded.cards)
                let lines = loaded.cards.map { card in
                    "  \"\(names[card.candidateID] ?? "")\": {\"id\": \(jsonString(card.candidateID)), \"name\": \(jsonString(card.candidateName))}"
                }.sorted()
                try AtomicFile.write("{\n" + lines.joined(separator: ",\n") + "\n}\n", to: context.resolve(key))
            }
        } catch let failure as ScoringSetLoader.Failure {
            for line in failure.lines { context.standardError.write(line + "\n") }
            return ExitStatus.failure
        } catch {
            context.standardError.write("\(error)\n")
            return ExitStatus.failure
        }
        return status
    }

    /// A JSON string literal for `text`, escaped.
    func jsonString(_ text: String) -> String {
        var writer = JSONWriter(reservingCapacity: text.utf8.count + 8)
        writer.string(text)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}

/// The options `report` and `compare` share.
struct ReportOptions {
    var format: ReportFormat
    var templates: String?
    var date: String?
    var questionnaire: String?
    var rubric: String?
    var missing: [String]?
    var raters: [String]
    var decisions: String?

    init(_ arguments: ParsedArguments) {
        format = ReportFormat(rawValue: arguments.value("format") ?? "html") ?? .html
        missing = MissingOption.codes(arguments)
        raters = RatersOption.names(arguments)
        decisions = arguments.value("decisions")
        templates = arguments.value("templates")
        date = arguments.value("date")
        questionnaire = arguments.value("questionnaire")
        rubric = arguments.value("rubric")
    }

    /// The inputs as scorecards, scored with the chosen question set and rubric where needed.
    func load(_ inputs: [String], context: CommandContext) throws(ScoringSetLoader.Failure) -> ReportInputs {
        try ReportInputs.load(
            inputs, questionnaire: questionnaire, rubric: rubric, missing: missing, expectedRaters: raters,
            context: context)
    }

    /// The latest human decision per candidate, from `--decisions` or beside the first input.
    func humanDecisions(
        _ inputs: [String], questionnaireID: String, context: CommandContext
    ) throws(ScoringSetLoader.Failure) -> [String: DecisionLog.Entry] {
        try DecisionsFile.load(
            explicit: decisions, folder: inputs.first.map { DecisionsFile.folder(of: $0, context: context) },
            questionnaireID: questionnaireID, context: context)
    }

    /// The shipped templates, with any from `--templates` in their place.
    func renderer(context: CommandContext) throws(TemplateError) -> ReportRenderer {
        try ReportRenderer(overrides: templates.map(context.resolve))
    }

    static let specs: [OptionSpec] = [
        .option(
            "format", short: "f", value: "format", help: "Report format (default: html).",
            allowedValues: ["html", "md"]),
        .option("templates", value: "dir", help: "Override report templates by name from this folder."),
        .option("date", value: "date", help: "The report date (default: SOURCE_DATE_EPOCH, else today)."),
        .option(
            "questionnaire", short: "q", value: "set", help: "The question set (default: the one the inputs name)."),
        .option("rubric", value: "file", help: "A rubric file (default: the embedded rubric)."),
        MissingOption.spec,
        RatersOption.spec,
        .option(
            "decisions", value: "file",
            help: "The decisions log to show beside the rubric (default: decisions.jsonl beside the inputs)."),
    ]
}

/// `--missing NA,-99`: answers read as missing, in place of the question set's `missingCodes`.
/// `--raters A,B,C`: the raters every interview panel needs; a panel's scorecard, report and
/// comparison say "provisional" until each has sealed their interview.
enum RatersOption {
    static let spec = OptionSpec.option(
        "raters", value: "names",
        help:
            "The raters every interview panel needs, comma-separated: a panel is provisional until each has sealed their interview."
    )

    static func names(_ arguments: ParsedArguments) -> [String] {
        (arguments.value("raters") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
    }
}

enum MissingOption {
    static let spec = OptionSpec.option(
        "missing", value: "codes",
        help: "Comma-separated answers that mean unanswered, e.g. NA,-99 (default: the question set's missingCodes).")

    /// The codes given, or `nil` to use the question set's own.
    static func codes(_ arguments: ParsedArguments) -> [String]? {
        arguments.value("missing").map { value in
            value.split(separator: ",", omittingEmptySubsequences: true).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
        }
    }
}
