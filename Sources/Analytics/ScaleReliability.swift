import Psychometrics
import QuestionnaireEngine
import Scoring
import Submissions

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
    /// psych's alpha family over complete cases (the `alpha` above is its raw α) and with
    /// pairwise deletion (psych's and pingouin's default), `nil` when undefined.
    public var listwise: AlphaCoefficients?
    public var pairwise: AlphaCoefficients?
    /// McDonald's ω from a one-factor minres analysis of the complete cases' item correlations.
    public var omega: Omega?
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
    /// Why the item needs attention, if it does.
    public var concern: ItemConcern?
    /// The concern in a sentence, with advice that fits the item's type (set by the analysis,
    /// which knows the item).
    public var flag: String?
}

/// What is wrong with an item, statistically.
public enum ItemConcern: Sendable, Hashable {
    /// Nobody varies on it: every answer scores the same.
    case invariant(score: Double)
    /// It correlates negatively with the rest of its dimension.
    case runsAgainst(r: Double)
    /// Its corrected item–total correlation is under 0.20.
    case weak(r: Double)

    /// The concern in one sentence, with advice that fits the item's type: reverse keying for a
    /// statement, the option scores for a choice, the anchors for a rating.
    public func advice(for item: Item?) -> String {
        let kind = item?.kind
        switch self {
        case .invariant(let score):
            return
                "Nobody varies on this item: every answer scores \(twoDecimals(score)), so it cannot tell candidates apart; reword it or leave it out."
        case .runsAgainst(let r):
            let check: String
            switch kind {
            case .likert?, .yesno?: check = "check whether it should be reverse-keyed ('reverse')"
            case .choice?, .multi?: check = "check which option is scored best (its options' 'score')"
            case .rating?: check = "check its anchors: a high rating should mean what the dimension measures"
            case .number?: check = "check its key's 'from' and 'to'"
            case .text?, nil: check = "check how it is keyed"
            }
            return "It runs against the rest of its dimension (item–total r \(twoDecimals(r))): \(check)."
        case .weak(let r):
            let advice: String
            switch kind {
            case .likert?, .yesno?, .number?: advice = "reword it or leave it out"
            case .choice?, .multi?:
                advice = "its options barely separate strong answers from weak ones; review their scores"
            case .rating?: advice = "interviewers may read its anchors differently; sharpen them"
            case .text?, nil: advice = "review it"
            }
            return "It adds little to its dimension (item–total r \(twoDecimals(r)), below 0.20): \(advice)."
        }
    }
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
        compute(
            dimensionID: dimensionID, itemIDs: itemIDs, matrix: ArrayMatrix(scores: scores, answers: answers),
            dimensionScores: dimensionScores)
    }

    /// - Parameters:
    ///   - itemColumns: the dimension's item scores, one array per item (NaN when unanswered),
    ///     read once for every dimension.
    ///   - answerCounts: how often each answer was given, per item.
    static func compute(
        dimensionID: String, itemIDs: [String], dimensionScores: [Double], itemColumns: [ScoreColumn],
        answerCounts: [[Answer: Int]]
    ) -> ScaleReliability {
        compute(
            dimensionID: dimensionID, itemIDs: itemIDs, matrix: ColumnMatrix(columns: itemColumns),
            dimensionScores: dimensionScores, itemColumns: itemColumns, answerCounts: answerCounts)
    }

    static func compute(
        dimensionID: String, itemIDs: [String], matrix: some ItemMatrix, dimensionScores: [Double],
        itemColumns: [ScoreColumn]? = nil, answerCounts: [[Answer: Int]]? = nil
    ) -> ScaleReliability {
        let k = itemIDs.count
        var notes: [String] = []
        let moments = Moments(matrix, columns: k)
        let n = moments.count
        var alpha: Double?
        if k >= 2, n >= 2, moments.totalVariance > 1e-12 {
            alpha = Double(k) / Double(k - 1) * (1 - moments.itemVariances.reduce(0, +) / moments.totalVariance)
        }
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
            lower = 1 - (1 - alpha) * Distributions.fQuantile(0.975, d1, d2)
            upper = 1 - (1 - alpha) * Distributions.fQuantile(0.025, d1, d2)
            if alpha < 0.7 {
                notes.append(
                    "Alpha \(twoDecimals(alpha)) is below 0.70: scores on this dimension are not reliable enough to rank people on alone."
                )
            }
        }

        // The moments of the complete cases give every figure r.drop and alpha-if-dropped need:
        // var(T − xᵢ) = var(T) − 2·cov(xᵢ, T) + var(xᵢ), and cov(xᵢ, T − xᵢ) = cov(xᵢ, T) − var(xᵢ).
        var items: [ItemStatistic] = []
        for (column, id) in itemIDs.enumerated() {
            var sum = 0.0
            var sumSquares = 0.0
            var answered = 0
            // One pass per item: moments of the item score and, when the caller did not count them
            // already, answer frequencies by the one counting rule (``AnswerCounts``).
            var counting = AnswerCounts(columns: answerCounts == nil ? 1 : 0)
            for row in 0..<matrix.rowCount {
                if let value = matrix.score(row, column) {
                    sum += value
                    sumSquares += value * value
                    answered += 1
                }
                guard answerCounts == nil, let answer = matrix.answer(row, column) else { continue }
                counting.add(answer, column: 0)
            }
            let counts = answerCounts?[column] ?? counting.byColumn[0]
            let frequencies = counts.map { AnswerCount(answer: $0.key.display, count: $0.value) }
                .sorted { answerOrder($0.answer, $1.answer) }
            let mean = answered > 0 ? sum / Double(answered) : nil
            var sd: Double?
            if answered >= 2, let mean {
                sd = max(0, (sumSquares - Double(answered) * mean * mean) / Double(answered - 1)).squareRoot()
            }
            var statistic = ItemStatistic(
                itemID: id, answered: answered, missing: matrix.rowCount - answered, mean: mean, sd: sd,
                correctedItemTotal: nil, alphaIfDropped: nil, frequencies: frequencies, concern: nil, flag: nil)
            if k >= 2 && n >= 3 {
                let itemVariance = moments.itemVariances[column]
                let restVariance = moments.totalVariance - 2 * moments.itemTotalCovariances[column] + itemVariance
                let covariance = moments.itemTotalCovariances[column] - itemVariance
                if itemVariance > 1e-12, restVariance > 1e-12 {
                    statistic.correctedItemTotal = covariance / (itemVariance * restVariance).squareRoot()
                }
                if k >= 3, restVariance > 1e-12 {
                    let remaining = moments.itemVariances.reduce(0, +) - itemVariance
                    statistic.alphaIfDropped = Double(k - 1) / Double(k - 2) * (1 - remaining / restVariance)
                }
            }
            if let sd = statistic.sd, sd < 1e-12 {
                statistic.concern = .invariant(score: statistic.mean ?? 0)
            } else if let r = statistic.correctedItemTotal, r < 0 {
                statistic.concern = .runsAgainst(r: r)
            } else if let r = statistic.correctedItemTotal, r < 0.2 {
                statistic.concern = .weak(r: r)
            }
            statistic.flag = statistic.concern?.advice(for: nil)
            items.append(statistic)
        }

        let mean = Statistics.mean(dimensionScores)
        let sd = Statistics.standardDeviation(dimensionScores)
        var sem: Double?
        if let sd, let alpha, alpha >= 0 {
            sem = sd * (1 - alpha).squareRoot()
        }
        // The item table once, NaN for a missing answer, for the coefficients that need all of it.
        let columns =
            itemColumns
            ?? (0..<k).map { column in ScoreColumn((0..<matrix.rowCount).map { matrix.score($0, column) ?? .nan }) }
        let listwiseItems = ItemCovariance(columns: columns, deletion: .listwise)
        // With nothing missing the two rules give the same matrices; only the label differs.
        var pairwiseItems = listwiseItems
        if columns.contains(where: \.hasMissing) {
            pairwiseItems = ItemCovariance(columns: columns, deletion: .pairwise)
        } else {
            pairwiseItems?.deletion = .pairwise
            if let rows = columns.first?.count { pairwiseItems?.cases = rows }
        }
        return ScaleReliability(
            dimensionID: dimensionID, completeCases: n, alpha: alpha, alphaLower: lower, alphaUpper: upper,
            items: items,
            scoreMean: mean, scoreSD: sd, sem: sem,
            listwise: listwiseItems.flatMap(AlphaCoefficients.init),
            pairwise: pairwiseItems.flatMap(AlphaCoefficients.init),
            omega: n >= 3 ? listwiseItems.flatMap { Omega($0.correlation, groups: 1) } : nil, notes: notes)
    }
}

