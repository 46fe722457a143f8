import Foundation
import Interviewing
import QuestionnaireEngine
import TerminalUI

/// The loop every interview runs, whatever the prompt: ask, apply the interviewer's choice to
/// the session, and append it to the journal (flushed to disk) before asking again. Only
/// events a prompter returned are journaled, so nothing is recorded that nobody chose.
struct InterviewRunner {
    let context: CommandContext
    let journal: JournalFile
    var session: InterviewSession

    enum Outcome {
        case finished
        /// Paused by the interviewer, or the input ended.
        case paused
        /// The journal could not be written; the message is printed.
        case failed
    }

    /// When the finish was journaled: the submission's end, so writing it again from the journal
    /// gives the same bytes (and the same seal).
    private(set) var finishedAt: String?

    mutating func run(_ prompter: any InterviewPrompter) -> Outcome {
        var message: String?
        var confirmingFinish = false
        var since = context.clock()
        while !session.finished {
            let input: InterviewInput?
            if let item = session.current {
                input = prompter.ask(item, session: session, message: message, since: since)
            } else {
                input = prompter.review(session, message: message)
            }
            message = nil
            guard let input else {
                _ = record(.pause, since: &since)
                return .paused
            }
            switch input {
            case .help:
                continue
            case .invalid(let text):
                message = text
                continue
            case .pause:
                return record(.pause, since: &since) ? .paused : .failed
            case .event(let event):
                if case .finish = event, !confirmingFinish, !session.missingRequired.isEmpty {
                    confirmingFinish = true
                    message = Self.unansweredMessage(session)
                    continue
                }
                confirmingFinish = false
                let before = session
                let now = context.clock()
                // Tenths of a second, as the journal keeps them, so a replay gives the same times.
                let seconds = ((now - since) * 10).rounded() / 10
                do {
                    try session.apply(event, seconds: seconds)
                } catch {
                    message = error.message
                    continue
                }
                let at = Timestamp.format(now, environment: context.environment)
                guard journal.append(Journal.Entry(event, at: at, seconds: seconds)) else {
                    session = before
                    return .failed
                }
                if case .finish = event { finishedAt = at }
                since = now
                message = Self.feedback(event, session: session)
            }
        }
        return .finished
    }

    /// Runs a session with the keys on a terminal (or line by line), with the terminal restored
    /// and `interrupted` printed on a signal; the interview and the calibration share it.
    static func drive(
        _ session: InterviewSession, journal: JournalFile, keys: Bool, color: Bool, interrupted: String,
        context: CommandContext
    ) -> (Outcome, InterviewRunner) {
        let terminal = Terminal()
        let prompter: any InterviewPrompter
        if keys && terminal.enterRawMode() {
            Terminal.installSignalHandlers(message: interrupted)
            prompter = KeyPrompter(
                terminal: terminal, color: color, environment: context.environment, clock: context.clock)
        } else {
            Platform.exitCalmlyOnSignals(message: interrupted)
            prompter = LinePrompter(input: context.standardInput, output: context.standardOutput)
        }
        var runner = InterviewRunner(context: context, journal: journal, session: session)
        let outcome = runner.run(prompter)
        prompter.close(runner.session, finished: outcome == .finished)
        terminal.restore()
        return (outcome, runner)
    }

    /// Journals an event that changes no answer (a pause), with the time on the screen.
    private mutating func record(_ event: InterviewEvent, since: inout Double) -> Bool {
        let now = context.clock()
        let seconds = ((now - since) * 10).rounded() / 10
        guard (try? session.apply(event, seconds: seconds)) != nil else { return true }
        since = now
        return journal.append(
            Journal.Entry(event, at: Timestamp.format(now, environment: context.environment), seconds: seconds))
    }

    static func unansweredMessage(_ session: InterviewSession) -> String {
        let visible = session.visibleItems
        let numbers = session.missingRequired.compactMap { item in
            visible.firstIndex { $0.id == item.id }.map { String($0 + 1) }
        }
        let count = numbers.count
        return
            "\(count) required question\(count == 1 ? " is" : "s are") not answered (\(numbers.joined(separator: ", "))). Choose Finish again to finish anyway, or open \(count == 1 ? "it" : "one") to answer it."
    }

    /// What the interviewer is told after an event that keeps them on the same screen.
    static func feedback(_ event: InterviewEvent, session: InterviewSession) -> String? {
        switch event {
        case .note(let id, _):
            return "Note \(session.notes[id]?.count ?? 0) added."
        case .editNote(_, let index, let text):
            return text.trimmingCharacters(in: .whitespaces).isEmpty
                ? "Note \(index + 1) removed." : "Note \(index + 1) changed."
        case .probe(_, let index):
            return "Probe \(index + 1) marked as asked."
        case .answer, .skip, .back, .jump, .review, .pause, .finish, .seal:
            return nil
        }
    }
}

/// The journal file of a session: each line appended and flushed to disk (fsync) before the
/// next prompt, so a kill at any moment loses at most what was being typed.
struct JournalFile {
    /// As the user gave it (for messages) and resolved.
    let path: String
    let resolved: String
    let context: CommandContext

    init(path: String, context: CommandContext) {
        self.path = path
        resolved = context.resolve(path)
        self.context = context
    }

    /// The folder the journal is in, where the session's results go.
    var folder: String { (path as NSString).deletingLastPathComponent }

    func append(_ entry: Journal.Entry) -> Bool { append(Journal.line(for: entry)) }

    func append(_ bytes: [UInt8]) -> Bool {
        let fd = Platform.openForAppending(resolved)
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
}

/// Timestamps as submissions and journals record them: ISO 8601 in the local time zone (the
/// `TZ` variable), with its offset, e.g. `2026-12-01T10:41:33+01:00`.
enum Timestamp {
    static func now(_ context: CommandContext) -> String { format(context.clock(), environment: context.environment) }

    static func format(_ seconds: Double, environment: [String: String]) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = environment["TZ"].flatMap { TimeZone(identifier: $0) } ?? TimeZone.current
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
