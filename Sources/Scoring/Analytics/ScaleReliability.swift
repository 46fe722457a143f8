import QuestionnaireEngine

/// Reliability and item statistics of one dimension across a batch, the figures an I/O
/// psychologist checks before trusting its scores.
public struct ScaleReliability: Sendable, Hashable {
    public var dimensionID: String
    /// Candidates with every item of the dimension answered: alpha is computed on them.
    public var completeCases: Int
    /// Cronbach's alpha, or `nil` with a note when undefined.
    public var alpha: Double?
    /// The 95% confidence interval of alpha (Feldt, 1965).
    public var alphaLower: Double?
    public var alphaUpper: Double?
    public var items: [ItemStatistic]
    /// Mean and standard deviation of the dimension score (0–100) over candidates who have one.
    public var scoreMean: Double?
    public var scoreSD: Double?
    /// The standard error of measurement, SD × √(1 − alpha), in score points: show a score as
    /// score ± SEM rather than with false precision.
    public var sem: Double?
    /// Why a figure is missing, or what to watch for, in sentences.
    public var notes: [String]
}

/// One item's statistics within its dimension.
public struct ItemStatistic: Sendable, Hashable {
    public var itemID: String
    public var answered: Int
    public var missing: Int
    /// Mean and SD of the keyed item score (0–1).
    public var mean: Double?
    public var sd: Double?
    /// The corrected item–total correlation (r.drop): the item against the sum of the others.
    public var correctedItemTotal: Double?
    /// Alpha of the dimension without this item.
    public var alphaIfDropped: Double?
    /// How often each answer was given, in answer order.
    public var frequencies: [AnswerCount]
    /// A sentence when the item needs attention: weak, likely mis-keyed, or invariant.
    public var flag: String?
}

public struct AnswerCount: Sendable, Hashable {
    public var answer: String
    public var count: Int
}

extension ScaleReliability {
    /// Computes a dimension's statistics from the batch's scorecards.
    /// - Parameter rows: per candidate, the keyed item scores of the dimension in key order
    ///   (`nil` when unanswered) and the raw answers for frequencies.
    static func compute(
        dimensionID: String, itemIDs: [String], scores: [[Double?]], answers: [[Answer?]], dimensionScores: [Double]
    ) -> ScaleReliability {
        let k = itemIDs.count
        var notes: [String] = []
        let complete = scores.compactMap { row -> [Double]? in
            let values = row.compactMap { $0 }
            return values.count == k ? values : nil
        }
        let n = complete.count
        let alpha = cronbachAlpha(complete)
        var lower: Double?
        var upper: Double?
        if k < 2 {
            notes.append("Alpha needs at least 2 items; this dimension has \(k).")
        } else if n < 3 {
            notes.append("Alpha needs at least 3 candidates who answered every item; there are \(n).")
        } else if alpha == nil {
            notes.append("Alpha is undefined: total scores do not vary across the \(n) complete cases.")
        } else if let alpha {
            let d1 = Double(n - 1)
            let d2 = Double((n - 1) * (k - 1))
            lower = 1 - (1 - alpha) * Statistics.fQuantile(0.975, d1, d2)
            upper = 1 - (1 - alpha) * Statistics.fQuantile(0.025, d1, d2)
            if alpha < 0.7 {
                notes.append(
                    "Alpha \(twoDecimals(alpha)) is below 0.70: scores on this dimension are not reliable enough to rank people on alone."
                )
            }
        }

        var items: [ItemStatistic] = []
        for (column, id) in itemIDs.enumerated() {
            let values = scores.compactMap { $0[column] }
            var counts: [String: Int] = [:]
            var order: [String] = []
            for row in answers {
                guard let answer = row[column] else { continue }
                let key = answer.display
                if counts[key] == nil { order.append(key) }
                counts[key, default: 0] += 1
            }
            let frequencies = order.sorted(by: answerOrder).map { AnswerCount(answer: $0, count: counts[$0] ?? 0) }
            var statistic = ItemStatistic(
                itemID: id, answered: values.count, missing: scores.count - values.count, mean: Statistics.mean(values),
                sd: Statistics.standardDeviation(values), correctedItemTotal: nil, alphaIfDropped: nil,
                frequencies: frequencies,
                flag: nil)
            if k >= 2 && n >= 3 {
                let item = complete.map { $0[column] }
                let rest = complete.map { $0.reduce(0, +) - $0[column] }
                statistic.correctedItemTotal = Statistics.correlation(item, rest)
                if k >= 3 {
                    statistic.alphaIfDropped = cronbachAlpha(
                        complete.map { row in row.enumerated().filter { $0.offset != column }.map(\.element) })
                }
            }
            if let sd = statistic.sd, sd == 0 {
                statistic.flag =
                    "Nobody varies on this item: every answer scores \(twoDecimals(statistic.mean ?? 0)); it cannot tell candidates apart."
            } else if let r = statistic.correctedItemTotal, r < 0 {
                statistic.flag =
                    "Negative item–total correlation (\(twoDecimals(r))): the item runs against its dimension; check whether it should be reverse-keyed."
            } else if let r = statistic.correctedItemTotal, r < 0.2 {
                statistic.flag =
                    "Weak item–total correlation (\(twoDecimals(r)), below 0.20): the item adds little to its dimension."
            }
            items.append(statistic)
        }

        let mean = Statistics.mean(dimensionScores)
        let sd = Statistics.standardDeviation(dimensionScores)
        var sem: Double?
        if let sd, let alpha, alpha >= 0 {
            sem = sd * (1 - alpha).squareRoot()
        }
        return ScaleReliability(
            dimensionID: dimensionID, completeCases: n, alpha: alpha, alphaLower: lower, alphaUpper: upper,
            items: items,
            scoreMean: mean, scoreSD: sd, sem: sem, notes: notes)
    }

    /// α = k/(k−1) · (1 − Σ var(item) / var(total)), over complete rows; `nil` when undefined.
    static func cronbachAlpha(_ rows: [[Double]]) -> Double? {
        guard let k = rows.first?.count, k >= 2, rows.count >= 2 else { return nil }
        var itemVariances = 0.0
        for column in 0..<k {
            guard let variance = Statistics.variance(rows.map { $0[column] }) else { return nil }
            itemVariances += variance
        }
        guard let total = Statistics.variance(rows.map { $0.reduce(0, +) }), total > 0 else { return nil }
        return Double(k) / Double(k - 1) * (1 - itemVariances / total)
    }
}

/// Numbers in numeric order, other answers alphabetically after them.
func answerOrder(_ lhs: String, _ rhs: String) -> Bool {
    switch (Double(lhs), Double(rhs)) {
    case (let a?, let b?): a < b
    case (.some, nil): true
    case (nil, .some): false
    case (nil, nil): lhs < rhs
    }
}

/// Two decimals for sentences: `0.83`.
func twoDecimals(_ value: Double) -> String {
    guard value.isFinite else { return "n/a" }
    let hundredths = (value * 100).rounded()
    let sign = hundredths < 0 ? "-" : ""
    let magnitude = Int(abs(hundredths))
    return "\(sign)\(magnitude / 100).\(magnitude % 100 < 10 ? "0" : "")\(magnitude % 100)"
}
