import Foundation
import Interviewing
import QuestionnaireEngine
import TerminalUI

/// The interview on a terminal, key by key. Nothing is chosen until the interviewer moves to an
/// answer (arrows or its number) and confirms it with Enter; letters give the commands (the
/// table in ``InterviewKeys``, which the hint and `?` show). Each question is printed once and
/// only its live part (choices, notes, clock, hint) is redrawn; once answered it collapses to
/// one summary line, so the scrollback holds one copy per question. The terminal is never
/// taken over.
final class KeyPrompter: InterviewPrompter {
    let terminal: Terminal
    let region: LiveRegion
    let color: Bool
    let clock: () -> Double
    let environment: [String: String]
    private var decoder = KeyDecoder()
    private var queue: [Key] = []
    private enum Shown: Equatable {
        case item(String)
        case review
    }
    private var shown: Shown?
    /// The cursor on the current question's choices, or on the review's rows; kept while the
    /// same screen is asked again.
    private var picker = ChoicePicker(count: 0)

    init(terminal: Terminal, color: Bool, environment: [String: String], clock: @escaping () -> Double) {
        self.terminal = terminal
        self.color = color
        self.clock = clock
        self.environment = environment
        region = LiveRegion(terminal: terminal, color: color, environment: environment)
    }

    // MARK: Keys

    /// The next key; `nil` at end of input. `tick` runs about once a second (the clock) and
    /// after the window was resized, once the block is drawn again at the new width.
    private func nextKey(tick: () -> Void) -> Key? {
        while queue.isEmpty {
            guard terminal.hasInput(within: 1000) else {
                if Terminal.takeResize() { region.redrawAll() }
                tick()
                continue
            }
            let bytes = terminal.read()
            if bytes.isEmpty { return nil }
            queue += decoder.feed(bytes)
            if queue.isEmpty && !terminal.hasInput(within: 30) { queue += decoder.flush() }
        }
        if Terminal.takeResize() { region.redrawAll() }
        return queue.removeFirst()
    }

    // MARK: Questions

    func ask(_ item: Item, session: InterviewSession, message: String?, since: Double) -> InterviewInput? {
        let screen = QuestionScreen(item: item, session: session)
        if shown != .item(item.id) {
            leave(session)
            region.begin(fixed: fixedLines(screen))
            shown = .item(item.id)
            picker = Self.picker(for: screen, recorded: session.answers[item.id])
        }
        let spentBefore = session.secondsByItem[item.id] ?? 0
        let time = { "Time on this question \(QuestionScreen.clock(spentBefore + self.clock() - since))" }
        return screen.isPicked
            ? pick(screen, session: session, message: message, time: time)
            : type(screen, session: session, message: message, time: time)
    }

    static func picker(for screen: QuestionScreen, recorded: Answer?) -> ChoicePicker {
        let choices = screen.choices
        var toggled: Set<Int> = []
        if case .options(let ids)? = recorded {
            toggled = Set(choices.indices.filter { index in ids.contains { .option($0) == choices[index].answer } })
        }
        // The cursor starts on the answer already recorded, if any: never on one nobody chose.
        let selection = recorded.flatMap { answer in choices.firstIndex { $0.answer == answer } }
        return ChoicePicker(
            count: choices.count, numbers: choices.map(\.number), selection: screen.isMultiple ? nil : selection,
            multiple: screen.isMultiple, toggled: toggled)
    }

    private func fixedLines(_ screen: QuestionScreen) -> [ScreenLine] {
        var lines = [ScreenLine(""), ScreenLine(screen.heading, style: "1")]
        lines += screen.body.enumerated().map { index, text in
            ScreenLine(text, indent: index == 0 ? 0 : 2, hanging: index == 0 ? 0 : 2)
        }
        if let suggested = screen.suggestedTime { lines.append(ScreenLine(suggested, indent: 2)) }
        return lines
    }

