/// A question set: what a candidate fills in or an interviewer rates, in sections of items.
///
/// Values of this type are always valid: ``QuestionnaireLoader`` only returns one when the file
/// had no errors, so ids are unique, scales are well formed and every `showIf` looks back.
public struct Questionnaire: Sendable, Hashable {
    /// The format tag this Dazzle reads and writes.
    public static let format = "dazzle.questionnaire/1"

    /// Who fills a question set in.
    public enum Audience: String, Sendable, Hashable, CaseIterable {
        /// The candidate answers the items themselves.
        case candidate
        /// An interviewer rates the candidate's answers during a conversation.
        case interviewer
    }

    /// A stable identifier, such as `service-orientation-inventory`.
    public var id: String
    /// The version of the question set; submissions name the version they answered.
    public var version: String
    public var title: String
    public var description: String
    public var audience: Audience
    /// Named response scales that items refer to by name.
    public var scales: [String: ResponseScale]
    public var sections: [Section]
    /// Answers that mean "not answered" in exports of this set (`NA` from R, `-99` from SPSS):
    /// read as missing, like a blank.
    public var missingCodes: [String]

    public init(
        id: String, version: String, title: String, description: String, audience: Audience,
        scales: [String: ResponseScale], sections: [Section], missingCodes: [String] = []
    ) {
        self.id = id
        self.version = version
        self.title = title
        self.description = description
        self.audience = audience
        self.scales = scales
        self.sections = sections
        self.missingCodes = missingCodes
    }

    /// Every item in reading order.
    public var items: [Item] { sections.flatMap(\.items) }

    /// The item with this id, if there is one.
    public func item(withID id: String) -> Item? {
        for section in sections {
            if let item = section.items.first(where: { $0.id == id }) { return item }
        }
        return nil
    }

    /// The items to ask, in order, given the answers so far: an item whose `showIf` is not met is
    /// left out.
    public func visibleItems(given answers: [String: Answer]) -> [Item] {
        items.filter { $0.showIf?.isSatisfied(by: answers) ?? true }
    }
}

/// A titled group of items.
public struct Section: Sendable, Hashable {
    public var id: String
    public var title: String
    public var description: String?
    public var items: [Item]

    public init(id: String, title: String, description: String? = nil, items: [Item]) {
        self.id = id
        self.title = title
        self.description = description
        self.items = items
    }
}
