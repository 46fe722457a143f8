import Foundation
import Interviewing
import QuestionnaireEngine
import TerminalUI

/// Asks interview questions key by key on a terminal: arrows or digits choose a rating or option
/// and Enter confirms; text has line editing; letters give the commands. Only the prompt region
/// is redrawn; the terminal is never taken over.
final class TerminalPrompter {
    let terminal: Terminal
    let color: Bool
    var decoder = KeyDecoder()
    /// Keys decoded but not yet used.
    var queue: [Key] = []
    /// Physical lines the option list took when last drawn.
    var drawnLines = 0
    /// Redraws the live part of the current prompt (options and clock), while a key is awaited.
    var refresh: (() -> Void)?
    let environment: [String: String]
    /// When the current question was first shown, for the time spent on it.
    var shownAt: (item: String, time: Double)?
    let clock: () -> Double

    init(terminal: Terminal, color: Bool, environment: [String: String], clock: @escaping () -> Double) {
        self.terminal = terminal
        self.color = color
        self.environment = environment
        self.clock = clock
    }

    /// Time on the current question against its suggested minutes, e.g. `3:12 of 5 min suggested`.
    func timeSpent(on item: Item) -> String? {
        guard case .rating(let guide) = item.kind, let minutes = guide.minutes, let shown = shownAt,
            shown.item == item.id
        else {
            return nil
        }
        let seconds = Int(max(0, clock() - shown.time))
        return
            "\(seconds / 60):\(seconds % 60 < 10 ? "0" : "")\(seconds % 60) of \(Answer.number(minutes).display) min suggested"
    }

    static let keyHelp =
        "↑↓/digits choose · Enter confirm · b back · s skip · n note (Alt-Enter: new line) · j jump · ? help · p pause · f finish"

    func style(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    /// The next key; `nil` at end of input (Ctrl-D on an empty prompt also ends it).
    func nextKey() -> Key? {
        while queue.isEmpty {
            // Wake every second to keep the question's clock current, and at once on a resize.
            guard terminal.hasInput(within: 1000) else {
                _ = Terminal.takeResize()
                refresh?()
                continue
            }
            let bytes = terminal.read()
            if bytes.isEmpty { return nil }
            queue += decoder.feed(bytes)
            if queue.isEmpty && !terminal.hasInput(within: 30) { queue += decoder.flush() }
        }
        return queue.removeFirst()
    }

    /// Reads one answer or command for the item.
    func ask(_ item: Item, session: InterviewSession) -> InterviewInput? {
        if shownAt?.item != item.id { shownAt = (item.id, clock()) }
        let block = InterviewCommand.prompt(for: item, session: session)
        let options = Self.options(for: item)
        if session.awaitingEvidence == item.id || options.isEmpty {
            // Output processing stays on in raw mode, so "\n" still starts a new line.
            terminal.write(fitted(String(block.dropLast(2))))
            guard let line = editLine(prompt: session.awaitingEvidence == item.id ? "evidence> " : "> ") else {
                return nil
            }
            return InterviewInput.parse(line, for: item, session: session)
        }
        // The block without its option lines (they are drawn as a picker) and without the "> ".
        let header = block.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            line != "  y / n" && !options.contains { "  \($0.label)" == line || line.hasPrefix("  \($0.number) ") }
        }.dropLast().joined(separator: "\n")
        terminal.write(fitted(header) + "\n" + style(fitted(Self.keyHelp), "2") + "\n")
        // Start on the previous answer, else the middle of a scale, else the first option.
        let middle = item.scale != nil ? options.count / 2 : 0
        let current =
            session.answers[item.id].flatMap { answer in options.firstIndex { $0.answer == answer } } ?? middle
        var picker = ChoicePicker(count: options.count, selection: current)
        drawnLines = 0
        let clock = { self.timeSpent(on: item).map { "⏱ \($0)" } }
        draw(options, picker: picker, first: true, status: clock())
        refresh = { [unowned self] in self.draw(options, picker: picker, first: false, status: clock()) }
        defer { refresh = nil }
        terminal.write("\u{1B}[?25l")
        defer { terminal.write("\u{1B}[?25h") }
        while let key = nextKey() {
            switch picker.apply(key) {
            case .moved:
                refresh = { [unowned self] in self.draw(options, picker: picker, first: false, status: clock()) }
                draw(options, picker: picker, first: false, status: clock())
            case .chosen(let index):
                draw(options, picker: picker, first: false, status: clock())
                let time = timeSpent(on: item).map { " · \($0)" } ?? ""
                terminal.write(style("  ✓ \(options[index].number)", "32") + time + "\n")
                return .event(.answer(item: item.id, options[index].answer))
            case .other(let other):
                switch other {
                case .character("b"): return .event(.back)
                case .character("s"): return .event(.skip(item: item.id))
                case .character("?"), .character("h"): return .help
                case .character("p"), .control("d"): return .pause
                case .character("f"): return .event(.finish)
                case .character("n"):
                    terminal.write("\u{1B}[?25h")
                    guard let note = editLine(prompt: "note> ") else { return nil }
                    return note.isEmpty ? .invalid("No note written.") : .event(.note(item: item.id, note))
                case .character("j"):
                    terminal.write("\u{1B}[?25h")
                    guard let target = editLine(prompt: "jump to question> ") else { return nil }
                    return InterviewInput.parse(":jump \(target)", for: item, session: session)
                case .character(":"):
                    terminal.write("\u{1B}[?25h")
                    guard let command = editLine(prompt: ":", initial: "") else { return nil }
                    return InterviewInput.parse(":" + command, for: item, session: session)
                default:
                    continue
                }
            }
        }
        return nil
    }