    /// The live part of a question: probes, choices, notes, clock, a message and the key hint.
    private func liveLines(
        _ screen: QuestionScreen, session: InterviewSession, message: String?, time: String, hint: String,
        showingHelp: Bool
    ) -> [ScreenLine] {
        let item = screen.item
        var lines: [ScreenLine] = []
        for (index, probe) in screen.probes.enumerated() {
            let asked = session.probesAsked[item.id]?.contains(index) == true
            lines.append(ScreenLine("Probe \(index + 1)\(asked ? " (asked)" : ""): \(probe)", indent: 2))
        }
        let recorded = session.answers[item.id]
        for (index, choice) in screen.choices.enumerated() {
            let underCursor = picker.selection == index
            let tick = screen.isMultiple ? (picker.toggled.contains(index) ? "[x] " : "[ ] ") : ""
            let isRecorded = !screen.isMultiple && recorded == choice.answer
            lines.append(
                ScreenLine(
                    tick + choice.label + (isRecorded ? "  (recorded)" : ""), marker: underCursor ? "❯ " : "  ",
                    hanging: TextWidth.columns(tick) + String(choice.number).count + 1,
                    style: underCursor ? "1;36" : nil))
        }
        if !screen.isPicked, let recorded {
            lines.append(ScreenLine("Recorded: \(QuestionScreen.describe(recorded, for: item))", indent: 2))
        }
        for (index, note) in (session.notes[item.id] ?? []).enumerated() {
            lines.append(
                ScreenLine("Note \(index + 1): \(note.replacingOccurrences(of: "\n", with: " ↵ "))", indent: 2))
        }
        lines.append(ScreenLine(time, indent: 2, style: "2"))
        if let message { lines.append(ScreenLine(message, indent: 2, style: "33")) }
        if showingHelp {
            lines.append(ScreenLine("Keys:", indent: 2))
            let keys =
                screen.isPicked
                ? InterviewKeys.choosing + (screen.isMultiple ? [InterviewKeys.toggle] : [])
                : InterviewKeys.typing + InterviewKeys.choosing.dropFirst(2)
            lines += InterviewKeys.help(keys).map { ScreenLine($0, indent: 4) }
            lines.append(ScreenLine("Press any key to close this help.", indent: 2, style: "2"))
        } else {
            lines.append(ScreenLine(hint, indent: 2, style: "2"))
        }
        return lines
    }

    private func pick(
        _ screen: QuestionScreen, session: InterviewSession, message: String?, time: @escaping () -> String
    ) -> InterviewInput? {
        let item = screen.item
        var message = message
        var showingHelp = false
        let hint = InterviewKeys.hint(
            screen.isMultiple
                ? [InterviewKeys.choosing[0], InterviewKeys.toggle] + InterviewKeys.choosing.dropFirst()
                : InterviewKeys.choosing)
        terminal.write("\u{1B}[?25l")
        defer { terminal.write("\u{1B}[?25h") }
        while true {
            let draw = {
                self.region.update(
                    self.liveLines(
                        screen, session: session, message: message, time: time(), hint: hint,
                        showingHelp: showingHelp))
            }
            draw()
            guard let key = nextKey(tick: draw) else { return nil }
            if showingHelp {
                showingHelp = false
                continue
            }
            message = nil
            switch picker.apply(key) {
            case .moved:
                continue
            case .nothingChosen:
                message =
                    screen.isMultiple
                    ? "Nothing is ticked yet: move to an option and press Space to tick it, then Enter."
                    : "Nothing is chosen yet: move to an answer with ↑↓ or its number, then press Enter."
            case .chosen(let index):
                let answer = screen.choices[index].answer
                if let problem = InterviewInput.problem(with: answer, for: item) {
                    message = problem
                    continue
                }
                guard session.needsEvidence(answer, for: item) else { return .event(.answer(item: item.id, answer)) }
                switch evidence(for: answer, screen: screen, session: session, time: time) {
                case nil: return nil
                case .evidence(let evidence)?: return .event(.answer(item: item.id, answer, evidence: evidence))
                case .cancel?, .invalid?: message = "Nothing was recorded; the rating is still open."
                }
            case .chosenSet(let indices):
                let ids = indices.compactMap { index -> String? in
                    if case .option(let id) = screen.choices[index].answer { return id }
                    return nil
                }
                let answer = Answer.options(ids)
                if let problem = InterviewInput.problem(with: answer, for: item) {
                    message = problem
                    continue
                }
                return .event(.answer(item: item.id, answer))
            case .other(let key):
                switch command(key, screen: screen, session: session, time: time) {
                case .input(let input): return input
                case .message(let text): message = text
                case .help: showingHelp = true
                case .endOfInput: return nil
                }
            }
        }
    }

