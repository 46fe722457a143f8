import QuestionnaireEngine

/// What a typed line means at a prompt: an answer, or one of the commands.
public enum InterviewInput: Sendable, Equatable {
    case event(InterviewEvent)
    case help
    case pause
    /// Not understood: a sentence saying what to type.
    case invalid(String)

    /// The commands every prompt accepts.
    public static let commands = ":back  :skip  :note TEXT  :jump N  :help  :pause  :finish"

    /// Reads a line typed at the prompt for `item` (or for its evidence note).
    public static func parse(_ line: String, for item: Item, session: InterviewSession) -> InterviewInput {
        let text = line.trimmingSpaces()
        if text.hasPrefix(":") {
            let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
            let argument = parts.count > 1 ? parts[1].trimmingSpaces() : ""
            switch parts[0] {
            case ":back", ":b": return .event(.back)
            case ":skip", ":s": return .event(.skip(item: item.id))
            case ":help", ":h", ":?": return .help
            case ":pause", ":p", ":quit", ":q": return .pause
            case ":finish", ":f": return .event(.finish)
            case ":note", ":n":
                return argument.isEmpty
                    ? .invalid("Type the note after ':note', e.g. ':note Told a story about a regular.'")
                    : .event(.note(item: item.id, argument))
            case ":jump", ":j":
                let visible = session.visibleItems
                if let number = Int(argument), number >= 1, number <= visible.count {
                    return .event(.jump(item: visible[number - 1].id))
                }
                if visible.contains(where: { $0.id == argument }) { return .event(.jump(item: argument)) }
                return .invalid("Jump to a question number from 1 to \(visible.count), or a question id.")
            default:
                return .invalid("Unknown command '\(parts[0])'. Commands: \(commands)")
            }
        }
        if session.awaitingEvidence == item.id {
            return text.isEmpty
                ? .invalid("An extreme rating needs a line of evidence: what did the candidate say or do?")
                : .event(.note(item: item.id, text))
        }
        guard let answer = answer(text, for: item) else {
            return .invalid(hint(for: item))
        }
        if let problem = problem(with: answer, for: item) { return .invalid(problem) }
        return .event(.answer(item: item.id, answer))
    }

    /// The answer a line gives for an item, or `nil` when it is not one.
    static func answer(_ text: String, for item: Item) -> Answer? {
        switch item.kind {
        case .likert, .rating:
            return Int(text).map { .number(Double($0)) }
        case .number:
            return Double(text).flatMap { $0.isFinite ? .number($0) : nil }
        case .choice(let options):
            if let number = Int(text), number >= 1, number <= options.count { return .option(options[number - 1].id) }
            return options.first { $0.id == text }.map { .option($0.id) }
        case .multi(let options, _, _):
            var chosen: [String] = []
            for part in text.split(separator: ",").map({ String($0).trimmingSpaces() }) where !part.isEmpty {
                if let number = Int(part), number >= 1, number <= options.count {
                    chosen.append(options[number - 1].id)
                } else if let option = options.first(where: { $0.id == part }) {
                    chosen.append(option.id)
                } else {
                    return nil
                }
            }
            return chosen.isEmpty ? nil : .options(chosen)
        case .yesno:
            switch text.lowercased() {
            case "y", "yes": return .bool(true)
            case "n", "no": return .bool(false)
            default: return nil
            }
        case .text:
            return text.isEmpty ? nil : .text(text)
        }
    }

    static func hint(for item: Item) -> String {
        switch item.kind {
        case .likert(let scale, _): "Type a number from \(scale.min) to \(scale.max)."
        case .rating(let guide): "Type a rating from \(guide.scale.min) to \(guide.scale.max)."
        case .choice(let options): "Type an option number from 1 to \(options.count)."
        case .multi(let options, _, _): "Type option numbers from 1 to \(options.count), separated by commas."
        case .yesno: "Type y or n."
        case .number: "Type a number."
        case .text: "Type the answer, or :skip."
        }
    }

    /// Why an answer does not fit its item, or `nil`.
    public static func problem(with answer: Answer, for item: Item) -> String? {
        switch (item.kind, answer) {
        case (.likert, .number(let value)), (.rating, .number(let value)):
            guard let scale = item.scale else { return nil }
            return scale.points.contains(Int(exactly: value) ?? Int.min)
                ? nil : "Type a number from \(scale.min) to \(scale.max)."
        case (.number(let min, let max, let integer), .number(let value)):
            if let min, value < min { return "The answer must be at least \(Answer.number(min).display)." }
            if let max, value > max { return "The answer must be at most \(Answer.number(max).display)." }
            if integer && value != value.rounded() { return "The answer must be a whole number." }
            return nil
        case (.choice, .option), (.multi, .options), (.yesno, .bool), (.text, .text):
            return nil
        default:
            return hint(for: item)
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
