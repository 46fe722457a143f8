import QuestionnaireEngine
import Submissions

/// Turns the submissions for one candidate into a ``ScoreCard``. Pure: no files, no clock.
///
/// The method, precise enough to recompute by hand, is in README ("Scoring method").
public struct Scorer: Sendable {
    public let plan: ScoringPlan
    /// The plan's scorecard layout, prepared once.
    let prepared: PreparedScoreCard

    /// - Parameter explanation: how much of the explanation written scorecards carry.
    public init(plan: ScoringPlan, explanation: ExplanationDetail = .full) {
        self.plan = plan
        prepared = PreparedScoreCard(plan: plan, detail: explanation)
    }

    /// Scores one candidate.
    /// - Parameter submissions: one self-report form, or a panel's ratings (one per rater) for
    ///   the same candidate. Must not be empty.
    public func score(_ submissions: [Submission]) -> ScoreCard {
        var sheet = ScoreSheet(plan: plan)
        return score(submissions, on: &sheet)
    }

    /// Scores one candidate on a sheet that may be reused for the next.
    func score(_ submissions: [Submission], on sheet: inout ScoreSheet) -> ScoreCard {
        let first = submissions[0]
        let answers = combinedAnswers(submissions)
        sheet.take(answers, plan: plan)
        sheet.total(plan: plan)

        var dimensionScores: [DimensionScore] = []
        dimensionScores.reserveCapacity(plan.dimensions.count)
        for (index, compiled) in plan.dimensions.enumerated() {
            dimensionScores.append(
                DimensionScore(
                    id: compiled.dimension.id, name: compiled.dimension.name, weight: compiled.dimension.weight,
                    score: sheet.dimensionScore(index), answered: sheet.answeredCounts[index],
                    total: compiled.keys.count))
        }
        var explanation: [ItemExplanation] = []
        explanation.reserveCapacity(plan.keyCount)
        var position = 0
        for compiled in plan.dimensions {
            for key in compiled.keys {
                let itemScore = sheet.keyScores[position]
                explanation.append(
                    ItemExplanation(
                        itemID: key.itemID, dimensionID: compiled.dimension.id, answer: answers[key.slot],
                        itemScore: itemScore.isNaN ? nil : itemScore, weight: key.weight,
                        contribution: sheet.contributions[position]))
                position += 1
            }
        }

        var knockouts: [(knockout: Knockout, rater: String?)] = []
        for knockout in plan.knockouts {
            // Checked against each submission, so one rater's deciding rating is not averaged away.
            if let submission = submissions.first(where: { submission in
                knockout.fires { submission.answers[$0] }
            }) {
                knockouts.append((knockout.knockout, submission.rater))
            }
        }
        let verdict = verdict(overall: sheet.overall, firstKnockout: knockouts.first?.knockout)

        var ratings: [RaterRating] = []
        if submissions.contains(where: { $0.rater != nil }) {
            for submission in submissions {
                for (slot, answer) in submission.answers.enumerated() {
                    guard case .number(let value) = answer, case .rating = plan.items[slot].kind else { continue }
                    ratings.append(
                        RaterRating(
                            rater: submission.rater ?? "unnamed rater", itemID: plan.items[slot].id, value: value,
                            notes: submission.notes[slot]))
                }
            }
        }

        var card = ScoreCard(
            candidateID: first.candidate.id, candidateName: first.candidate.name, candidateEmail: first.candidate.email,
            role: first.candidate.role, questionnaireID: plan.questionnaire.id,
            questionnaireVersion: plan.questionnaire.version,
            rubricID: plan.rubric.id, rubricVersion: plan.rubric.version, raters: submissions.compactMap(\.rater),
            submitted: submissions.compactMap(\.submitted).max(), seconds: first.seconds,
            overall: sheet.overall.isNaN ? nil : sheet.overall, label: verdict.label, decision: verdict.decision,
            dimensions: dimensionScores,
            knockouts: knockouts.map { fired in
                fired.rater.map { "\(fired.knockout.label) (rated by \($0))" } ?? fired.knockout.label
            },
            flags: validityFlags(
                sheet: sheet, seconds: submissions.count == 1 ? first.seconds : nil, answer: { answers[$0] }),
            explanation: explanation, ratings: ratings, warnings: submissions.flatMap(\.warnings),
            sources: submissions.map(\.source))
        card.structures = submissions.compactMap { submission in
            submission.structure.map { RaterStructure(rater: submission.rater ?? "unnamed rater", summary: $0) }
        }
        if submissions.count > 1 && submissions.contains(where: { $0.rater != nil }) {
            card.raterResults = submissions.map { submission in
                let alone = score([submission])
                return RaterResult(
                    rater: submission.rater ?? "unnamed rater", overall: alone.overall, label: alone.label,
                    decision: alone.decision)
            }
        }
        return card
    }