    private func type(
        _ screen: QuestionScreen, session: InterviewSession, message: String?, time: @escaping () -> String
    ) -> InterviewInput? {
        let item = screen.item
        var message = message
        var showingHelp = false
        var commandKeys = false
        var multiline = false
        if case .text(_, let lines) = item.kind { multiline = lines }
        var editor = LineEditor()
        while true {
            let hint =
                commandKeys
                ? "Command: " + InterviewKeys.hint(Array(InterviewKeys.choosing.dropFirst(2))) + " · Esc back to typing"
                : "Type the answer · " + InterviewKeys.hint(InterviewKeys.typing)
                    + (multiline ? " · Alt-Enter new line" : "")
            let draw = {
                self.region.update(
                    self.liveLines(
                        screen, session: session, message: message, time: time(), hint: hint,
                        showingHelp: showingHelp),
                    editor: ("> ", editor.characters, editor.cursor))
            }
            draw()
            guard let key = nextKey(tick: draw) else { return nil }
            if showingHelp {
                showingHelp = false
                continue
            }
            message = nil
            if commandKeys {
                commandKeys = false
                if key == .escape { continue }
                switch command(key, screen: screen, session: session, time: time) {
                case .input(let input): return input
                case .message(let text): message = text
                case .help: showingHelp = true
                case .endOfInput: return nil
                }
                continue
            }
            if key == .escape {
                commandKeys = true
                continue
            }
            if key == .control("d") && editor.text.isEmpty { return nil }
            if key == .altEnter && !multiline { continue }
            switch editor.apply(key) {
            case .editing, .cancelled:
                continue
            case .submitted(let text):
                let parsed = InterviewInput.parseAnswer(text, for: item)
                if case .invalid(let problem) = parsed {
                    message = problem
                    continue
                }
                return parsed
            }
        }
    }

    // MARK: Commands

    private enum CommandResult {
        case input(InterviewInput)
        case message(String)
        case help
        case endOfInput
    }

    /// A command key on a question.
    private func command(_ key: Key, screen: QuestionScreen, session: InterviewSession, time: @escaping () -> String)
        -> CommandResult
    {
        let item = screen.item
        let notes = session.notes[item.id] ?? []
        switch key {
        case .character("n"):
            switch edit(prompt: "note> ", screen: screen, session: session, time: time, allowsLines: true) {
            case .submitted(let text) where !text.trimmingCharacters(in: .whitespaces).isEmpty:
                return .input(.event(.note(item: item.id, text)))
            case .submitted, .cancelled: return .message("No note added.")
            case .endOfInput: return .endOfInput
            }
        case .character("e"):
            guard !notes.isEmpty else { return .message("There is no note to edit; press n to add one.") }
            var index = 0
            if notes.count > 1 {
                switch number(
                    "Edit which note? (1–\(notes.count))> ", in: 1...notes.count, screen: screen, session: session,
                    time: time)
                {
                case .number(let chosen): index = chosen - 1
                case .cancelled: return .message("No note changed.")
                case .endOfInput: return .endOfInput
                }
            }
            switch edit(
                prompt: "note \(index + 1)> ", initial: notes[index], screen: screen, session: session, time: time,
                allowsLines: true)
            {
            case .submitted(let text): return .input(.event(.editNote(item: item.id, index: index, text)))
            case .cancelled: return .message("No note changed.")
            case .endOfInput: return .endOfInput
            }
        case .character("m"):
            guard !screen.probes.isEmpty else { return .message("This question has no probes.") }
            var index = 0
            if screen.probes.count > 1 {
                switch number(
                    "Which probe did you ask? (1–\(screen.probes.count))> ", in: 1...screen.probes.count,
                    screen: screen, session: session, time: time)
                {
                case .number(let chosen): index = chosen - 1
                case .cancelled: return .message("No probe marked.")
                case .endOfInput: return .endOfInput
                }
            }
            return .input(.event(.probe(item: item.id, index: index)))
        case .character("s"): return .input(.event(.skip(item: item.id)))
        case .character("b"): return .input(.event(.back))
        case .character("j"):
            let total = session.visibleItems.count
            switch number(
                "Jump to question (1–\(total))> ", in: 1...max(total, 1), screen: screen, session: session, time: time)
            {
            case .number(let chosen): return .input(InterviewInput.jump(String(chosen), session: session))
            case .cancelled: return .message("Stayed on this question.")
            case .endOfInput: return .endOfInput
            }
        case .character("r"): return .input(.event(.review))
        case .character("?"), .character("h"): return .help
        case .character("p"), .control("d"): return .input(.pause)
        default: return .message("That key does nothing here; press ? for the keys.")
        }
    }

