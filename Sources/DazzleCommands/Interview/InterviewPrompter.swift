import Interviewing
import QuestionnaireEngine

/// Asks the interviewer for their next choice, key by key on a terminal (``KeyPrompter``) or line
/// by line (``LinePrompter``: pipes, and the accessible mode for screen readers). A prompter
/// only ever returns what the interviewer chose; help is shown by the prompter itself.
protocol InterviewPrompter: AnyObject {
    /// The interviewer's next choice on a question; `nil` at end of input.
    /// - Parameters:
    ///   - message: a sentence to show once: an error, or what the last choice did.
    ///   - since: when the current visit to the question began (`clock` seconds), for its time.
    func ask(_ item: Item, session: InterviewSession, message: String?, since: Double) -> InterviewInput?

    /// The interviewer's next choice on the review screen; `nil` at end of input.
    func review(_ session: InterviewSession, message: String?) -> InterviewInput?

    /// Leaves the screen as a shell expects it; `finished` says whether the interview ended.
    func close(_ session: InterviewSession, finished: Bool)
}

/// The keys of the key-driven prompt, as its hint, its help and README list them: one table, so
/// they always agree.
enum InterviewKeys {
    /// A key, the word the hint shows for it, and what the help says it does.
    struct Binding {
        var key: String
        var hint: String
        var help: String
    }

    static let choosing: [Binding] = [
        Binding(key: "↑↓/number", hint: "move", help: "move to an answer (nothing is chosen until you do)"),
        Binding(key: "Enter", hint: "confirm", help: "record the answer under the cursor"),
        Binding(key: "n", hint: "note", help: "add a note (Alt-Enter starts a new line in it)"),
        Binding(key: "e", hint: "edit note", help: "change or remove a note"),
        Binding(key: "m", hint: "probe asked", help: "mark a probe as asked"),
        Binding(key: "s", hint: "skip", help: "leave the question unanswered for now"),
        Binding(key: "b", hint: "back", help: "go to the previous question (answers are kept)"),
        Binding(key: "j", hint: "jump", help: "go to a question by number"),
        Binding(key: "r", hint: "review", help: "list every question and answer, then finish"),
        Binding(key: "?", hint: "help", help: "this list"),
        Binding(key: "p", hint: "pause", help: "save and quit; continue later with --resume"),
    ]
    static let toggle = Binding(key: "Space", hint: "tick", help: "tick or untick the option under the cursor")
    static let typing: [Binding] = [
        Binding(key: "Enter", hint: "confirm", help: "record what you typed"),
        Binding(key: "Esc", hint: "commands", help: "then one of the command keys below"),
    ]
    static let reviewing: [Binding] = [
        Binding(key: "↑↓/number", hint: "move", help: "move to a question (0 is Finish)"),
        Binding(key: "Enter", hint: "open or finish", help: "open the question to change it, or finish"),
        Binding(key: "b", hint: "back", help: "return to the last question"),
        Binding(key: "?", hint: "help", help: "this list"),
        Binding(key: "p", hint: "pause", help: "save and quit; continue later with --resume"),
    ]

    /// The keys as one hint line: `↑↓/number move · Enter confirm · n note · …`.
    static func hint(_ keys: [Binding]) -> String {
        keys.map { "\($0.key) \($0.hint)" }.joined(separator: " · ")
    }

    /// The keys as help lines: `  n          add a note …`.
    static func help(_ keys: [Binding]) -> [String] {
        let width = keys.map { $0.key.count }.max() ?? 0
        return keys.map { "\($0.key)\(String(repeating: " ", count: width - $0.key.count))  \($0.help)" }
    }
}