    /// The label and decision: the first knockout's, else the band's (with its place among the
    /// rubric's bands), else "insufficient".
    func verdict(overall: Double, firstKnockout: Knockout?) -> (label: String, decision: String, band: Int?) {
        if let firstKnockout { return (firstKnockout.label, firstKnockout.decision, nil) }
        if !overall.isNaN, let index = plan.rubric.bandIndex(for: overall) {
            let band = plan.rubric.bands[index]
            return (band.label, band.decision, index)
        }
        return ("Insufficient answers", "insufficient", nil)
    }

    /// One answer per item: a single submission's, or for a panel the mean of the raters'
    /// numeric answers (other answers: the first rater's).
    func combinedAnswers(_ submissions: [Submission]) -> [Answer?] {
        guard submissions.count > 1 else { return submissions[0].answers }
        var combined: [Answer?] = Array(repeating: nil, count: plan.items.count)
        for slot in combined.indices {
            var sum = 0.0
            var count = 0
            for submission in submissions {
                guard let answer = submission.answers[slot] else { continue }
                if case .number(let value) = answer {
                    sum += value
                    count += 1
                } else if combined[slot] == nil {
                    combined[slot] = answer
                }
            }
            if count > 0 { combined[slot] = .number(sum / Double(count)) }
        }
        return combined
    }

    /// The validity flags of one candidate. Scale answers are read from the sheet; `answer` gives
    /// the others, for the candour scale and attention checks.
    func validityFlags(sheet: ScoreSheet, seconds: Double?, answer: (Int) -> Answer?) -> [ValidityFlag] {
        let rules = plan.rubric.validity
        var flags: [ValidityFlag] = []

        if !plan.desirabilityRules.isEmpty {
            var sum = 0.0
            var count = 0
            for (slot, rule) in plan.desirabilityRules {
                let point = sheet.numbers.points[slot]
                let given = point.isNaN ? answer(slot) : .number(point)
                guard let given, let score = ScoringPlan.score(given, rule) else { continue }
                sum += score
                count += 1
            }
            if count * 2 >= rules.desirabilityItems.count {
                let score = 100 * sum / Double(count)
                if score >= rules.desirabilityThreshold {
                    flags.append(
                        ValidityFlag(
                            kind: .desirability,
                            message:
                                "Candour scale at \(Answer.number(score.rounded()).display) (flagged from \(Answer.number(rules.desirabilityThreshold).display)): answers may paint an idealised picture, so read the other scores with care."
                        ))
                }
            }
        }

        var disagreements: [String] = []
        for (index, pair) in plan.consistencySlots.enumerated() {
            guard let a = keyedPoint(pair.first, sheet), let b = keyedPoint(pair.second, sheet) else { continue }
            if abs(a - b) > rules.consistencyMaxGap {
                let names = rules.consistencyPairs[index]
                disagreements.append(
                    "'\(names.first)' \(Answer.number(a).display) vs '\(names.second)' \(Answer.number(b).display)")
            }
        }
        if !disagreements.isEmpty {
            flags.append(
                ValidityFlag(
                    kind: .consistency,
                    message:
                        "\(disagreements.count) of \(rules.consistencyPairs.count) pairs of statements that should agree differ by more than \(Answer.number(rules.consistencyMaxGap).display) points (\(disagreements.joined(separator: ", ")))."
                ))
        }

        let scaleAnswers = ScaleAnswers(sheet.numbers.points, plan.scaleSlots)
        if let limit = rules.longStringRun, scaleAnswers.longestRun >= limit {
            flags.append(
                ValidityFlag(
                    kind: .longString,
                    message:
                        "The same answer was given \(scaleAnswers.longestRun) times in a row (flagged from \(limit)): check that each answer was given on its own merits."
                ))
        }

        let styleFlags = responseStyleFlags(sheet, scaleAnswers: scaleAnswers)
        if !styleFlags.isEmpty { flags += styleFlags }

        var missed: [String] = []
        for check in plan.attentionChecks where !check.isSatisfied(answer: answer) {
            missed.append(check.condition.referencedItems.joined(separator: ", "))
        }

        if !missed.isEmpty {
            flags.append(
                ValidityFlag(
                    kind: .attention,
                    message:
                        "Missed \(missed.count) of \(rules.attentionChecks.count) attention checks ('\(missed.joined(separator: "', '"))'): the instructions in those statements were not followed."
                ))
        }

        if let minimum = rules.minimumSeconds, let seconds, seconds < minimum {
            flags.append(
                ValidityFlag(
                    kind: .tooFast,
                    message:
                        "Completed in \(Answer.number(seconds.rounded()).display) seconds, under the \(Answer.number(minimum).display) expected for a careful reading."
                ))
        }
        return flags
    }

