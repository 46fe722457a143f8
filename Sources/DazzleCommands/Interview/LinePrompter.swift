import Interviewing
import QuestionnaireEngine

/// The line-by-line interview: for stdin piped from a script, and the accessible mode for
/// screen-reader users (`--accessible`, `ACCESSIBLE=1`, `TERM=dumb`). It writes plain lines
/// only: no escape sequences, no redraw, no cursor movement, no live clock. Each question is
/// announced once ("Question 3 of 16 · …"), its choices numbered, and an error is printed once,
/// under the question, before the prompt comes again.
final class LinePrompter: InterviewPrompter {
    let input: any TextInput
    let output: any TextOutput
    /// What was printed last: a question by id, or the review (`nil` before anything).
    private enum Shown: Equatable {
        case item(String)
        case review
    }
    private var shown: Shown?

    init(input: any TextInput, output: any TextOutput) {
        self.input = input
        self.output = output
    }

    private func say(_ line: String) { output.write(line + "\n") }

    func ask(_ item: Item, session: InterviewSession, message: String?, since: Double) -> InterviewInput? {
        if shown != .item(item.id) {
            shown = .item(item.id)
            announce(QuestionScreen(item: item, session: session), session: session)
        }
        if let message { say(message) }
        while true {
            output.write("Answer: ")
            guard let line = input.readLine() else { return nil }
            let parsed = InterviewInput.parse(line, for: item, session: session)
            switch parsed {
            case .help:
                help()
            case .event(.answer(let id, let answer, nil)) where session.needsEvidence(answer, for: item):
                switch evidence(for: answer, item: item) {
                case nil: return nil
                case .evidence(let evidence)?: return .event(.answer(item: id, answer, evidence: evidence))
                case .cancel?: say("Nothing was recorded. Choose the rating again.")
                case .invalid?: continue
                }
            case .invalid(let message):
                say("Error: \(message)")
            case .event, .pause:
                return parsed
            }
        }
    }

    /// Asks for the evidence of an extreme rating until it is given, refused or cancelled.
    private func evidence(for answer: Answer, item: Item) -> InterviewInput.EvidenceLine? {
        say(
            "A rating of \(QuestionScreen.describe(answer, for: item)) is at the end of the scale and needs evidence: what did the candidate say or do?"
        )
        say("Type the evidence, or :none REASON to confirm the rating without evidence, or :cancel to choose again.")
        while true {
            output.write("Evidence: ")
            guard let line = input.readLine() else { return nil }
            let parsed = InterviewInput.parseEvidence(line)
            if case .invalid(let message) = parsed {
                say("Error: \(message)")
                continue
            }
            return parsed
        }
    }

    private func announce(_ screen: QuestionScreen, session: InterviewSession) {
        say("")
        say(screen.heading)
        for line in screen.body { say(line) }
        for (index, probe) in screen.probes.enumerated() {
            let asked = session.probesAsked[screen.item.id]?.contains(index) == true ? " (asked)" : ""
            say("Probe \(index + 1)\(asked): \(probe)")
        }
        if let suggested = screen.suggestedTime { say(suggested) }
        for choice in screen.choices { say(choice.label) }
        if let answer = session.answers[screen.item.id] {
            say("Answered: \(QuestionScreen.describe(answer, for: screen.item)). Type a new answer to change it.")
        }
        for (index, note) in (session.notes[screen.item.id] ?? []).enumerated() { say("Note \(index + 1): \(note)") }
        say("\(InterviewInput.hint(for: screen.item)) Type :help for the commands.")
    }

    func review(_ session: InterviewSession, message: String?) -> InterviewInput? {
        if shown != .review {
            shown = .review
            let rows = QuestionScreen.reviewRows(session)
            let answered = rows.filter { session.answers[$0.item.id] != nil }.count
            let missing = rows.filter(\.missing).count
            say("")
            say("Review: \(rows.count) questions, \(answered) answered, \(missing) required not answered.")
            for (index, row) in rows.enumerated() {
                let notes = session.notes[row.item.id]?.count ?? 0
                let time = session.secondsByItem[row.item.id].map { " Time: \(QuestionScreen.spoken($0))." } ?? ""
                say(
                    "\(index + 1). \(row.item.text) Answer: \(row.answer).\(notes > 0 ? " Notes: \(notes)." : "")\(time)"
                )
            }
            say(
                "Enter a question number between 1 and \(rows.count) to change its answer, or 0 to finish the interview."
            )
        }
        if let message { say(message) }
        while true {
            output.write("Choice: ")
            guard let line = input.readLine() else { return nil }
            let parsed = InterviewInput.parseReview(line, session: session)
            switch parsed {
            case .help: help()
            case .invalid(let message): say("Error: \(message)")
            case .event, .pause: return parsed
            }
        }
    }

    private func help() {
        say("Answer with a number, or y/n, or text, as the question says. Commands:")
        for command in InterviewInput.commands { say("  \(command.command): \(command.meaning)") }
        say("On the review: a question number opens it, 0 finishes.")
    }

    func close(_ session: InterviewSession, finished: Bool) {}
}
