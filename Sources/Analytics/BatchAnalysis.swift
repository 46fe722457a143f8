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

    /// Analyses a scored batch.
    /// - Parameter norms: a saved norm group; without one, percentiles are within the batch.
    public static func analyse(_ outcome: BatchScorer.Outcome, plan: ScoringPlan, norms: NormGroup? = nil)
        -> BatchAnalysis
    {
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
        // Task 0 computes everything but reliability; tasks 1… one dimension each. They run on
        // every core, task 0 first since it is the longest.
        let slots = ShareSlots<ScaleReliability>(count: ranges.count)
        let rest = ShareSlots<BatchAnalysis>(count: 1)
        DispatchQueue.concurrentPerform(iterations: dimensionRanges.count + 1) { task in
            guard task > 0 else {
                rest.set(0, [summary(outcome, plan: plan, norms: norms)])
                return
            }
            let index = task - 1
            let dimension = plan.rubric.dimensions[index]
            slots.set(
                index,
                [
                    ScaleReliability.compute(
                        dimensionID: dimension.id, itemIDs: dimension.keys.map(\.itemID),
                        explanations: explanations, range: dimensionRanges[index],
                        dimensionScores: dimensionScores.compactMap { $0[index] })
                ])
        }
        guard var analysis = rest.joined.first else { return summary(outcome, plan: plan, norms: norms) }
        analysis.reliability = slots.joined
        return analysis
    }

    /// Standings, flag and decision counts, rater agreement and adverse impact (no reliability).
    static func summary(_ outcome: BatchScorer.Outcome, plan: ScoringPlan, norms: NormGroup?) -> BatchAnalysis {
        let cards = outcome.scorecards
        let overallScores = cards.compactMap(\.overall).sorted()
        let batchMean = Statistics.mean(overallScores)
        let batchSD = Statistics.standardDeviation(overallScores)
        let overalls = cards.map(\.overall)
        let decisions = cards.map(\.decision)
        let normDistribution = norms?.distributions["overall"]
        let reference =
            norms.map { "norm group \($0.rubricID), n = \($0.count), \($0.date)" }
            ?? "this batch (n = \(overallScores.count))"
        let standings: [Standing?] = overalls.map { overall in
            guard let overall else { return nil }
            if let normDistribution {
                return Standing(
                    reference: reference, percentile: normDistribution.percentile(of: overall),
                    z: normDistribution.z(of: overall))
            }
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
                demographics: outcome.groups[index].first?.candidate.demographics ?? [:],
                selected: advancing.contains(decisions[index]), overall: overalls[index])
        }
        return BatchAnalysis(
            candidates: cards.count, reliability: [],
            raterAgreement: RaterAgreement.compute(panels: outcome.groups, plan: plan),
            adverseImpact: AdverseImpact.compute(people), standings: standings, flagCounts: flagCounts,
            decisionCounts: decisionCounts, withoutDemographics: people.filter { $0.demographics.isEmpty }.count)
    }

    /// A few lines for the terminal after `dazzle score`.
    public func digest() -> String {
        var lines: [String] = []
        let decisions = decisionCounts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(
            separator: ", ")
        lines.append("Decisions: \(decisions.isEmpty ? "none" : decisions).")
        let reliable = reliability.map { scale in
            scale.alpha.map { "\(scale.dimensionID) α \(twoDecimals($0))" } ?? "\(scale.dimensionID) α n/a"
        }
        if !reliable.isEmpty { lines.append("Reliability: \(reliable.joined(separator: ", ")).") }
        let flaggedItems = reliability.flatMap { scale in scale.items.filter { $0.flag != nil }.map(\.itemID) }
        if !flaggedItems.isEmpty {
            lines.append(
                "Items to review: \(flaggedItems.prefix(8).joined(separator: ", "))\(flaggedItems.count > 8 ? ", …" : "") (see summary.json)."
            )
        }
        if !flagCounts.isEmpty {
            lines.append(
                "Validity flags: \(flagCounts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))."
            )
        }
        if let agreement = raterAgreement {
            let icc =
                agreement.overall?.average.map {
                    "overall ICC(\(agreement.design == "two-way" ? 2 : 1),k) \(twoDecimals($0))"
                } ?? "overall ICC n/a"
            lines.append(
                "Panels: \(agreement.panels), \(icc), \(agreement.disagreements.count) disagreement\(agreement.disagreements.count == 1 ? "" : "s") to discuss."
            )
        }
        for impact in adverseImpact where !impact.field.contains(" × ") {
            let flagged = impact.groups.filter(\.fourFifthsFlag).map {
                "\($0.group) \(twoDecimals($0.impactRatio ?? 0))"
            }
            lines.append(
                "Adverse impact by \(impact.field): \(flagged.isEmpty ? "no group below four-fifths" : "below four-fifths: " + flagged.joined(separator: ", "))\(impact.groups.contains(where: \.smallGroup) ? " (small groups: read with caution)" : "")."
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
