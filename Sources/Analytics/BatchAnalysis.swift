import Dispatch
import QuestionnaireEngine
import Scoring
import Submissions

/// Everything a batch says beyond its scorecards: reliability per dimension, rater agreement,
/// standings (percentiles), validity flag counts and adverse impact. Pure: data in, data out.
public struct BatchAnalysis: Sendable {
    public var candidates: Int
    public var reliability: [ScaleReliability]
    public var raterAgreement: RaterAgreement?
    public var adverseImpact: [AdverseImpact]
    /// Per scorecard (same order), the overall score's standing.
    public var standings: [Standing?]
    /// How many scorecards carry each kind of validity flag.
    public var flagCounts: [String: Int]
    public var decisionCounts: [String: Int]
    /// Candidates with no demographic field at all.
    public var withoutDemographics: Int
    /// The rubric's decisions from best to worst (the bands from the top, then knockouts'
    /// decisions, then `insufficient`), for listing counts in an order people read.
    public var decisionOrder: [String] = []
    /// Candidates to look at before anyone else: a knockout fired, or careless responding makes
    /// the score unreliable.
    public var actFirst: [ActFirst] = []
    /// ω hierarchical over the instrument and the correlations between dimensions.
    public var structure: InstrumentStructure?
    /// Item-level DIF per demographic field and group.
    public var dif: DifferentialItemFunctioning?
    /// The NYC Local Law 144 tables, when a sex or race/ethnicity field is present.
    public var biasAudit: BiasAudit?

    /// A candidate whose result needs a person's attention first.
    public struct ActFirst: Sendable, Hashable {
        public var candidateID: String
        public var name: String
        /// In plain words: the knockout's label, or the careless pattern seen.
        public var reason: String
    }

    /// Analyses a scored batch.
    /// - Parameters:
    ///   - norms: a saved norm group; without one, percentiles are within the batch.
    ///   - auditFields: the fields a bias audit reads, in place of the rubric's `biasAudit`.
    public static func analyse(
        _ outcome: BatchScorer.Outcome, plan: ScoringPlan, norms: NormGroup? = nil, auditFields: BiasAuditFields? = nil
    ) -> BatchAnalysis {
        let cards = outcome.scorecards
        var ranges: [Range<Int>] = []
        var offset = 0
        for dimension in plan.rubric.dimensions {
            ranges.append(offset..<offset + dimension.keys.count)
            offset += dimension.keys.count
        }
        let dimensionRanges = ranges
        // Taken out once: reading them through each (large) scorecard value would copy it.
        let explanations = cards.map(\.explanation)
        let dimensionScores = cards.map { $0.dimensions.map(\.score) }
        let itemColumns = Self.itemColumns(explanations, count: offset)
        // Task 0 computes everything but reliability, task 1 the instrument's factor structure,
        // tasks 2… one dimension each. They run on every core, the two longest first.
        let slots = ShareSlots<ScaleReliability>(count: ranges.count)
        let rest = ShareSlots<BatchAnalysis>(count: 1)
        let factors = ShareSlots<InstrumentStructure>(count: 1)
        DispatchQueue.concurrentPerform(iterations: dimensionRanges.count + 2) { task in
            guard task > 0 else {
                rest.set(0, [summary(outcome, plan: plan, norms: norms, auditFields: auditFields)])
                return
            }
            guard task > 1 else {
                factors.set(0, [InstrumentStructure.compute(plan: plan, itemColumns: itemColumns)])
                return
            }
            let index = task - 2
            let dimension = plan.rubric.dimensions[index]
            slots.set(
                index,
                [
                    ScaleReliability.compute(
                        dimensionID: dimension.id, itemIDs: dimension.keys.map(\.itemID),
                        explanations: explanations, range: dimensionRanges[index],
                        dimensionScores: dimensionScores.compactMap { $0[index] },
                        itemColumns: Array(itemColumns[dimensionRanges[index]]))
                ])
        }
        guard var analysis = rest.joined.first else {
            return summary(outcome, plan: plan, norms: norms, auditFields: auditFields)
        }
        analysis.reliability = slots.joined

        analysis.structure = factors.joined.first
        analysis.structure?.addCorrelations(
            plan: plan, dimensionScores: dimensionScores, reliability: analysis.reliability)
        if !analysis.adverseImpact.isEmpty {
            let people = outcome.groups.indices.map { index in
                DifferentialItemFunctioning.Person(
                    demographics: demographics(of: outcome.groups[index], plan: plan),
                    scores: itemColumns.map { $0[index] })
            }
            analysis.dif = DifferentialItemFunctioning.compute(
                people: people, plan: plan, impact: analysis.adverseImpact)
        }
        // Advice that fits each item's type.
        for scale in analysis.reliability.indices {
            for index in analysis.reliability[scale].items.indices {
                let statistic = analysis.reliability[scale].items[index]
                analysis.reliability[scale].items[index].flag = statistic.concern?.advice(
                    for: plan.questionnaire.item(withID: statistic.itemID))
            }
        }
        return analysis
    }

    /// Every key's item scores across the batch, one array per key position (NaN when
    /// unanswered), in one pass over the explanations: each is read once, not once per figure.
    static func itemColumns(_ explanations: [[ItemExplanation]], count: Int) -> [[Double]] {
        var columns = [[Double]](repeating: [Double](repeating: .nan, count: explanations.count), count: count)
        for (row, lines) in explanations.enumerated() {
            for (column, line) in lines.prefix(count).enumerated() {
                if let score = line.itemScore { columns[column][row] = score }
            }
        }
        return columns
    }

