import QuestionnaireEngine
import Submissions

/// A question set and rubric compiled for fast scoring: every item id mapped to an index, and per
/// item the range, keying and option scores, so scoring a submission is a loop over small arrays.
///
/// A class, immutable once built: scorers and decoders on every thread share one plan, and passing
/// it around costs one reference count rather than one per array inside.
public final class ScoringPlan: Sendable {
    public let questionnaire: Questionnaire
    public let rubric: Rubric
    /// `sha256:` and the SHA-256 of the rubric as loaded (its file, or the embedded object), so a
    /// partial analysis can refuse to merge with one scored by other rules; `nil` when the plan
    /// was built from values.
    public let rubricHash: String?
    /// How submissions to the question set are read: item slots and the numbers each item takes.
    public let layout: SubmissionLayout
    /// The items in question set order; submissions' answer slots follow this order.
    public let items: [Item]
    /// Item id → slot.
    public let slots: [String: Int]
    let dimensions: [CompiledDimension]
    /// Keys across all dimensions: the length of a scorecard's explanation.
    package let keyCount: Int
    /// For each item, its scale range when it has one, used by long-string and consistency checks.
    let scaleRanges: [ClosedRange<Int>?]

    /// Per key, in explanation order (dimension by dimension): its slot, its weight and, for a
    /// linear rule, the rule as plain numbers. Flat arrays of plain values, so the per-candidate
    /// loops copy no strings or enums.
    let keySlots: [Int]
    let keyWeights: [Double]
    let keyLinearRules: [LinearRule?]
    /// Per dimension: the positions of its keys, and its weight.
    package let dimensionKeys: [Range<Int>]
    let dimensionWeights: [Double]
    /// The rubric's minimum share of a dimension's items that must be answered.
    let minimumAnswered: Double
    /// The fewest scored dimensions an overall score needs (the rubric's `minimumDimensions`).
    let minimumDimensions: Int

    /// A linear rule's numbers (see ``ItemRule/linear(low:high:reverse:)``).
    struct LinearRule {
        var low: Double
        var high: Double
        var reverse: Bool

        /// The score in [0, 1] of a number: clamped to the range, then linear.
        @inline(__always)
        func score(_ value: Double) -> Double {
            let clamped = Swift.min(Swift.max(value, low), high)
            let share = (clamped - low) / (high - low)
            return reverse ? 1 - share : share
        }
    }

    /// Every item with a scale, in question set order, and whether it is a likert item (a
    /// self-report statement, which the response-style indices read).
    let scaleSlots: [ScaleSlot]
    /// Per key, in explanation order: whether its item is a likert item.
    let keyIsLikert: [Bool]

    struct ScaleSlot {
        var slot: Int
        var isLikert: Bool
    }
    /// The candour scale's items with their own (unkeyed) scoring rule.
    let desirabilityRules: [(slot: Int, rule: ItemRule)]
    /// Per consistency pair, the two slots (`nil` for an id the question set lacks).
    let consistencySlots: [(first: Int?, second: Int?)]
    let knockouts: [CompiledKnockout]
    let attentionChecks: [CompiledCondition]

    /// A condition with the slots of the items it reads.
    struct CompiledCondition: Sendable {
        let condition: Condition
        let referenced: [ReferencedItem]

        struct ReferencedItem: Sendable {
            var id: String
            var slot: Int
        }

        init(_ condition: Condition, slots: [String: Int]) {
            self.condition = condition
            referenced = condition.referencedItems.compactMap { id in
                slots[id].map { ReferencedItem(id: id, slot: $0) }
            }
        }

        /// Whether the answers meet the condition; `answer` gives a slot's answer.
        func isSatisfied(answer: (Int) -> Answer?) -> Bool {
            var given: [String: Answer] = [:]
            for item in referenced {
                if let value = answer(item.slot) { given[item.id] = value }
            }
            return condition.isSatisfied(by: given)
        }
    }

    struct CompiledKnockout: Sendable {
        let knockout: Knockout
        let condition: CompiledCondition

        func fires(answer: (Int) -> Answer?) -> Bool { condition.isSatisfied(answer: answer) }
    }

    struct CompiledKey {
        var slot: Int
        var itemID: String
        var weight: Double
        var rule: ItemRule
    }

    /// A class so that looping over the dimensions per submission copies no strings or arrays.
    final class CompiledDimension: Sendable {
        let dimension: Dimension
        let keys: [CompiledKey]
        let totalWeight: Double

        init(dimension: Dimension, keys: [CompiledKey]) {
            self.dimension = dimension
            self.keys = keys
            totalWeight = keys.reduce(0) { $0 + $1.weight }
        }
    }

    /// How one item's answer becomes a score in [0, 1].
    enum ItemRule {
        /// A scale or number answer, linear from `low` (0) to `high` (1), clamped.
        case linear(low: Double, high: Double, reverse: Bool)
        /// An option's score over the item's best option score.
        case options(scores: [String: Double], best: Double, reverse: Bool)
        case yesno(reverse: Bool)
    }

