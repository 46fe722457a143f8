import QuestionnaireEngine

/// Turns the submissions for one candidate into a ``ScoreCard``. Pure: no files, no clock.
///
/// The method, precise enough to recompute by hand, is in README ("Scoring method").
public struct Scorer: Sendable {
    public let plan: ScoringPlan
    let fragments: ExplanationFragments

    public init(plan: ScoringPlan) {
        self.plan = plan
        fragments = ExplanationFragments(plan: plan)
    }

    /// Scores one candidate.
    /// - Parameter submissions: one self-report form, or a panel's ratings (one per rater) for
    ///   the same candidate. Must not be empty.
    public func score(_ submissions: [Submission]) -> ScoreCard {
        let first = submissions[0]
        let answers = combinedAnswers(submissions)
        let rubric = plan.rubric

        // Item scores, computed once per key (in explanation order) and reused below.
        var itemScores: [Double?] = []
        itemScores.reserveCapacity(plan.keyCount)
        var dimensionScores: [DimensionScore] = []
        var perDimension: [(score: Double, weight: Double)?] = []
        for compiled in plan.dimensions {
            var weighted = 0.0
            var answeredWeight = 0.0
            var answered = 0
            for key in compiled.keys {
                let score = answers[key.slot].flatMap { ScoringPlan.score($0, key.rule) }
                itemScores.append(score)
                guard let score else { continue }
                weighted += key.weight * score
                answeredWeight += key.weight
                answered += 1
            }
            let enough = answered > 0 && Double(answered) >= rubric.minimumAnswered * Double(compiled.keys.count) - 1e-9
            let score = enough ? 100 * weighted / answeredWeight : nil
            perDimension.append(score.map { ($0, answeredWeight) })
            dimensionScores.append(
                DimensionScore(
                    id: compiled.dimension.id, name: compiled.dimension.name, weight: compiled.dimension.weight,
                    score: score,
                    answered: answered, total: compiled.keys.count))
        }

        var scoredWeight = 0.0
        var overall: Double?
        for (compiled, result) in zip(plan.dimensions, perDimension) where result != nil {
            scoredWeight += compiled.dimension.weight
        }
        if scoredWeight > 0 {
            var total = 0.0
            for (compiled, result) in zip(plan.dimensions, perDimension) {
                if let result { total += compiled.dimension.weight * result.score }
            }
            overall = total / scoredWeight
        }

        var explanation: [ItemExplanation] = []
        explanation.reserveCapacity(plan.keyCount)
        var position = 0
        for (dimensionIndex, compiled) in plan.dimensions.enumerated() {
            let result = perDimension[dimensionIndex]
            for key in compiled.keys {
                let itemScore = itemScores[position]
                position += 1
                var contribution = 0.0
                if let result, let itemScore {
                    contribution =
                        100 * (compiled.dimension.weight / scoredWeight) * (key.weight / result.weight) * itemScore
                }
                explanation.append(
                    ItemExplanation(
                        itemID: key.itemID, dimensionID: compiled.dimension.id, answer: answers[key.slot],
                        itemScore: itemScore, weight: key.weight, contribution: contribution))
            }
        }

        let knockouts = firedKnockouts(submissions)
        let band = overall.flatMap { rubric.band(for: $0) }
        let label: String
        let decision: String
        if let knockout = knockouts.first {
            label = knockout.knockout.label
            decision = knockout.knockout.decision
        } else if let band {
            label = band.label
            decision = band.decision
        } else {
            label = "Insufficient answers"
            decision = "insufficient"
        }

        var ratings: [RaterRating] = []
        if submissions.contains(where: { $0.rater != nil }) {
            for submission in submissions {
                for (slot, answer) in submission.answers.enumerated() {
                    guard case .number(let value) = answer, case .rating = plan.items[slot].kind else { continue }
                    ratings.append(
                        RaterRating(
                            rater: submission.rater ?? "unnamed rater", itemID: plan.items[slot].id, value: value,
                            note: submission.notes[slot]))
                }
            }
        }

        return ScoreCard(
            candidateID: first.candidate.id, candidateName: first.candidate.name, candidateEmail: first.candidate.email,
            role: first.candidate.role, questionnaireID: plan.questionnaire.id,
            questionnaireVersion: plan.questionnaire.version,
            rubricID: rubric.id, rubricVersion: rubric.version, raters: submissions.compactMap(\.rater),
            submitted: submissions.compactMap(\.submitted).max(), seconds: first.seconds, overall: overall,
            label: label,
            decision: decision, dimensions: dimensionScores,
            knockouts: knockouts.map { fired in
                fired.rater.map { "\(fired.knockout.label) (rated by \($0))" } ?? fired.knockout.label
            },
            flags: validityFlags(answers: answers, seconds: submissions.count == 1 ? first.seconds : nil),
            explanation: explanation, ratings: ratings, warnings: submissions.flatMap(\.warnings),
            sources: submissions.map(\.source))
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

    /// Knockouts are checked against each submission, so one rater's deciding rating is not
    /// averaged away by the panel.
    func firedKnockouts(_ submissions: [Submission]) -> [(knockout: Knockout, rater: String?)] {
        var fired: [(Knockout, String?)] = []
        for knockout in plan.rubric.knockouts {
            let referenced = knockout.condition.referencedItems.compactMap { plan.slots[$0] }
            for submission in submissions {
                var answers: [String: Answer] = [:]
                for slot in referenced {
                    if let answer = submission.answers[slot] { answers[plan.items[slot].id] = answer }
                }
                if knockout.condition.isSatisfied(by: answers) {
                    fired.append((knockout, submission.rater))
                    break
                }
            }
        }
        return fired
    }

    func validityFlags(answers: [Answer?], seconds: Double?) -> [ValidityFlag] {
        let rules = plan.rubric.validity
        var flags: [ValidityFlag] = []

        if !rules.desirabilityItems.isEmpty {
            var scores: [Double] = []
            for id in rules.desirabilityItems {
                guard let slot = plan.slots[id], let answer = answers[slot],
                    let score = ScoringPlan.score(answer, ScoringPlan.rule(for: plan.items[slot], key: nil))
                else { continue }
                scores.append(score)
            }
            if scores.count * 2 >= rules.desirabilityItems.count {
                let score = 100 * scores.reduce(0, +) / Double(scores.count)
                if score >= rules.desirabilityThreshold {
                    flags.append(
                        ValidityFlag(
                            kind: "desirability",
                            message:
                                "Candour scale at \(Answer.number(score.rounded()).display) (flagged from \(Answer.number(rules.desirabilityThreshold).display)): answers may paint an idealised picture, so read the other scores with care."
                        ))
                }
            }
        }

        var disagreements: [String] = []
        for pair in rules.consistencyPairs {
            guard let a = keyedPoint(pair.first, answers), let b = keyedPoint(pair.second, answers) else { continue }
            if abs(a - b) > rules.consistencyMaxGap {
                disagreements.append(
                    "'\(pair.first)' \(Answer.number(a).display) vs '\(pair.second)' \(Answer.number(b).display)")
            }
        }
        if !disagreements.isEmpty {
            flags.append(
                ValidityFlag(
                    kind: "consistency",
                    message:
                        "\(disagreements.count) of \(rules.consistencyPairs.count) pairs of statements that should agree differ by more than \(Answer.number(rules.consistencyMaxGap).display) points (\(disagreements.joined(separator: ", ")))."
                ))
        }

        if let limit = rules.longStringRun {
            var longest = 0
            var run = 0
            var previous: Double?
            for (slot, range) in plan.scaleRanges.enumerated() where range != nil {
                if case .number(let value) = answers[slot] {
                    run = value == previous ? run + 1 : 1
                    previous = value
                } else {
                    run = 0
                    previous = nil
                }
                longest = max(longest, run)
            }
            if longest >= limit {
                flags.append(
                    ValidityFlag(
                        kind: "long-string",
                        message:
                            "The same answer was given \(longest) times in a row (flagged from \(limit)): check that each answer was given on its own merits."
                    ))
            }
        }

        flags += responseStyleFlags(answers: answers)

        var missed: [String] = []
        for check in rules.attentionChecks {
            var given: [String: Answer] = [:]
            for id in check.referencedItems {
                if let slot = plan.slots[id], let answer = answers[slot] { given[id] = answer }
            }
            if !check.isSatisfied(by: given) { missed.append(check.referencedItems.joined(separator: ", ")) }
        }
        if !missed.isEmpty {
            flags.append(
                ValidityFlag(
                    kind: "attention",
                    message:
                        "Missed \(missed.count) of \(rules.attentionChecks.count) attention checks ('\(missed.joined(separator: "', '"))'): the instructions in those statements were not followed."
                ))
        }

        if let minimum = rules.minimumSeconds, let seconds, seconds < minimum {
            flags.append(
                ValidityFlag(
                    kind: "too-fast",
                    message:
                        "Completed in \(Answer.number(seconds.rounded()).display) seconds, under the \(Answer.number(minimum).display) expected for a careful reading."
                ))
        }
        return flags
    }

    /// Two careless-responding indices on self-report scales: intra-individual response
    /// variability (IRV, the SD of a person's answers; flagged under 0.5 points over 10 or more
    /// statements) and even–odd consistency (odd- and even-numbered items of each dimension,
    /// correlated across 4 or more dimensions whose scores differ, Spearman–Brown corrected;
    /// flagged below 0).
    func responseStyleFlags(answers: [Answer?]) -> [ValidityFlag] {
        var flags: [ValidityFlag] = []
        // Running sums: no arrays on this per-submission path.
        var count = 0
        var sum = 0.0
        var sumSquares = 0.0
        for slot in answers.indices where plan.likertSlots[slot] {
            guard case .number(let value) = answers[slot] else { continue }
            count += 1
            sum += value
            sumSquares += value * value
        }
        if count >= 10 {
            let mean = sum / Double(count)
            let irv = max(0, (sumSquares - Double(count) * mean * mean) / Double(count - 1)).squareRoot()
            if irv < 0.5 {
                flags.append(
                    ValidityFlag(
                        kind: "low-variability",
                        message:
                            "Answers barely vary (SD \(twoDecimals(irv)) scale points over \(count) statements): the candidate may not have read them."
                    ))
            }
        }
        var halves = (odd: [Double](), even: [Double]())
        halves.odd.reserveCapacity(plan.dimensions.count)
        halves.even.reserveCapacity(plan.dimensions.count)
        for compiled in plan.dimensions {
            var odd = (sum: 0.0, count: 0)
            var even = (sum: 0.0, count: 0)
            for (position, key) in compiled.keys.enumerated() {
                guard plan.likertSlots[key.slot], let answer = answers[key.slot],
                    let score = ScoringPlan.score(answer, key.rule)
                else { continue }
                if position % 2 == 0 {
                    odd.sum += score
                    odd.count += 1
                } else {
                    even.sum += score
                    even.count += 1
                }
            }
            if odd.count > 0 && even.count > 0 {
                halves.odd.append(odd.sum / Double(odd.count))
                halves.even.append(even.sum / Double(even.count))
            }
        }
        // A flat profile (every dimension alike) makes the correlation noise, so it needs spread.
        if halves.odd.count >= 4, (Statistics.standardDeviation(halves.odd) ?? 0) >= 0.1,
            (Statistics.standardDeviation(halves.even) ?? 0) >= 0.1,
            let r = Statistics.correlation(halves.odd, halves.even)
        {
            // Spearman–Brown; a perfect negative correlation stays −1 rather than dividing by zero.
            let corrected = r <= -1 ? -1 : 2 * r / (1 + r)
            if corrected < 0 {
                flags.append(
                    ValidityFlag(
                        kind: "even-odd",
                        message:
                            "Odd- and even-numbered statements of the same dimensions disagree (even–odd consistency \(twoDecimals(corrected))): answers may be careless."
                    ))
            }
        }
        return flags
    }

    /// A scale answer with the item's own reverse keying applied, in scale points.
    func keyedPoint(_ id: String, _ answers: [Answer?]) -> Double? {
        guard let slot = plan.slots[id], case .number(let value) = answers[slot], let range = plan.scaleRanges[slot]
        else {
            return nil
        }
        if case .likert(_, true) = plan.items[slot].kind {
            return Double(range.lowerBound + range.upperBound) - value
        }
        return value
    }
}
