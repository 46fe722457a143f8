import QuestionnaireEngine
import Scoring
import Submissions
import Templating

/// The data of a candidate report, built straight from a scorecard (no JSON round trip).
///
/// The report opens with a one-page summary for the hiring manager: the verdict (with a caution
/// when careless answering makes the score unreliable), the dimension chart with each score's
/// standard error, knockouts and flags in plain words, the takeaways, each interviewer's own
/// recommendation and one ratings table (a column per interviewer, notes inline, spreads of 2
/// points or more marked). The item-by-item explanation follows as an appendix. A question
/// appears at most twice: in the ratings table and in the appendix.
public enum CandidateReport {
    /// Ratings this far apart on one question are marked for the panel to discuss.
    static let discussSpread = 2.0

    /// The template context for one candidate.
    public static func model(_ card: ScoreCard, plan: ScoringPlan, context: ReportContext) -> TemplateValue {
        let texts = Dictionary(plan.items.map { ($0.id, $0.text) }, uniquingKeysWith: { first, _ in first })
        let names = Dictionary(plan.rubric.dimensions.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let careless = card.flags.filter(\.kind.isCarelessResponding)

        var verdict: [String: TemplateValue] = [
            "label": .string(card.label), "decision": .string(card.decision),
            "overall": .string(ReportNumber.score(card.overall)), "hasOverall": .bool(card.overall != nil),
        ]
        if let sem = card.sem, card.overall != nil { verdict["sem"] = .string(ReportNumber.score(sem)) }
        if let standing = card.standing {
            verdict["percentile"] = .string(
                "\(ReportNumber.ordinal(standing.percentile)) percentile against \(standing.reference)")
        }
        verdict["human"] = context.humanDecision(for: card)
        verdict["provisional"] = card.provisional.map(TemplateValue.string) ?? .null
        if !careless.isEmpty {
            verdict["caution"] = .string(
                "Careless answering: \(careless.map { $0.kind.name.lowercased() }.joined(separator: ", ")). The score cannot be relied on by itself; talk to the candidate or assess again before deciding."
            )
        }

        let dimensions: [TemplateValue] = card.dimensions.map { dimension in
            [
                "name": .string(dimension.name), "score": .string(ReportNumber.score(dimension.score)),
                "sem": dimension.sem.map { .string(ReportNumber.score($0)) } ?? .null,
                "answered": .number(Double(dimension.answered)), "total": .number(Double(dimension.total)),
                "insufficient": .bool(dimension.score == nil),
            ]
        }
        let alerts =
            card.knockouts.map { TemplateValue.object(["text": .string($0), "kind": "Knockout"]) }
            + card.flags.map { TemplateValue.object(["text": .string($0.message), "kind": .string($0.kind.name)]) }

        let ratings = ratingRows(card, texts: texts)
        // In the ratings table's column order.
        let ordered = card.raters.compactMap { rater in card.raterResults.first { $0.rater == rater } }
        let results: [TemplateValue] = ordered.map { result in
            [
                "rater": .string(result.rater), "overall": .string(ReportNumber.score(result.overall)),
                "label": .string(result.label), "decision": .string(result.decision),
                "agrees": .bool(result.decision == card.decision),
            ]
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
        let takeaways = takeaways(card, ratings: ratings, minimumDimensions: plan.rubric.minimumDimensions)
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
            "verdict": .object(TemplateObject(verdict)),
            "structures": .array(
                card.structures.map { structure in
                    [
                        "rater": .string(structure.rater),
                        "score": .string("\(structure.summary.met) of \(structure.summary.of)"),
                        "notMet": .string(
                            structure.summary.notMet.isEmpty
                                ? "every component met" : "not met: " + structure.summary.notMet.joined(separator: ", ")
                        ),
                    ]
                }),
            "hasStructures": .bool(!card.structures.isEmpty),
            "takeaways": .array(takeaways.map(TemplateValue.string)),
            "recommendationText": .string(
                card.raterResults.map { "\($0.rater) \($0.decision) (\(ReportNumber.score($0.overall)))" }.joined(
                    separator: ", ")),
            "dimensions": .array(dimensions),
            "chart": .string(
                SVGChart.both { layout in
                    SVGChart.bars(
                        title: "Dimension scores of \(card.candidateName), each ± its standard error of measurement",
                        id: layout == .wide ? "dimensions" : "dimensions-narrow",
                        rows: card.dimensions.map { ($0.name, $0.score, $0.sem) }, layout: layout)
                }),
            "alerts": .array(alerts), "hasAlerts": .bool(!alerts.isEmpty),
            "raters": .array(card.raters.map(TemplateValue.string)),
            "hasRaters": .bool(!card.raters.isEmpty), "hasPanel": .bool(card.raters.count >= 2),
            "noteSpan": .number(Double(card.raters.count + 1 + (card.raters.count >= 2 ? 1 : 0))),
            "ratings": .array(ratings.map(\.value)), "hasRatings": .bool(!ratings.isEmpty),
            "hasDiscuss": .bool(card.raters.count >= 2 && ratings.contains { $0.spread >= discussSpread }),
            "recommendations": .array(results), "hasRecommendations": .bool(!results.isEmpty),
            "explanation": .array(explanation),
            "completeness": [
                "answered": .number(Double(answered)), "total": .number(Double(total)),
                "percent": .string(
                    total > 0 ? ReportNumber.fixed(100 * Double(answered) / Double(total), places: 0) : "0"),
            ],
            "links": links(context.links),
            "provenance": [
                "raters": .string(card.raters.isEmpty ? "self-report" : card.raters.joined(separator: ", ")),
                "submitted": .string(card.submitted ?? "not recorded"),
                "sources": .string(card.sources.joined(separator: ", ")),
                "dazzleVersion": .string(context.dazzleVersion), "date": .string(context.date),
            ],
        ]
    }

    /// One row per rated question: each interviewer's rating with their notes, and the spread.
    struct RatingRow {
        var spread: Double
        var value: TemplateValue
    }

    static func ratingRows(_ card: ScoreCard, texts: [String: String]) -> [RatingRow] {
        var order: [String] = []
        var byItem: [String: [RaterRating]] = [:]
        for rating in card.ratings {
            if byItem[rating.itemID] == nil { order.append(rating.itemID) }
            byItem[rating.itemID, default: []].append(rating)
        }
        return order.enumerated().map { number, id in
            let given = byItem[id] ?? []
            let values = given.map(\.value)
            let spread = (values.max() ?? 0) - (values.min() ?? 0)
            let cells: [TemplateValue] = card.raters.map { rater in
                guard let rating = given.first(where: { $0.rater == rater }) else {
                    return ["value": "—", "notes": .array([]), "noteText": .null]
                }
                return [
                    "value": .string(Answer.number(rating.value).display),
                    "notes": .array(rating.notes.map(TemplateValue.string)),
                    "noteText": rating.notes.isEmpty ? .null : .string(rating.notes.joined(separator: " / ")),
                ]
            }
            let discuss = given.count >= 2 && spread >= discussSpread
            // The notes go on a line of their own under the ratings, each after its author.
            let notes = card.raters.compactMap { rater -> String? in
                guard let rating = given.first(where: { $0.rater == rater }), !rating.notes.isEmpty else { return nil }
                return "\(rater): \(rating.notes.joined(separator: " / "))"
            }
            return RatingRow(
                spread: spread,
                value: [
                    "number": .number(Double(number + 1)), "question": .string(texts[id] ?? id),
                    "cells": .array(cells), "spread": .string(given.count >= 2 ? Answer.number(spread).display : "—"),
                    "discuss": .bool(discuss),
                    "noteLine": notes.isEmpty ? .null : .string(notes.joined(separator: " · ")),
                ])
        }
    }

    /// What a hiring manager should take away, in a few sentences.
    static func takeaways(_ card: ScoreCard, ratings: [RatingRow], minimumDimensions: Int) -> [String] {
        var lines: [String] = []
        let scored = card.dimensions.filter { $0.score != nil }.sorted {
            ($0.score ?? 0, $1.name) > ($1.score ?? 0, $0.name)
        }
        if let best = scored.first {
            lines.append("Strongest: \(best.name) (\(ReportNumber.score(best.score))).")
        }
        if scored.count >= 3, let weakest = scored.last {
            lines.append("Weakest: \(weakest.name) (\(ReportNumber.score(weakest.score))).")
        }
        let insufficient = card.dimensions.filter { $0.score == nil }.map(\.name)
        if !insufficient.isEmpty {
            lines.append("Too few answers to score: \(insufficient.joined(separator: ", ")).")
        }
        if card.overall == nil, !scored.isEmpty, scored.count < minimumDimensions {
            lines.append(
                "No overall score: \(scored.count) of \(card.dimensions.count) dimensions could be scored, and the rubric needs \(minimumDimensions) for an overall score and a decision."
            )
        }
        for knockout in card.knockouts { lines.append("A knockout decides the result: \(knockout).") }
        if card.raters.count >= 2 {
            let wide = ratings.filter { $0.spread >= discussSpread }.count
            lines.append(
                wide == 0
                    ? "The \(card.raters.count) interviewers agree within a point on every question."
                    : "The \(card.raters.count) interviewers differ by 2 or more points on \(wide) question\(wide == 1 ? "" : "s") (marked below): discuss before deciding."
            )
            let decisions = Set(card.raterResults.map(\.decision))
            if decisions.count > 1 {
                lines.append(
                    "Their own recommendations differ (\(card.raterResults.map { "\($0.rater): \($0.decision)" }.joined(separator: ", "))); the panel's decision combines their ratings mechanically."
                )
            }
        }
        return lines
    }

    /// The links a report shows; empty when it stands alone.
    static func links(_ links: ReportLinks) -> TemplateValue {
        var items: [TemplateValue] = []
        if let index = links.index { items.append(["href": .string(index), "text": "All reports"]) }
        if let batch = links.batch { items.append(["href": .string(batch), "text": "Batch report"]) }
        if let comparison = links.comparison { items.append(["href": .string(comparison), "text": "Comparison"]) }
        return ["items": .array(items), "hasItems": .bool(!items.isEmpty)]
    }
}