/// The item scores and answers of one dimension, candidates by items.
protocol ItemMatrix {
    var rowCount: Int { get }
    func score(_ row: Int, _ column: Int) -> Double?
    func answer(_ row: Int, _ column: Int) -> Answer?
}

struct ArrayMatrix: ItemMatrix {
    let scores: [[Double?]]
    let answers: [[Answer?]]
    var rowCount: Int { scores.count }
    func score(_ row: Int, _ column: Int) -> Double? { scores[row][column] }
    func answer(_ row: Int, _ column: Int) -> Answer? { answers[row][column] }
}

/// A dimension's item scores from columns already read out (NaN when unanswered): contiguous
/// numbers for the passes over every candidate. Its answers were counted when the columns were
/// read, so it has none to give.
struct ColumnMatrix: ItemMatrix {
    let columns: [ScoreColumn]
    var rowCount: Int { columns.first?.count ?? 0 }
    func score(_ row: Int, _ column: Int) -> Double? {
        let value = columns[column][row]
        return value.isNaN ? nil : value
    }
    func answer(_ row: Int, _ column: Int) -> Answer? { nil }
}

/// Sample variances of each column and of the row totals, and each column's covariance with the
/// total, over the rows with every column present (two passes, centred on the means for accuracy).
struct Moments {
    var count: Int
    var itemVariances: [Double]
    var itemTotalCovariances: [Double]
    var totalVariance: Double

