import QuestionnaireEngine
import Scoring
import Submissions
import Templating

/// Two to twenty candidates side by side.
public enum ComparisonReport {
    /// Stable pseudonyms for blind review: candidates sorted by id get Candidate A, B, …, so the
    /// same set always gives the same letters.
    public static func pseudonyms(for cards: [ScoreCard]) -> [String: String] {
        var names: [String: String] = [:]
        for (index, id) in Set(cards.map(\.candidateID)).sorted().enumerated() {
            names[id] = "Candidate " + letters(index)
        }
        return names
    }

    /// A, B, …, Z, AA, AB, …
    static func letters(_ index: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return index < 26 ? String(alphabet[index]) : letters(index / 26 - 1) + String(alphabet[index % 26])
    }

    /// The template context for a comparison.
    /// - Parameter blind: replace names and contact details by pseudonyms.
    public static func model(_ cards: [ScoreCard], plan: ScoringPlan, blind: Bool, context: ReportContext)
        -> TemplateValue
    {
        let pseudonyms = pseudonyms(for: cards)
        func name(_ card: ScoreCard) -> String {
            blind ? pseudonyms[card.candidateID] ?? "Candidate" : card.candidateName
        }
        let ranked = SummaryTable.ranked(cards)
        let rows: [TemplateValue] = ranked.enumerated().map { rank, card in
            [
                "rank": .number(Double(rank + 1)), "name": .string(name(card)),
                "overall": .string(ReportNumber.score(card.overall)),
                "label": .string(card.label), "decision": .string(card.decision),
                "flags": .string(card.flags.map { CandidateReport.flagName($0.kind) }.joined(separator: ", ")),
                "knockouts": .string(card.knockouts.joined(separator: "; ")),
                "scores": .array(card.dimensions.map { .string(ReportNumber.score($0.score)) }),
            ]
        }
        var differences: [(name: String, spread: Double, high: String, low: String)] = []
        for (index, dimension) in plan.rubric.dimensions.enumerated() {
            let scored = ranked.compactMap { card in card.dimensions[index].score.map { (card, $0) } }
            guard let high = scored.max(by: { $0.1 < $1.1 }), let low = scored.min(by: { $0.1 < $1.1 }),
                scored.count >= 2
            else { continue }
            differences.append((dimension.name, high.1 - low.1, name(high.0), name(low.0)))
        }
        differences.sort { ($0.spread, $1.name) > ($1.spread, $0.name) }
        let chart = SVGChart.groupedBars(
            title: "Dimension scores by candidate", series: ranked.map(name),
            groups: plan.rubric.dimensions.enumerated().map { index, dimension in
                (dimension.name, ranked.map { $0.dimensions[index].score })
            })
        let alerts: [TemplateValue] = ranked.flatMap { card in
            card.knockouts.map { TemplateValue.object(["name": .string(name(card)), "text": .string($0)]) }
                + card.flags.map { TemplateValue.object(["name": .string(name(card)), "text": .string($0.message)]) }
        }
        let panels: [TemplateValue] = ranked.filter { $0.raters.count >= 2 }.map { card in
            let spreads = Dictionary(grouping: card.ratings, by: \.itemID).values.map { ratings in
                (ratings.map(\.value).max() ?? 0) - (ratings.map(\.value).min() ?? 0)
            }
            return [
                "name": .string(name(card)), "raters": .number(Double(card.raters.count)),
                "meanSpread": .string(
                    ReportNumber.twoDecimals(spreads.isEmpty ? nil : spreads.reduce(0, +) / Double(spreads.count))),
                "wide": .number(Double(spreads.filter { $0 >= 2 }.count)),
            ]
        }
        return [
            "title": .string(
                blind ? "Blind comparison of \(cards.count) candidates" : "Comparison of \(cards.count) candidates"),
            "blind": .bool(blind),
            "questionnaire": [
                "id": .string(plan.questionnaire.id), "version": .string(plan.questionnaire.version),
                "title": .string(plan.questionnaire.title),
            ],
            "rubric": ["id": .string(plan.rubric.id), "version": .string(plan.rubric.version)],
            "dimensions": .array(plan.rubric.dimensions.map { .string($0.name) }),
            "candidates": .array(rows),
            "chart": .string(chart),
            "differences": .array(
                differences.prefix(3).map { difference in
                    [
                        "name": .string(difference.name), "spread": .string(ReportNumber.score(difference.spread)),
                        "high": .string(difference.high), "low": .string(difference.low),
                    ]
                }),
            "alerts": .array(alerts), "hasAlerts": .bool(!alerts.isEmpty),
            "panels": .array(panels), "hasPanels": .bool(!panels.isEmpty),
            "provenance": ["dazzleVersion": .string(context.dazzleVersion), "date": .string(context.date)],
        ]
    }
}