    /// The even–odd index shown for a half-profile correlation r, and whether it is flagged:
    /// Spearman–Brown 2r/(1 + r) for r ≥ 0, r itself below 0; flagged when r < −1e-9.
    static func evenOddConsistency(_ r: Double) -> (shown: Double, flagged: Bool) {
        (r >= 0 ? 2 * r / (1 + r) : max(r, -1), r < -1e-9)
    }

    /// What the careless-answering checks read from the scale answers, in one pass over them in
    /// question set order: the longest run of one answer (an unanswered item ends a run), and
    /// the count, sum and sum of squares of the likert answers.
    struct ScaleAnswers {
        var longestRun = 0
        var likertCount = 0
        var likertSum = 0.0
        var likertSquares = 0.0

        init(_ points: [Double], _ slots: [ScoringPlan.ScaleSlot]) {
            var run = 0
            points.withUnsafeBufferPointer { points in
                slots.withUnsafeBufferPointer { slots in
                    var previousBits = Double.nan.bitPattern
                    for slot in slots {
                        let point = points[slot.slot]
                        // An unanswered item (NaN) ends the run. Worked out with masks, not
                        // branches: whether two answers agree is a coin toss the processor
                        // cannot predict. Equal answers have equal bits once −0 is made +0.
                        let answered = point == point
                        let bits = (point + 0).bitPattern
                        let same = 0 &- Int(unsafeBitCast(bits == previousBits, to: UInt8.self))
                        let kept = 0 &- Int(unsafeBitCast(answered, to: UInt8.self))
                        run = (((run &+ 1) & same) | (1 & ~same)) & kept
                        previousBits = bits
                        longestRun = max(longestRun, run)
                        // Without branches: adding 0 to a sum that started at +0 leaves it as it is.
                        let counted = slot.isLikert && answered
                        let value = counted ? point : 0
                        likertCount &+= counted ? 1 : 0
                        likertSum += value
                        likertSquares += value * value
                    }
                }
            }
        }
    }

