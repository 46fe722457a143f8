import ArgumentParsing
import DazzleJSON
import Foundation
import Interviewing
import QuestionnaireEngine
import Reports
import Scoring
import TerminalUI

/// `dazzle interview [QUESTION-SET] --candidate NAME`: a live structured interview at the
/// terminal, or scripted through stdin; every answer is journaled before the next prompt.
struct InterviewCommand: Command {
    static let spec = CommandSpec(
        name: "interview",
        abstract: "Run a structured interview; every answer is saved as you go.",
        discussion: """
            Asks each question with its guidance, probes and anchors, and reads answers and commands \
            as lines (\(InterviewInput.commands)). Every answer, note and command is appended to a \
            journal in --out and flushed to disk before the next prompt; --resume continues a \
            session at the exact question. At the end the session becomes a submission, a \
            scorecard and a candidate report. On a terminal, missing inputs are asked for.
            """,
        arguments: [
            ArgumentSpec("question-set", help: "A shipped interview id or a question set file.", isOptional: true)
        ],
        options: [
            .option("candidate", short: "c", value: "name", help: "The candidate's name."),
            .option("rater", short: "r", value: "name", help: "Your name, recorded with the ratings."),
            .option("out", short: "o", value: "dir", help: "Where sessions and results go (default: interviews)."),
            .option("resume", value: "journal", help: "Continue a paused session from its journal."),
            .option("date", value: "date", help: "The date reports record (default: SOURCE_DATE_EPOCH, else today)."),
            .option(
                "color", value: "when",
                help: "Colour on a terminal (default: auto; NO_COLOR and FORCE_COLOR are honoured).",
                allowedValues: ["auto", "always", "never"]),
        ])

    var questionSet: String?
    var candidate: String?
    var rater: String?
    var out: String
    var resume: String?
    var date: String?
    var color: ColorMode

    init(_ arguments: ParsedArguments) {
        color = ColorMode(rawValue: arguments.value("color") ?? "auto") ?? .auto
        questionSet = arguments.positionals.first
        candidate = arguments.value("candidate")
        rater = arguments.value("rater")
        out = arguments.value("out") ?? "interviews"
        resume = arguments.value("resume")
        date = arguments.value("date")
    }

