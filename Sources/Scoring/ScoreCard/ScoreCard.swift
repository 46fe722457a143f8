import QuestionnaireEngine
import Submissions

/// A candidate's result on one question set under one rubric, with everything needed to explain
/// it line by line. Demographic fields are deliberately absent.
public struct ScoreCard: Sendable, Hashable {
    public var candidateID: String
    public var candidateName: String
    public var candidateEmail: String?
    public var role: String?
    public var questionnaireID: String
    public var questionnaireVersion: String
    public var rubricID: String
    public var rubricVersion: String
    /// The raters whose submissions were combined, in input order (empty for self-report forms).
    public var raters: [String]
    public var submitted: String?
    public var seconds: Double?
    /// The overall score 0–100, or `nil` when no dimension had enough answers.
    public var overall: Double?
    /// The band's label, a knockout's label, or "Insufficient answers".
    public var label: String
    /// The rubric's decision: a knockout's, the band's, or `insufficient`.
    public var decision: String
    public var dimensions: [DimensionScore]
    /// Labels of the knockouts that fired, with who gave the deciding answer.
    public var knockouts: [String]
    public var flags: [ValidityFlag]
    /// Every keyed item: its answer, item score and contribution to the overall.
    public var explanation: [ItemExplanation]
    /// For interview panels: each rater's ratings and notes.
    public var ratings: [RaterRating]
    /// Things accepted but worth knowing.
    public var warnings: [String]
    /// Where the submissions came from.
    public var sources: [String]
    /// The overall score's percentile and standard scores, once a batch or norm group is known.
    public var standing: Standing? = nil
    /// The overall score's standard error of measurement, once a batch told it.
    public var sem: Double? = nil
    /// For panels: each interviewer's own recommendation (their ratings scored alone).
    public var raterResults: [RaterResult] = []
    /// Why a panel's scorecard is not final yet (``PanelCompleteness/summary``): some expected
    /// rater has not sealed. `nil` when it is final, or was not checked.
    public var provisional: String? = nil
    /// Each interviewer's structure score for the interview behind their ratings, when recorded.
    public var structures: [RaterStructure] = []
    /// A compact explanation as read (``ExplanationDetail/compact``), until
    /// ``expandExplanation(with:)`` gives it the rubric's items.
    public var compactExplanation: CompactExplanation? = nil
}

/// One dimension's result.
public struct DimensionScore: Sendable, Hashable {
    public var id: String
    public var name: String
    public var weight: Double
    /// 0–100, or `nil` when fewer than the rubric's minimum share of its items were answered.
    public var score: Double?
    public var answered: Int
    public var total: Int
    /// The standard error of measurement of the score, once a batch told it (SD × √(1 − α)).
    public var sem: Double? = nil
}

/// One interviewer's own result on a panel: their ratings scored alone.
public struct RaterResult: Sendable, Hashable {
    public var rater: String
    public var overall: Double?
    public var label: String
    public var decision: String

    public init(rater: String, overall: Double?, label: String, decision: String) {
        self.rater = rater
        self.overall = overall
        self.label = label
        self.decision = decision
    }
}

/// A validity check that fired. Flags never change a score.
public struct ValidityFlag: Sendable, Hashable {
    /// Which check fired; the raw value is how scorecards name it.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The candour (social-desirability) scale reached its threshold.
        case desirability
        /// Pairs of statements that should agree differ.
        case consistency
        /// The same answer many times in a row.
        case longString = "long-string"
        /// Answers barely vary (intra-individual response variability).
        case lowVariability = "low-variability"
        /// Odd- and even-numbered statements disagree.
        case evenOdd = "even-odd"
        /// Completed faster than a careful reading allows.
        case tooFast = "too-fast"
        /// Attention checks missed.
        case attention
    }

    public var kind: Kind
    /// What was seen, in one sentence.
    public var message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }
}

