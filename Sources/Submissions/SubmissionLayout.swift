import QuestionnaireEngine

/// A question set laid out for reading answers: every item id mapped to a slot (question set
/// order), and per slot the numbers its item takes, so readers check an answer with a few
/// comparisons. A class, immutable once built: readers on every thread share one layout.
public final class SubmissionLayout: Sendable {
    public let questionnaire: Questionnaire
    /// The items in question set order; submissions' answer slots follow this order.
    public let items: [Item]
    /// Item id → slot.
    public let slots: [String: Int]
    /// Exact question text → slot, for CSV exports whose headers are the questions.
    public let slotsByText: [String: Int]
    /// Per slot, the item's scale points when it has a scale.
    package let scaleRanges: [ClosedRange<Int>?]
    /// Per slot, the numbers the item takes (``Item/numericDomain``): from `lowests` to
    /// `highests`, whole ones only when `wholeOnly`; an empty range for items that take no number.
    package let lowests: [Double]
    package let highests: [Double]
    package let wholeOnly: [Bool]
    /// Answers read as "not answered" (the question set's `missingCodes`, or `--missing`).
    public let missingCodes: MissingCodes
    /// The question set's content hash (``Questionnaire/contentHash``), which a submission made
    /// from a form or an interview carries as `questionnaireHash`.
    public let contentHash: String

    /// - Parameter missingCodes: codes that replace the question set's own, when given.
    public init(questionnaire: Questionnaire, missingCodes: [String]? = nil) {
        self.missingCodes = MissingCodes(missingCodes ?? questionnaire.missingCodes)
        self.questionnaire = questionnaire
        contentHash = questionnaire.contentHash
        let items = questionnaire.items
        self.items = items
        var slots: [String: Int] = [:]
        var byText: [String: Int] = [:]
        for (slot, item) in items.enumerated() {
            slots[item.id] = slot
            if byText[item.text] == nil { byText[item.text] = slot }
        }
        self.slots = slots
        slotsByText = byText
        scaleRanges = items.map { $0.scale.map { $0.points } }
        let domains = items.map(\.numericDomain)
        lowests = domains.map { $0?.low ?? .infinity }
        highests = domains.map { $0?.high ?? -.infinity }
        wholeOnly = domains.map { $0?.wholeOnly ?? true }
    }
}
