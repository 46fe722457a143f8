import DazzleJSON
import QuestionnaireEngine
import Scoring
import Templating

/// The instrument card (`dazzle card`): the technical documentation a deployer and an auditor
/// need, shaped after EU AI Act Annex IV and a Local Law 144 audit summary: purpose, constructs,
/// items and keys, scoring rules, reliability, adverse impact and DIF from a batch, known limits,
/// human oversight, versions and hashes. Deterministic: the same set, rubric and summary give the
/// same bytes, so two versions can be diffed.
public enum InstrumentCard {
    /// What the card is built from besides the plan.
    public struct Sources: Sendable {
        /// A batch's `summary.json`, for reliability, adverse impact and DIF; `nil` for none.
        public var summary: JSONValue?
        /// `sha256:…` of the summary file, when given.
        public var summaryHash: String?
        /// `sha256:…` of the rubric as read (the question set file when embedded).
        public var rubricHash: String
        public var dazzleVersion: String

        public init(summary: JSONValue?, summaryHash: String?, rubricHash: String, dazzleVersion: String) {
            self.summary = summary
            self.summaryHash = summaryHash
            self.rubricHash = rubricHash
            self.dazzleVersion = dazzleVersion
        }
    }

    public static func model(plan: ScoringPlan, sources: Sources) -> TemplateValue {
        let questionnaire = plan.questionnaire
        let rubric = plan.rubric
        let totalWeight = rubric.dimensions.map(\.weight).reduce(0, +)
        let constructs: [TemplateValue] = rubric.dimensions.map { dimension in
            [
                "name": .string(dimension.name), "id": .string(dimension.id),
                "description": .string(dimension.description.isEmpty ? "—" : dimension.description),
                "share": .string(
                    ReportNumber.fixed(totalWeight > 0 ? 100 * dimension.weight / totalWeight : 0, places: 1) + "%"),
                "items": .string(String(dimension.keys.count)),
                "keys": .array(
                    dimension.keys.map { key in
                        let item = questionnaire.item(withID: key.itemID)
                        return [
                            "id": .string(key.itemID), "text": .string(item?.text ?? key.itemID),
                            "type": .string(item?.typeName ?? "?"), "key": .string(keyText(key, item: item)),
                            "weight": .string(ReportNumber.fixed(key.weight, places: 2)),
                        ]
                    }),
            ]
        }
        let bands: [TemplateValue] = rubric.bands.map { band in
            [
                "range": .string("\(ReportNumber.score(band.from))–\(ReportNumber.score(band.to))"),
                "label": .string(band.label), "decision": .string(band.decision),
            ]
        }
        var validity: [String] = []
        if !rubric.validity.desirabilityItems.isEmpty {
            validity.append(
                "Candour: \(rubric.validity.desirabilityItems.count) items; flagged at a score of \(ReportNumber.score(rubric.validity.desirabilityThreshold)) or more."
            )
        }
        if !rubric.validity.consistencyPairs.isEmpty {
            validity.append(
                "Consistency: \(rubric.validity.consistencyPairs.count) item pairs; flagged when keyed answers differ by more than \(ReportNumber.score(rubric.validity.consistencyMaxGap)) points."
            )
        }
        if let run = rubric.validity.longStringRun {
            validity.append("Long string: flagged at \(run) identical answers in a row.")
        }
        if let seconds = rubric.validity.minimumSeconds {
            validity.append("Speed: flagged under \(ReportNumber.score(seconds)) seconds.")
        }
        if !rubric.validity.attentionChecks.isEmpty {
            validity.append("Attention: \(rubric.validity.attentionChecks.count) checks.")
        }
        let summary = sources.summary?.objectValue
        return [
            "title": .string("Instrument card: \(questionnaire.title)"),
            "identity": [
                "questionnaire": .string(questionnaire.id), "version": .string(questionnaire.version),
                "hash": .string(questionnaire.contentHash), "rubric": .string(rubric.id),
                "rubricVersion": .string(rubric.version), "rubricHash": .string(sources.rubricHash),
                "dazzleVersion": .string(sources.dazzleVersion),
                "summaryHash": sources.summaryHash.map(TemplateValue.string) ?? .null,
            ],
            "purpose": [
                "description": .string(questionnaire.description),
                "audience": .string(
                    questionnaire.audience == .candidate
                        ? "Answered by candidates (a form), scored by the rubric."
                        : "Rated by interviewers in a structured interview, scored by the rubric."),
                "advancing": .string(rubric.advancingDecisions.joined(separator: ", ")),
            ],
            "constructs": .array(constructs),
            "rules": [
                "minimumAnswered": .string(ReportNumber.fixed(rubric.minimumAnswered * 100, places: 0) + "%"),
                "minimumDimensions": .string("\(rubric.minimumDimensions) of \(rubric.dimensions.count)"),
                "bands": .array(bands),
                "knockouts": .array(
                    rubric.knockouts.map { ["label": .string($0.label), "decision": .string($0.decision)] }),
                "hasKnockouts": .bool(!rubric.knockouts.isEmpty),
                "validity": .array(validity.map(TemplateValue.string)), "hasValidity": .bool(!validity.isEmpty),
                "demographics": .string(
                    rubric.demographicQuestions.isEmpty
                        ? "none declared" : rubric.demographicQuestions.map(\.field).joined(separator: ", ")),
            ],
            "batch": summary.map { batch(from: $0) } ?? .null,
        ]
    }

