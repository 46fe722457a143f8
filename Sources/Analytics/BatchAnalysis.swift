import Dispatch
import Foundation
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
    ///
    /// Candidates are read in order of id (``canonicalOrder(_:)``), whatever order the outcome holds
    /// them in: sums of floating-point numbers depend on their order, and this way a batch merged
    /// from parts (``AnalysisState``) gives the same figures, to the last bit, as one run.
    public static func analyse(
        _ outcome: BatchScorer.Outcome, plan: ScoringPlan, norms: NormGroup? = nil, auditFields: BiasAuditFields? = nil
    ) -> BatchAnalysis {
        let order = canonicalOrder(outcome.scorecards)
        return analyseInOrder(outcome, order: order, plan: plan, norms: norms, auditFields: auditFields)
    }

    /// The order analyses read candidates in: the scorecards' indices by candidate id, then (for
    /// the same candidate scored twice in a stream) by where the scorecard came from.
    ///
    /// Ids compare by their UTF-8 bytes: a total order, the same on every machine, and several
    /// times cheaper than `String`'s Unicode comparison. They are taken out once: a scorecard
    /// passed whole to each comparison would be copied.
    static func canonicalOrder(_ cards: [ScoreCard]) -> [Int] {
        let ids = cards.map(\.candidateID)
        func before(_ a: Int, _ b: Int) -> Bool {
            if ids[a] != ids[b] { return ids[a].utf8.lexicographicallyPrecedes(ids[b].utf8) }
            return cards[a].sources.lexicographicallyPrecedes(cards[b].sources) {
                $0.utf8.lexicographicallyPrecedes($1.utf8)
            }
        }
        let inOrder = zip(ids.indices.dropLast(), ids.indices.dropFirst()).allSatisfy { !before($0.1, $0.0) }
        return inOrder ? Array(ids.indices) : ids.indices.sorted(by: before)
    }

    /// - Parameter order: the outcome's indices in the order sums are taken (read through, so no
    ///   scorecard is copied).
    static func analyseInOrder(
        _ outcome: BatchScorer.Outcome, order: [Int], plan: ScoringPlan, norms: NormGroup?,
        auditFields: BiasAuditFields?
    ) -> BatchAnalysis {
        let cards = outcome.scorecards
        let dimensionRanges = plan.dimensionKeys
        // Taken out once: reading them through each (large) scorecard value would copy it.
        let dimensionScores = order.map { cards[$0].dimensions.map(\.score) }
        let table =
            outcome.items.flatMap { $0.rows == cards.count && $0.keys == plan.keyCount ? $0 : nil }
            ?? ItemTable(cards, keys: plan.keyCount)
        let itemColumns = table.columns(order: order)
        let answerCounts = table.answers.byColumn
        // Task 0 computes everything but reliability, task 1 the instrument's factor structure,
        // tasks 2… one dimension each. They run on every core, the two longest first.
        let slots = ShareSlots<ScaleReliability>(count: dimensionRanges.count)
        let rest = ShareSlots<BatchAnalysis>(count: 1)
        let factors = ShareSlots<InstrumentStructure>(count: 1)
        let demographicsInOrder = ShareSlots<[String: String]>(count: 1)
        DispatchQueue.concurrentPerform(iterations: dimensionRanges.count + 2) { task in
            guard task > 0 else {
                let people = order.map { demographics(of: outcome.groups[$0], plan: plan) }
                demographicsInOrder.set(0, people)
                rest.set(
                    0,
                    [
                        summary(
                            outcome, order: order, demographics: people, plan: plan, norms: norms,
                            auditFields: auditFields)
                    ])
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
                        dimensionScores: dimensionScores.compactMap { $0[index] },
                        itemColumns: Array(itemColumns[dimensionRanges[index]]),
                        answerCounts: Array(answerCounts[dimensionRanges[index]]))
                ])
        }
        let people = demographicsInOrder.joined
        guard var analysis = rest.joined.first else {
            return summary(
                outcome, order: order, demographics: people, plan: plan, norms: norms, auditFields: auditFields)
        }
        analysis.reliability = slots.joined

        analysis.structure = factors.joined.first
        analysis.structure?.addCorrelations(
            plan: plan, dimensionScores: dimensionScores, reliability: analysis.reliability)
        if !analysis.adverseImpact.isEmpty {
            analysis.dif = DifferentialItemFunctioning.compute(
                demographics: people, itemColumns: itemColumns, plan: plan, impact: analysis.adverseImpact)
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

    /// Standings, flag and decision counts, rater agreement and adverse impact (no reliability).
    /// Standings follow the outcome's order; sums and lists, `order`.
    /// - Parameter demographics: each candidate's, in `order`.
    static func summary(
        _ outcome: BatchScorer.Outcome, order: [Int], demographics: [[String: String]], plan: ScoringPlan,
        norms: NormGroup?, auditFields: BiasAuditFields?
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
        let selected = order.map { advancing.contains(decisions[$0]) }
        let overallInOrder = order.map { overalls[$0] }
        let people = DemographicColumns(demographics)
        let median = Statistics.quantile(overallScores, 0.5)
        var decisionOrder =
            plan.rubric.bands.sorted { $0.from > $1.from }.map(\.decision) + plan.rubric.knockouts.map(\.decision)
        decisionOrder += decisionCounts.keys.sorted().filter { $0 != "insufficient" }
        decisionOrder.append("insufficient")
        var seen: Set<String> = []
        decisionOrder = decisionOrder.filter { seen.insert($0).inserted }
        var actFirst: [ActFirst] = []
        // By index: a scorecard read whole would be copied, with a reference count per field.
        for index in order where !cards[index].knockouts.isEmpty || !cards[index].flags.isEmpty {
            if let knockout = cards[index].knockouts.first {
                actFirst.append(
                    ActFirst(
                        candidateID: cards[index].candidateID, name: cards[index].candidateName,
                        reason: "knockout: \(knockout)"))
            }
            let careless = cards[index].flags.filter(\.kind.isCarelessResponding)
            if !careless.isEmpty {
                actFirst.append(
                    ActFirst(
                        candidateID: cards[index].candidateID, name: cards[index].candidateName,
                        reason:
                            "careless answering (\(careless.map { $0.kind.name.lowercased() }.joined(separator: ", "))): the score is unreliable"
                    ))
            }
        }
        let agreement = RaterAgreement.compute(panels: order.map { outcome.groups[$0] }, plan: plan)
        let impact = AdverseImpact.compute(people, selected: selected, overall: overallInOrder, median: median)
        var analysis = BatchAnalysis(
            candidates: cards.count, reliability: [],
            raterAgreement: agreement,
            adverseImpact: impact, standings: standings, flagCounts: flagCounts,
            decisionCounts: decisionCounts, withoutDemographics: demographics.filter(\.isEmpty).count)
        analysis.decisionOrder = decisionOrder
        analysis.actFirst = actFirst
        analysis.biasAudit = BiasAudit.compute(
            people, selected: selected, overall: overallInOrder, median: median,
            fields: auditFields ?? plan.rubric.biasAudit)
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
