import QuestionnaireEngine

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
        var reliability: [ScaleReliability] = []
        var offset = 0
        for (index, dimension) in plan.rubric.dimensions.enumerated() {
            let count = dimension.keys.count
            let lines = cards.map { Array($0.explanation[offset..<offset + count]) }
            reliability.append(
                ScaleReliability.compute(
                    dimensionID: dimension.id, itemIDs: dimension.keys.map(\.itemID),
                    scores: lines.map { $0.map(\.itemScore) }, answers: lines.map { $0.map(\.answer) },
                    dimensionScores: cards.compactMap { $0.dimensions[index].score }))
            offset += count
        }

        let overallScores = cards.compactMap(\.overall).sorted()
        let standings: [Standing?] = cards.map { card in
            guard let overall = card.overall else { return nil }
            if let norms, let distribution = norms.distributions["overall"] {
                return Standing(
                    reference: "norm group \(norms.rubricID), n = \(norms.count), \(norms.date)",
                    percentile: distribution.percentile(of: overall), z: distribution.z(of: overall))
            }
            let mean = Statistics.mean(overallScores) ?? overall
            let sd = Statistics.standardDeviation(overallScores)
            return Standing(
                reference: "this batch (n = \(overallScores.count))",
                percentile: Statistics.percentileRank(overall, in: overallScores) ?? 50,
                z: sd.flatMap { $0 > 0 ? (overall - mean) / $0 : nil })
        }

        var flagCounts: [String: Int] = [:]
        var decisionCounts: [String: Int] = [:]
        for card in cards {
            for kind in Set(card.flags.map(\.kind)) { flagCounts[kind, default: 0] += 1 }
            decisionCounts[card.decision, default: 0] += 1
        }
        let advancing = Set(plan.rubric.advancingDecisions)
        let people = zip(cards, outcome.groups).map { card, group in
            AdverseImpact.Candidate(
                demographics: group.first?.candidate.demographics ?? [:], selected: advancing.contains(card.decision),
                overall: card.overall)
        }
        return BatchAnalysis(
            candidates: cards.count, reliability: reliability,
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