    static func keyText(_ key: ItemKey, item: Item?) -> String {
        guard let item else { return "unknown item" }
        switch item.kind {
        case .likert(let scale, let reverse):
            let reversed = key.reverse ?? reverse
            return "\(scale.min)–\(scale.max)\(reversed ? ", reverse-keyed" : "")"
        case .rating(let guide):
            return "\(guide.scale.min)–\(guide.scale.max) rating"
        case .choice(let options), .multi(let options, _, _):
            return options.map { "\($0.id)=\($0.score.map { ReportNumber.fixed($0, places: 2) } ?? "—")" }.joined(
                separator: ", ")
        case .yesno:
            return key.reverse == true ? "no=1, yes=0" : "yes=1, no=0"
        case .number:
            return key.range.map {
                "\(ReportNumber.score($0.lowerBound)) → 0, \(ReportNumber.score($0.upperBound)) → 1"
            }
                ?? "number"
        case .text:
            return "not scored"
        }
    }

    /// The batch's figures: counts, reliability with intervals, adverse impact, DIF.
    static func batch(from summary: JSONObject) -> TemplateValue {
        func number(_ value: JSONValue?, places: Int = 2) -> String {
            value?.numberValue.map { ReportNumber.fixed($0, places: places) } ?? "—"
        }
        let counts = summary["counts"]?.objectValue
        let reliability: [TemplateValue] = (summary["reliability"]?.arrayValue ?? []).compactMap { entry in
            guard let object = entry.objectValue else { return nil }
            let interval = object["alpha95"]?.arrayValue ?? []
            let omega = object["omega"]?.objectValue?["omegaTotal"]
            return [
                "dimension": .string(object["dimension"]?.stringValue ?? "?"),
                "cases": .string(number(object["completeCases"], places: 0)),
                "alpha": .string(number(object["alpha"])),
                "interval": .string(interval.count == 2 ? "\(number(interval[0]))–\(number(interval[1]))" : "—"),
                "omega": .string(number(omega)), "sem": .string(number(object["sem"], places: 1)),
            ]
        }
        var impact: [TemplateValue] = []
        for field in summary["adverseImpact"]?.objectValue?["fields"]?.arrayValue ?? [] {
            guard let object = field.objectValue else { continue }
            for group in object["groups"]?.arrayValue ?? [] {
                guard let row = group.objectValue else { continue }
                impact.append([
                    "field": .string(object["field"]?.stringValue ?? "?"),
                    "group": .string(row["group"]?.stringValue ?? "?"),
                    "count": .string(number(row["count"], places: 0)),
                    "rate": .string(number(row["selectionRate"])),
                    "ratio": .string(number(row["impactRatio"])),
                    "note": .string(
                        row["reference"]?.boolValue == true
                            ? "reference"
                            : row["fourFifthsFlag"]?.boolValue == true
                                ? "below four-fifths" : row["smallGroup"]?.boolValue == true ? "small group" : ""),
                ])
            }
        }
        let dif = summary["dif"]?.objectValue
        let flagged = (dif?["items"]?.arrayValue ?? []).compactMap { item -> TemplateValue? in
            guard let object = item.objectValue, object["flagged"]?.boolValue ?? true else { return nil }
            return .string(
                "\(object["item"]?.stringValue ?? "?") (\(object["field"]?.stringValue ?? "?"): \(object["focal"]?.stringValue ?? "?") vs \(object["reference"]?.stringValue ?? "?"))"
            )
        }
        let limits =
            (dif?["notes"]?.arrayValue ?? []).compactMap(\.stringValue)
            + [summary["structure"]?.objectValue?["note"]?.stringValue].compactMap { $0 }
        return [
            "read": .string(number(counts?["read"], places: 0)),
            "scored": .string(number(counts?["scored"], places: 0)),
            "candidates": .string(number(counts?["candidates"], places: 0)),
            "reliability": .array(reliability), "impact": .array(impact), "hasImpact": .bool(!impact.isEmpty),
            "difCriteria": .string(dif?["criteria"]?.stringValue ?? "—"),
            "difFlagged": .array(flagged), "hasDifFlagged": .bool(!flagged.isEmpty),
            "limits": .array(limits.map(TemplateValue.string)),
        ]
    }
}
