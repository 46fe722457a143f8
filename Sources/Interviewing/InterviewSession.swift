import QuestionnaireEngine

/// Something the interviewer chose, as journaled: replaying the events of a journal rebuilds the
/// session exactly. Nothing else changes a session, so nothing is recorded that nobody chose.
public enum InterviewEvent: Sendable, Equatable {
    /// An answer the interviewer confirmed. A rating at either end of its scale is confirmed only
    /// together with its evidence (or an explicit reason there is none), as one step.
    case answer(item: String, Answer, evidence: Evidence? = nil)
    /// A note added to an item (an interviewer's evidence); notes are kept in order.
    case note(item: String, String)
    /// A note replaced by a new text; an empty text removes it. The journal keeps the old one.
    case editNote(item: String, index: Int, String)
    /// The interviewer marked one of the item's probes (follow-up questions) as asked.
    case probe(item: String, index: Int)
    case skip(item: String)
    /// Back to the previous question; answers are kept.
    case back
    case jump(item: String)
    /// To the review screen, where every question and its answer is listed before finishing.
    case review
    /// The interviewer stopped for now; only the time spent is recorded.
    case pause
    /// The interview is over; only confirmed from the review.
    case finish
    /// The finished interview's submission was written and sealed with this hash (`sha256:…`);
    /// nothing can change the session after it.
    case seal(submission: String)
}

/// What confirms a rating at the end of its scale.
public enum Evidence: Sendable, Equatable {
    /// What the candidate said or did; kept as the item's next note.
    case note(String)
    /// The interviewer confirms the rating without evidence and says why.
    case none(reason: String)

    /// The note this evidence adds to its item.
    public var noteText: String {
        switch self {
        case .note(let text): text
        case .none(let reason): "No evidence recorded: \(reason)"
        }
    }
}

/// The state of an interview: a pure value changed only by ``apply(_:seconds:)``, so a journal of
/// events always rebuilds it.
public struct InterviewSession: Sendable {
    public let questionnaire: Questionnaire
    public private(set) var answers: [String: Answer] = [:]
    /// Notes per item, in the order they were taken.
    public private(set) var notes: [String: [String]] = [:]
    /// Probes marked as asked, per item (indices into the item's probes).
    public private(set) var probesAsked: [String: Set<Int>] = [:]
    /// The item being asked, by id; `nil` on the review screen (and once finished).
    public private(set) var currentID: String?
    public private(set) var finished = false
    /// The hash the finished submission was sealed with, once it is (``InterviewEvent/seal(submission:)``).
    public private(set) var seal: String?
    /// Seconds spent on each item's screen, summed over visits.
    public private(set) var secondsByItem: [String: Double] = [:]
    /// Seconds spent on the review screen.
    public private(set) var reviewSeconds = 0.0
    /// Set when a question was opened from the review: answering it returns there.
    public private(set) var returnsToReview = false
    private var trail: [String] = []

    /// Whether a rating at either end of the scale needs evidence; a calibration against written
    /// answers has its evidence on screen.
    public let asksEvidence: Bool

    public init(questionnaire: Questionnaire, asksEvidence: Bool = true) {
        self.questionnaire = questionnaire
        self.asksEvidence = asksEvidence
        currentID = questionnaire.visibleItems(given: [:]).first?.id
    }

    /// The items to ask given the answers so far (`showIf` followed live).
    public var visibleItems: [Item] { questionnaire.visibleItems(given: answers) }

    public var current: Item? { currentID.flatMap(questionnaire.item(withID:)) }

    /// Whether the review screen is showing.
    public var isReviewing: Bool { currentID == nil && !finished }

    /// The current item's 1-based position among the visible ones (`nil` on the review), and
    /// how many there are.
    public var progress: (position: Int?, total: Int) {
        let visible = visibleItems
        let index = currentID.flatMap { id in visible.firstIndex { $0.id == id } }
        return (index.map { $0 + 1 }, visible.count)
    }

    /// The section of an item.
    public func section(of item: Item) -> Section? {
        questionnaire.sections.first { $0.items.contains { $0.id == item.id } }
    }

    /// Required visible items still unanswered.
    public var missingRequired: [Item] {
        visibleItems.filter { $0.required && answers[$0.id] == nil }
    }

    /// Seconds spent in all: every question's screen and the review.
    public var totalSeconds: Double { secondsByItem.values.reduce(reviewSeconds, +) }