    /// Two careless-responding indices on self-report scales: intra-individual response
    /// variability (IRV, the SD of a person's answers; flagged under 0.5 points over 10 or more
    /// statements) and even–odd consistency: the mean keyed score (0–1) of the odd- and of the
    /// even-numbered statements of each dimension, correlated across the dimensions. Computed
    /// only with 4 or more dimensions holding both halves and both half-profiles with an SD of
    /// at least 0.1 (a flat profile makes the correlation noise). Spearman–Brown corrected,
    /// 2r/(1 + r), for r ≥ 0 only (for r < 0 it would fall below −1, which no correlation does),
    /// so a negative r is shown as it is. Flagged when r < 0 beyond rounding (|r| < 1e-9 counts
    /// as 0, not as negative).
    func responseStyleFlags(_ sheet: ScoreSheet, scaleAnswers: ScaleAnswers) -> [ValidityFlag] {
        var flags: [ValidityFlag] = []
        let count = scaleAnswers.likertCount
        if count >= 10 {
            let mean = scaleAnswers.likertSum / Double(count)
            let irv = max(0, (scaleAnswers.likertSquares - Double(count) * mean * mean) / Double(count - 1))
                .squareRoot()
            if irv < 0.5 {
                flags.append(
                    ValidityFlag(
                        kind: .lowVariability,
                        message:
                            "Answers barely vary (SD \(twoDecimals(irv)) scale points over \(count) statements): the candidate may not have read them."
                    ))
            }
        }
        // Per dimension with both halves, the mean of its odd and of its even statements, kept
        // on the stack: no allocation per candidate.
        let dimensionCount = plan.dimensionKeys.count
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * dimensionCount) { halves in
            var count = 0
            sheet.keyScores.withUnsafeBufferPointer { keyScores in
                plan.keyIsLikert.withUnsafeBufferPointer { likert in
                    for keys in plan.dimensionKeys {
                        var odd = (sum: 0.0, count: 0)
                        var even = (sum: 0.0, count: 0)
                        var position = keys.lowerBound
                        while position < keys.upperBound {
                            // Odd-numbered statements sit at even offsets from the dimension's first.
                            let oddScore = keyScores[position]
                            if likert[position] && !oddScore.isNaN {
                                odd.sum += oddScore
                                odd.count &+= 1
                            }
                            if position &+ 1 < keys.upperBound {
                                let evenScore = keyScores[position &+ 1]
                                if likert[position &+ 1] && !evenScore.isNaN {
                                    even.sum += evenScore
                                    even.count &+= 1
                                }
                            }
                            position &+= 2
                        }
                        if odd.count > 0 && even.count > 0 {
                            halves[count] = odd.sum / Double(odd.count)
                            halves[dimensionCount &+ count] = even.sum / Double(even.count)
                            count &+= 1
                        }
                    }
                }
            }
            let odd = UnsafeBufferPointer(rebasing: halves[0..<count])
            let even = UnsafeBufferPointer(rebasing: halves[dimensionCount..<(dimensionCount + count)])
            // A flat profile (every dimension alike) makes the correlation noise, so it needs spread.
            guard count >= 4, (Statistics.standardDeviation(odd) ?? 0) >= 0.1,
                (Statistics.standardDeviation(even) ?? 0) >= 0.1,
                let r = Statistics.correlation(odd, even)
            else { return }
            let (corrected, flagged) = Self.evenOddConsistency(r)
            if flagged {
                flags.append(
                    ValidityFlag(
                        kind: .evenOdd,
                        message:
                            "Odd- and even-numbered statements of the same dimensions disagree (even–odd consistency \(twoDecimals(corrected))): answers may be careless."
                    ))
            }
        }
        return flags
    }

    /// A scale answer with the item's own reverse keying applied, in scale points.
    func keyedPoint(_ slot: Int?, _ sheet: ScoreSheet) -> Double? {
        guard let slot, let range = plan.scaleRanges[slot] else { return nil }
        let value = sheet.numbers.points[slot]
        guard !value.isNaN else { return nil }
        if case .likert(_, true) = plan.items[slot].kind {
            return Double(range.lowerBound + range.upperBound) - value
        }
        return value
    }
}
