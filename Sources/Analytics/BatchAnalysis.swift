import Dispatch
import Foundation
import Psychometrics
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
    /// Where an overall score stands: against the norm group, or within the batch.
    public var standings: StandingScale
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
        analyse(AnalysisTable(outcome, plan: plan), plan: plan, norms: norms, auditFields: auditFields)
    }

    /// Analyses a batch's table.
    ///
    /// Candidates are read in order of id (``AnalysisTable/canonicalOrder()``), whatever order the
    /// table holds them in: sums of floating-point numbers depend on their order, and this way a
    /// batch merged from parts (``AnalysisState``) gives the same figures, to the last bit, as one
    /// run.
    /// - Parameter order: the table's ``AnalysisTable/canonicalOrder()`` when already known.
    public static func analyse(
        _ table: AnalysisTable, order: [Int]? = nil, plan: ScoringPlan, norms: NormGroup? = nil,
        auditFields: BiasAuditFields? = nil
    ) -> BatchAnalysis {
        let order = order ?? table.canonicalOrder()
        let dimensionRanges = plan.dimensionKeys
        // A dimension's scores, people in order; NaN when not scored. Made when needed, one or two
        // at a time.
        @Sendable func dimensionColumn(_ position: Int) -> [Double] {
            position < table.dimensions ? order.map { table.dimensionScores[$0 * table.dimensions + position] } : []
        }
        // Views of the item table's columns, people in order: no copy.
        let rows = order == Array(order.indices) ? [] : order
        let items = table.items
        let itemColumns = (0..<items.keys).map { column in
            items.holdsNumbers
                ? ScoreColumn(rowMajorNumbers: items.numbers, stride: items.keys, offset: column, rows: rows)
                : ScoreColumn(
                    rowMajorCodes: items.codes, packed: items.packed, entries: items.rows * items.keys,
                    values: items.values[column], stride: items.keys, offset: column, rows: rows)
        }
        let answerCounts = table.items.answers.byColumn
        let people = DemographicColumns(table, order: order)
        // Task 0 computes everything but reliability, task 1 the instrument's factor structure,
        // tasks 2… one dimension each. They run on every core, the two longest first.
        let slots = ShareSlots<ScaleReliability>(count: dimensionRanges.count)
        let rest = ShareSlots<BatchAnalysis>(count: 1)
        let factors = ShareSlots<InstrumentStructure>(count: 1)
        DispatchQueue.concurrentPerform(iterations: dimensionRanges.count + 2) { task in
            guard task > 0 else {
                rest.set(
                    0,
                    [summary(table, order: order, people: people, plan: plan, norms: norms, auditFields: auditFields)])
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
                        dimensionScores: order.compactMap { row in
                            let score = table.dimensionScores[row * table.dimensions + index]
                            return score.isNaN ? nil : score
                        },
                        itemColumns: Array(itemColumns[dimensionRanges[index]]),
                        answerCounts: Array(answerCounts[dimensionRanges[index]]))
                ])
        }
        guard var analysis = rest.joined.first else {
            return summary(table, order: order, people: people, plan: plan, norms: norms, auditFields: auditFields)
        }
        analysis.reliability = slots.joined

        analysis.structure = factors.joined.first
        analysis.structure?.addCorrelations(
            plan: plan, dimensionColumn: dimensionColumn, reliability: analysis.reliability)
        if !analysis.adverseImpact.isEmpty {
            analysis.dif = DifferentialItemFunctioning.compute(
                people: people, itemColumns: itemColumns, plan: plan, impact: analysis.adverseImpact)
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
    /// Sums and lists follow `order`.
    /// - Parameter people: the demographics, rows in `order`.
    static func summary(
        _ table: AnalysisTable, order: [Int], people: DemographicColumns, plan: ScoringPlan, norms: NormGroup?,
        auditFields: BiasAuditFields?
    ) -> BatchAnalysis {
        let overallScores = table.overall.filter { !$0.isNaN }.sorted()
        let batchMean = Statistics.mean(overallScores)
        let batchSD = Statistics.standardDeviation(overallScores)
        let reference = "this batch (n = \(overallScores.count))"
        let standings = StandingScale(
            norms: norms?.distributions["overall"] != nil ? norms : nil, sorted: overallScores, mean: batchMean,
            sd: batchSD, reference: reference)

        var flagCounts: [String: Int] = [:]
        for kinds in table.flags.values {
            for (position, kind) in kinds.enumerated() where !kinds[..<position].contains(kind) {
                flagCounts[kind.rawValue, default: 0] += 1
            }
        }
        var decisionTally = [Int](repeating: 0, count: table.decisions.count)
        for code in table.decisionCodes { decisionTally[Int(code)] += 1 }
        var decisionCounts: [String: Int] = [:]
        for (code, tally) in decisionTally.enumerated() where tally > 0 {
            decisionCounts[table.decisions[code]] = tally
        }
        let advancing = Set(plan.rubric.advancingDecisions)
        let advancingCodes = table.decisions.map { advancing.contains($0) }
        let selected = order.map { advancingCodes[Int(table.decisionCodes[$0])] }
        let overallInOrder = order.map { table.overallScore($0) }
        let median = Statistics.quantile(overallScores, 0.5)
        var decisionOrder =
            plan.rubric.bands.sorted { $0.from > $1.from }.map(\.decision) + plan.rubric.knockouts.map(\.decision)
        decisionOrder += decisionCounts.keys.sorted().filter { $0 != "insufficient" }
        decisionOrder.append("insufficient")
        var seen: Set<String> = []
        decisionOrder = decisionOrder.filter { seen.insert($0).inserted }
        var actFirst: [ActFirst] = []
        for row in order where table.firstKnockout[row] != nil || table.flags[row] != nil {
            let name = table.notableNames[row] ?? ""
            if let knockout = table.firstKnockout[row] {
                actFirst.append(ActFirst(candidateID: table.ids[row], name: name, reason: "knockout: \(knockout)"))
            }
            let careless = (table.flags[row] ?? []).filter(\.isCarelessResponding)
            if !careless.isEmpty {
                actFirst.append(
                    ActFirst(
                        candidateID: table.ids[row], name: name,
                        reason:
                            "careless answering (\(careless.map { $0.name.lowercased() }.joined(separator: ", "))): the score is unreliable"
                    ))
            }
        }
        let panels = order.compactMap { table.panels[$0] }
        let agreement = RaterAgreement.compute(panels: panels, plan: plan)
        let impact = AdverseImpact.compute(people, selected: selected, overall: overallInOrder, median: median)
        var analysis = BatchAnalysis(
            candidates: table.count, reliability: [],
            raterAgreement: agreement,
            adverseImpact: impact, standings: standings, flagCounts: flagCounts,
            decisionCounts: decisionCounts, withoutDemographics: table.withoutDemographics)
        analysis.decisionOrder = decisionOrder
        analysis.actFirst = actFirst
        analysis.biasAudit = BiasAudit.compute(
            people, selected: selected, overall: overallInOrder, median: median,
            fields: auditFields ?? plan.rubric.biasAudit)
        return analysis
    }
}

