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

    init(terminal: Terminal, color: Bool) {
        self.terminal = terminal
        self.color = color
    }

    static let keyHelp =
        "↑↓/digits choose · Enter confirm · b back · s skip · n note · j jump · ? help · p pause · f finish"

    func style(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    /// The next key; `nil` at end of input (Ctrl-D on an empty prompt also ends it).
    func nextKey() -> Key? {
        while queue.isEmpty {
            let bytes = terminal.read()
            if bytes.isEmpty { return nil }
            queue += decoder.feed(bytes)
            if queue.isEmpty && !terminal.hasInput(within: 30) { queue += decoder.flush() }
        }
        return queue.removeFirst()
    }

    /// Reads one answer or command for the item.
    func ask(_ item: Item, session: InterviewSession) -> InterviewInput? {
        let block = InterviewCommand.prompt(for: item, session: session)
        let options = Self.options(for: item)
        if session.awaitingEvidence == item.id || options.isEmpty {
            // Output processing stays on in raw mode, so "\n" still starts a new line.
            terminal.write(String(block.dropLast(2)))
            guard let line = editLine(prompt: session.awaitingEvidence == item.id ? "evidence> " : "> ") else {
                return nil
            }
            return InterviewInput.parse(line, for: item, session: session)
        }
        // The block without its option lines (they are drawn as a picker) and without the "> ".
        let header = block.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            line != "  y / n" && !options.contains { "  \($0.label)" == line || line.hasPrefix("  \($0.number) ") }
        }.dropLast().joined(separator: "\n")
        terminal.write(header + "\n" + style(Self.keyHelp, "2") + "\n")
        // Start on the previous answer, else the middle of a scale, else the first option.
        let middle = item.scale != nil ? options.count / 2 : 0
        let current =
            session.answers[item.id].flatMap { answer in options.firstIndex { $0.answer == answer } } ?? middle
        var picker = ChoicePicker(count: options.count, selection: current)
        draw(options, picker: picker, first: true)
        terminal.write("\u{1B}[?25l")
        defer { terminal.write("\u{1B}[?25h") }
        while let key = nextKey() {
            switch picker.apply(key) {
            case .moved:
                draw(options, picker: picker, first: false)
            case .chosen(let index):
                draw(options, picker: picker, first: false)
                terminal.write(style("  ✓ \(options[index].label)", "32") + "\n")
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
    func draw(_ options: [(number: Int, label: String, answer: Answer)], picker: ChoicePicker, first: Bool) {
        var text = first ? "" : "\u{1B}[\(options.count)A"
        for (index, option) in options.enumerated() {
            let line = index == picker.selection ? style("❯ \(option.label)", "1;36") : "  \(option.label)"
            text += "\r\u{1B}[2K" + line + "\n"
        }
        terminal.write(text)
    }

    /// A line editor on one prompt line; `nil` at end of input or on Escape/Ctrl-C… (Ctrl-C
    /// raises SIGINT and never gets here).
    func editLine(prompt: String, initial: String = "") -> String? {
        var editor = LineEditor(initial)
        func redraw() {
            let before = String(editor.characters[0..<editor.cursor])
            terminal.write("\r\u{1B}[2K" + prompt + editor.text + "\r" + prompt + before)
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
