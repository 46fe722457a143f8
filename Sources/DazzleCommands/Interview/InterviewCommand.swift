import ArgumentParsing
import DazzleJSON
import Foundation
import Interviewing
import QuestionnaireEngine
import TerminalUI

/// `dazzle interview [QUESTION-SET] --candidate NAME`: a live structured interview at the
/// terminal, line by line for screen readers, or scripted through stdin; every choice is
/// journaled before the next prompt.
struct InterviewCommand: Command {
    static let spec = CommandSpec(
        name: "interview",
        abstract: "Run a structured interview; every answer is saved as you go.",
        discussion: """
            Asks each question with its guidance, probes and anchors. On a terminal, move to an \
            answer with the arrow keys or its number and confirm it with Enter; nothing is \
            chosen until you do, and letters give the commands (press ? for them). A rating at \
            either end of the scale is confirmed together with its evidence. After the last \
            question a review lists every answer; change any, then finish. Without a terminal, or \
            with --accessible (also ACCESSIBLE=1 or TERM=dumb), the interview is line by line: \
            numbers, text and the commands \(InterviewInput.commandList). Every choice is \
            appended to a journal in --out and flushed to disk before the next prompt; --resume \
            continues a session where it stopped. At the end the session becomes a submission, \
            a scorecard and a candidate report beside the journal.
            """,
        arguments: [
            ArgumentSpec("question-set", help: "A shipped interview id or a question set file.", isOptional: true)
        ],
        options: [
            .option("candidate", short: "c", value: "name", help: "The candidate's name."),
            .option("email", value: "address", help: "The candidate's email, recorded with the submission."),
            .option("role", value: "role", help: "The role the candidate is interviewed for."),
            .option("rater", short: "r", value: "name", help: "Your name, recorded with the ratings."),
            .option("out", short: "o", value: "dir", help: "Where sessions and results go (default: interviews)."),
            .option("resume", value: "journal", help: "Continue a paused session; results go beside its journal."),
            .option("date", value: "date", help: "The date reports record (default: SOURCE_DATE_EPOCH, else today)."),
            .flag("accessible", help: "Line by line, for screen readers: no redraw, no escape sequences."),
        ] + RetainOption.specs + [
            .option(
                "color", value: "when",
                help: "Colour on a terminal (default: auto; NO_COLOR and FORCE_COLOR are honoured).",
                allowedValues: ["auto", "always", "never"])
        ])

    var questionSet: String?
    var candidate: String?
    var email: String?
    var role: String?
    var rater: String?
    var out: String
    var resume: String?
    var date: String?
    var accessible: Bool
    var color: ColorMode
    var retain: (retain: String?, purpose: String?)

    init(_ arguments: ParsedArguments) {
        color = ColorMode(rawValue: arguments.value("color") ?? "auto") ?? .auto
        questionSet = arguments.positionals.first
        candidate = arguments.value("candidate")
        email = arguments.value("email")
        role = arguments.value("role")
        rater = arguments.value("rater")
        out = arguments.value("out") ?? "interviews"
        resume = arguments.value("resume")
        date = arguments.value("date")
        accessible = arguments.flag("accessible")
        retain = (arguments.value("retain"), arguments.value("purpose"))
    }

    /// Whether the session runs line by line for a screen reader even on a terminal.
    func isAccessible(_ context: CommandContext) -> Bool {
        if accessible || context.environment["TERM"] == "dumb" { return true }
        guard let value = context.environment["ACCESSIBLE"] else { return false }
        return !value.isEmpty && value != "0"
    }

    /// Whether keys can be read one by one: stdin and stdout are the terminal, not in accessible mode.
    func usesKeys(_ context: CommandContext) -> Bool {
        context.standardInput.descriptor == 0 && Platform.isTerminal(0) && Platform.isTerminal(1)
            && context.standardOutput is FileDescriptorOutput && !isAccessible(context)
    }

    /// Whether missing inputs can be asked for: a person is at a terminal (keys or accessible).
    func canAsk(_ context: CommandContext) -> Bool {
        context.standardInput.descriptor == 0 && Platform.isTerminal(0)
    }