    /// Compiles a plan. The rubric must have been loaded for this question set.
    /// - Parameters:
    ///   - missingCodes: answers read as missing instead of the question set's own
    ///     `missingCodes` (`--missing`), when given.
    ///   - rubricHash: the loaded rubric's hash (see ``rubricHash``).
    public init(questionnaire: Questionnaire, rubric: Rubric, missingCodes: [String]? = nil, rubricHash: String? = nil)
    {
        self.questionnaire = questionnaire
        self.rubric = rubric
        self.rubricHash = rubricHash
        let layout = SubmissionLayout(questionnaire: questionnaire, missingCodes: missingCodes)
        self.layout = layout
        let items = layout.items
        self.items = items
        let slots = layout.slots
        self.slots = slots
        let scaleRanges = layout.scaleRanges
        let likertSlots = items.map { item in
            if case .likert = item.kind { return true }
            return false
        }
        self.scaleRanges = scaleRanges
        scaleSlots = scaleRanges.indices.filter { scaleRanges[$0] != nil }.map {
            ScaleSlot(slot: $0, isLikert: likertSlots[$0])
        }
        desirabilityRules = rubric.validity.desirabilityItems.compactMap { id in
            slots[id].map { ($0, Self.rule(for: items[$0], key: nil)) }
        }
        consistencySlots = rubric.validity.consistencyPairs.map { (slots[$0.first], slots[$0.second]) }
        knockouts = rubric.knockouts.map {
            CompiledKnockout(knockout: $0, condition: CompiledCondition($0.condition, slots: slots))
        }
        attentionChecks = rubric.validity.attentionChecks.map { CompiledCondition($0, slots: slots) }
        minimumAnswered = rubric.minimumAnswered
        minimumDimensions = rubric.minimumDimensions
        let dimensions = rubric.dimensions.map { dimension in
            let keys = dimension.keys.compactMap { key -> CompiledKey? in
                guard let slot = slots[key.itemID] else { return nil }
                return CompiledKey(
                    slot: slot, itemID: key.itemID, weight: key.weight, rule: Self.rule(for: items[slot], key: key))
            }
            return CompiledDimension(dimension: dimension, keys: keys)
        }
        self.dimensions = dimensions
        let keys = dimensions.flatMap(\.keys)
        keyCount = keys.count
        keySlots = keys.map(\.slot)
        keyIsLikert = keys.map { likertSlots[$0.slot] }
        keyWeights = keys.map(\.weight)
        keyLinearRules = keys.map { key in
            guard case .linear(let low, let high, let reverse) = key.rule else { return nil }
            return LinearRule(low: low, high: high, reverse: reverse)
        }
        var ranges: [Range<Int>] = []
        for dimension in dimensions {
            ranges.append((ranges.last?.upperBound ?? 0)..<((ranges.last?.upperBound ?? 0) + dimension.keys.count))
        }
        dimensionKeys = ranges
        dimensionWeights = dimensions.map(\.dimension.weight)
    }

    static func rule(for item: Item, key: ItemKey?) -> ItemRule {
        switch item.kind {
        case .likert(let scale, let reverse):
            return .linear(low: Double(scale.min), high: Double(scale.max), reverse: key?.reverse ?? reverse)
        case .rating(let guide):
            return .linear(low: Double(guide.scale.min), high: Double(guide.scale.max), reverse: key?.reverse ?? false)
        case .choice(let options), .multi(let options, _, _):
            var scores: [String: Double] = [:]
            for option in options { scores[option.id] = option.score ?? 0 }
            let best: Double
            if case .multi = item.kind {
                best = options.reduce(0) { $0 + max($1.score ?? 0, 0) }
            } else {
                best = options.map { $0.score ?? 0 }.max() ?? 0
            }
            return .options(scores: scores, best: best, reverse: key?.reverse ?? false)
        case .yesno:
            return .yesno(reverse: key?.reverse ?? false)
        case .number(let min, let max, _):
            let range = key?.range ?? ((min ?? 0)...(max ?? 1))
            return .linear(low: range.lowerBound, high: range.upperBound, reverse: key?.reverse ?? false)
        case .text:
            return .linear(low: 0, high: 1, reverse: false)
        }
    }

    /// The score in [0, 1] of an answer under a rule, or `nil` when the answer cannot be scored.
    static func score(_ answer: Answer, _ rule: ItemRule) -> Double? {
        switch (rule, answer) {
        case (.linear(let low, let high, let reverse), .number(let value)):
            return LinearRule(low: low, high: high, reverse: reverse).score(value)
        case (.options(let scores, let best, let reverse), .option(let id)):
            guard let score = scores[id], best > 0 else { return nil }
            let share = Swift.min(Swift.max(score / best, 0), 1)
            return reverse ? 1 - share : share
        case (.options(let scores, let best, let reverse), .options(let ids)):
            guard best > 0 else { return nil }
            let total = ids.reduce(0) { $0 + (scores[$1] ?? 0) }
            let share = Swift.min(Swift.max(total / best, 0), 1)
            return reverse ? 1 - share : share
        case (.yesno(let reverse), .bool(let value)):
            return value != reverse ? 1 : 0
        default:
            return nil
        }
    }
}
