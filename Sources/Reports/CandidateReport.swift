import QuestionnaireEngine
import Scoring
import Submissions
import Templating

/// The data of a candidate report, built straight from a scorecard (no JSON round trip).
public enum CandidateReport {
    /// The template context for one candidate.
    public static func model(_ card: ScoreCard, plan: ScoringPlan, context: ReportContext) -> TemplateValue {
        let texts = Dictionary(plan.items.map { ($0.id, $0.text) }, uniquingKeysWith: { first, _ in first })
        let names = Dictionary(plan.rubric.dimensions.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })

        var verdict: [String: TemplateValue] = [
            "label": .string(card.label), "decision": .string(card.decision),
            "overall": .string(ReportNumber.score(card.overall)),
            "hasOverall": .bool(card.overall != nil),
        ]
        if let sem = context.overallSEM(for: card), card.overall != nil {
            verdict["sem"] = .string(ReportNumber.score(sem))
        }
        if let standing = card.standing {
            verdict["percentile"] = .string(
                "\(ReportNumber.ordinal(standing.percentile)) percentile against \(standing.reference)")
        }

        let dimensions: [TemplateValue] = card.dimensions.map { dimension in
            [
                "name": .string(dimension.name), "score": .string(ReportNumber.score(dimension.score)),
                "sem": context.sem[dimension.id].map { .string(ReportNumber.score($0)) } ?? .null,
                "answered": .number(Double(dimension.answered)), "total": .number(Double(dimension.total)),
                "insufficient": .bool(dimension.score == nil),
            ]
        }
        let scored = card.dimensions.filter { $0.score != nil }.sorted {
            ($0.score ?? 0, $1.id) > ($1.score ?? 0, $0.id)
        }
        let strengths = scored.prefix(2).map { dimensionLine($0) }
        let concerns = scored.count > 2 ? scored.suffix(2).reversed().map { dimensionLine($0) } : []

        let answeredLines = card.explanation.filter { $0.itemScore != nil }
        let best = answeredLines.sorted { ($0.itemScore ?? 0, $1.itemID) > ($1.itemScore ?? 0, $0.itemID) }.prefix(3)
        let worst = answeredLines.sorted { ($0.itemScore ?? 0, $0.itemID) < ($1.itemScore ?? 0, $1.itemID) }.prefix(3)
        func itemLine(_ line: ItemExplanation) -> TemplateValue {
            [
                "question": .string(texts[line.itemID] ?? line.itemID), "answer": .string(line.answer?.display ?? "—"),
                "score": .string(ReportNumber.twoDecimals(line.itemScore)),
            ]
        }

        var raters: [TemplateValue] = []
        for rater in card.raters {
            let ratings = card.ratings.filter { $0.rater == rater }.map { rating -> TemplateValue in
                [
                    "question": .string(texts[rating.itemID] ?? rating.itemID),
                    "value": .string(Answer.number(rating.value).display),
                    "notes": .array(
                        rating.notes.enumerated().map {
                            ["number": .number(Double($0.offset + 1)), "text": .string($0.element)]
                        }
                    ),
                ]
            }
            raters.append(["name": .string(rater), "ratings": .array(ratings)])
        }
        var agreement: [TemplateValue] = []
        if card.raters.count >= 2 {
            var byItem: [String: [RaterRating]] = [:]
            var order: [String] = []
            for rating in card.ratings {
                if byItem[rating.itemID] == nil { order.append(rating.itemID) }
                byItem[rating.itemID, default: []].append(rating)
            }
            for id in order {
                let values = byItem[id] ?? []
                let spread = (values.map(\.value).max() ?? 0) - (values.map(\.value).min() ?? 0)
                agreement.append([
                    "question": .string(texts[id] ?? id), "spread": .string(Answer.number(spread).display),
                    "discuss": .bool(spread >= 2),
                    "ratings": .string(
                        values.map { "\($0.rater) \(Answer.number($0.value).display)" }.joined(separator: ", ")),
                ])
            }
        }

        let explanation: [TemplateValue] = card.explanation.map { line in
            [
                "id": .string(line.itemID), "question": .string(texts[line.itemID] ?? line.itemID),
                "dimension": .string(names[line.dimensionID] ?? line.dimensionID),
                "answer": .string(line.answer?.display ?? "—"),
                "score": .string(ReportNumber.twoDecimals(line.itemScore)),
                "contribution": .string(ReportNumber.twoDecimals(line.contribution)),
            ]
        }
        let answered = card.dimensions.reduce(0) { $0 + $1.answered }
        let total = card.dimensions.reduce(0) { $0 + $1.total }

        let alerts =
            card.knockouts.map { TemplateValue.object(["text": .string($0), "kind": "Knockout"]) }
            + card.flags.map {
                TemplateValue.object(["text": .string($0.message), "kind": .string(flagName($0.kind))])
            }
        return [
            "title": .string("Candidate report: \(card.candidateName)"),
            "candidate": [
                "name": .string(card.candidateName), "id": .string(card.candidateID),
                "email": card.candidateEmail.map(TemplateValue.string) ?? .null,
                "role": card.role.map(TemplateValue.string) ?? .null,
            ],
            "questionnaire": [
                "id": .string(plan.questionnaire.id), "version": .string(plan.questionnaire.version),
                "title": .string(plan.questionnaire.title),
            ],
            "rubric": [
                "id": .string(plan.rubric.id), "version": .string(plan.rubric.version),
                "title": .string(plan.rubric.title),
            ],
            "verdict": .object(verdict),
            "dimensions": .array(dimensions),
            "chart": .string(
                SVGChart.bars(
                    title: "Dimension scores of \(card.candidateName)",
                    rows: card.dimensions.map { ($0.name, $0.score) })),
            "alerts": .array(alerts), "hasAlerts": .bool(!alerts.isEmpty),
            "strengths": .array(Array(strengths)), "concerns": .array(concerns),
            "bestItems": .array(best.map(itemLine)), "worstItems": .array(worst.map(itemLine)),
            "raters": .array(raters), "hasRaters": .bool(!raters.isEmpty),
            "agreement": .array(agreement), "hasAgreement": .bool(!agreement.isEmpty),
            "explanation": .array(explanation),
            "completeness": [
                "answered": .number(Double(answered)), "total": .number(Double(total)),
                "percent": .string(total > 0 ? String(Int((100 * Double(answered) / Double(total)).rounded())) : "0"),
            ],
            "provenance": [
                "raters": .string(card.raters.isEmpty ? "self-report" : card.raters.joined(separator: ", ")),
                "submitted": .string(card.submitted ?? "not recorded"),
                "sources": .string(card.sources.joined(separator: ", ")),
                "dazzleVersion": .string(context.dazzleVersion), "date": .string(context.date),
            ],
        ]
    }

    static func dimensionLine(_ dimension: DimensionScore) -> TemplateValue {
        ["name": .string(dimension.name), "score": .string(ReportNumber.score(dimension.score))]
    }

    static func flagName(_ kind: ValidityFlag.Kind) -> String { kind.name }
}