    func run(in context: CommandContext) -> Int32 {
        guard RetainOption.isValid(retain, context: context) else { return ExitStatus.usage }
        let opened: OpenedSession
        switch resume.map({ open(journal: $0, context: context) }) ?? start(context: context) {
        case .opened(let session): opened = session
        case .exit(let status): return status
        }
        let journal = JournalFile(path: opened.journalPath, context: context)
        if opened.session.finished {
            context.standardOutput.write("This interview was already finished; writing its results again.\n")
            return InterviewResults.write(
                opened.session, header: opened.header, journal: journal, ended: opened.ended ?? opened.header.started,
                date: date, plain: !usesKeys(context), context: context)
        }
        let (outcome, runner) = InterviewRunner.drive(
            opened.session, journal: journal, keys: usesKeys(context),
            color: color.enabled(environment: context.environment, isTerminal: true),
            interrupted:
                "\nInterrupted. Every confirmed answer is saved; continue with: dazzle interview --resume \(journal.path)\n",
            context: context)
        switch outcome {
        case .finished:
            return InterviewResults.write(
                runner.session, header: opened.header, journal: journal,
                ended: runner.finishedAt ?? Timestamp.now(context), date: date,
                plain: !usesKeys(context), context: context)
        case .paused:
            context.standardOutput.write(
                "\nPaused; the session is saved. Continue with: dazzle interview --resume \(journal.path)\n")
            return ExitStatus.success
        case .failed:
            return ExitStatus.failure
        }
    }

    /// A session ready to run: new, or rebuilt from its journal.
    struct OpenedSession {
        var session: InterviewSession
        var header: Journal.Header
        var journalPath: String
        /// When a finished journal's interview ended.
        var ended: String?
    }

    enum Opening {
        case opened(OpenedSession)
        case exit(Int32)
    }

    /// Rebuilds a paused (or finished) session from its journal.
    func open(journal path: String, context: CommandContext) -> Opening {
        let loader = ScoringSetLoader(context: context)
        do {
            let bytes = try FileReader(maximumBytes: 64 << 20).read(context.resolve(path), displayPath: path)
            guard let first = bytes.split(separator: 0x0A).first,
                let id = (try? JSONReader().read(Array(first)))?.objectValue?["questionnaire"]?.stringValue
            else {
                context.standardError.write("\(path): error: This is not an interview journal.\n")
                return .exit(ExitStatus.failure)
            }
            let (questionnaire, _) = try loader.questionnaire(questionSet ?? id)
            let replay = try Journal.replay(bytes, file: path, questionnaire: questionnaire)
            for warning in replay.warnings { context.standardError.write("warning: \(warning)\n") }
            let session = replay.session
            if !session.finished {
                let (position, total) = session.progress
                context.standardOutput.write(
                    "Resuming \(replay.header.candidateName)'s interview "
                        + (position.map { "at question \($0) of \(total).\n" }
                            ?? "at the review of \(total) questions.\n"))
            }
            return .opened(
                OpenedSession(session: session, header: replay.header, journalPath: path, ended: replay.lastAt))
        } catch let error as FileReadError {
            context.standardError.write("\(error)\n")
        } catch let error as ScoringSetLoader.Failure {
            for line in error.lines { context.standardError.write(line + "\n") }
        } catch {
            context.standardError.write("\(path): error: \(error)\n")
        }
        return .exit(ExitStatus.failure)
    }

