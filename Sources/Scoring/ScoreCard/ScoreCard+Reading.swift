import DazzleJSON
import QuestionnaireEngine
import Submissions

extension ScoreCard {
    /// Reads a scorecard written by `dazzle score` (`dazzle.scorecard/1`).
    /// - Throws: ``Rejection`` naming what is missing.
    public static func read(_ value: JSONValue, source: String) throws(Rejection) -> ScoreCard {
        func reject(_ reason: String) -> Rejection { Rejection(source: source, reason: reason) }
        guard let object = value.objectValue, object["format"]?.stringValue == format else {
            throw reject("not a scorecard: it must start with \"format\": \"\(format)\"")
        }
        guard let candidate = object["candidate"]?.objectValue, let id = candidate["id"]?.stringValue,
            let questionnaire = object["questionnaire"]?.objectValue,
            let questionnaireID = questionnaire["id"]?.stringValue,
            let rubric = object["rubric"]?.objectValue, let rubricID = rubric["id"]?.stringValue,
            let label = object["label"]?.stringValue, let decision = object["decision"]?.stringValue
        else {
            throw reject("the scorecard lacks its candidate id, question set, rubric, label or decision")
        }
        let dimensions = (object["dimensions"]?.arrayValue ?? []).compactMap { $0.objectValue }.map { dimension in
            DimensionScore(
                id: dimension["id"]?.stringValue ?? "", name: dimension["name"]?.stringValue ?? "",
                weight: dimension["weight"]?.numberValue ?? 1, score: dimension["score"]?.numberValue,
                answered: count(dimension["answered"]), total: count(dimension["total"]),
                sem: dimension["sem"]?.numberValue)
        }
        let explanation = (object["explanation"]?.arrayValue ?? []).compactMap { $0.objectValue }.map { line in
            ItemExplanation(
                itemID: line["item"]?.stringValue ?? "", dimensionID: line["dimension"]?.stringValue ?? "",
                answer: line["answer"].flatMap(answer), itemScore: line["score"]?.numberValue,
                weight: line["weight"]?.numberValue ?? 1, contribution: line["contribution"]?.numberValue ?? 0)
        }
        let ratings = (object["ratings"]?.arrayValue ?? []).compactMap { $0.objectValue }.compactMap {
            rating -> RaterRating? in
            guard let rater = rating["rater"]?.stringValue, let item = rating["item"]?.stringValue,
                let value = rating["value"]?.numberValue
            else { return nil }
            return RaterRating(
                rater: rater, itemID: item, value: value,
                notes: strings(rating["notes"]) + (rating["note"]?.stringValue.map { [$0] } ?? []))
        }
        var flags: [ValidityFlag] = []
        for flag in (object["flags"]?.arrayValue ?? []).compactMap(\.objectValue) {
            let name = flag["kind"]?.stringValue ?? ""
            guard let kind = ValidityFlag.Kind(rawValue: name) else {
                throw reject(
                    "the scorecard has a validity flag of kind '\(name)', which this version of Dazzle does not know; use the version that wrote it"
                )
            }
            flags.append(ValidityFlag(kind: kind, message: flag["message"]?.stringValue ?? ""))
        }
        var card = ScoreCard(
            candidateID: id, candidateName: candidate["name"]?.stringValue ?? id,
            candidateEmail: candidate["email"]?.stringValue,
            role: candidate["role"]?.stringValue, questionnaireID: questionnaireID,
            questionnaireVersion: questionnaire["version"]?.stringValue ?? "", rubricID: rubricID,
            rubricVersion: rubric["version"]?.stringValue ?? "", raters: strings(object["raters"]),
            submitted: object["submitted"]?.stringValue, seconds: object["seconds"]?.numberValue,
            overall: object["overall"]?.numberValue, label: label, decision: decision, dimensions: dimensions,
            knockouts: strings(object["knockouts"]),
            flags: flags,
            explanation: explanation, ratings: ratings, warnings: strings(object["warnings"]),
            sources: strings(object["sources"]))
        card.sem = object["sem"]?.numberValue
        card.provisional = object["provisional"]?.stringValue
        // Compact: `[answer,score,contribution]` per key of the rubric.
        let lines = (object["explanation"]?.arrayValue ?? []).compactMap(\.arrayValue)
        if !lines.isEmpty {
            card.compactExplanation = CompactExplanation(
                answers: lines.map { $0.first.flatMap(answer) },
                scores: lines.map { $0.count > 1 ? $0[1].numberValue : nil },
                points: lines.map { $0.count > 2 ? $0[2].numberValue ?? 0 : 0 })
        }
        card.structures = (object["structure"]?.arrayValue ?? []).compactMap(\.objectValue).compactMap { entry in
            guard let rater = entry["rater"]?.stringValue, let met = entry["met"]?.numberValue,
                let of = entry["of"]?.numberValue, met >= 0, of >= met, of < 1000
            else { return nil }
            return RaterStructure(
                rater: rater,
                summary: StructureSummary(
                    met: Int(met), of: Int(of), notMet: entry["notMet"]?.arrayValue?.compactMap(\.stringValue) ?? []))
        }
        card.raterResults = (object["raterResults"]?.arrayValue ?? []).compactMap(\.objectValue).compactMap { result in
            guard let rater = result["rater"]?.stringValue, let label = result["label"]?.stringValue,
                let decision = result["decision"]?.stringValue
            else { return nil }
            return RaterResult(rater: rater, overall: result["overall"]?.numberValue, label: label, decision: decision)
        }
        if let standing = object["standing"]?.objectValue, let percentile = standing["percentile"]?.numberValue {
            card.standing = Standing(
                reference: standing["reference"]?.stringValue ?? "", percentile: percentile,
                z: standing["z"]?.numberValue)
        }
        return card
    }

    private static func strings(_ value: JSONValue?) -> [String] {
        (value?.arrayValue ?? []).compactMap(\.stringValue)
    }

    private static func count(_ value: JSONValue?) -> Int {
        guard let number = value?.numberValue, number >= 0, number < 1e9 else { return 0 }
        return Int(number)
    }

    /// An answer as scorecards write it (see ``writeAnswer(_:to:)``); `nil` for `null`.
    public static func answer(_ value: JSONValue) -> Answer? {
        switch value.kind {
        case .number(let number): .number(number)
        case .string(let text): .text(text)
        case .bool(let flag): .bool(flag)
        case .array(let values): .options(values.compactMap(\.stringValue))
        default: nil
        }
    }
}
