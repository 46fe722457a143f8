import Analytics
import QuestionnaireEngine
import Scoring
import Submissions
import Templating

/// The report of a whole batch: distribution, shortlist, item and scale statistics, rater
/// agreement and adverse impact.
public enum BatchReport {
    public static func model(
        _ outcome: BatchScorer.Outcome, analysis: BatchAnalysis, plan: ScoringPlan, context: ReportContext
    ) -> TemplateValue {
        let ranked = SummaryTable.ranked(outcome.scorecards)
        let names = Dictionary(plan.rubric.dimensions.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let shortlist: [TemplateValue] = ranked.prefix(15).enumerated().map { rank, card in
            [
                "rank": .number(Double(rank + 1)), "name": .string(card.candidateName),
                "overall": .string(ReportNumber.score(card.overall)),
                "percentile": .string(card.standing.map { ReportNumber.ordinal($0.percentile) } ?? "—"),
                "label": .string(card.label), "decision": .string(card.decision),
                "flags": .string(
                    (card.knockouts + card.flags.map { CandidateReport.flagName($0.kind) }).joined(separator: ", ")),
            ]
        }
        let scales: [TemplateValue] = analysis.reliability.map { scale in
            [
                "name": .string(names[scale.dimensionID] ?? scale.dimensionID),
                "alpha": .string(ReportNumber.twoDecimals(scale.alpha)),
                "interval": .string(
                    scale.alphaLower.map {
                        "\(ReportNumber.twoDecimals($0))–\(ReportNumber.twoDecimals(scale.alphaUpper))"
                    } ?? "—"),
                "mean": .string(ReportNumber.score(scale.scoreMean)), "sd": .string(ReportNumber.score(scale.scoreSD)),
                "sem": .string(ReportNumber.score(scale.sem)), "cases": .number(Double(scale.completeCases)),
                "notes": .array(scale.notes.map(TemplateValue.string)),
            ]
        }
        let texts = Dictionary(plan.items.map { ($0.id, $0.text) }, uniquingKeysWith: { first, _ in first })
        let flaggedItems: [TemplateValue] = analysis.reliability.flatMap { scale in
            scale.items.compactMap { item -> TemplateValue? in
                guard let flag = item.flag else { return nil }
                return [
                    "id": .string(item.itemID), "question": .string(texts[item.itemID] ?? item.itemID),
                    "rDrop": .string(ReportNumber.twoDecimals(item.correctedItemTotal)), "flag": .string(flag),
                ]
            }
        }
        var agreement: TemplateValue = .null
        if let panel = analysis.raterAgreement {
            agreement = [
                "design": .string(
                    panel.design == "two-way"
                        ? "the same raters on every panel: ICC(2,1) and ICC(2,k)"
                        : "raters differ between panels: ICC(1,1) and ICC(1,k)"),
                "panels": .number(Double(panel.panels)), "ratersPerPanel": .number(Double(panel.ratersPerPanel)),
                "single": .string(ReportNumber.twoDecimals(panel.overall?.single)),
                "average": .string(ReportNumber.twoDecimals(panel.overall?.average)),
                "kappa": .string(ReportNumber.twoDecimals(panel.decisionKappa)),
                "leniency": .array(
                    panel.leniency.map {
                        [
                            "rater": .string($0.rater),
                            "difference": .string(ReportNumber.twoDecimals($0.meanDifference)),
                            "ratings": .number(Double($0.ratings)),
                        ]
                    }),
                "disagreements": .array(panel.disagreements.map(TemplateValue.string)),
                "notes": .array(panel.notes.map(TemplateValue.string)),
            ]
        }
        let impact: [TemplateValue] = analysis.adverseImpact.map { field in
            [
                "field": .string(field.field), "missing": .number(Double(field.missing)),
                "groups": .array(
                    field.groups.map { group in
                        [
                            "group": .string(group.group), "count": .number(Double(group.count)),
                            "selected": .number(Double(group.selected)),
                            "rate": .string(ReportNumber.twoDecimals(group.selectionRate)),
                            "ratio": .string(ReportNumber.twoDecimals(group.impactRatio)),
                            "verdict": .string(group.fourFifthsFlag ? "below four-fifths" : "meets four-fifths"),
                            "flagged": .bool(group.fourFifthsFlag),
                            "fisher": .string(
                                group.fisherP.map { $0 < 0.001 ? "< 0.001" : ReportNumber.twoDecimals($0) } ?? "—"),
                            "aboveMedian": .string(ReportNumber.twoDecimals(group.aboveMedianShare)),
                            "small": .bool(group.smallGroup),
                        ]
                    }),
                "notes": .array(field.notes.map(TemplateValue.string)),
            ]
        }
        let overalls = outcome.scorecards.compactMap(\.overall)
        return [
            "title": .string("Batch report: \(plan.questionnaire.title)"),
            "questionnaire": [
                "id": .string(plan.questionnaire.id), "version": .string(plan.questionnaire.version),
                "title": .string(plan.questionnaire.title),
            ],
            "rubric": ["id": .string(plan.rubric.id), "version": .string(plan.rubric.version)],
            "counts": [
                "read": .number(Double(outcome.read)), "scored": .number(Double(outcome.accepted)),
                "rejected": .number(Double(outcome.rejections.count)),
                "candidates": .number(Double(outcome.scorecards.count)),
            ],
            "decisions": .array(
                analysis.decisionCounts.sorted { $0.key < $1.key }.map {
                    ["decision": .string($0.key), "count": .number(Double($0.value))]
                }),
            "histogram": .string(
                SVGChart.histogram(title: "Overall scores of \(overalls.count) candidates", scores: overalls)),
            "distribution": .array(
                (0..<10).map { bin in
                    let count = overalls.filter { min(9, max(0, Int($0 / 10))) == bin }.count
                    return ["range": .string("\(bin * 10)–\(bin * 10 + 10)"), "count": .number(Double(count))]
                }),
            "shortlist": .array(shortlist),
            "scales": .array(scales), "flaggedItems": .array(flaggedItems),
            "hasFlaggedItems": .bool(!flaggedItems.isEmpty),
            "agreement": agreement,
            "impact": .array(impact), "hasImpact": .bool(!impact.isEmpty),
            "withoutDemographics": .number(Double(analysis.withoutDemographics)),
            "rejections": .array(outcome.rejections.prefix(20).map { .string($0.description) }),
            "hasRejections": .bool(!outcome.rejections.isEmpty),
            "provenance": ["dazzleVersion": .string(context.dazzleVersion), "date": .string(context.date)],
        ]
    }
}
