import ArgumentParsing
import DazzleJSON
import Foundation
import Hashing
import Interviewing
import QuestionnaireEngine
import TerminalUI

/// `dazzle calibrate [SET] --gold GOLD.json --rater NAME`: a rater rates written answers with
/// expert ratings in the interview's own screen, and sees how far they are from the experts.
struct CalibrateCommand: Command {
    static let spec = CommandSpec(
        name: "calibrate",
        abstract: "Rate gold-standard written answers and see how your ratings compare with the experts'.",
        discussion: """
            Shows each written answer of the gold pack under its question, with the question's \
            guidance and anchors, in the interview's screen (keys on a terminal, line by line \
            otherwise or with --accessible). Every rating is journaled as you go; run the same \
            command again to continue. At the end: your elevation (mean difference from the \
            experts: above 0 lenient, below severe), your accuracy (correlation with the experts \
            across the answers: whether you rank them as they do), your mean absolute difference, \
            the answers you are furthest from with the experts' rationale, and pass or not by the \
            pack's rule. The result is saved as RATER.PACK.calibration.json in --out. Without \
            --gold, the pack shipped for the interview is used. Exit status 0 when you pass, 2 \
            when you do not, 1 on an error.
            """,
        arguments: [
            ArgumentSpec("question-set", help: "The interview (default: the one the pack names).", isOptional: true)
        ],
        options: [
            .option(
                "gold", short: "g", value: "file", help: "The gold pack (default: the one shipped for the interview)."),
            .option("rater", short: "r", value: "name", help: "Your name, recorded with the result."),
            .option("out", short: "o", value: "dir", help: "Where sessions and results go (default: calibration)."),
            .flag("accessible", help: "Line by line, for screen readers: no redraw, no escape sequences."),
            .option(
                "color", value: "when",
                help: "Colour on a terminal (default: auto; NO_COLOR and FORCE_COLOR are honoured).",
                allowedValues: ["auto", "always", "never"]),
        ])

    static let resultSuffix = ".calibration.json"
    static let journalSuffix = ".calibration.jsonl"

    var questionSet: String?
    var gold: String?
    var rater: String?
    var out: String
    var interview: InterviewCommand

    init(_ arguments: ParsedArguments) {
        questionSet = arguments.positionals.first
        gold = arguments.value("gold")
        rater = arguments.value("rater")
        out = arguments.value("out") ?? "calibration"
        interview = InterviewCommand(arguments)
    }

    func run(in context: CommandContext) -> Int32 {
        guard let (pack, questionnaire) = loadPack(context: context) else { return ExitStatus.failure }
        var raterName = rater
        if raterName == nil, interview.canAsk(context) {
            raterName = interview.ask("Your name (the rater)", context: context)
        }
        guard let raterName, !raterName.isEmpty else {
            context.standardError.write("error: Name yourself with --rater NAME: the result is yours.\n")
            return ExitStatus.usage
        }
        let calibration = pack.calibrationQuestionnaire(questionnaire)
        let stem = "\(InterviewCommand.slug(raterName)).\(pack.id)"
        let journalPath = (out as NSString).appendingPathComponent(stem + Self.journalSuffix)
        let journal = JournalFile(path: journalPath, context: context)
        var session = InterviewSession(questionnaire: calibration, asksEvidence: false)
        if let bytes = try? FileReader(maximumBytes: 64 << 20).read(
            context.resolve(journalPath), displayPath: journalPath)
        {
            do {
                let replay = try Journal.replay(
                    bytes, file: journalPath, questionnaire: calibration, asksEvidence: false)
                for warning in replay.warnings { context.standardError.write("warning: \(warning)\n") }
                session = replay.session
                if !session.finished {
                    context.standardOutput.write("Continuing your calibration where you stopped.\n")
                }
            } catch {
                context.standardError.write("\(journalPath): error: \(error.message)\n")
                return ExitStatus.failure
            }
        } else {
            let header = Journal.Header(
                questionnaireID: calibration.id, version: calibration.version,
                questionnaireHash: calibration.contentHash, candidateID: pack.id, candidateName: calibration.title,
                rater: raterName, started: Timestamp.now(context))
            do {
                try AtomicFile.makeFolder(context.resolve(out))
            } catch {
                context.standardError.write("\(error)\n")
                return ExitStatus.failure
            }
            guard journal.append(Journal.line(for: header)) else { return ExitStatus.failure }
            context.standardOutput.write(
                "Calibration: \(pack.answers.count) written answers to rate as you would in an interview. The experts' ratings are shown at the end.\n"
            )
        }
        if !session.finished {
            let (outcome, runner) = InterviewRunner.drive(
                session, journal: journal, keys: interview.usesKeys(context),
                color: interview.color.enabled(environment: context.environment, isTerminal: true),
                interrupted: "\nInterrupted. Every rating is saved; run the same command again to continue.\n",
                context: context)
            switch outcome {
            case .finished: session = runner.session
            case .paused:
                context.standardOutput.write("\nPaused; run the same command again to continue.\n")
                return ExitStatus.success
            case .failed: return ExitStatus.failure
            }
        }
        var ratings: [String: Double] = [:]
        for (id, answer) in session.answers {
            if case .number(let value) = answer { ratings[id] = value }
        }
        let result = CalibrationResult(pack: pack, ratings: ratings)
        let resultPath = (out as NSString).appendingPathComponent(stem + Self.resultSuffix)
        do {
            try AtomicFile.write(
                Self.json(result, pack: pack, rater: raterName, at: Timestamp.now(context)),
                to: context.resolve(resultPath))
        } catch {
            context.standardError.write("\(error)\n")
            return ExitStatus.failure
        }
        context.standardOutput.write(
            Self.summary(result, pack: pack, questionnaire: questionnaire) + "Result: \(resultPath)\n")
        return result.passed ? ExitStatus.success : ExitStatus.someRejected
    }

