import QuestionnaireEngine

/// Something that happened in an interview, as journaled: replaying the events of a journal
/// rebuilds the session exactly.
public enum InterviewEvent: Sendable, Equatable {
    case answer(item: String, Answer)
    /// A note on an item (an interviewer's evidence).
    case note(item: String, String)
    case skip(item: String)
    /// Back to the previous question; answers are kept.
    case back
    case jump(item: String)
    case finish
}

/// The state of an interview: a pure value changed only by ``apply(_:)``, so a journal of events
/// can always rebuild it.
public struct InterviewSession: Sendable {
    public let questionnaire: Questionnaire
    public private(set) var answers: [String: Answer] = [:]
    public private(set) var notes: [String: String] = [:]
    /// The item being asked, by id; `nil` after the last question.
    public private(set) var currentID: String?
    /// A rating at an extreme waits for a line of evidence before moving on.
    public private(set) var awaitingEvidence: String?
    public private(set) var finished = false
    private var trail: [String] = []

    public init(questionnaire: Questionnaire) {
        self.questionnaire = questionnaire
        currentID = questionnaire.visibleItems(given: [:]).first?.id
    }

    /// The items to ask given the answers so far (`showIf` followed live).
    public var visibleItems: [Item] { questionnaire.visibleItems(given: answers) }

    public var current: Item? { currentID.flatMap(questionnaire.item(withID:)) }

    /// 1-based position of the current item among the visible ones, and how many there are.
    public var progress: (position: Int, total: Int) {
        let visible = visibleItems
        let index = currentID.flatMap { id in visible.firstIndex { $0.id == id } } ?? visible.count
        return (index + 1, visible.count)
    }

    /// The section of an item.
    public func section(of item: Item) -> Section? {
        questionnaire.sections.first { $0.items.contains { $0.id == item.id } }
    }

    /// Required visible items still unanswered.
    public var missingRequired: [Item] {
        visibleItems.filter { $0.required && answers[$0.id] == nil }
    }

    /// Applies an event.
    /// - Throws: ``InterviewError`` when the event does not fit the session (an unknown item, an
    ///   answer the item cannot take); the session is unchanged then.
    public mutating func apply(_ event: InterviewEvent) throws(InterviewError) {
        switch event {
        case .answer(let id, let answer):
            guard let item = questionnaire.item(withID: id) else {
                throw InterviewError("There is no question '\(id)'.")
            }
            if let problem = InterviewInput.problem(with: answer, for: item) { throw InterviewError(problem) }
            answers[id] = answer
            if case .rating(let guide) = item.kind, case .number(let value) = answer,
                value == Double(guide.scale.min) || value == Double(guide.scale.max), notes[id] == nil
            {
                awaitingEvidence = id
                currentID = id
                return
            }
            advance(from: id)
        case .note(let id, let text):
            guard questionnaire.item(withID: id) != nil else { throw InterviewError("There is no question '\(id)'.") }
            notes[id] = text
            if awaitingEvidence == id {
                awaitingEvidence = nil
                advance(from: id)
            }
        case .skip(let id):
            guard questionnaire.item(withID: id) != nil else { throw InterviewError("There is no question '\(id)'.") }
            if awaitingEvidence == id {
                awaitingEvidence = nil
            }
            advance(from: id)
        case .back:
            awaitingEvidence = nil
            guard let previous = trail.popLast() else {
                throw InterviewError("This is the first question; there is nothing to go back to.")
            }
            currentID = previous
        case .jump(let id):
            guard visibleItems.contains(where: { $0.id == id }) else {
                throw InterviewError("'\(id)' is not a question you can jump to now.")
            }
            awaitingEvidence = nil
            if let currentID { trail.append(currentID) }
            currentID = id
        case .finish:
            finished = true
            currentID = nil
        }
    }

    /// Moves to the first visible item after `id`, remembering where it came from for `back`.
    private mutating func advance(from id: String) {
        trail.append(id)
        let order = questionnaire.items.map(\.id)
        let visible = Set(visibleItems.map(\.id))
        guard let index = order.firstIndex(of: id) else { return }
        currentID = order[(index + 1)...].first { visible.contains($0) }
    }
}

/// An event that does not fit the session, with a sentence for the interviewer.
public struct InterviewError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