extension ValidityFlag.Kind {
    /// Whether the flag shows careless responding (answers given without reading), which makes
    /// the score itself unreliable, rather than a style of answering to read the score with.
    public var isCarelessResponding: Bool {
        switch self {
        case .longString, .lowVariability, .evenOdd, .tooFast, .attention: true
        case .desirability, .consistency: false
        }
    }

    /// The kind in a few plain words, for reports and the digest.
    public var name: String {
        switch self {
        case .desirability: "Candour"
        case .consistency: "Consistency"
        case .longString: "Same answer repeated"
        case .lowVariability: "Little variation"
        case .evenOdd: "Even–odd inconsistency"
        case .tooFast: "Completed very fast"
        case .attention: "Attention checks missed"
        }
    }
}

/// One line of "why this score".
public struct ItemExplanation: Sendable, Hashable {
    public var itemID: String
    public var dimensionID: String
    /// The answer as given (for panels, the raters' mean), or `nil` when unanswered.
    public var answer: Answer?
    /// The item score in [0, 1], or `nil` when unanswered.
    public var itemScore: Double?
    public var weight: Double
    /// Points this item adds to the overall score; the contributions sum to the overall.
    public var contribution: Double
}

/// One rater's rating of one item, with their notes in the order they were taken.
public struct RaterRating: Sendable, Hashable {
    public var rater: String
    public var itemID: String
    public var value: Double
    public var notes: [String]

    public init(rater: String, itemID: String, value: Double, notes: [String] = []) {
        self.rater = rater
        self.itemID = itemID
        self.value = value
        self.notes = notes
    }
}

/// A score's standing against a reference: the batch itself, or a saved norm group.
public struct Standing: Sendable, Hashable {
    /// `batch (n = 120)` or `norm group service-orientation-default, n = 2400, 2026-11-01`.
    public var reference: String
    public var percentile: Double
    public var z: Double?
    /// T = 50 + 10z.
    public var t: Double? { z.map { 50 + 10 * $0 } }

    public init(reference: String, percentile: Double, z: Double?) {
        self.reference = reference
        self.percentile = percentile
        self.z = z
    }
}

/// One interviewer's structure score (``StructureSummary``) on a scorecard.
public struct RaterStructure: Sendable, Hashable {
    public var rater: String
    public var summary: StructureSummary

    public init(rater: String, summary: StructureSummary) {
        self.rater = rater
        self.summary = summary
    }
}

/// How much of the item-by-item explanation a written scorecard carries (`--explain`).
public enum ExplanationDetail: String, Sendable, CaseIterable {
    /// A line per keyed item: item, dimension, answer, item score, weight, points.
    case full
    /// One `[answer, item score, points]` per key, in the rubric's order: every number a report
    /// needs, without repeating the item and dimension ids the rubric already gives.
    case compact
    /// No explanation: the scores, flags and decision only.
    case none
}

/// A compact explanation's values, in the rubric's key order.
public struct CompactExplanation: Sendable, Hashable {
    public var answers: [Answer?]
    public var scores: [Double?]
    public var points: [Double]

    public init(answers: [Answer?], scores: [Double?], points: [Double]) {
        self.answers = answers
        self.scores = scores
        self.points = points
    }
}

extension ScoreCard {
    /// Turns a compact explanation into lines, with the item and dimension ids and weights of
    /// the plan's keys in order; a no-op for a full one, and when the arrays do not fit the plan.
    public mutating func expandExplanation(with plan: ScoringPlan) {
        guard let compact = compactExplanation else { return }
        let keys = plan.dimensions.flatMap { compiled in compiled.keys.map { (compiled.dimension.id, $0) } }
        guard compact.answers.count == keys.count, compact.scores.count == keys.count,
            compact.points.count == keys.count
        else { return }
        explanation = keys.enumerated().map { index, entry in
            ItemExplanation(
                itemID: entry.1.itemID, dimensionID: entry.0, answer: compact.answers[index],
                itemScore: compact.scores[index], weight: entry.1.weight, contribution: compact.points[index])
        }
        compactExplanation = nil
    }
}
