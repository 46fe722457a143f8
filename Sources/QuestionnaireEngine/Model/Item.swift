/// One question of a question set.
public struct Item: Sendable, Hashable {
    /// Unique within the question set; answers are keyed by it.
    public var id: String
    /// The question or statement as shown.
    public var text: String
    /// An optional hint shown under the text.
    public var help: String?
    /// Whether a submission must answer it (when it is shown).
    public var required: Bool
    /// Ask the item only when this condition on earlier answers holds.
    public var showIf: Condition?
    /// What kind of answer the item takes.
    public var kind: Kind

    public init(
        id: String, text: String, help: String? = nil, required: Bool = false,
        showIf: Condition? = nil, kind: Kind
    ) {
        self.id = id
        self.text = text
        self.help = help
        self.required = required
        self.showIf = showIf
        self.kind = kind
    }

    /// The answer types, each with what it needs.
    public enum Kind: Sendable, Hashable {
        /// A statement rated on a scale; `reverse` marks a reverse-keyed item.
        case likert(scale: ResponseScale, reverse: Bool)
        /// Pick exactly one option.
        case choice(options: [ChoiceOption])
        /// Pick any number of options, optionally bounded.
        case multi(options: [ChoiceOption], minSelected: Int?, maxSelected: Int?)
        /// An interviewer rating on a behaviourally anchored scale.
        case rating(RatingGuide)
        /// Free text.
        case text(maxLength: Int?, multiline: Bool)
        /// Yes or no.
        case yesno
        /// A number, optionally bounded and whole.
        case number(min: Double?, max: Double?, integer: Bool)
    }

    /// The `type` name used in files: `likert`, `choice`, …
    public var typeName: String { kind.typeName }

    /// The response scale, for likert and rating items.
    public var scale: ResponseScale? {
        switch kind {
        case .likert(let scale, _): scale
        case .rating(let guide): guide.scale
        case .choice, .multi, .text, .yesno, .number: nil
        }
    }

    /// The options, for choice and multi items.
    public var options: [ChoiceOption]? {
        switch kind {
        case .choice(let options), .multi(let options, _, _): options
        case .likert, .rating, .text, .yesno, .number: nil
        }
    }
}

extension Item.Kind {
    /// Every `type` name a file may use, in the order the reference lists them.
    public static let typeNames = ["likert", "choice", "multi", "rating", "text", "yesno", "number"]

    var typeName: String {
        switch self {
        case .likert: "likert"
        case .choice: "choice"
        case .multi: "multi"
        case .rating: "rating"
        case .text: "text"
        case .yesno: "yesno"
        case .number: "number"
        }
    }
}

/// One option of a choice or multi item.
public struct ChoiceOption: Sendable, Hashable {
    /// Unique within its item; answers name the option by it.
    public var id: String
    public var text: String
    /// How effective the option is, for scoring; separate from the id so options can be shuffled.
    public var score: Double?

    public init(id: String, text: String, score: Double? = nil) {
        self.id = id
        self.text = text
        self.score = score
    }
}

/// What an interviewer needs to rate one question well.
public struct RatingGuide: Sendable, Hashable {
    public var scale: ResponseScale
    /// What an answer at a scale point sounds like, keyed by the point.
    public var anchors: [Int: String]
    /// What to listen for.
    public var guidance: String?
    /// Follow-up questions.
    public var probes: [String]
    /// Suggested time for the question.
    public var minutes: Double?

    public init(
        scale: ResponseScale, anchors: [Int: String], guidance: String? = nil,
        probes: [String] = [], minutes: Double? = nil
    ) {
        self.scale = scale
        self.anchors = anchors
        self.guidance = guidance
        self.probes = probes
        self.minutes = minutes
    }
}