    /// Standings, flag and decision counts, rater agreement and adverse impact (no reliability).
    static func summary(
        _ outcome: BatchScorer.Outcome, plan: ScoringPlan, norms: NormGroup?, auditFields: BiasAuditFields?
    ) -> BatchAnalysis {
        let cards = outcome.scorecards
        let overallScores = cards.compactMap(\.overall).sorted()
        let batchMean = Statistics.mean(overallScores)
        let batchSD = Statistics.standardDeviation(overallScores)
        let overalls = cards.map(\.overall)
        let decisions = cards.map(\.decision)
        let reference = "this batch (n = \(overallScores.count))"
        let standings: [Standing?] = overalls.map { overall in
            guard let overall else { return nil }
            if let norms, norms.distributions["overall"] != nil { return norms.standing(of: overall) }
            return Standing(
                reference: reference, percentile: Statistics.percentileRank(overall, in: overallScores) ?? 50,
                z: batchSD.flatMap { sd in sd > 0 ? (overall - (batchMean ?? overall)) / sd : nil })
        }

        var flagCounts: [String: Int] = [:]
        var decisionCounts: [String: Int] = [:]
        for index in cards.indices {
            let flags = cards[index].flags
            for (position, flag) in flags.enumerated()
            where !flags[..<position].contains(where: { $0.kind == flag.kind }) {
                flagCounts[flag.kind.rawValue, default: 0] += 1
            }
            decisionCounts[decisions[index], default: 0] += 1
        }
        let advancing = Set(plan.rubric.advancingDecisions)
        let people = outcome.groups.indices.map { index in
            AdverseImpact.Candidate(
                demographics: demographics(of: outcome.groups[index], plan: plan),
                selected: advancing.contains(decisions[index]), overall: overalls[index])
        }
        var order =
            plan.rubric.bands.sorted { $0.from > $1.from }.map(\.decision) + plan.rubric.knockouts.map(\.decision)
        order += decisionCounts.keys.sorted().filter { $0 != "insufficient" }
        order.append("insufficient")
        var seen: Set<String> = []
        order = order.filter { seen.insert($0).inserted }
        var actFirst: [ActFirst] = []
        for card in cards {
            if let knockout = card.knockouts.first {
                actFirst.append(
                    ActFirst(candidateID: card.candidateID, name: card.candidateName, reason: "knockout: \(knockout)"))
            }
            let careless = card.flags.filter(\.kind.isCarelessResponding)
            if !careless.isEmpty {
                actFirst.append(
                    ActFirst(
                        candidateID: card.candidateID, name: card.candidateName,
                        reason:
                            "careless answering (\(careless.map { $0.kind.name.lowercased() }.joined(separator: ", "))): the score is unreliable"
                    ))
            }
        }
        var analysis = BatchAnalysis(
            candidates: cards.count, reliability: [],
            raterAgreement: RaterAgreement.compute(panels: outcome.groups, plan: plan),
            adverseImpact: AdverseImpact.compute(people), standings: standings, flagCounts: flagCounts,
            decisionCounts: decisionCounts, withoutDemographics: people.filter { $0.demographics.isEmpty }.count)
        analysis.decisionOrder = order
        analysis.actFirst = actFirst
        analysis.biasAudit = BiasAudit.compute(people, fields: auditFields ?? plan.rubric.biasAudit)
        return analysis
    }
}

extension BatchAnalysis {
    /// A candidate's self-identified demographics, from their first submission, numeric fields
    /// in the rubric's bins (a binned field whose value is not a number counts as missing).
    static func demographics(of group: [Submission], plan: ScoringPlan) -> [String: String] {
        var result: [String: String] = [:]
        for (field, value) in group.first?.candidate.demographics ?? [:] {
            if let shown = plan.rubric.demographic(field, value) { result[field] = shown }
        }
        return result
    }

    /// The batch's precision and standing written onto its scorecards (same order as analysed):
    /// each dimension's SEM, the overall SEM and the percentile, so reports read from the
    /// scorecards alone show them.
    public func annotate(_ cards: inout [ScoreCard]) {
        var sems: [String: Double] = [:]
        for scale in reliability { if let sem = scale.sem { sems[scale.dimensionID] = sem } }
        for index in cards.indices {
            if index < standings.count { cards[index].standing = standings[index] }
            for position in cards[index].dimensions.indices {
                cards[index].dimensions[position].sem = sems[cards[index].dimensions[position].id]
            }
            cards[index].sem = Self.overallSEM(cards[index].dimensions)
        }
    }

    /// The overall score's SEM: the scored dimensions' errors combined as independent, weighted
    /// like the overall score. `nil` when any is unknown.
    public static func overallSEM(_ dimensions: [DimensionScore]) -> Double? {
        let scored = dimensions.filter { $0.score != nil }
        let totalWeight = scored.reduce(0) { $0 + $1.weight }
        guard totalWeight > 0 else { return nil }
        var variance = 0.0
        for dimension in scored {
            guard let sem = dimension.sem else { return nil }
            let share = dimension.weight / totalWeight
            variance += share * share * sem * sem
        }
        return variance.squareRoot()
    }
}