    private enum EditOutcome {
        case submitted(String)
        case cancelled
        case endOfInput
    }

    /// Edits one line at the bottom of the question's live part.
    private func edit(
        prompt: String, initial: String = "", screen: QuestionScreen, session: InterviewSession,
        time: @escaping () -> String, allowsLines: Bool, hint: String? = nil
    ) -> EditOutcome {
        var editor = LineEditor(initial)
        let hint =
            hint ?? ("Enter save · Esc cancel" + (allowsLines ? " · Alt-Enter new line" : ""))
        while true {
            let draw = {
                self.region.update(
                    self.liveLines(
                        screen, session: session, message: nil, time: time(), hint: hint, showingHelp: false),
                    editor: (prompt, editor.characters, editor.cursor))
            }
            draw()
            guard let key = nextKey(tick: draw) else { return .endOfInput }
            if key == .control("d") && editor.text.isEmpty { return .endOfInput }
            if key == .altEnter && !allowsLines { continue }
            switch editor.apply(key) {
            case .editing: continue
            case .submitted(let text): return .submitted(text)
            case .cancelled: return .cancelled
            }
        }
    }

    private enum NumberOutcome {
        case number(Int)
        case cancelled
        case endOfInput
    }

    /// Asks for a whole number in `range` on the question's last line.
    private func number(
        _ prompt: String, in range: ClosedRange<Int>, screen: QuestionScreen, session: InterviewSession,
        time: @escaping () -> String
    ) -> NumberOutcome {
        var hint = "Type a number from \(range.lowerBound) to \(range.upperBound) · Enter ok · Esc cancel"
        while true {
            switch edit(prompt: prompt, screen: screen, session: session, time: time, allowsLines: false, hint: hint) {
            case .submitted(let text):
                if let number = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(number) {
                    return .number(number)
                }
                hint = "'\(text)' is not a number from \(range.lowerBound) to \(range.upperBound) · Esc cancel"
            case .cancelled: return .cancelled
            case .endOfInput: return .endOfInput
            }
        }
    }

