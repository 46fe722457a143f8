import Analytics
import Psychometrics
import QuestionnaireEngine
import Scoring
import Submissions
import Templating

/// The report of a whole batch: distribution, shortlist, item and scale statistics, rater
/// agreement and adverse impact.
public enum BatchReport {
    /// How many candidates the shortlist shows, best first.
    public static let shortlistLength = 15
    /// How many of the candidates to look at first the report names; the rest are counted.
    public static let actFirstLength = 25

    /// The candidates the report names, so they get a page when pages are written only for the
    /// named: the shortlist and the ones to act on first.
    public static func namedCandidates(_ cards: [ScoreCard], analysis: BatchAnalysis) -> Set<String> {
        Set(SummaryTable.ranked(cards).prefix(shortlistLength).map(\.candidateID))
            .union(analysis.actFirst.prefix(actFirstLength).map(\.candidateID))
    }

    public static func model(
        _ outcome: BatchScorer.Outcome, analysis: BatchAnalysis, plan: ScoringPlan, context: ReportContext
    ) -> TemplateValue {
        let ranked = SummaryTable.ranked(outcome.scorecards)
        let names = Dictionary(plan.rubric.dimensions.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let shortlist: [TemplateValue] = ranked.prefix(shortlistLength).enumerated().map { rank, card in
            let careless = card.flags.filter(\.kind.isCarelessResponding)
            return [
                "rank": .number(Double(rank + 1)), "name": .string(card.candidateName),
                "href": context.links.candidates[card.candidateID].map(TemplateValue.string) ?? .null,
                "unreliable": .bool(!careless.isEmpty),
                "overall": .string(ReportNumber.score(card.overall)),
                "percentile": .string(card.standing.map { ReportNumber.ordinal($0.percentile) } ?? "—"),
                "label": .string(card.label), "decision": .string(card.decision),
                "human": context.humanNote(for: card),
                "provisional": .bool(card.provisional != nil),
                "flags": .string((card.knockouts + card.flags.map(\.kind.name)).joined(separator: "; ")),
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
                "tooFew": .bool(scale.completeCases < BatchAnalysis.fewestCasesForAlpha),
                "pairwise": .string(ReportNumber.twoDecimals(scale.pairwise?.raw)),
                "omega": .string(ReportNumber.twoDecimals(scale.omega?.total)),
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
            let used = panel.overall?.panels ?? 0
            let sizes = panel.panelSizes.sorted { $0.key < $1.key }.map { "\($0.value) of \($0.key) raters" }
            agreement = [
                "summary": .string(
                    "\(panel.panels == 1 ? "1 candidate was" : "\(panel.panels) candidates were") rated by a panel (\(sizes.joined(separator: ", "))); \(panel.design == "two-way" ? "the same raters on every panel: ICC(2,1) and ICC(2,k)" : "raters differ between panels: ICC(1,1) and ICC(1,k)"). \(used == 1 ? "1 panel enters" : "\(used) panels enter") the intraclass correlations."
                ),
                "design": .string(
                    panel.design == "two-way"
                        ? "the same raters on every panel: ICC(2,1) and ICC(2,k)"
                        : "raters differ between panels: ICC(1,1) and ICC(1,k)"),
                "panels": .number(Double(panel.panels)), "ratersPerPanel": .number(Double(panel.ratersPerPanel)),
                "sizes": .string(
                    panel.panelSizes.sorted { $0.key < $1.key }.map { "\($0.value) of \($0.key) raters" }.joined(
                        separator: ", ")),
                "used": .number(Double(panel.overall?.panels ?? 0)),
                "tooFew": .bool((panel.overall?.panels ?? 0) < BatchAnalysis.fewestPanelsForAgreement),
                "fewestPanels": .number(Double(BatchAnalysis.fewestPanelsForAgreement)),
                "excluded": .array(panel.excluded.map(TemplateValue.string)),
                "hasExcluded": .bool(!panel.excluded.isEmpty),
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
                "disagreements": .array(
                    panel.disagreements.prefix(actFirstLength).map(TemplateValue.string)
                        + (panel.disagreements.count > actFirstLength
                            ? [.string("… and \(panel.disagreements.count - actFirstLength) more in summary.json.")]
                            : [])),
                "hasDisagreements": .bool(!panel.disagreements.isEmpty),
                "iccs": intraclassRows(panel), "hasICCs": .bool(panel.overall?.coefficients != nil),
                "projection": panel.projection.map(TemplateValue.string) ?? .null,
                "notes": .array(panel.notes.map(TemplateValue.string)), "hasNotes": .bool(!panel.notes.isEmpty),
            ]
        }
        let impact: [TemplateValue] = analysis.adverseImpact.map { field in
            [
                "field": .string(field.field), "missing": .number(Double(field.missing)),
                "reference": field.reference.map(TemplateValue.string) ?? .null,
                "groups": .array(
                    field.groups.map { group in
                        TemplateValue.object(
                            TemplateObject(
                                groupTests(group).merging([
                                    "group": .string(group.group), "count": .number(Double(group.count)),
                                    "selected": .number(Double(group.selected)),
                                    "rate": .string(ReportNumber.twoDecimals(group.selectionRate)),
                                    "ratio": .string(
                                        group.smallGroup ? "—" : ReportNumber.twoDecimals(group.impactRatio)),
                                    "verdict": .string(
                                        group.group == field.reference
                                            ? "reference"
                                            : group.smallGroup
                                                ? "too small to compare"
                                                : group.fourFifthsFlag ? "below four-fifths" : "meets four-fifths"),
                                    "flagged": .bool(group.fourFifthsFlag),
                                    "fisher": .string(group.smallGroup ? "—" : ReportNumber.pValue(group.fisherP)),
                                    "aboveMedian": .string(ReportNumber.twoDecimals(group.aboveMedianShare)),
                                    "small": .bool(group.smallGroup),
                                ]) { first, _ in first }))
                    }),
                "notes": .array(field.notes.map(TemplateValue.string)), "hasNotes": .bool(!field.notes.isEmpty),
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
                analysis.decisionsInOrder.map {
                    ["decision": .string($0.decision), "count": .number(Double($0.count))]
                }
            ),
            "decisionsText": .string(
                analysis.decisionsInOrder.isEmpty
                    ? "none" : analysis.decisionsInOrder.map { "\($0.count) \($0.decision)" }.joined(separator: ", ")),
            "actFirst": .array(
                analysis.actFirst.prefix(actFirstLength).map { item in
                    [
                        "name": .string(item.name), "reason": .string(item.reason),
                        "href": context.links.candidates[item.candidateID].map(TemplateValue.string) ?? .null,
                    ]
                }),
            "hasActFirst": .bool(!analysis.actFirst.isEmpty),
            "actFirstMore": analysis.actFirst.count > actFirstLength
                ? .string(
                    "… and \(analysis.actFirst.count - actFirstLength) more: see the flags column of summary.csv.")
                : .null,
            "histogram": .string(
                SVGChart.both { layout in
                    SVGChart.histogram(
                        title: "Overall scores of \(overalls.count) candidates",
                        id: layout == .wide ? "histogram" : "histogram-narrow", scores: overalls, layout: layout)
                }),
            "distribution": .array(
                (0..<10).map { bin in
                    let count = overalls.filter { value in
                        value.isFinite && ReportNumber.clamped((value / 10).rounded(.down), to: 0...9) == bin
                    }.count
                    return ["range": .string("\(bin * 10)–\(bin * 10 + 10)"), "count": .number(Double(count))]
                }),
            "shortlist": .array(shortlist),
            "scales": .array(scales), "fewestCases": .number(Double(BatchAnalysis.fewestCasesForAlpha)),
            "flaggedItems": .array(flaggedItems),
            "hasFlaggedItems": .bool(!flaggedItems.isEmpty),
            "agreement": agreement,
            "interviewStructure": interviewStructure(outcome.scorecards),
            "impact": .array(impact), "hasImpact": .bool(!impact.isEmpty),
            "structure": structure(analysis, names: names),
            "difFindings": .array(analysis.difFindings(plan: plan).map(TemplateValue.string)),
            "difNotes": .array((analysis.dif?.notes ?? []).map(TemplateValue.string)),
            "biasAudit": biasAudit(analysis),
            "withoutDemographics": .number(Double(analysis.withoutDemographics)),
            "rejections": .array(outcome.rejections.prefix(20).map { .string($0.description) }),
            "hasRejections": .bool(!outcome.rejections.isEmpty),
            "links": CandidateReport.links(context.links),
            "provenance": ["dazzleVersion": .string(context.dazzleVersion), "date": .string(context.date)],
        ]
    }
}

extension BatchReport {
    /// Per interviewer: how many interviews, the structure components met of those observed
    /// over all of them, and the components most often not met; `null` without structure scores.
    static func interviewStructure(_ cards: [ScoreCard]) -> TemplateValue {
        var byRater: [String: (interviews: Int, met: Int, of: Int, missed: [String: Int])] = [:]
        for structure in cards.flatMap(\.structures) {
            var entry = byRater[structure.rater] ?? (0, 0, 0, [:])
            entry.interviews += 1
            entry.met += structure.summary.met
            entry.of += structure.summary.of
            for name in structure.summary.notMet { entry.missed[name, default: 0] += 1 }
            byRater[structure.rater] = entry
        }
        guard !byRater.isEmpty else { return .null }
        let rows: [TemplateValue] = byRater.keys.sorted().map { rater in
            let entry = byRater[rater] ?? (0, 0, 0, [:])
            let missed = entry.missed.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            return [
                "rater": .string(rater), "interviews": .number(Double(entry.interviews)),
                "met": .string(
                    "\(entry.met) of \(entry.of) (\(ReportNumber.fixed(100 * Double(entry.met) / Double(max(entry.of, 1)), places: 0))%)"
                ),
                "missed": .string(
                    missed.isEmpty
                        ? "—" : missed.prefix(3).map { "\($0.key) (\($0.value))" }.joined(separator: ", ")),
            ]
        }
        return ["rows": .array(rows)]
    }
}