    /// Redraws the option lines in place.
    /// Redraws the option lines in place, wrapped to the terminal's width as measured now, so a
    /// resized window re-flows at the next key.
    func draw(
        _ options: [(number: Int, label: String, answer: Answer)], picker: ChoicePicker, first: Bool,
        status: String? = nil
    ) {
        let width = max(terminal.size(environment: environment).columns, 20)
        var text = first || drawnLines == 0 ? "" : "\u{1B}[\(drawnLines)A"
        var lines = 0
        if let status {
            text += "\r\u{1B}[2K" + style(String(status.prefix(width - 1)), "2") + "\n"
            lines += 1
        }
        for (index, option) in options.enumerated() {
            let selected = index == picker.selection
            for (offset, piece) in Self.wrap(option.label, width: width - 3).enumerated() {
                let marker = offset == 0 ? (selected ? "❯ " : "  ") : "   "
                text += "\r\u{1B}[2K" + (selected ? style(marker + piece, "1;36") : marker + piece) + "\n"
                lines += 1
            }
        }
        // A narrower redraw leaves old lines below; clear them.
        if lines < drawnLines {
            for _ in lines..<drawnLines { text += "\r\u{1B}[2K\n" }
            text += "\u{1B}[\(drawnLines - lines)A"
        }
        drawnLines = lines
        terminal.write(text)
    }

    /// Text wrapped at word boundaries to the terminal's width, continuation lines indented
    /// like the line they continue.
    func fitted(_ text: String) -> String {
        let width = max(terminal.size(environment: environment).columns, 20)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let indent = String(line.prefix { $0 == " " })
            let content = String(line.dropFirst(indent.count))
            return Self.wrap(content, width: width - 3 - indent.count).enumerated()
                .map { ($0.offset == 0 ? indent : indent + "  ") + $0.element }.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Words packed into lines of at most `width` characters.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
            while line.count > width {
                lines.append(String(line.prefix(width)))
                line = String(line.dropFirst(width))
            }
        }
        lines.append(line)
        return lines
    }

    /// Picks one of several labels with the arrow keys (used for choosing an interview).
    func pick(_ labels: [String]) -> Int? {
        let options = labels.enumerated().map {
            (number: $0.offset + 1, label: "\($0.offset + 1) \($0.element)", answer: Answer.number(Double($0.offset)))
        }
        var picker = ChoicePicker(count: options.count)
        drawnLines = 0
        draw(options, picker: picker, first: true)
        while let key = nextKey() {
            switch picker.apply(key) {
            case .moved: draw(options, picker: picker, first: false)
            case .chosen(let index): return index
            case .other(.escape), .other(.control("d")): return nil
            case .other: continue
            }
        }
        return nil
    }

    /// A line editor on one prompt line; `nil` at end of input or on Escape/Ctrl-C… (Ctrl-C
    /// raises SIGINT and never gets here).
    func editLine(prompt: String, initial: String = "") -> String? {
        var editor = LineEditor(initial)
        // Line breaks show as ↵ so the text stays on one screen line while it is edited.
        func redraw() {
            let shown = editor.text.replacingOccurrences(of: "\n", with: "↵")
            let before = String(editor.characters[0..<editor.cursor]).replacingOccurrences(of: "\n", with: "↵")
            terminal.write("\r\u{1B}[2K" + prompt + shown + "\r" + prompt + before)
        }
        redraw()
        while let key = nextKey() {
            if key == .control("d") && editor.text.isEmpty { return nil }
            switch editor.apply(key) {
            case .editing:
                redraw()
            case .submitted(let text):
                terminal.write("\n")
                return text
            case .cancelled:
                terminal.write("\n")
                return ""
            }
        }
        return nil
    }

    /// The choices an item offers, in order: scale points, options, yes/no.
    static func options(for item: Item) -> [(number: Int, label: String, answer: Answer)] {
        switch item.kind {
        case .rating(let guide):
            return guide.scale.points.map { point in
                let label = [guide.scale.label(for: point), guide.anchors[point]].compactMap { $0 }.joined(
                    separator: " — ")
                return (point, "\(point) \(label)", .number(Double(point)))
            }
        case .likert(let scale, _):
            return scale.points.map { point in
                (point, "\(point) \(scale.label(for: point) ?? "")", .number(Double(point)))
            }
        case .choice(let options):
            return options.enumerated().map { index, option in
                (index + 1, "\(index + 1) \(option.text)", .option(option.id))
            }
        case .yesno:
            return [(1, "1 Yes", .bool(true)), (2, "2 No", .bool(false))]
        default:
            return []
        }
    }
}