    /// Whether confirming `answer` for `item` needs evidence: a rating at either end of its scale
    /// on an item with no notes yet (a note already taken is the evidence).
    public func needsEvidence(_ answer: Answer, for item: Item) -> Bool {
        guard asksEvidence else { return false }
        guard case .rating(let guide) = item.kind, case .number(let value) = answer else { return false }
        let extreme = value == Double(guide.scale.min) || value == Double(guide.scale.max)
        return extreme && (notes[item.id] ?? []).isEmpty
    }

    /// Applies an event and adds `seconds` (the time on the screen showing when it happened) to
    /// that screen's time.
    /// - Throws: ``InterviewError`` when the event does not fit the session (an unknown item, an
    ///   answer the item cannot take, an extreme rating without evidence); the session is
    ///   unchanged then.
    public mutating func apply(_ event: InterviewEvent, seconds: Double = 0) throws(InterviewError) {
        let screen = currentID
        try change(by: event)
        guard seconds.isFinite, seconds > 0 else { return }
        if let screen { secondsByItem[screen, default: 0] += seconds } else { reviewSeconds += seconds }
    }

    /// Applies an event; every check comes before any change, so a refused event changes nothing.
    private mutating func change(by event: InterviewEvent) throws(InterviewError) {
        if let seal {
            throw InterviewError(
                "This interview is sealed (its submission \(seal.prefix(15))… is on record); nothing can change it now."
            )
        }
        switch event {
        case .answer(let id, let answer, let evidence):
            let item = try item(id)
            if let problem = InterviewInput.problem(with: answer, for: item) { throw InterviewError(problem) }
            if evidence == nil && needsEvidence(answer, for: item) {
                throw InterviewError(
                    "A rating of \(answer.display) is at the end of the scale: confirm it with a line of evidence (what the candidate said or did), or say why there is none."
                )
            }
            if case .note(let text)? = evidence, text.trimmingSpaces().isEmpty {
                throw InterviewError("The evidence is empty: write what the candidate said or did.")
            }
            answers[id] = answer
            if let evidence { notes[id, default: []].append(evidence.noteText) }
            advance(from: id)
        case .note(let id, let text):
            _ = try item(id)
            guard !text.trimmingSpaces().isEmpty else { throw InterviewError("The note is empty; nothing was added.") }
            notes[id, default: []].append(text)
        case .editNote(let id, let index, let text):
            _ = try item(id)
            guard var list = notes[id], list.indices.contains(index) else {
                throw InterviewError("There is no note \(index + 1) on this question.")
            }
            if text.trimmingSpaces().isEmpty { list.remove(at: index) } else { list[index] = text }
            notes[id] = list.isEmpty ? nil : list
        case .probe(let id, let index):
            guard case .rating(let guide) = try item(id).kind, guide.probes.indices.contains(index) else {
                throw InterviewError("This question has no probe \(index + 1).")
            }
            probesAsked[id, default: []].insert(index)
        case .skip(let id):
            _ = try item(id)
            advance(from: id)
        case .back:
            guard let previous = trail.popLast() else {
                throw InterviewError("This is the first question; there is nothing to go back to.")
            }
            returnsToReview = false
            currentID = previous
        case .jump(let id):
            guard visibleItems.contains(where: { $0.id == id }) else {
                throw InterviewError("'\(id)' is not a question you can jump to now.")
            }
            if let currentID { trail.append(currentID) } else { returnsToReview = true }
            currentID = id
        case .review:
            if let currentID { trail.append(currentID) }
            returnsToReview = false
            currentID = nil
        case .pause:
            break
        case .finish:
            finished = true
            currentID = nil
        case .seal(let hash):
            guard finished else { throw InterviewError("Only a finished interview can be sealed.") }
            seal = hash
        }
    }

    private func item(_ id: String) throws(InterviewError) -> Item {
        guard let item = questionnaire.item(withID: id) else { throw InterviewError("There is no question '\(id)'.") }
        return item
    }

    /// Moves to the first visible item after `id` (or back to the review when the question was
    /// opened from there, or on to the review after the last question), remembering where it
    /// came from for `back`.
    private mutating func advance(from id: String) {
        trail.append(id)
        if returnsToReview {
            returnsToReview = false
            currentID = nil
            return
        }
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
