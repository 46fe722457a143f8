import QuestionnaireEngine
import Submissions

/// The numbers behind one scorecard, in arrays that are reused from one candidate to the next.
///
/// Both ways of scoring go through it, so the arithmetic of the scoring method exists once: the
/// ``Scorer`` fills it from decoded answers and builds a ``ScoreCard`` from it; the stream scorer
/// fills it straight from the bytes of a form and writes the scorecard from it without building
/// one. "No value" is NaN inside, never seen outside.
struct ScoreSheet {
    /// Per item slot: the numeric answer, or NaN when the item has no numeric answer.
    var numbers: AnswerPoints
    /// Per key, in explanation order: the item score in [0, 1], or NaN when not scored.
    var keyScores: [Double]
    /// Per key: points added to the overall score.
    var contributions: [Double]
    /// Per key: its line in the plan's ``WholePointTable``, when the sheet was scored there
    /// (``scoreWholePoints(_:plan:)``).
    var preparedLines: [Int32]
    /// Per dimension: the score 0–100, or NaN when too few of its items were answered.
    var dimensionScores: [Double]
    /// Per dimension: how many of its items were scored, and their summed weight.
    var answeredCounts: [Int]
    var answeredWeights: [Double]
    /// The overall score 0–100, or NaN when no dimension had enough answers.
    var overall = Double.nan

    init(plan: ScoringPlan) {
        numbers = AnswerPoints(layout: plan.layout)
        keyScores = Array(repeating: .nan, count: plan.keyCount)
        contributions = Array(repeating: 0, count: plan.keyCount)
        preparedLines = Array(repeating: -1, count: plan.keyCount)
        dimensionScores = Array(repeating: .nan, count: plan.dimensions.count)
        answeredCounts = Array(repeating: 0, count: plan.dimensions.count)
        answeredWeights = Array(repeating: 0, count: plan.dimensions.count)
    }

    /// Clears the answers before the next candidate.
    mutating func clearPoints() { numbers.clear() }

    /// Takes decoded answers: numbers into `points`, every answer scored by its key's rule.
    mutating func take(_ answers: [Answer?], plan: ScoringPlan) {
        for slot in answers.indices {
            if case .number(let value)? = answers[slot] {
                numbers.points[slot] = value
            } else {
                numbers.points[slot] = .nan
            }
        }
        var position = 0
        for compiled in plan.dimensions {
            for key in compiled.keys {
                keyScores[position] = answers[key.slot].flatMap { ScoringPlan.score($0, key.rule) } ?? .nan
                position += 1
            }
        }
    }

    /// Scores the keys from `points` alone, for forms whose answers are all numbers.
    mutating func scorePoints(plan: ScoringPlan) {
        let slots = plan.keySlots
        let rules = plan.keyLinearRules
        // Through buffers: an array element written in a loop checks its uniqueness each time.
        numbers.points.withUnsafeBufferPointer { points in
            keyScores.withUnsafeMutableBufferPointer { keyScores in
                for position in 0..<slots.count {
                    let point = points[slots[position]]
                    // A number on a choice or yes/no item cannot be scored, as in `ScoringPlan.score`.
                    if point.isNaN {
                        keyScores[position] = .nan
                    } else {
                        keyScores[position] = rules[position]?.score(point) ?? .nan
                    }
                }
            }
        }
    }

    /// Dimension scores, the overall score and each key's contribution, from `keyScores`.
    mutating func total(plan: ScoringPlan) {
        let weights = plan.keyWeights
        let dimensionWeights = plan.dimensionWeights
        var scoredWeight = 0.0
        var scoredDimensions = 0
        for (index, keys) in plan.dimensionKeys.enumerated() {
            var weighted = 0.0
            var answeredWeight = 0.0
            var answered = 0
            for position in keys {
                let score = keyScores[position]
                guard !score.isNaN else { continue }
                weighted += weights[position] * score
                answeredWeight += weights[position]
                answered += 1
            }
            let enough = answered > 0 && Double(answered) >= plan.minimumAnswered * Double(keys.count) - 1e-9
            dimensionScores[index] = enough ? 100 * weighted / answeredWeight : .nan
            answeredCounts[index] = answered
            answeredWeights[index] = answeredWeight
            if enough {
                scoredWeight += dimensionWeights[index]
                scoredDimensions += 1
            }
        }
        // Too few dimensions scored: no overall score, and no item adds points to one.
        if scoredDimensions < plan.minimumDimensions { scoredWeight = 0 }
        overall = .nan
        if scoredWeight > 0 {
            var total = 0.0
            for index in dimensionScores.indices where !dimensionScores[index].isNaN {
                total += dimensionWeights[index] * dimensionScores[index]
            }
            overall = total / scoredWeight
        }
        for (index, keys) in plan.dimensionKeys.enumerated() {
            let dimensionScore = dimensionScores[index]
            for position in keys {
                let itemScore = keyScores[position]
                contributions[position] =
                    dimensionScore.isNaN || itemScore.isNaN || scoredWeight == 0
                    ? 0
                    : Self.contribution(
                        dimensionWeight: dimensionWeights[index], scoredWeight: scoredWeight,
                        keyWeight: weights[position], answeredWeight: answeredWeights[index], itemScore: itemScore)
            }
        }
    }
}

extension ScoreSheet {
    /// The points an item adds to the overall score (README, "Scoring method", step 5):
    /// 100 · (W / ΣW of the dimensions scored) · (w / Σw answered in the dimension) · s. The one
    /// place the formula is written, so a prepared line and a computed one agree bit for bit.
    @inline(__always)
    static func contribution(
        dimensionWeight: Double, scoredWeight: Double, keyWeight: Double, answeredWeight: Double, itemScore: Double
    ) -> Double {
        100 * (dimensionWeight / scoredWeight) * (keyWeight / answeredWeight) * itemScore
    }

    /// A dimension's score, or `nil` when too few of its items were answered.
    func dimensionScore(_ index: Int) -> Double? {
        dimensionScores[index].isNaN ? nil : dimensionScores[index]
    }
}
