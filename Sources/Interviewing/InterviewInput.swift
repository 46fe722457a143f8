import QuestionnaireEngine

/// What a typed line means in the line-by-line interview (stdin piped, or the accessible mode):
/// an answer, or one of the commands.
public enum InterviewInput: Sendable, Equatable {
    case event(InterviewEvent)
    case help
    case pause
    /// Not understood: a sentence saying what to type.
    case invalid(String)

    /// The commands every question accepts, as the help lists them.
    public static let commands: [(command: String, meaning: String)] = [
        (":note TEXT", "add a note to this question (notes are kept, in order)"),
        (":edit N TEXT", "replace note N of this question (an empty text removes it)"),
        (":probe N", "mark probe N as asked"),
        (":skip", "leave this question unanswered for now"),
        (":back", "previous question (answers are kept)"),
        (":jump N", "go to question N"),
        (":review", "list every question and answer before finishing"),
        (":pause", "save and stop; continue later with --resume"),
        (":help", "this list"),
    ]

    /// The commands on one line, for hints.
    public static var commandList: String {
        commands.map { $0.command.split(separator: " ")[0] }.joined(separator: " ")
    }

    /// Reads a line typed at the prompt for `item`.
    public static func parse(_ line: String, for item: Item, session: InterviewSession) -> InterviewInput {
        let text = line.trimmingSpaces()
        if text.hasPrefix(":") { return command(text, item: item, session: session) }
        return parseAnswer(text, for: item)
    }

    /// Reads a line as an answer only (no commands), e.g. text typed into a question's field.
    public static func parseAnswer(_ line: String, for item: Item) -> InterviewInput {
        let text = line.trimmingSpaces()
        if text.isEmpty { return .invalid("Nothing was recorded. \(hint(for: item))") }
        guard let answer = answer(text, for: item) else { return .invalid(hint(for: item)) }
        if let problem = problem(with: answer, for: item) { return .invalid(problem) }
        return .event(.answer(item: item.id, answer))
    }

    private static func command(_ text: String, item: Item, session: InterviewSession) -> InterviewInput {
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        let argument = parts.count > 1 ? parts[1].trimmingSpaces() : ""
        switch parts[0] {
        case ":back", ":b": return .event(.back)
        case ":skip", ":s": return .event(.skip(item: item.id))
        case ":help", ":h", ":?": return .help
        case ":pause", ":p", ":quit", ":q": return .pause
        case ":review", ":r", ":finish", ":f": return .event(.review)
        case ":note", ":n":
            return argument.isEmpty
                ? .invalid("Type the note after ':note', e.g. ':note Told a story about a regular.'")
                : .event(.note(item: item.id, argument))
        case ":edit", ":e":
            let pieces = argument.split(separator: " ", maxSplits: 1).map(String.init)
            let count = session.notes[item.id]?.count ?? 0
            guard let first = pieces.first, let number = Int(first), number >= 1, number <= count else {
                return .invalid(
                    count == 0
                        ? "This question has no notes to edit; add one with ':note TEXT'."
                        : "Type ':edit N TEXT' with N from 1 to \(count).")
            }
            return .event(.editNote(item: item.id, index: number - 1, pieces.count > 1 ? pieces[1] : ""))
        case ":probe":
            let probes: [String]
            if case .rating(let guide) = item.kind { probes = guide.probes } else { probes = [] }
            guard let number = Int(argument), number >= 1, number <= probes.count else {
                return .invalid(
                    probes.isEmpty
                        ? "This question has no probes." : "Type ':probe N' with N from 1 to \(probes.count).")
            }
            return .event(.probe(item: item.id, index: number - 1))
        case ":jump", ":j":
            return jump(argument, session: session)
        default:
            return .invalid("Unknown command '\(parts[0])'. Commands: \(commandList)")
        }
    }

    /// A jump to a question number or id.
    public static func jump(_ argument: String, session: InterviewSession) -> InterviewInput {
        let visible = session.visibleItems
        if let number = Int(argument), number >= 1, number <= visible.count {
            return .event(.jump(item: visible[number - 1].id))
        }
        if visible.contains(where: { $0.id == argument }) { return .event(.jump(item: argument)) }
        return .invalid("Jump to a question number from 1 to \(visible.count), or a question id.")
    }