extension BatchAnalysis {
    /// The batch's precision and standing written onto its scorecards:
    /// each dimension's SEM, the overall SEM and the percentile, so reports read from the
    /// scorecards alone show them.
    public func annotate(_ cards: inout [ScoreCard]) {
        let sems = dimensionSEMs
        for index in cards.indices { annotate(&cards[index], sems: sems) }
    }

    /// The batch's precision and standing written onto one scorecard.
    public func annotate(_ card: inout ScoreCard) {
        annotate(&card, sems: dimensionSEMs)
    }

    private var dimensionSEMs: [String: Double] {
        var sems: [String: Double] = [:]
        for scale in reliability { if let sem = scale.sem { sems[scale.dimensionID] = sem } }
        return sems
    }

    private func annotate(_ card: inout ScoreCard, sems: [String: Double]) {
        card.standing = standings.standing(of: card.overall)
        for position in card.dimensions.indices {
            card.dimensions[position].sem = sems[card.dimensions[position].id]
        }
        card.sem = Self.overallSEM(card.dimensions)
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

/// Where overall scores stand: against a norm group's distribution, or as a percentile rank
/// and z score within the batch (its scores sorted, kept once rather than a standing per
/// candidate).
public struct StandingScale: Sendable {
    var norms: NormGroup?
    var sorted: [Double]
    var mean: Double?
    var sd: Double?
    var reference: String

    /// An overall score's standing; `nil` without one.
    public func standing(of overall: Double?) -> Standing? {
        guard let overall else { return nil }
        if let norms { return norms.standing(of: overall) }
        return Standing(
            reference: reference, percentile: Statistics.percentileRank(overall, in: sorted) ?? 50,
            z: sd.flatMap { sd in sd > 0 ? (overall - (mean ?? overall)) / sd : nil })
    }
}
