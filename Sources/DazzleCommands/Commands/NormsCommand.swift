import Analytics
import ArgumentParsing
import DazzleJSON
import Foundation
import Scoring
import Submissions

/// `dazzle norms build INPUT... -o NORMS.json`: save a norm group for later percentiles.
struct NormsCommand: Command {
    static let spec = CommandSpec(
        name: "norms",
        abstract: "Build norm groups for percentiles and standard scores.",
        subcommands: [
            CommandSpec(
                name: "build",
                abstract: "Save a norm group (count, date, score distributions) from submissions or scorecards.",
                discussion: """
                    Scores submissions as 'dazzle score' does, or reads the scorecards it wrote, and \
                    saves only the distributions of the overall and dimension scores (mean, SD and \
                    percentiles), never individual scores. Then 'dazzle score --norms NORMS.json' \
                    reports percentiles and z/T scores against it. Exit status 2 when some inputs \
                    were rejected (each named on stderr).
                    """,
                arguments: [
                    ArgumentSpec("input", help: "Submission or scorecard files, or folders.", isRepeating: true)
                ],
                options: [
                    .option("out", short: "o", value: "file", help: "Where to write the norm group (JSON)."),
                    .option(
                        "questionnaire", short: "q", value: "set", help: "The question set: a shipped id or a file."),
                    .option("rubric", value: "file", help: "A rubric file (default: the embedded rubric)."),
                    .option("date", value: "date", help: "The date to record (default: today, or SOURCE_DATE_EPOCH)."),
                ])
        ])

    var inputs: [String]
    var out: String
    var questionnaire: String?
    var rubric: String?
    var date: String?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        inputs = arguments.positionals
        guard let out = arguments.value("out") else {
            throw UsageError(
                "Missing '--out <file>': name the norm group file to write.", commandPath: ["dazzle", "norms", "build"])
        }
        self.out = out
        questionnaire = arguments.value("questionnaire")
        rubric = arguments.value("rubric")
        date = arguments.value("date")
    }

    func run(in context: CommandContext) -> Int32 {
        let loaded: ReportInputs
        do {
            loaded = try ReportInputs.load(inputs, questionnaire: questionnaire, rubric: rubric, context: context)
        } catch {
            for line in error.lines { context.standardError.write(line + "\n") }
            return ExitStatus.failure
        }
        let cards = loaded.cards.filter { $0.overall != nil }
        guard cards.count >= 2 else {
            context.standardError.write(
                "error: A norm group needs at least 2 scored candidates; these inputs gave \(cards.count).\n")
            return ExitStatus.failure
        }
        let group = NormGroup.build(from: cards, plan: loaded.plan, date: ReportDate.resolve(date, context: context))
        var writer = JSONWriter()
        group.write(to: &writer)
        writer.endLine()
        do {
            try AtomicFile.write(writer.bytes, to: context.resolve(out))
        } catch {
            context.standardError.write("\(error)\n")
            return ExitStatus.failure
        }
        context.standardOutput.write(
            "Wrote a norm group of \(count(cards.count, "candidate")) to \(out) (\(count(loaded.rejected, "input")) rejected).\n"
        )
        return loaded.exitStatus
    }
}
