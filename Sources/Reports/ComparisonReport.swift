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
        // The chart's series are letters, the table says whose.
        let letter = Dictionary(
            ranked.enumerated().map { ($0.element.candidateID, letters($0.offset)) },
            uniquingKeysWith: { first, _ in first })
        let rows: [TemplateValue] = ranked.enumerated().map { rank, card in
            let alerts = card.knockouts + card.flags.map(\.kind.name)
            return [
                "rank": .number(Double(rank + 1)), "name": .string(name(card)),
                "letter": .string(letter[card.candidateID] ?? ""),
                "href": blind ? .null : context.links.candidates[card.candidateID].map(TemplateValue.string) ?? .null,
                "unreliable": .bool(card.flags.contains { $0.kind.isCarelessResponding }),
                "overall": .string(ReportNumber.score(card.overall)),
                "label": .string(card.label), "decision": .string(card.decision),
                // A blind review sees the rubric only: no one's decision, no name behind it.
                "human": blind ? .null : context.humanNote(for: card),
                "provisional": .bool(card.provisional != nil),
                "alertText": .string(alerts.isEmpty ? "—" : alerts.joined(separator: "; ")),
                "last": .bool(rank == ranked.count - 1),
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
        let chart = SVGChart.both { layout in
            SVGChart.groupedBars(
                title: "Dimension scores by candidate", id: layout == .wide ? "comparison" : "comparison-narrow",
                series: ranked.map { letter[$0.candidateID] ?? "" },
                groups: plan.rubric.dimensions.enumerated().map { index, dimension in
                    (dimension.name, ranked.map { $0.dimensions[index].score })
                }, layout: layout)
        }
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
            // A blind review links nowhere: every other report names the candidates.
            "links": CandidateReport.links(blind ? ReportLinks() : context.links),
            "provenance": ["dazzleVersion": .string(context.dazzleVersion), "date": .string(context.date)],
        ]
    }
}
