import ArgumentParsing
import Foundation
import QuestionnaireEngine
import Reports
import Scoring

/// `dazzle form SET`: the offline HTML form a candidate fills in, which saves a submission file.
struct FormCommand: Command {
    static let spec = CommandSpec(
        name: "form",
        abstract: "Write the offline HTML form a candidate fills in.",
        discussion: """
            Writes one self-contained HTML file (no network, nothing external) for a candidate \
            question set: the candidate opens it in any browser, answers section by section, \
            reviews, and saves a dazzle.submission/1 file to send back; 'dazzle score' reads it \
            unchanged and checks it was made from this version of the set. Answers are kept in \
            the candidate's browser as they go. The voluntary demographic page asks the fields \
            the rubric declares under "demographics". Without --out, the form goes to stdout, or \
            on a terminal to SET-form.html in this folder.
            """,
        arguments: [ArgumentSpec("set", help: "A candidate question set: a shipped id or a file.")],
        options: [
            .option("out", short: "o", value: "file", help: "Where to write the form ('-' for stdout)."),
            .option("rubric", value: "file", help: "A rubric file (default: the embedded rubric)."),
            .option("role", value: "text", help: "The role, filled in for the candidate (they may change it)."),
            .option("send-to", value: "text", help: "Where candidates send the saved file, shown on the form."),
            .option("templates", value: "dir", help: "Override the form template (form.html.mustache) from here."),
        ])

    var set: String
    var out: String?
    var rubric: String?
    var role: String?
    var sendTo: String?
    var templates: String?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        guard let set = arguments.positionals.first else {
            throw UsageError(
                "Missing the question set: name a shipped id (see 'dazzle list') or a file.",
                commandPath: ["dazzle", "form"])
        }
        self.set = set
        out = arguments.value("out")
        rubric = arguments.value("rubric")
        role = arguments.value("role")
        sendTo = arguments.value("send-to")
        templates = arguments.value("templates")
    }

    func run(in context: CommandContext) -> Int32 {
        let loader = ScoringSetLoader(context: context)
        let form: CandidateForm
        let bytes: [UInt8]
        do {
            let (questionnaire, loaded) = try loader.questionnaire(set)
            // The demographic page follows the rubric; a set without one still gets a form.
            let demographics =
                rubric != nil || loaded.rubricSource != nil
                ? try loader.plan(questionnaire: set, rubric: rubric).rubric.demographicQuestions : []
            form = try CandidateForm(
                questionnaire: questionnaire, demographics: demographics, role: role, sendTo: sendTo)
            bytes = try form.html(renderer: ReportRenderer(overrides: templates.map(context.resolve)))
        } catch let failure as ScoringSetLoader.Failure {
            for line in failure.lines { context.standardError.write(line + "\n") }
            return ExitStatus.failure
        } catch {
            context.standardError.write("error: \(error)\n")
            return ExitStatus.failure
        }
        let toTerminal = (context.standardOutput as? FileDescriptorOutput).map { Platform.isTerminal($0.descriptor) }
        let path: String
        switch out {
        case "-"?:
            Platform.writeAll(1, bytes)
            return ExitStatus.success
        case let named?:
            path = named
        case nil where toTerminal == true:
            path = "\(form.questionnaire.id)-form.html"
        case nil:
            context.standardOutput.write(String(decoding: bytes, as: UTF8.self))
            return ExitStatus.success
        }
        do {
            try AtomicFile.write(bytes, to: context.resolve(path))
        } catch {
            context.standardError.write("\(error)\n")
            return ExitStatus.failure
        }
        let destination = sendTo.map { " to \($0)" } ?? " to you"
        context.standardOutput.write(
            """
            Wrote \(path): the form for \(form.questionnaire.title) \(form.questionnaire.version) \
            (\(form.questionnaire.items.count) questions).
            Send it to candidates as an email attachment or a file share. They open it in any \
            browser, offline; their answers stay in their browser until they save a .json file \
            and send it back\(destination).
            Score the returned files with: dazzle score FILES... -q \(set)

            """)
        return ExitStatus.success
    }
}
