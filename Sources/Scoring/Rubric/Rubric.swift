import Foundation
import QuestionnaireEngine
import Submissions

/// How a question set is scored for a role: dimensions of keyed items, bands with decisions,
/// knockouts, a missing-data rule and validity checks. Labels and decisions are the rubric's own.
public struct Rubric: Sendable, Hashable {
    /// The format tag of a rubric file.
    public static let format = "dazzle.rubric/1"

    public var id: String
    public var version: String
    /// The question set this rubric scores.
    public var questionnaireID: String
    public var title: String
    /// The smallest share (0–1) of a dimension's items that must be answered for it to be scored.
    public var minimumAnswered: Double
    public var dimensions: [Dimension]
    /// Bands on the overall score, highest first, together covering 0–100 without gaps.
    public var bands: [Band]
    public var knockouts: [Knockout]
    /// Decisions that count as being selected, for adverse-impact statistics.
    public var advancingDecisions: [String]
    public var validity: ValidityRules
    /// The fewest scored dimensions an overall score needs (default: half of the dimensions,
    /// rounded up), so an overall score never rests on one dimension of five.
    public var minimumDimensions: Int
    /// Numeric demographic fields read in declared bins (`age` → "under 40", "40 and over").
    public var demographicBins: [String: [DemographicBin]] = [:]
    /// The self-identified fields a candidate form asks for, in the rubric's order, each voluntary.
    public var demographicQuestions: [DemographicQuestion] = []
    /// Which demographic fields hold sex and race/ethnicity, for the NYC Local Law 144 table.
    public var biasAudit = BiasAuditFields()

    public init(
        id: String, version: String, questionnaireID: String, title: String, minimumAnswered: Double,
        dimensions: [Dimension], bands: [Band], knockouts: [Knockout], advancingDecisions: [String],
        validity: ValidityRules
    ) {
        self.id = id
        self.version = version
        self.questionnaireID = questionnaireID
        self.title = title
        self.minimumAnswered = minimumAnswered
        self.dimensions = dimensions
        self.bands = bands
        self.knockouts = knockouts
        self.advancingDecisions = advancingDecisions
        self.validity = validity
        minimumDimensions = Self.defaultMinimumDimensions(dimensions.count)
    }

    /// Half of the dimensions, rounded up (at least 1).
    public static func defaultMinimumDimensions(_ count: Int) -> Int { max(1, (count + 1) / 2) }

    /// A demographic value as its field is read: a numeric field's bin label, or the value as
    /// given; `nil` when a binned field's value is not a number.
    public func demographic(_ field: String, _ value: String) -> String? {
        guard let bins = demographicBins[field] else { return value }
        guard let number = Double(value.trimmingCharacters(in: .whitespaces)), number.isFinite else { return nil }
        return bins.first { bin in bin.below.map { number < $0 } ?? true }?.label
    }

    /// The band an overall score falls in.
    public func band(for score: Double) -> Band? {
        bandIndex(for: score).map { bands[$0] }
    }

    /// Where in `bands` the band of an overall score is.
    public func bandIndex(for score: Double) -> Int? {
        bands.firstIndex { score >= $0.from } ?? (bands.isEmpty ? nil : bands.count - 1)
    }
}

/// A scored facet of the candidate, such as "Service recovery".
public struct Dimension: Sendable, Hashable {
    public var id: String
    public var name: String
    public var description: String
    /// Its weight in the overall score; positive.
    public var weight: Double
    public var keys: [ItemKey]

    public init(id: String, name: String, description: String, weight: Double, keys: [ItemKey]) {
        self.id = id
        self.name = name
        self.description = description
        self.weight = weight
        self.keys = keys
    }
}

/// One item keyed into a dimension.
public struct ItemKey: Sendable, Hashable {
    public var itemID: String
    /// Its weight within the dimension; positive.
    public var weight: Double
    /// Overrides the item's own `reverse` when set.
    public var reverse: Bool?
    /// For number items: the answers scored 0 and 1 (linear between, clamped).
    public var range: ClosedRange<Double>?

    public init(itemID: String, weight: Double = 1, reverse: Bool? = nil, range: ClosedRange<Double>? = nil) {
        self.itemID = itemID
        self.weight = weight
        self.reverse = reverse
        self.range = range
    }
}

/// A label and decision for overall scores from `from` (inclusive) up to the next band.
public struct Band: Sendable, Hashable {
    public var from: Double
    public var to: Double
    public var label: String
    public var decision: String

    public init(from: Double, to: Double, label: String, decision: String) {
        self.from = from
        self.to = to
        self.label = label
        self.decision = decision
    }
}

/// An answer that decides alone, whatever the total.
public struct Knockout: Sendable, Hashable {
    public var condition: Condition
    /// Said in plain words on the scorecard, e.g. "Does not light up about people".
    public var label: String
    public var decision: String

    public init(condition: Condition, label: String, decision: String) {
        self.condition = condition
        self.label = label
        self.decision = decision
    }
}

/// Checks that raise flags and never change a score.
public struct ValidityRules: Sendable, Hashable {
    /// A social-desirability scale: flag when its score (0–100) is at least the threshold.
    public var desirabilityItems: [String] = []
    public var desirabilityThreshold: Double = 100
    /// Pairs of items that should agree; flag a pair whose keyed answers differ by more than
    /// `consistencyMaxGap` scale points.
    public var consistencyPairs: [ConsistencyPair] = []
    public var consistencyMaxGap: Double = 2
    /// Flag this many identical answers in a row on scale items, or more.
    public var longStringRun: Int?
    /// Flag completion faster than this, when timings are present.
    public var minimumSeconds: Double?
    /// Attention checks ("answer Disagree here"): each is the condition a careful answer meets.
    public var attentionChecks: [Condition] = []

    public init() {}
}

/// Two items that should be answered alike (after reverse keying).
public struct ConsistencyPair: Sendable, Hashable {
    public var first: String
    public var second: String

    public init(_ first: String, _ second: String) {
        self.first = first
        self.second = second
    }
}

/// One bin of a numeric demographic: values below `below` (after the bins before it), or every
/// value left when `below` is absent (the last bin).
public struct DemographicBin: Sendable, Hashable {
    public var label: String
    public var below: Double?

    public init(label: String, below: Double?) {
        self.label = label
        self.below = below
    }
}

/// A self-identified field as a candidate form asks it: `gender` with its question and answers,
/// or a number (`age`) that the rubric's bins group. Every one is voluntary.
public struct DemographicQuestion: Sendable, Hashable {
    /// The field name submissions carry (`candidate.demographics.gender`).
    public var field: String
    /// The question shown, e.g. "Which best describes your gender?".
    public var question: String
    /// The answers offered, recorded as written; empty for a number.
    public var options: [String]

    public init(field: String, question: String, options: [String]) {
        self.field = field
        self.question = question
        self.options = options
    }
}

/// The demographic fields a bias audit reads sex and race/ethnicity from.
public struct BiasAuditFields: Sendable, Hashable {
    public var sex: String?
    public var raceEthnicity: String?

    public init(sex: String? = nil, raceEthnicity: String? = nil) {
        self.sex = sex
        self.raceEthnicity = raceEthnicity
    }
}