    func run(in context: CommandContext) -> Int32 {
        let input = LineInput()
        let interactive = Platform.isTerminal(0)
        var session: InterviewSession
        var journalPath: String
        var header: Journal.Header
        let loader = ScoringSetLoader(context: context)

        if let resume {
            journalPath = resume
            do {
                let bytes = try FileReader(maximumBytes: 64 << 20).read(context.resolve(resume), displayPath: resume)
                guard let first = bytes.split(separator: 0x0A).first,
                    let id = (try? JSONReader().read(Array(first)))?.objectValue?["questionnaire"]?.stringValue
                else {
                    context.standardError.write("\(resume): error: This is not an interview journal.\n")
                    return ExitStatus.failure
                }
                let (questionnaire, _) = try loader.questionnaire(questionSet ?? id)
                let replay = try Journal.replay(bytes, file: resume, questionnaire: questionnaire)
                for warning in replay.warnings { context.standardError.write("warning: \(warning)\n") }
                session = replay.session
                header = replay.header
            } catch let error as FileReadError {
                context.standardError.write("\(error)\n")
                return ExitStatus.failure
            } catch let error as ScoringSetLoader.Failure {
                for line in error.lines { context.standardError.write(line + "\n") }
                return ExitStatus.failure
            } catch {
                context.standardError.write("\(resume): error: \(error)\n")
                return ExitStatus.failure
            }
            context.standardOutput.write(
                "Resuming \(header.candidateName)'s interview at question \(session.progress.position) of \(session.progress.total).\n"
            )
        } else {
            var setReference = questionSet
            var name = candidate
            var raterName = rater
            if interactive, setReference == nil || name == nil,
                let journal = offerUnfinished(input: input, context: context)
            {
                var arguments = ParsedArguments(options: ["resume": [journal], "out": [out]])
                if let date { arguments.options["date"] = [date] }
                return InterviewCommand(arguments).run(in: context)
            }
            if setReference == nil || name == nil {
                guard interactive else {
                    let missing = setReference == nil ? "<question-set>" : "--candidate <name>"
                    context.standardError.write(
                        "Error: Missing \(missing); without a terminal nothing can be asked.\nUsage: \(HelpFormatter(parser: DazzleCLI.parser).usage(for: ["dazzle", "interview"]))\n  See 'dazzle interview --help' for more information.\n"
                    )
                    return ExitStatus.usage
                }
                if setReference == nil {
                    let sets = Self.interviewSets(context: context)
                    context.standardOutput.write("Which interview? (↑↓ and Enter)\n")
                    let pickerTerminal = Terminal()
                    guard pickerTerminal.enterRawMode() else { return ExitStatus.failure }
                    let picker = TerminalPrompter(
                        terminal: pickerTerminal, color: false, environment: context.environment, clock: { 0 })
                    let choice = picker.pick(sets.map { "\($0.title) (\($0.id))" })
                    pickerTerminal.restore()
                    guard let choice else {
                        context.standardError.write("error: No interview chosen.\n")
                        return ExitStatus.usage
                    }
                    setReference = sets[choice].reference
                }
                if name == nil { name = ask("Candidate's name> ", input: input, context: context) }
                if raterName == nil { raterName = ask("Your name (the rater)> ", input: input, context: context) }
            }
            guard let setReference, let name, !name.isEmpty else { return ExitStatus.usage }
            let questionnaire: Questionnaire
            do {
                questionnaire = try loader.questionnaire(setReference).0
            } catch {
                for line in error.lines { context.standardError.write(line + "\n") }
                return ExitStatus.failure
            }
            let id = Self.slug(name)
            let folder = context.resolve(out)
            journalPath = (out as NSString).appendingPathComponent("\(id).\(questionnaire.id).journal.jsonl")
            if FileManager.default.fileExists(atPath: context.resolve(journalPath)) {
                context.standardError.write(
                    "\(journalPath): error: A session for \(name) on this question set exists; continue it with 'dazzle interview --resume \(journalPath)'.\n"
                )
                return ExitStatus.failure
            }
            header = Journal.Header(
                questionnaireID: questionnaire.id, version: questionnaire.version, candidateID: id, candidateName: name,
                rater: raterName?.isEmpty == false ? raterName : nil,
                started: ReportDate.resolve(date, context: context))
            session = InterviewSession(questionnaire: questionnaire)
            do {
                try AtomicFile.makeFolder(folder)
            } catch {
                context.standardError.write("\(error)\n")
                return ExitStatus.failure
            }
            guard append(Journal.line(for: header), to: journalPath, context: context) else {
                return ExitStatus.failure
            }
        }

        let interrupted =
            "\nInterrupted. Every confirmed answer is saved; continue with: dazzle interview --resume \(journalPath)\n"
        let terminal = Terminal()
        var prompter: TerminalPrompter?
        if terminal.isInteractive && terminal.enterRawMode() {
            Terminal.installSignalHandlers(message: interrupted)
            prompter = TerminalPrompter(
                terminal: terminal, color: color.enabled(environment: context.environment, isTerminal: true),
                environment: context.environment, clock: { Date().timeIntervalSince1970 })
        } else {
            Platform.exitCalmlyOnSignals(message: interrupted)
            context.standardOutput.write("Commands at any prompt: \(InterviewInput.commands)\n")
        }
        defer { terminal.restore() }
        while !session.finished {
            guard let item = session.current else {
                if prompter == nil { terminal.restore() }
                if !offerToFinish(
                    &session, journalPath: journalPath, input: input, context: context, prompter: prompter)
                {
                    terminal.restore()
                    return ExitStatus.success
                }
                continue
            }
            let typed: InterviewInput?
            if let prompter {
                typed = prompter.ask(item, session: session)
            } else {
                context.standardOutput.write(Self.prompt(for: item, session: session))
                typed = input.next().map { InterviewInput.parse($0, for: item, session: session) }
            }
            guard let typed else {
                terminal.restore()
                context.standardOutput.write(
                    "\nPaused; the session is saved. Continue with: dazzle interview --resume \(journalPath)\n")
                return ExitStatus.success
            }
            switch typed {
            case .help:
                context.standardOutput.write(Self.help)
            case .pause:
                terminal.restore()
                context.standardOutput.write(
                    "Paused; the session is saved. Continue with: dazzle interview --resume \(journalPath)\n")
                return ExitStatus.success
            case .invalid(let message):
                context.standardOutput.write("  \(message)\n")
            case .event(let event):
                if case .finish = event, !session.missingRequired.isEmpty {
                    _ = offerToFinish(
                        &session, journalPath: journalPath, input: input, context: context, prompter: prompter)
                    continue
                }
                do {
                    try session.apply(event)
                } catch {
                    context.standardOutput.write("  \(error.message)\n")
                    continue
                }
                guard append(Journal.line(for: event), to: journalPath, context: context) else {
                    return ExitStatus.failure
                }
            }
        }
        terminal.restore()
        terminal.restore()
        return finish(session, header: header, journalPath: journalPath, context: context)
    }