    /// What a line typed on the review screen means: a question number opens it, `0` (or
    /// `:finish`) finishes.
    public static func parseReview(_ line: String, session: InterviewSession) -> InterviewInput {
        let text = line.trimmingSpaces()
        let total = session.visibleItems.count
        switch text {
        case "0", ":finish", ":f": return .event(.finish)
        case ":back", ":b": return .event(.back)
        case ":pause", ":p", ":quit", ":q": return .pause
        case ":help", ":h", ":?": return .help
        default:
            if text.hasPrefix(":jump") || text.hasPrefix(":j ") {
                return jump(String(text.drop { $0 != " " }).trimmingSpaces(), session: session)
            }
            if let number = Int(text), number >= 1, number <= total { return jump(text, session: session) }
            return .invalid("Enter a question number between 1 and \(total) to change its answer, or 0 to finish.")
        }
    }

    /// What a line typed at the evidence prompt of an extreme rating means.
    public enum EvidenceLine: Sendable, Equatable {
        case evidence(Evidence)
        /// Back to choosing the rating; nothing is recorded.
        case cancel
        case invalid(String)
    }

    /// Reads the evidence for an extreme rating: the evidence itself, `:none REASON`, or
    /// `:cancel`. A bare number is refused, so a scripted next answer is never taken as evidence.
    public static func parseEvidence(_ line: String) -> EvidenceLine {
        let text = line.trimmingSpaces()
        if text == ":cancel" || text == ":c" { return .cancel }
        if text.hasPrefix(":none") {
            let reason = String(text.dropFirst(5)).trimmingSpaces()
            return reason.isEmpty
                ? .invalid(
                    "Say why there is no evidence after ':none', e.g. ':none The candidate declined to give an example.'"
                )
                : .evidence(.none(reason: reason))
        }
        if text.isEmpty || text.hasPrefix(":") || Double(text) != nil {
            return .invalid(
                "Type what the candidate said or did, ':none REASON' to confirm without evidence, or ':cancel' to choose another rating."
            )
        }
        return .evidence(.note(text))
    }

    /// The answer a line gives for an item, or `nil` when it is not one. Options are numbered
    /// from 1; a multi item takes several numbers separated by spaces or commas.
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
            for part in text.split(whereSeparator: { $0 == "," || $0 == " " }) {
                let token = String(part)
                let id: String
                if let number = Int(token), number >= 1, number <= options.count {
                    id = options[number - 1].id
                } else if let option = options.first(where: { $0.id == token }) {
                    id = option.id
                } else {
                    return nil
                }
                if !chosen.contains(id) { chosen.append(id) }
            }
            return chosen.isEmpty ? nil : .options(chosen)
        case .yesno:
            switch text.lowercased() {
            case "1", "y", "yes": return .bool(true)
            case "2", "n", "no": return .bool(false)
            default: return nil
            }
        case .text:
            return .text(text)
        }
    }

    /// What to type for an item, in one sentence.
    public static func hint(for item: Item) -> String {
        switch item.kind {
        case .likert(let scale, _): "Enter a number between \(scale.min) and \(scale.max)."
        case .rating(let guide): "Enter a number between \(guide.scale.min) and \(guide.scale.max)."
        case .choice(let options): "Enter a number between 1 and \(options.count)."
        case .multi(let options, _, _):
            "Enter one or more numbers between 1 and \(options.count), separated by spaces or commas."
        case .yesno: "Enter 1 for yes or 2 for no."
        case .number(let min, let max, _):
            if let min, let max {
                "Enter a number between \(Answer.number(min).display) and \(Answer.number(max).display)."
            } else {
                "Enter a number."
            }
        case .text: "Type the answer."
        }
    }

    /// Why an answer does not fit its item, or `nil`: the item's own rule, worded for the
    /// interviewer; a text answer must also be non-empty and within the item's length.
    public static func problem(with answer: Answer, for item: Item) -> String? {
        if case .text(let text) = answer, case .text(let maxLength, _) = item.kind {
            if text.trimmingSpaces().isEmpty { return "Type the answer, or skip the question." }
            if let maxLength, text.count > maxLength {
                return "The answer is \(text.count) characters long; this question takes at most \(maxLength)."
            }
        }
        guard let problem = item.problem(with: answer) else { return nil }
        switch problem {
        case .belowMinimum(_, let minimum) where item.scale == nil:
            return "The answer must be at least \(Answer.number(minimum).display)."
        case .aboveMaximum(_, let maximum) where item.scale == nil:
            return "The answer must be at most \(Answer.number(maximum).display)."
        case .notWhole where item.scale == nil:
            return "The answer must be a whole number."
        case .tooFewOptions(_, let minimum):
            return "Choose at least \(minimum) option\(minimum == 1 ? "" : "s")."
        case .tooManyOptions(_, let maximum):
            return "Choose at most \(maximum) option\(maximum == 1 ? "" : "s")."
        case .optionTwice:
            return "Choose each option once."
        case .notFinite, .belowMinimum, .aboveMaximum, .notWhole, .notAnOption, .wrongType:
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