    /// Starts a new session, asking on a terminal for what the command line did not give.
    func start(context: CommandContext) -> Opening {
        var setReference = questionSet
        var name = candidate
        var raterName = rater
        if setReference == nil || name == nil {
            guard canAsk(context) else {
                let missing = setReference == nil ? "<question-set>" : "--candidate <name>"
                context.standardError.write(
                    "Error: Missing \(missing); without a terminal nothing can be asked.\nUsage: \(HelpFormatter(parser: DazzleCLI.parser).usage(for: ["dazzle", "interview"]))\n  See 'dazzle interview --help' for more information.\n"
                )
                return .exit(ExitStatus.usage)
            }
            if let journal = offerUnfinished(context: context) {
                var copy = self
                copy.resume = journal
                return copy.open(journal: journal, context: context)
            }
            if setReference == nil {
                guard let chosen = chooseInterview(context: context) else {
                    context.standardError.write("error: No interview chosen.\n")
                    return .exit(ExitStatus.usage)
                }
                setReference = chosen
            }
            if name == nil { name = ask("Candidate's name", context: context) }
            if raterName == nil { raterName = ask("Your name (the rater)", context: context) }
        }
        guard let setReference, let name, !name.isEmpty else { return .exit(ExitStatus.usage) }
        let questionnaire: Questionnaire
        do {
            questionnaire = try ScoringSetLoader(context: context).questionnaire(setReference).0
        } catch {
            for line in error.lines { context.standardError.write(line + "\n") }
            return .exit(ExitStatus.failure)
        }
        let id = Self.slug(name)
        let rater = raterName?.isEmpty == false ? raterName : nil
        let journalPath = (out as NSString).appendingPathComponent(
            Self.stem(candidateID: id, rater: rater, questionnaireID: questionnaire.id) + Self.journalSuffix)
        if FileManager.default.fileExists(atPath: context.resolve(journalPath)) {
            context.standardError.write(
                "\(journalPath): error: A session for \(name) on this question set exists; continue it with 'dazzle interview --resume \(journalPath)'.\n"
            )
            return .exit(ExitStatus.failure)
        }
        let header = Journal.Header(
            questionnaireID: questionnaire.id, version: questionnaire.version,
            questionnaireHash: questionnaire.contentHash, candidateID: id, candidateName: name,
            email: email.flatMap { $0.isEmpty ? nil : $0 }, role: role.flatMap { $0.isEmpty ? nil : $0 },
            rater: rater, started: Timestamp.now(context))
        do {
            try AtomicFile.makeFolder(context.resolve(out))
        } catch {
            context.standardError.write("\(error)\n")
            return .exit(ExitStatus.failure)
        }
        guard
            RetainOption.apply(
                retain, folder: out, defaultPurpose: "Interviews with \(questionnaire.title)", context: context)
        else { return .exit(ExitStatus.failure) }
        guard JournalFile(path: journalPath, context: context).append(Journal.line(for: header)) else {
            return .exit(ExitStatus.failure)
        }
        return .opened(
            OpenedSession(
                session: InterviewSession(questionnaire: questionnaire), header: header, journalPath: journalPath))
    }

    /// Lets the interviewer pick one of the interviews available: with the arrow keys, or by
    /// number in the accessible mode.
    func chooseInterview(context: CommandContext) -> String? {
        let sets = Self.interviewSets(context: context)
        let labels = sets.map { "\($0.title) (\($0.id))" }
        if usesKeys(context) {
            let terminal = Terminal()
            guard terminal.enterRawMode() else { return nil }
            defer { terminal.restore() }
            let picker = KeyPrompter(
                terminal: terminal, color: false, environment: context.environment, clock: context.clock)
            return picker.choose("Which interview?", labels: labels).map { sets[$0].reference }
        }
        context.standardOutput.write("Which interview?\n")
        for (index, label) in labels.enumerated() { context.standardOutput.write("\(index + 1). \(label)\n") }
        while true {
            guard let line = ask("Enter a number between 1 and \(labels.count)", context: context) else { return nil }
            if let number = Int(line), sets.indices.contains(number - 1) { return sets[number - 1].reference }
            context.standardOutput.write("Error: Enter a number between 1 and \(labels.count).\n")
        }
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
    func offerUnfinished(context: CommandContext) -> String? {
        let folder = context.resolve(out)
        let names =
            (try? FileManager.default.contentsOfDirectory(atPath: folder))?.filter { $0.hasSuffix(".journal.jsonl") }
            .sorted() ?? []
        let unfinished = names.filter { name in
            let text =
                (try? String(contentsOfFile: (folder as NSString).appendingPathComponent(name), encoding: .utf8)) ?? ""
            return !text.contains(#"{"event":"finish""#)
        }
        guard !unfinished.isEmpty else { return nil }
        context.standardOutput.write("Unfinished interviews in \(out):\n")
        for (index, name) in unfinished.enumerated() { context.standardOutput.write("  \(index + 1). \(name)\n") }
        guard
            let choice = ask(
                "Resume one (enter its number), or press Enter for a new interview", context: context
            ).flatMap(Int.init),
            unfinished.indices.contains(choice - 1)
        else { return nil }
        return (out as NSString).appendingPathComponent(unfinished[choice - 1])
    }

    /// Asks a question on its own line and reads the answer (the terminal's own line editing).
    func ask(_ question: String, context: CommandContext) -> String? {
        context.standardOutput.write(question + ": ")
        return context.standardInput.readLine()?.trimmingCharacters(in: .whitespaces)
    }

    /// The file name a session's files share: `maya-ortiz.jo-park.human-being-lovers-interview`,
    /// so each interviewer of a panel has their own journal and results in one folder (without a
    /// rater: `maya-ortiz.human-being-lovers-interview`).
    static func stem(candidateID: String, rater: String?, questionnaireID: String) -> String {
        ([candidateID] + (rater.map { [slug($0)] } ?? []) + [questionnaireID]).joined(separator: ".")
    }

    static let journalSuffix = ".journal.jsonl"

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