    /// Past the last question, or asked to finish: with required questions unanswered, offer to
    /// go back to them. Returns `false` when the interviewer paused instead.
    func offerToFinish(
        _ session: inout InterviewSession, journalPath: String, input: LineInput, context: CommandContext,
        prompter: TerminalPrompter? = nil
    ) -> Bool {
        let missing = session.missingRequired
        if !missing.isEmpty, let prompter {
            // On a terminal: pick a question to go back to, or finish anyway, with the arrows.
            let visible = session.visibleItems
            context.standardOutput.write("\n\(count(missing.count, "required question")) unanswered:\n")
            let labels =
                missing.map { item in
                    "Go back to \((visible.firstIndex { $0.id == item.id } ?? 0) + 1): \(item.text)"
                } + ["Finish anyway"]
            guard let choice = prompter.pick(labels) else { return false }
            let event: InterviewEvent = choice < missing.count ? .jump(item: missing[choice].id) : .finish
            if (try? session.apply(event)) != nil {
                _ = append(Journal.line(for: event), to: journalPath, context: context)
            }
            return true
        }
        if !missing.isEmpty {
            let visible = session.visibleItems
            let numbers = missing.compactMap { item in visible.firstIndex { $0.id == item.id }.map { "\($0 + 1)" } }
            context.standardOutput.write(
                "\(count(missing.count, "required question")) unanswered: \(numbers.joined(separator: ", ")). Type :jump N to go back, or :finish to finish anyway.\n"
            )
            guard let line = input.next() else { return false }
            let text = line.trimmingCharacters(in: .whitespaces)
            if text == ":finish" || text == ":f" {
                try? session.apply(.finish)
                _ = append(Journal.line(for: .finish), to: journalPath, context: context)
                return true
            }
            if text.hasPrefix(":jump") || text.hasPrefix(":j"), let first = missing.first {
                let target =
                    Int(text.split(separator: " ").last ?? "").flatMap {
                        visible.indices.contains($0 - 1) ? visible[$0 - 1].id : nil
                    } ?? first.id
                if (try? session.apply(.jump(item: target))) != nil {
                    _ = append(Journal.line(for: .jump(item: target)), to: journalPath, context: context)
                }
            }
            return true
        }
        try? session.apply(.finish)
        _ = append(Journal.line(for: .finish), to: journalPath, context: context)
        return true
    }

    /// The shipped interviews and those among the `.json` files of the current folder.
    static func interviewSets(context: CommandContext) -> [(title: String, id: String, reference: String)] {
        var sets = QuestionnaireCatalog.shipped().filter { $0.questionnaire.audience == .interviewer }.map {
            (title: $0.questionnaire.title, id: $0.questionnaire.id, reference: $0.questionnaire.id)
        }
        let names =
            (try? FileManager.default.contentsOfDirectory(atPath: context.workingDirectory))?.filter {
                $0.hasSuffix(".json")
            }.sorted() ?? []
        for name in names {
            guard case .loaded(let result, _) = LoadedQuestionnaire.read(name, context: context),
                let set = result.questionnaire,
                set.audience == .interviewer
            else { continue }
            sets.append((title: set.title + " — " + name, id: set.id, reference: name))
        }
        return sets
    }