    /// The evidence step of a rating at the end of its scale: the rating is confirmed only with
    /// the evidence, or with a reason there is none (Tab switches); Esc returns to the choice.
    private func evidence(
        for answer: Answer, screen: QuestionScreen, session: InterviewSession, time: @escaping () -> String
    )
        -> InterviewInput.EvidenceLine?
    {
        let rating = QuestionScreen.describe(answer, for: screen.item)
        var noEvidence = false
        var editor = LineEditor()
        var message: String?
        terminal.write("\u{1B}[?25h")
        defer { terminal.write("\u{1B}[?25l") }
        while true {
            let hint =
                noEvidence
                ? "Enter confirm the rating without evidence · Tab give evidence instead · Esc back to the rating"
                : "Enter confirm the rating with this evidence · Tab no evidence (say why) · Esc back to the rating"
            let ask =
                noEvidence
                ? "Why is there no evidence for \(rating)?"
                : "A rating of \(rating) needs evidence: what did the candidate say or do?"
            let draw = {
                var lines = self.liveLines(
                    screen, session: session, message: nil, time: time(), hint: hint, showingHelp: false)
                lines.insert(ScreenLine(ask, indent: 2, style: "1"), at: lines.count - 1)
                if let message { lines.insert(ScreenLine(message, indent: 2, style: "33"), at: lines.count - 1) }
                self.region.update(
                    lines, editor: (noEvidence ? "reason> " : "evidence> ", editor.characters, editor.cursor))
            }
            draw()
            guard let key = nextKey(tick: draw) else { return nil }
            message = nil
            switch key {
            case .tab:
                noEvidence.toggle()
                continue
            case .control("d") where editor.text.isEmpty:
                return nil
            default:
                break
            }
            switch editor.apply(key) {
            case .editing: continue
            case .cancelled: return .cancel
            case .submitted(let text):
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty else {
                    message =
                        noEvidence
                        ? "Say why there is no evidence." : "Write the evidence, or press Tab if there is none."
                    continue
                }
                return .evidence(noEvidence ? .none(reason: trimmed) : .note(trimmed))
            }
        }
    }

    // MARK: Review

    func review(_ session: InterviewSession, message: String?) -> InterviewInput? {
        let rows = QuestionScreen.reviewRows(session)
        if shown != .review {
            leave(session)
            let answered = rows.filter { session.answers[$0.item.id] != nil }.count
            let missing = rows.filter(\.missing).count
            region.begin(fixed: [
                ScreenLine(""),
                ScreenLine(
                    "Review · \(rows.count) questions · \(answered) answered · \(missing) required not answered",
                    style: "1"),
            ])
            shown = .review
            picker = ChoicePicker(
                count: rows.count + 1, numbers: Array(stride(from: 1, through: rows.count, by: 1)) + [0])
        }
        var message = message
        var showingHelp = false
        terminal.write("\u{1B}[?25l")
        defer { terminal.write("\u{1B}[?25h") }
        while true {
            let draw = {
                self.region.update(
                    self.reviewLines(rows, session: session, message: message, showingHelp: showingHelp))
            }
            draw()
            guard let key = nextKey(tick: draw) else { return nil }
            if showingHelp {
                showingHelp = false
                continue
            }
            message = nil
            switch picker.apply(key) {
            case .moved, .chosenSet:
                continue
            case .nothingChosen:
                message =
                    "Nothing is chosen yet: move to a question or to Finish with ↑↓ or its number, then press Enter."
            case .chosen(let index):
                return index < rows.count ? .event(.jump(item: rows[index].item.id)) : .event(.finish)
            case .other(let key):
                switch key {
                case .character("b"): return .event(.back)
                case .character("?"), .character("h"): showingHelp = true
                case .character("p"), .control("d"): return .pause
                default: message = "That key does nothing here; press ? for the keys."
                }
            }
        }
    }

