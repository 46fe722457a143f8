import Audit
import QuestionnaireEngine
import Scoring
import Templating

/// The candidate's explanation (EU AI Act Art. 86: "a clear and meaningful explanation of the
/// main elements of the decision"): what was assessed and why, how the result came about
/// (dimension scores and weights, knockouts, the band rule), whether and by whom a person
/// reviewed it, and how to ask for a review. Only the candidate's own data: no other candidate,
/// no percentile, no rater's name or note unless asked.
public enum ExplanationReport {
    /// Options the person sending the explanation chooses.
    public struct Options: Sendable {
        /// How the candidate asks for a review, e.g. "Write to jobs@example.org within 30 days".
        public var contact: String?
        /// Whether the interviewers' notes are shown (off by default: they are the raters' own).
        public var includeNotes: Bool

        public init(contact: String? = nil, includeNotes: Bool = false) {
            self.contact = contact
            self.includeNotes = includeNotes
        }
    }

    public static func model(
        _ card: ScoreCard, plan: ScoringPlan, context: ReportContext, options: Options = Options()
    ) -> TemplateValue {
        let totalWeight = plan.rubric.dimensions.map(\.weight).reduce(0, +)
        let dimensions: [TemplateValue] = zip(plan.rubric.dimensions, card.dimensions).map { rule, scored in
            [
                "name": .string(rule.name),
                "description": rule.description.isEmpty ? .null : .string(rule.description),
                "score": .string(scored.score.map { ReportNumber.score($0) } ?? "not scored (too few answers)"),
                "share": .string(
                    ReportNumber.fixed(totalWeight > 0 ? 100 * rule.weight / totalWeight : 0, places: 0) + "%"),
            ]
        }
        let band = card.overall.flatMap { plan.rubric.band(for: $0) }
        let bands: [TemplateValue] = plan.rubric.bands.map { rule in
            [
                "range": .string("\(ReportNumber.score(rule.from)) to \(ReportNumber.score(rule.to))"),
                "label": .string(rule.label), "decision": .string(rule.decision),
                "yours": .bool(band == rule && card.knockouts.isEmpty),
            ]
        }
        let human = context.decisions[card.candidateID]
        let notes: [TemplateValue] =
            options.includeNotes
            ? card.ratings.filter { !$0.notes.isEmpty }.map { rating in
                [
                    "question": .string(plan.questionnaire.item(withID: rating.itemID)?.text ?? rating.itemID),
                    "notes": .array(rating.notes.map(TemplateValue.string)),
                ]
            } : []
        return [
            "title": .string("How we assessed your application"),
            "candidate": ["name": .string(card.candidateName), "role": card.role.map(TemplateValue.string) ?? .null],
            "assessment": [
                "title": .string(plan.questionnaire.title),
                "description": .string(plan.questionnaire.description),
                "isInterview": .bool(!card.raters.isEmpty),
                "interviewers": .string(
                    card.raters.count == 1 ? "one interviewer" : "\(card.raters.count) interviewers, each on their own"),
            ],
            "dimensions": .array(dimensions),
            "overall": card.overall.map { .string(ReportNumber.score($0)) } ?? .null,
            "minimumDimensions": .string(String(plan.rubric.minimumDimensions)),
            "bands": .array(bands),
            // The rubric's own words, without the interviewer's name the scorecard adds.
            "knockouts": .array(
                plan.rubric.knockouts.filter { knockout in card.knockouts.contains { $0.hasPrefix(knockout.label) } }
                    .map { .string($0.label) }),
            "hasKnockouts": .bool(!card.knockouts.isEmpty),
            "flags": .array(card.flags.map { .string($0.message) }),
            "hasFlags": .bool(!card.flags.isEmpty),
            "result": ["label": .string(card.label), "decision": .string(card.decision)],
            "provisional": .bool(card.provisional != nil),
            "human": human.map { entry in
                [
                    "by": .string(entry.by), "date": .string(String(entry.at.prefix(10))),
                    "decision": .string(entry.decision), "rubricDecision": .string(entry.rubricDecision),
                    "override": .bool(entry.isOverride), "reason": .string(entry.reason),
                ]
            } ?? .null,
            "contact": .string(
                options.contact
                    ?? "reply to the message that brought you this explanation and ask for a review by a person"),
            "notes": .array(notes), "hasNotes": .bool(!notes.isEmpty),
            "provenance": [
                "date": .string(context.date), "questionnaire": .string(plan.questionnaire.id),
                "version": .string(plan.questionnaire.version), "rubric": .string(plan.rubric.id),
                "rubricVersion": .string(plan.rubric.version), "dazzleVersion": .string(context.dazzleVersion),
            ],
        ]
    }
}