    /// On a terminal, lists the unfinished sessions in --out and offers to resume one.
    func offerUnfinished(input: LineInput, context: CommandContext) -> String? {
        let folder = context.resolve(out)
        let names =
            (try? FileManager.default.contentsOfDirectory(atPath: folder))?.filter { $0.hasSuffix(".journal.jsonl") }
            .sorted() ?? []
        let unfinished = names.filter { name in
            let text =
                (try? String(contentsOfFile: (folder as NSString).appendingPathComponent(name), encoding: .utf8)) ?? ""
            return !text.contains(#"{"event":"finish"}"#)
        }
        guard !unfinished.isEmpty else { return nil }
        context.standardOutput.write("Unfinished interviews in \(out):\n")
        for (index, name) in unfinished.enumerated() { context.standardOutput.write("  \(index + 1) \(name)\n") }
        guard
            let choice = ask(
                "Resume one (number), or press Enter for a new interview> ", input: input, context: context
            ).flatMap(Int.init),
            unfinished.indices.contains(choice - 1)
        else { return nil }
        return (out as NSString).appendingPathComponent(unfinished[choice - 1])
    }

    /// Appends a journal line and flushes it to disk before the next prompt.
    func append(_ bytes: [UInt8], to path: String, context: CommandContext) -> Bool {
        let fd = Platform.openForAppending(context.resolve(path))
        guard fd >= 0 else {
            context.standardError.write(
                "\(path): error: The journal cannot be written: \(Platform.describe(errno: Platform.currentErrno)). Nothing after this answer would be saved, so the interview stops.\n"
            )
            return false
        }
        defer { Platform.close(fd) }
        Platform.writeAll(fd, bytes)
        guard Platform.sync(fd) else {
            context.standardError.write(
                "\(path): error: The journal could not be flushed to disk: \(Platform.describe(errno: Platform.currentErrno)).\n"
            )
            return false
        }
        return true
    }

    func ask(_ question: String, input: LineInput, context: CommandContext) -> String? {
        context.standardOutput.write(question)
        return input.next()?.trimmingCharacters(in: .whitespaces)
    }

    static let help = """
          Answer with the number of a rating or option, y/n, a number, or text.
          :back          previous question (answers are kept)
          :skip          leave this question unanswered
          :note TEXT     attach a note to this question
          :jump N        go to question N
          :pause         save and stop; continue later with --resume
          :finish        finish the interview

        """

    /// The question as shown: progress and section, text, guidance, probes, anchors or options.
    static func prompt(for item: Item, session: InterviewSession) -> String {
        let (position, total) = session.progress
        var text = "\n\(position)/\(total) · \(session.section(of: item)?.title ?? "")\n\(item.text)\n"
        if let help = item.help { text += "  \(help)\n" }
        if session.awaitingEvidence == item.id {
            return text + "  An extreme rating needs evidence: what did the candidate say or do?\nevidence> "
        }
        switch item.kind {
        case .rating(let guide):
            if let guidance = guide.guidance { text += "  Listen for: \(guidance)\n" }
            for probe in guide.probes { text += "  Probe: \(probe)\n" }
            for point in guide.scale.points {
                let label = guide.scale.label(for: point).map { " \($0)" } ?? ""
                if let anchor = guide.anchors[point] {
                    text += "  \(point)\(label) — \(anchor)\n"
                } else if !label.isEmpty {
                    text += "  \(point)\(label)\n"
                }
            }
            if let minutes = guide.minutes { text += "  Suggested time: \(Answer.number(minutes).display) min\n" }
        case .likert(let scale, _):
            text +=
                "  "
                + scale.points.map { point in "\(point)" + (scale.label(for: point).map { " \($0)" } ?? "") }.joined(
                    separator: " · ") + "\n"
        case .choice(let options), .multi(let options, _, _):
            for (index, option) in options.enumerated() { text += "  \(index + 1) \(option.text)\n" }
        case .yesno:
            text += "  y / n\n"
        case .number(let min, let max, _):
            if let min, let max { text += "  \(Answer.number(min).display) to \(Answer.number(max).display)\n" }
        case .text:
            break
        }
        if let answer = session.answers[item.id] {
            text += "  (answered: \(answer.display); type a new answer to change it)\n"
        }
        if let note = session.notes[item.id] { text += "  (note: \(note))\n" }
        return text + "> "
    }

    /// The session written out: submission, scorecard and candidate report, and a one-screen summary.
    func finish(_ session: InterviewSession, header: Journal.Header, journalPath: String, context: CommandContext)
        -> Int32
    {
        let questionnaire = session.questionnaire
        let visible = Set(session.visibleItems.map(\.id))
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("format")
        writer.string(SubmissionDecoder.format)
        writer.key("questionnaire")
        writer.string(questionnaire.id)
        writer.key("version")
        writer.string(questionnaire.version)
        writer.key("candidate")
        writer.beginObject()
        writer.key("id")
        writer.string(header.candidateID)
        writer.key("name")
        writer.string(header.candidateName)
        writer.endObject()
        writer.key("rater")
        writer.string(header.rater)
        writer.key("submitted")
        writer.string(header.started)
        writer.key("answers")
        writer.beginObject()
        for item in questionnaire.items where visible.contains(item.id) {
            guard let answer = session.answers[item.id] else { continue }
            writer.key(named: item.id)
            let note = session.notes[item.id]
            if note != nil { writer.beginObject(); writer.key("value") }
            answer.write(to: &writer, decimals: 6)
            if let note {
                writer.key("note")
                writer.string(note)
                writer.endObject()
            }
        }
        writer.endObject()
        writer.endObject()
        writer.endLine()
        let base = (out as NSString).appendingPathComponent("\(header.candidateID).\(questionnaire.id)")
        let submissionPath = base + ".submission.json"
        do {
            try AtomicFile.write(writer.bytes, to: context.resolve(submissionPath))
        } catch {
            context.standardError.write("\(error)\n")
            return ExitStatus.failure
        }
        context.standardOutput.write("\nInterview finished. Submission: \(submissionPath)\n")
        let plan: ScoringPlan
        do {
            plan = try ScoringSetLoader(context: context).plan(questionnaire: questionnaire.id, rubric: nil)
        } catch {
            context.standardOutput.write(
                "No rubric for this question set, so no scorecard; score the submission with 'dazzle score --rubric'.\n"
            )
            return ExitStatus.success
        }
        switch SubmissionDecoder(plan: plan).decode(writer.bytes, source: submissionPath) {
        case .failure(let rejection):
            context.standardError.write("error: \(rejection)\n")
            return ExitStatus.failure
        case .success(let submission):
            let scorer = Scorer(plan: plan)
            let card = scorer.score([submission])
            var cardWriter = JSONWriter()
            scorer.write(card, to: &cardWriter)
            cardWriter.endLine()
            let reportContext = ReportContext(
                date: ReportDate.resolve(date, context: context), dazzleVersion: DazzleCLI.version)
            do {
                try AtomicFile.write(cardWriter.bytes, to: context.resolve(base + ".scorecard.json"))
                let report = try ReportRenderer().render(
                    .candidate, format: .html, model: CandidateReport.model(card, plan: plan, context: reportContext))
                try AtomicFile.write(report, to: context.resolve(base + ".html"))
            } catch {
                context.standardError.write("\(error)\n")
                return ExitStatus.failure
            }
            context.standardOutput.write(
                Self.summary(card) + "Scorecard: \(base).scorecard.json\nReport: \(base).html\n")
        }
        return ExitStatus.success
    }

    /// Band and decision, a bar per dimension, knockouts and flags: one screen.
    static func summary(_ card: ScoreCard) -> String {
        var text = "\n\(card.candidateName): \(card.label) (\(card.decision))"
        if let overall = card.overall { text += ", overall \(SummaryTable.fixed(overall))" }
        text += "\n"
        let width = card.dimensions.map(\.name.count).max() ?? 0
        for dimension in card.dimensions {
            let padded = dimension.name + String(repeating: " ", count: width - dimension.name.count)
            if let score = dimension.score {
                let bar = String(repeating: "█", count: Int((score / 5).rounded()))
                text += "  \(padded)  \(bar) \(SummaryTable.fixed(score))\n"
            } else {
                text += "  \(padded)  (insufficient answers)\n"
            }
        }
        for knockout in card.knockouts { text += "  Knockout: \(knockout)\n" }
        for flag in card.flags { text += "  Flag: \(flag.message)\n" }
        return text
    }

    /// A candidate id from a name: lower-case letters and digits, dashes between words.
    static func slug(_ name: String) -> String {
        var slug = ""
        for scalar in name.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.hasSuffix("-"), !slug.isEmpty {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? "candidate" : String(slug.prefix(48))
    }
}

/// Lines from stdin, one at a time.
struct LineInput {
    func next() -> String? { readLine(strippingNewline: true) }
}