    private func reviewLines(
        _ rows: [(item: Item, answer: String, missing: Bool)], session: InterviewSession, message: String?,
        showingHelp: Bool
    ) -> [ScreenLine] {
        let size = terminal.size(environment: environment)
        let width = max(size.columns, 20) - 1
        let entries: [String] =
            rows.enumerated().map { index, row in
                let notes = session.notes[row.item.id]?.count ?? 0
                let time = session.secondsByItem[row.item.id].map { " · \(QuestionScreen.clock($0))" } ?? ""
                let mark = session.answers[row.item.id] != nil ? "✓" : (row.missing ? "!" : "–")
                let tail = " — \(row.answer)\(notes > 0 ? " · \(notes) note\(notes == 1 ? "" : "s")" : "")\(time)"
                let head = "\(index + 1). \(mark) "
                let room = width - 2 - TextWidth.columns(head) - TextWidth.columns(tail)
                var text = row.item.text
                if room < 8 {
                    text = String(text.prefix(8)) + "…"
                } else if TextWidth.columns(text) > room {
                    text = String(text.prefix(room - 1)) + "…"
                }
                return head + text + tail
            } + ["0. Finish the interview"]
        // Rows beyond the screen scroll with the cursor.
        let room = max(size.rows - 6, 5)
        let selected = picker.selection ?? 0
        let first = entries.count <= room ? 0 : min(max(selected - room / 2, 0), entries.count - room)
        var lines: [ScreenLine] = []
        if first > 0 { lines.append(ScreenLine("↑ \(first) more", indent: 2, style: "2")) }
        for index in first..<min(entries.count, first + room) {
            let underCursor = picker.selection == index
            lines.append(
                ScreenLine(entries[index], marker: underCursor ? "❯ " : "  ", style: underCursor ? "1;36" : nil))
        }
        if first + room < entries.count {
            lines.append(ScreenLine("↓ \(entries.count - first - room) more", indent: 2, style: "2"))
        }
        if let message { lines.append(ScreenLine(message, indent: 2, style: "33")) }
        if showingHelp {
            lines += InterviewKeys.help(InterviewKeys.reviewing).map { ScreenLine($0, indent: 4) }
            lines.append(ScreenLine("Press any key to close this help.", indent: 2, style: "2"))
        } else {
            lines.append(ScreenLine(InterviewKeys.hint(InterviewKeys.reviewing), indent: 2, style: "2"))
        }
        return lines
    }

    // MARK: Leaving a screen

    /// Ends the block on screen: a question collapses to its summary line, the review goes.
    private func leave(_ session: InterviewSession) {
        switch shown {
        case .item(let id)?:
            guard let item = session.questionnaire.item(withID: id) else { break }
            let notes = session.notes[id]?.count ?? 0
            let noted = notes > 0 ? " · \(notes) note\(notes == 1 ? "" : "s")" : ""
            let summary =
                session.answers[id].map { "✓ \(QuestionScreen.describe($0, for: item))\(noted)" }
                ?? "– not answered\(noted)"
            region.commit([ScreenLine(summary, indent: 2, style: session.answers[id] != nil ? "32" : "2")])
        case .review?:
            region.discard()
        case nil:
            break
        }
        shown = nil
    }

    func close(_ session: InterviewSession, finished: Bool) {
        leave(session)
        terminal.write("\u{1B}[?25h")
    }

    /// Picks one of several labels (choosing an interview): nothing is chosen until the user
    /// moves to one; Esc gives up.
    func choose(_ title: String, labels: [String]) -> Int? {
        var picker = ChoicePicker(count: labels.count)
        var message: String?
        region.begin(fixed: [ScreenLine(title, style: "1")])
        terminal.write("\u{1B}[?25l")
        defer { terminal.write("\u{1B}[?25h") }
        while true {
            var lines = labels.enumerated().map { index, label in
                ScreenLine(
                    "\(index + 1) \(label)", marker: picker.selection == index ? "❯ " : "  ",
                    style: picker.selection == index ? "1;36" : nil)
            }
            if let message { lines.append(ScreenLine(message, indent: 2, style: "33")) }
            lines.append(ScreenLine("↑↓/number move · Enter confirm · Esc cancel", indent: 2, style: "2"))
            region.update(lines)
            guard let key = nextKey(tick: {}) else { return nil }
            message = nil
            switch picker.apply(key) {
            case .moved, .chosenSet: continue
            case .nothingChosen: message = "Nothing is chosen yet: move to one with ↑↓ or its number, then press Enter."
            case .chosen(let index):
                region.commit([ScreenLine("✓ \(labels[index])", indent: 2)])
                return index
            case .other(.escape), .other(.control("d")):
                region.commit([ScreenLine("Nothing chosen.", indent: 2)])
                return nil
            case .other: continue
            }
        }
    }
}
