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
                    Scores submissions as 'dazzle score' does, reads the scorecards it wrote, or \
                    reads the analysis states of a batch scored in parts ('score - --state'; files, \
                    a job's output folder, or '-' for stdin), and saves only the distributions of the overall and dimension scores (mean, SD and \
                    percentiles), never individual scores. Then 'dazzle score --norms NORMS.json' \
                    reports percentiles and z/T scores against it. Exit status 2 when some inputs \
                    were rejected (each named on stderr).
                    """,
                arguments: [
                    ArgumentSpec(
                        "input",
                        help: "Submission, scorecard or analysis state files, or folders; '-' reads states on stdin.",
                        isRepeating: true)
                ],
                options: [
                    .option("out", short: "o", value: "file", help: "Where to write the norm group (JSON)."),
                    .option(
                        "questionnaire", short: "q", value: "set", help: "The question set: a shipped id or a file."),
                    .option("rubric", value: "file", help: "A rubric file (default: the embedded rubric)."),
                    MissingOption.spec,
                    .option("date", value: "date", help: "The date to record (default: today, or SOURCE_DATE_EPOCH)."),
                ])
        ])

    var inputs: [String]
    var out: String
    var questionnaire: String?
    var rubric: String?
    var date: String?
    var missing: [String]?

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
        missing = MissingOption.codes(arguments)
    }

    func run(in context: CommandContext) -> Int32 {
        let plan: ScoringPlan
        var scored: [ScoreCard]
        let rejected: Int
        do {
            if inputs == ["-"] || StateInputs.holdStates(inputs, context: context) {
                // Full precision and every candidate of every part: the norms of the whole batch.
                let loaded = try StateInputs.load(
                    inputs, questionnaire: questionnaire, rubric: rubric, missing: missing, context: context)
                for warning in loaded.warnings { context.standardError.write(warning + "\n") }
                plan = loaded.plan
                scored = loaded.state.outcome(plan: plan).scorecards
                rejected = loaded.state.rejections.count
            } else {
                let loaded = try ReportInputs.load(
                    inputs, questionnaire: questionnaire, rubric: rubric, missing: missing, context: context)
                plan = loaded.plan
                scored = loaded.cards
                rejected = loaded.rejected
            }
        } catch {
            for line in error.lines { context.standardError.write(line + "\n") }
            return ExitStatus.failure
        }
        let cards = scored.filter { $0.overall != nil }
        guard cards.count >= 2 else {
            context.standardError.write(
                "error: A norm group needs at least 2 scored candidates; these inputs gave \(cards.count).\n")
            return ExitStatus.failure
        }
        let group = NormGroup.build(from: cards, plan: plan, date: ReportDate.resolve(date, context: context))
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
            "Wrote a norm group of \(count(cards.count, "candidate")) to \(out) (\(count(rejected, "input")) rejected).\n"
        )
        return rejected == 0 ? ExitStatus.success : ExitStatus.someRejected
    }
}