    /// The pack named by --gold, or the one shipped for the interview, with its interview.
    func loadPack(context: CommandContext) -> (GoldPack, Questionnaire)? {
        let bytes: [UInt8]
        let file: String
        if let gold {
            do {
                bytes = try FileReader().read(context.resolve(gold), displayPath: gold)
                file = gold
            } catch {
                context.standardError.write("\(error)\n")
                return nil
            }
        } else {
            let set = questionSet ?? "human-being-lovers-interview"
            guard let shipped = ShippedGoldPacks.files.first(where: { $0.name == "\(set).gold.json" }) else {
                context.standardError.write(
                    "error: No gold pack is shipped for '\(set)'; name one with --gold FILE (the format is in README).\n"
                )
                return nil
            }
            bytes = Array(shipped.contents.utf8)
            file = shipped.name
        }
        let target =
            questionSet
            ?? (try? JSONReader().read(bytes))?.objectValue?["questionnaire"]?.stringValue
            ?? "human-being-lovers-interview"
        let questionnaire: Questionnaire
        do {
            questionnaire = try ScoringSetLoader(context: context).questionnaire(target).0
        } catch {
            for line in error.lines { context.standardError.write(line + "\n") }
            return nil
        }
        let loaded = GoldPack.load(bytes, file: file, questionnaire: questionnaire)
        for diagnostic in loaded.diagnostics where diagnostic.severity == .error {
            context.standardError.write("\(diagnostic)\n")
        }
        guard let pack = loaded.pack else {
            context.standardError.write("\(file): error: The gold pack cannot be used; fix the errors above.\n")
            return nil
        }
        return (pack, questionnaire)
    }

    static func summary(_ result: CalibrationResult, pack: GoldPack, questionnaire: Questionnaire) -> String {
        func fixed(_ value: Double?) -> String { value.map { CalibrationResult.twoDecimals($0) } ?? "—" }
        var text = "\nCalibration against \(pack.title): \(result.passed ? "PASSED" : "NOT PASSED")\n"
        text += "  Rated \(result.rated.count) of \(pack.answers.count) answers"
        text += result.skipped.isEmpty ? ".\n" : " (\(result.skipped.count) skipped).\n"
        if let elevation = result.elevation {
            let lean = elevation > 0.005 ? "lenient" : elevation < -0.005 ? "severe" : "on the experts' level"
            text += "  Elevation \(elevation > 0 ? "+" : "")\(fixed(elevation)) points (\(lean)).\n"
        }
        text += "  Accuracy (correlation with the experts) \(fixed(result.accuracy)).\n"
        text += "  Mean difference either way \(fixed(result.meanAbsoluteError)) points.\n"
        for reason in result.reasons { text += "  Not passed: \(reason)\n" }
        if !result.furthest.isEmpty { text += "Furthest from the experts:\n" }
        for rated in result.furthest {
            let question = questionnaire.item(withID: rated.answer.item)?.text ?? rated.answer.item
            text +=
                "  \(question)\n    You \(Int(rated.given)), experts \(rated.answer.rating): \(rated.answer.rationale)\n"
        }
        return text
    }

    static func json(_ result: CalibrationResult, pack: GoldPack, rater: String, at: String) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("format")
        writer.string("dazzle.calibration/1")
        writer.key("rater")
        writer.string(rater)
        writer.key("at")
        writer.string(at)
        writer.key("pack")
        writer.beginObject()
        writer.key("id")
        writer.string(pack.id)
        writer.key("questionnaire")
        writer.string(pack.questionnaireID)
        writer.endObject()
        writer.key("passed")
        writer.bool(result.passed)
        for (key, value) in [
            ("elevation", result.elevation), ("accuracy", result.accuracy),
            ("meanAbsoluteError", result.meanAbsoluteError),
        ] {
            writer.key(named: key)
            if let value { writer.exact(value) } else { writer.null() }
        }
        writer.key("reasons")
        writer.beginArray()
        for reason in result.reasons { writer.string(reason) }
        writer.endArray()
        writer.key("ratings")
        writer.beginArray()
        for rated in result.rated {
            writer.beginObject()
            writer.key("answer")
            writer.string(rated.answer.id)
            writer.key("item")
            writer.string(rated.answer.item)
            writer.key("given")
            writer.exact(rated.given)
            writer.key("gold")
            writer.integer(rated.answer.rating)
            writer.endObject()
        }
        writer.endArray()
        writer.key("skipped")
        writer.beginArray()
        for id in result.skipped { writer.string(id) }
        writer.endArray()
        writer.endObject()
        writer.endLine()
        return writer.bytes
    }
}