    /// Variances need two complete rows; with fewer, `count` says how many and the rest are 0.
    init(_ matrix: some ItemMatrix, columns k: Int) {
        var values = [Double](repeating: 0, count: k)
        func completeRow(_ row: Int) -> Bool {
            for column in 0..<k {
                guard let value = matrix.score(row, column) else { return false }
                values[column] = value
            }
            return true
        }
        var n = 0
        var means = [Double](repeating: 0, count: k)
        var totalMean = 0.0
        for row in 0..<matrix.rowCount where completeRow(row) {
            n += 1
            for column in 0..<k {
                means[column] += values[column]
                totalMean += values[column]
            }
        }
        count = n
        guard n >= 2 else {
            itemVariances = Array(repeating: 0, count: k)
            itemTotalCovariances = Array(repeating: 0, count: k)
            totalVariance = 0
            return
        }
        for column in 0..<k { means[column] /= Double(n) }
        totalMean /= Double(n)
        var variances = [Double](repeating: 0, count: k)
        var covariances = [Double](repeating: 0, count: k)
        var total = 0.0
        for row in 0..<matrix.rowCount where completeRow(row) {
            let centredTotal = values.reduce(0, +) - totalMean
            total += centredTotal * centredTotal
            for column in 0..<k {
                let centred = values[column] - means[column]
                variances[column] += centred * centred
                covariances[column] += centred * centredTotal
            }
        }
        let denominator = Double(n - 1)
        itemVariances = variances.map { $0 / denominator }
        itemTotalCovariances = covariances.map { $0 / denominator }
        totalVariance = total / denominator
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
