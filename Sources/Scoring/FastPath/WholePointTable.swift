import QuestionnaireEngine
import Submissions

/// The usual form's numbers, worked out once per plan: for each key on a whole-number scale, each
/// scale point's item score, its weighted score and the points it adds to the overall score when
/// every keyed item is answered (the usual case). The stream's fast path scores such a form by
/// looking its answers up here (``ScoreSheet/scoreWholePoints(_:)``), and the explanation's
/// prepared lines are written from the same numbers (``ExplanationFragments``).
///
/// Every number is computed by the scoring method's own functions (``ScoringPlan/score(_:_:)``,
/// ``ScoreSheet/contribution(dimensionWeight:scoredWeight:keyWeight:answeredWeight:itemScore:)``)
/// from the values ``ScoreSheet/total(plan:)`` would use for a form answering every item, summed
/// in the same order, so a form looked up here gets its numbers bit for bit.
///
/// A class: the stream reads it for every form, and a struct of arrays read out of its owner is
/// copied, one reference count per array.
final class WholePointTable: Sendable {
    /// A key: the slot it reads, and where its scale points' lines are (`first` is −1 for a key
    /// not on a whole-number scale of at most 101 points).
    struct Key: Sendable {
        var slot: Int
        var low: Double
        /// `high − low`: at most 100.
        var span: Double
        var first: Int

        var pointCount: Int { first < 0 ? 0 : Int(span) + 1 }
    }

    /// One scale point of one key.
    struct Line: Sendable {
        /// The item score in [0, 1].
        var score: Double
        /// The key's weight times the item score, as a dimension sums it.
        var weighted: Double
        /// The points added to the overall score when every keyed item is answered.
        var contribution: Double
    }

    let keys: [Key]
    let lines: [Line]
    /// Per dimension: the summed weight of its keys, its answered weight when all are answered.
    let keyWeightSums: [Double]
    /// The summed weight of the dimensions, the scored weight when all are scored.
    let dimensionWeightSum: Double
    /// Whether a form answering every key on a point of its scale is scored here: every key has
    /// lines, and such a form has every dimension scored and an overall score, the state the
    /// lines' contributions are worked out for.
    let scoresFullForms: Bool

    init(plan: ScoringPlan) {
        var keys: [Key] = []
        var lines: [Line] = []
        var keyWeightSums: [Double] = []
        // Summed as `ScoreSheet.total` sums them for a form answering everything.
        var dimensionWeightSum = 0.0
        var everyDimensionScored = true
        for (index, keyRange) in plan.dimensionKeys.enumerated() {
            var answeredWeight = 0.0
            for position in keyRange { answeredWeight += plan.keyWeights[position] }
            keyWeightSums.append(answeredWeight)
            let answered = keyRange.count
            let enough = answered > 0 && Double(answered) >= plan.minimumAnswered * Double(answered) - 1e-9
            if enough && answeredWeight > 0 && answeredWeight.isFinite {
                dimensionWeightSum += plan.dimensionWeights[index]
            } else {
                everyDimensionScored = false
            }
        }
        for (index, compiled) in plan.dimensions.enumerated() {
            for key in compiled.keys {
                guard case .linear(let low, let high, _) = key.rule, low == low.rounded(), high == high.rounded(),
                    high > low, high - low <= 100, abs(low) < 1e6
                else {
                    keys.append(Key(slot: key.slot, low: 0, span: -1, first: -1))
                    continue
                }
                keys.append(Key(slot: key.slot, low: low, span: high - low, first: lines.count))
                for point in Int(low)...Int(high) {
                    let score = ScoringPlan.score(.number(Double(point)), key.rule) ?? 0
                    let contribution = ScoreSheet.contribution(
                        dimensionWeight: compiled.dimension.weight, scoredWeight: dimensionWeightSum,
                        keyWeight: key.weight, answeredWeight: keyWeightSums[index], itemScore: score)
                    lines.append(Line(score: score, weighted: key.weight * score, contribution: contribution))
                }
            }
        }
        self.keys = keys
        self.lines = lines
        self.keyWeightSums = keyWeightSums
        self.dimensionWeightSum = dimensionWeightSum
        scoresFullForms =
            everyDimensionScored && keys.allSatisfy { $0.first >= 0 }
            && plan.dimensions.count >= plan.minimumDimensions && dimensionWeightSum > 0
            && dimensionWeightSum.isFinite
    }

    /// The line of a key's scale point, when the point is a whole number on the key's scale.
    @inline(__always)
    static func line(_ key: Key, point: Double) -> Int? {
        // NaN and points off the scale fail the bounds test (a key without lines has span −1).
        let offset = point - key.low
        guard offset >= 0, offset <= key.span else { return nil }
        // Between 2^52 and 2^53 doubles are the whole numbers: adding 2^52 rounds the offset to
        // one, kept in the low bits, and changes it unless it was whole already.
        let shifted = offset + 0x1p52
        guard shifted - 0x1p52 == offset else { return nil }
        return key.first &+ Int(truncatingIfNeeded: shifted.bitPattern & 0xFFFF)
    }
}

extension ScoreSheet {
    /// Scores a form that answers every key on a point of its scale by looking each answer up in
    /// the plan's table: the same numbers ``scorePoints(plan:)`` and ``total(plan:)`` give it, bit
    /// for bit, and each key's line in `lines`. Returns `false`, with the sheet to be scored the
    /// general way, for any other form or when the table does not score full forms.
    mutating func scoreWholePoints(_ table: WholePointTable, plan: ScoringPlan) -> Bool {
        guard table.scoresFullForms else { return false }
        let dimensionWeights = plan.dimensionWeights
        var complete = true
        numbers.points.withUnsafeBufferPointer { points in
            table.keys.withUnsafeBufferPointer { keys in
                table.lines.withUnsafeBufferPointer { lines in
                    keyScores.withUnsafeMutableBufferPointer { keyScores in
                        contributions.withUnsafeMutableBufferPointer { contributions in
                            preparedLines.withUnsafeMutableBufferPointer { prepared in
                                for (index, keyRange) in plan.dimensionKeys.enumerated() {
                                    var weighted = 0.0
                                    for position in keyRange {
                                        let key = keys[position]
                                        guard let line = WholePointTable.line(key, point: points[key.slot]) else {
                                            complete = false
                                            return
                                        }
                                        prepared[position] = Int32(truncatingIfNeeded: line)
                                        let numbers = lines[line]
                                        keyScores[position] = numbers.score
                                        contributions[position] = numbers.contribution
                                        weighted += numbers.weighted
                                    }
                                    let answeredWeight = table.keyWeightSums[index]
                                    dimensionScores[index] = 100 * weighted / answeredWeight
                                    answeredCounts[index] = keyRange.count
                                    answeredWeights[index] = answeredWeight
                                }
                            }
                        }
                    }
                }
            }
        }
        guard complete else { return false }
        var total = 0.0
        for index in dimensionScores.indices where !dimensionScores[index].isNaN {
            total += dimensionWeights[index] * dimensionScores[index]
        }
        overall = total / table.dimensionWeightSum
        return true
    }
}
