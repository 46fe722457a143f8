import DazzleJSON
import QuestionnaireEngine
import Spelling
import Submissions

/// Reads a `dazzle.rubric/1` object against the question set it scores, collecting every problem.
public enum RubricLoader {
    /// What reading a rubric produced.
    public struct Result: Sendable {
        /// The rubric, or `nil` when any diagnostic is an error.
        public var rubric: Rubric?
        public var diagnostics: [Diagnostic]
    }

    /// Reads a rubric from its own file.
    public static func load(_ bytes: [UInt8], file: String, for questionnaire: Questionnaire) -> Result {
        do {
            let root = try JSONReader().read(bytes)
            return load(root, file: file, for: questionnaire, embedded: false)
        } catch {
            return Result(
                rubric: nil, diagnostics: [Diagnostic(.error, error.message, file: file, position: error.position)])
        }
    }

    /// Reads a rubric from a parsed JSON value: a rubric file's root, or a question set's `rubric`.
    /// - Parameter embedded: whether the value sits inside the question set, where `format` and
    ///   `questionnaire` may be left out.
    public static func load(_ root: JSONValue, file: String, for questionnaire: Questionnaire, embedded: Bool) -> Result
    {
        var decoder = RubricDecoder(file: file, questionnaire: questionnaire, embedded: embedded)
        let rubric = decoder.rubric(root)
        let diagnostics = decoder.fields.diagnostics
        return Result(rubric: diagnostics.containsErrors ? nil : rubric, diagnostics: diagnostics)
    }
}

private struct RubricDecoder {
    var fields: FieldDecoder
    let questionnaire: Questionnaire
    let embedded: Bool
    let basePath: JSONPath

    init(file: String, questionnaire: Questionnaire, embedded: Bool) {
        fields = FieldDecoder(file: file)
        self.questionnaire = questionnaire
        self.embedded = embedded
        basePath = embedded ? JSONPath().appending("rubric") : JSONPath()
    }

    static let keys = [
        "format", "id", "version", "questionnaire", "title", "minimumAnswered", "dimensions", "bands", "advancing",
        "knockouts", "validity", "unscored", "minimumDimensions", "demographics", "biasAudit",
    ]

    mutating func rubric(_ root: JSONValue) -> Rubric? {
        let path = basePath
        guard let object = fields.object(root, path: path, what: "a rubric") else { return nil }
        fields.rejectUnknownKeys(in: object, path: path, allowed: Self.keys, context: "a rubric")
        if let format = object["format"] ?? (embedded ? nil : root) {
            if format.stringValue != Rubric.format {
                let found = format.stringValue.map { "'\($0)'" } ?? "nothing"
                fields.error(
                    "A rubric starts with \"format\": \"\(Rubric.format)\"; found \(found).", at: format.position,
                    path: path.appending("format"))
                return nil
            }
        }
        let id =
            fields.string(
                "id", of: object, at: root, path: path,
                requiredBecause: "a rubric needs an id, e.g. \"id\": \"front-desk\".")
            ?? ""
        let version = fields.string("version", of: object, at: root, path: path) ?? questionnaire.version
        let title = fields.string("title", of: object, at: root, path: path) ?? questionnaire.title
        let target = fields.string(
            "questionnaire", of: object, at: root, path: path,
            requiredBecause: embedded
                ? nil : "name the question set it scores, e.g. \"questionnaire\": \"\(questionnaire.id)\".")
        if let target, target != questionnaire.id {
            fields.error(
                "This rubric scores '\(target)', not '\(questionnaire.id)'; use it with that question set.",
                at: object["questionnaire"]?.position, path: path.appending("questionnaire"))
        }
        var minimumAnswered = 0.75
        if let share = fields.number("minimumAnswered", of: object, at: root, path: path) {
            if share <= 0 || share > 1 {
                fields.error(
                    "'minimumAnswered' is a share of a dimension's items, above 0 and at most 1 (e.g. 0.75).",
                    at: object["minimumAnswered"]?.position, path: path.appending("minimumAnswered"))
            } else {
                minimumAnswered = share
            }
        }
        let dimensions = self.dimensions(object, root: root, path: path)
        let bands = self.bands(object, root: root, path: path)
        let knockouts = self.knockouts(object, path: path)
        let validity = self.validity(object, path: path)
        let decisions = Set(bands.map(\.decision) + knockouts.map(\.decision))
        let advancing = fields.strings("advancing", of: object, path: path)
        for (index, decision) in advancing.enumerated() where !decisions.contains(decision) {
            fields.error(
                "'\(decision)' is not a decision of any band or knockout; list decisions from: \(decisions.sorted().joined(separator: ", ")).",
                at: object["advancing"]?.arrayValue?[index].position, path: path.appending("advancing").appending(index)
            )
        }
        var unscored: Set<String> = []
        for (index, id) in fields.strings("unscored", of: object, path: path).enumerated() {
            if let element = object["unscored"]?.arrayValue?[index],
                item(id, at: element, path: path.appending("unscored").appending(index)) != nil
            {
                unscored.insert(id)
            }
        }
        reportUnusedItems(dimensions: dimensions, validity: validity, unscored: unscored, root: root)
        var rubric = Rubric(
            id: id, version: version, questionnaireID: questionnaire.id, title: title, minimumAnswered: minimumAnswered,
            dimensions: dimensions, bands: bands, knockouts: knockouts, advancingDecisions: advancing,
            validity: validity)
        if let minimum = fields.integer("minimumDimensions", of: object, at: root, path: path) {
            if minimum < 1 || minimum > max(dimensions.count, 1) {
                fields.error(
                    "'minimumDimensions' is how many dimensions an overall score needs, from 1 to \(dimensions.count) here.",
                    at: object["minimumDimensions"]?.position, path: path.appending("minimumDimensions"))
            } else {
                rubric.minimumDimensions = minimum
            }
        }
        (rubric.demographicBins, rubric.demographicQuestions) = demographics(object, path: path)
        rubric.biasAudit = biasAudit(object, path: path)
        return rubric
    }

    /// The item with this id, or an error with a suggestion.
    mutating func item(_ id: String, at value: JSONValue, path: JSONPath) -> Item? {
        if let item = questionnaire.item(withID: id) { return item }
        let hint = Spelling.closest(to: id, among: questionnaire.items.map(\.id)).map { " Did you mean '\($0)'?" } ?? ""
        fields.error(
            "Unknown item '\(id)': '\(questionnaire.id)' has no such item.\(hint)", at: value.position, path: path)
        return nil
    }

    mutating func dimensions(_ object: JSONObject, root: JSONValue, path: JSONPath) -> [Dimension] {
        guard let value = object["dimensions"] else {
            fields.missing(
                "dimensions", in: root, path: path,
                why: "a rubric scores items in dimensions; add \"dimensions\": [ … ].")
            return []
        }
        guard let array = fields.array(value, path: path.appending("dimensions"), what: "'dimensions'") else {
            return []
        }
        var dimensions: [Dimension] = []
        var seen: Set<String> = []
        for (index, element) in array.enumerated() {
            let dimensionPath = path.appending("dimensions").appending(index)
            guard let dimension = self.dimension(element, path: dimensionPath) else { continue }
            if !seen.insert(dimension.id).inserted {
                fields.error(
                    "Duplicate dimension id '\(dimension.id)'; give each dimension its own id.",
                    at: element.objectValue?["id"]?.position, path: dimensionPath.appending("id"))
                continue
            }
            dimensions.append(dimension)
        }
        if array.isEmpty {
            fields.error(
                "'dimensions' is empty; add at least one.", at: value.position, path: path.appending("dimensions"))
        }
        return dimensions
    }

    mutating func dimension(_ value: JSONValue, path: JSONPath) -> Dimension? {
        guard let object = fields.object(value, path: path, what: "a dimension") else { return nil }
        fields.rejectUnknownKeys(
            in: object, path: path, allowed: ["id", "name", "description", "weight", "items"], context: "a dimension")
        let id = fields.string("id", of: object, at: value, path: path, requiredBecause: "each dimension needs an id.")
        let name = fields.string(
            "name", of: object, at: value, path: path, requiredBecause: "each dimension needs a name shown on reports.")
        let description = fields.string("description", of: object, at: value, path: path) ?? ""
        let weight = positiveWeight(object, path: path) ?? 1
        var keys: [ItemKey] = []
        if let itemsValue = object["items"],
            let array = fields.array(itemsValue, path: path.appending("items"), what: "'items'")
        {
            for (index, element) in array.enumerated() {
                if let key = itemKey(element, path: path.appending("items").appending(index)) { keys.append(key) }
            }
            if array.isEmpty {
                fields.error(
                    "The dimension keys no items; add some.", at: itemsValue.position, path: path.appending("items"))
            } else if array.count < 3 {
                fields.warning(
                    "The dimension '\(id ?? "")' has \(array.count) item\(array.count == 1 ? "" : "s"); with fewer than 3 its score is unreliable.",
                    at: itemsValue.position, path: path.appending("items"))
            }
        } else if object["items"] == nil {
            fields.missing("items", in: value, path: path, why: "list the item ids keyed into the dimension.")
        }
        guard let id, let name else { return nil }
        return Dimension(id: id, name: name, description: description, weight: weight, keys: keys)
    }

    mutating func positiveWeight(_ object: JSONObject, path: JSONPath) -> Double? {
        guard let weight = fields.number("weight", of: object, path: path) else { return nil }
        guard weight > 0 else {
            fields.error(
                "'weight' must be above 0, found \(weight); leave an item out rather than weighting it 0.",
                at: object["weight"]?.position, path: path.appending("weight"))
            return nil
        }
        return weight
    }

    mutating func itemKey(_ value: JSONValue, path: JSONPath) -> ItemKey? {
        var key: ItemKey
        let idValue: JSONValue
        if let id = value.stringValue {
            key = ItemKey(itemID: id)
            idValue = value
        } else if let object = fields.object(value, path: path, what: "an item id or {\"item\": …, \"weight\": …}") {
            fields.rejectUnknownKeys(
                in: object, path: path, allowed: ["item", "weight", "reverse", "from", "to"], context: "an item key")
            guard
                let id = fields.string(
                    "item", of: object, at: value, path: path, requiredBecause: "name the item keyed.")
            else { return nil }
            key = ItemKey(
                itemID: id, weight: positiveWeight(object, path: path) ?? 1,
                reverse: fields.bool("reverse", of: object, path: path))
            let from = fields.number("from", of: object, at: value, path: path)
            let to = fields.number("to", of: object, at: value, path: path)
            if let from, let to {
                if from == to {
                    fields.error(
                        "'from' and 'to' are equal; they are the answers scored 0 and 1.", at: value.position,
                        path: path)
                } else {
                    key.range = min(from, to)...max(from, to)
                    if from > to { key.reverse = !(key.reverse ?? false) }
                }
            } else if from != nil || to != nil {
                fields.error(
                    "Give both 'from' (the answer scored 0) and 'to' (scored 1).", at: value.position, path: path)
            }
            idValue = object["item"] ?? value
        } else {
            return nil
        }
        guard let item = item(key.itemID, at: idValue, path: path) else { return nil }
        switch item.kind {
        case .text:
            fields.error(
                "'\(item.id)' is a text item, which cannot be scored; leave it out of dimensions.",
                at: idValue.position, path: path)
            return nil
        case .choice(let options), .multi(let options, _, _):
            if options.contains(where: { $0.score == nil }) {
                fields.error(
                    "'\(item.id)' has options without a 'score'; give every option a score to key it.",
                    at: idValue.position, path: path)
                return nil
            }
            if options.allSatisfy({ ($0.score ?? 0) <= 0 }) {
                fields.error(
                    "'\(item.id)' has no option scored above 0, so it cannot be scored.", at: idValue.position,
                    path: path)
                return nil
            }
        case .number(let min, let max, _):
            if key.range == nil {
                guard let min, let max, min < max else {
                    fields.error(
                        "'\(item.id)' is a number item without 'min' and 'max'; give the key 'from' and 'to' (the answers scored 0 and 1).",
                        at: idValue.position, path: path)
                    return nil
                }
                key.range = min...max
            }
        case .likert, .rating, .yesno:
            break
        }
        if key.range != nil, case .number = item.kind {
        } else if key.range != nil {
            fields.error("'from' and 'to' apply to number items only.", at: value.position, path: path)
            return nil
        }
        return key
    }

    mutating func bands(_ object: JSONObject, root: JSONValue, path: JSONPath) -> [Band] {
        guard let value = object["bands"] else {
            fields.missing(
                "bands", in: root, path: path,
                why: "give bands on the overall score, each with 'from', 'to', 'label' and 'decision'.")
            return []
        }
        guard let array = fields.array(value, path: path.appending("bands"), what: "'bands'") else { return [] }
        var bands: [(band: Band, value: JSONValue, index: Int)] = []
        for (index, element) in array.enumerated() {
            let bandPath = path.appending("bands").appending(index)
            guard let band = fields.object(element, path: bandPath, what: "a band") else { continue }
            fields.rejectUnknownKeys(
                in: band, path: bandPath, allowed: ["from", "to", "label", "decision"], context: "a band")
            let from = fields.number(
                "from", of: band, at: element, path: bandPath, requiredBecause: "the lowest overall score in the band.")
            let to = fields.number(
                "to", of: band, at: element, path: bandPath,
                requiredBecause: "where the band ends (the next band's 'from', or 100).")
            let label = fields.string(
                "label", of: band, at: element, path: bandPath,
                requiredBecause: "the band's label, e.g. \"Goosebumps\".")
            let decision = fields.string(
                "decision", of: band, at: element, path: bandPath, requiredBecause: "what to do, e.g. \"hire\".")
            guard let from, let to, let label, let decision else { continue }
            guard from >= 0, to <= 100, from < to else {
                fields.error(
                    "A band runs from a lower to a higher score within 0–100; found \(from)–\(to).",
                    at: element.position, path: bandPath)
                continue
            }
            bands.append((Band(from: from, to: to, label: label, decision: decision), element, index))
        }
        let sorted = bands.sorted { $0.band.from > $1.band.from }
        guard sorted.count == array.count, !sorted.isEmpty else {
            if array.isEmpty {
                fields.error(
                    "'bands' is empty; add at least one band.", at: value.position, path: path.appending("bands"))
            }
            return sorted.map(\.band)
        }
        if let top = sorted.first, top.band.to != 100 {
            fields.error(
                "The highest band ends at \(top.band.to); make it end at 100 so every score has a band.",
                at: top.value.position, path: path.appending("bands").appending(top.index))
        }
        if let bottom = sorted.last, bottom.band.from != 0 {
            fields.error(
                "The lowest band starts at \(bottom.band.from); make it start at 0 so every score has a band.",
                at: bottom.value.position, path: path.appending("bands").appending(bottom.index))
        }
        for (higher, lower) in zip(sorted, sorted.dropFirst()) where lower.band.to != higher.band.from {
            let problem = lower.band.to > higher.band.from ? "overlaps" : "leaves a gap below"
            fields.error(
                "The band '\(lower.band.label)' (\(lower.band.from)–\(lower.band.to)) \(problem) '\(higher.band.label)' (from \(higher.band.from)); make each band end where the next starts.",
                at: lower.value.position, path: path.appending("bands").appending(lower.index))
        }
        return sorted.map(\.band)
    }

    mutating func knockouts(_ object: JSONObject, path: JSONPath) -> [Knockout] {
        guard let value = object["knockouts"],
            let array = fields.array(value, path: path.appending("knockouts"), what: "'knockouts'")
        else { return [] }
        var knockouts: [Knockout] = []
        for (index, element) in array.enumerated() {
            let knockoutPath = path.appending("knockouts").appending(index)
            guard let knockout = fields.object(element, path: knockoutPath, what: "a knockout") else { continue }
            fields.rejectUnknownKeys(
                in: knockout, path: knockoutPath, allowed: ["when", "label", "decision"], context: "a knockout")
            let label = fields.string(
                "label", of: knockout, at: element, path: knockoutPath,
                requiredBecause: "say in plain words what the answer means.")
            let decision = fields.string(
                "decision", of: knockout, at: element, path: knockoutPath,
                requiredBecause: "the decision it forces, e.g. \"reject\".")
            guard let when = knockout["when"] else {
                fields.missing(
                    "when", in: element, path: knockoutPath,
                    why: "the condition on an answer, e.g. {\"item\": \"love-humans\", \"atMost\": 1}.")
                continue
            }
            var conditions = ConditionDecoder(
                fields: fields, items: questionnaire.items,
                positions: Array(repeating: SourcePosition(line: 0, column: 0), count: questionnaire.items.count))
            let condition = conditions.condition(when, path: knockoutPath.appending("when"), owner: nil)
            fields = conditions.fields
            if let condition, let label, let decision {
                knockouts.append(Knockout(condition: condition, label: label, decision: decision))
            }
        }
        return knockouts
    }

    /// `"demographics": {"gender": {"question": "…", "options": ["woman", "man", …]},
    /// "age": {"question": "…", "bins": [{"label": "under 40", "below": 40}, {"label": "40 and over"}]}}`
    mutating func demographics(_ object: JSONObject, path: JSONPath) -> (
        bins: [String: [DemographicBin]], questions: [DemographicQuestion]
    ) {
        guard let value = object["demographics"],
            let fieldsObject = fields.object(value, path: path.appending("demographics"), what: "'demographics'")
        else { return ([:], []) }
        var result: [String: [DemographicBin]] = [:]
        var questions: [DemographicQuestion] = []
        for member in fieldsObject.members {
            let fieldPath = path.appending("demographics").appending(member.key)
            guard let field = fields.object(member.value, path: fieldPath, what: "a demographic field") else {
                continue
            }
            fields.rejectUnknownKeys(
                in: field, path: fieldPath, allowed: ["question", "options", "bins"], context: "a demographic field")
            let question = fields.string("question", of: field, at: member.value, path: fieldPath) ?? member.key
            let options = demographicOptions(field, path: fieldPath)
            guard let binsValue = field["bins"] else {
                if options.isEmpty {
                    fields.error(
                        "A demographic field needs \"options\" (the answers a form offers) or, for a number, \"bins\": [{\"label\": \"under 40\", \"below\": 40}, {\"label\": \"40 and over\"}].",
                        at: member.value.position, path: fieldPath)
                }
                questions.append(DemographicQuestion(field: member.key, question: question, options: options))
                continue
            }
            if !options.isEmpty {
                fields.error(
                    "A field has \"options\" or \"bins\", not both: bins group a number the candidate types.",
                    at: field["options"]?.position, path: fieldPath.appending("options"))
            }
            guard let bins = fields.array(binsValue, path: fieldPath.appending("bins"), what: "'bins'"), !bins.isEmpty
            else {
                fields.error(
                    "'bins' needs at least one bin: [{\"label\": \"under 40\", \"below\": 40}, {\"label\": \"40 and over\"}].",
                    at: binsValue.position, path: fieldPath.appending("bins"))
                continue
            }
            var parsed: [DemographicBin] = []
            for (index, bin) in bins.enumerated() {
                let binPath = fieldPath.appending("bins").appending(index)
                guard let binObject = fields.object(bin, path: binPath, what: "a bin") else { continue }
                fields.rejectUnknownKeys(in: binObject, path: binPath, allowed: ["label", "below"], context: "a bin")
                let label =
                    fields.string(
                        "label", of: binObject, at: bin, path: binPath, requiredBecause: "each bin needs a 'label'.")
                    ?? ""
                let below = fields.number("below", of: binObject, at: bin, path: binPath)
                if let below, let previous = parsed.last?.below, below <= previous {
                    fields.error(
                        "Bins go upwards: 'below' \(below) is not above the previous bin's \(previous).",
                        at: binObject["below"]?.position, path: binPath.appending("below"))
                }
                if below == nil, index != bins.count - 1 {
                    fields.error(
                        "Only the last bin may leave out 'below' (it takes every value left).", at: bin.position,
                        path: binPath)
                }
                parsed.append(DemographicBin(label: label, below: below))
            }
            result[member.key] = parsed
            questions.append(DemographicQuestion(field: member.key, question: question, options: []))
        }
        return (result, questions)
    }

    /// The `options` of a demographic field: distinct, non-empty strings.
    private mutating func demographicOptions(_ field: JSONObject, path: JSONPath) -> [String] {
        guard let value = field["options"],
            let array = fields.array(value, path: path.appending("options"), what: "'options'")
        else { return [] }
        var options: [String] = []
        for (index, element) in array.enumerated() {
            guard let text = element.stringValue, !text.isEmpty else {
                fields.error(
                    "Each option is a non-empty string, recorded as written.", at: element.position,
                    path: path.appending("options").appending(index))
                continue
            }
            if options.contains(text) {
                fields.error(
                    "'\(text)' is offered twice.", at: element.position,
                    path: path.appending("options").appending(index))
            }
            options.append(text)
        }
        return options
    }

    /// `"biasAudit": {"sex": "gender", "raceEthnicity": "ethnicity"}`
    mutating func biasAudit(_ object: JSONObject, path: JSONPath) -> BiasAuditFields {
        guard let value = object["biasAudit"],
            let audit = fields.object(value, path: path.appending("biasAudit"), what: "'biasAudit'")
        else { return BiasAuditFields() }
        let auditPath = path.appending("biasAudit")
        fields.rejectUnknownKeys(in: audit, path: auditPath, allowed: ["sex", "raceEthnicity"], context: "'biasAudit'")
        return BiasAuditFields(
            sex: fields.string("sex", of: audit, at: value, path: auditPath),
            raceEthnicity: fields.string("raceEthnicity", of: audit, at: value, path: auditPath))
    }

    mutating func validity(_ object: JSONObject, path: JSONPath) -> ValidityRules {
        var rules = ValidityRules()
        guard let value = object["validity"],
            let validity = fields.object(value, path: path.appending("validity"), what: "'validity'")
        else { return rules }
        let validityPath = path.appending("validity")
        fields.rejectUnknownKeys(
            in: validity, path: validityPath,
            allowed: ["desirability", "consistency", "longString", "minimumSeconds", "attention"],
            context: "'validity'")
        if let desirabilityValue = validity["desirability"],
            let desirability = fields.object(
                desirabilityValue, path: validityPath.appending("desirability"), what: "'desirability'")
        {
            let desirabilityPath = validityPath.appending("desirability")
            fields.rejectUnknownKeys(
                in: desirability, path: desirabilityPath, allowed: ["items", "threshold"], context: "'desirability'")
            let ids = fields.strings("items", of: desirability, path: desirabilityPath)
            for (index, id) in ids.enumerated() {
                if let element = desirability["items"]?.arrayValue?[index] {
                    _ = scaleItem(id, at: element, path: desirabilityPath.appending("items").appending(index))
                }
            }
            rules.desirabilityItems = ids
            rules.desirabilityThreshold =
                fields.number(
                    "threshold", of: desirability, at: desirabilityValue, path: desirabilityPath,
                    requiredBecause: "the desirability score (0–100) at which to flag, e.g. 80.") ?? 100
        }
        if let consistencyValue = validity["consistency"],
            let consistency = fields.object(
                consistencyValue, path: validityPath.appending("consistency"), what: "'consistency'")
        {
            let consistencyPath = validityPath.appending("consistency")
            fields.rejectUnknownKeys(
                in: consistency, path: consistencyPath, allowed: ["pairs", "maxGap"], context: "'consistency'")
            rules.consistencyMaxGap =
                fields.number("maxGap", of: consistency, at: consistencyValue, path: consistencyPath) ?? 2
            for (index, pair) in (consistency["pairs"]?.arrayValue ?? []).enumerated() {
                let pairPath = consistencyPath.appending("pairs").appending(index)
                guard let ids = pair.arrayValue, ids.count == 2, let first = ids[0].stringValue,
                    let second = ids[1].stringValue
                else {
                    fields.error(
                        "A consistency pair is two item ids, e.g. [\"joy-1\", \"joy-8\"].", at: pair.position,
                        path: pairPath)
                    continue
                }
                let a = scaleItem(first, at: ids[0], path: pairPath.appending(0))
                let b = scaleItem(second, at: ids[1], path: pairPath.appending(1))
                if a != nil, b != nil { rules.consistencyPairs.append(ConsistencyPair(first, second)) }
            }
        }
        if let run = fields.integer("longString", of: validity, at: value, path: validityPath) {
            if run < 3 {
                fields.error(
                    "'longString' is the run of identical answers to flag; use at least 3.",
                    at: validity["longString"]?.position, path: validityPath.appending("longString"))
            } else {
                rules.longStringRun = run
            }
        }
        rules.minimumSeconds = fields.number("minimumSeconds", of: validity, at: value, path: validityPath)
        if let attention = validity["attention"],
            let checks = fields.array(
                attention, path: validityPath.appending("attention"),
                what: "'attention' (conditions a careful answer meets)")
        {
            for (index, check) in checks.enumerated() {
                var conditions = ConditionDecoder(
                    fields: fields, items: questionnaire.items,
                    positions: Array(repeating: SourcePosition(line: 0, column: 0), count: questionnaire.items.count))
                let condition = conditions.condition(
                    check, path: validityPath.appending("attention").appending(index), owner: nil)
                fields = conditions.fields
                if let condition { rules.attentionChecks.append(condition) }
            }
        }
        return rules
    }

    /// A likert or rating item, for checks that compare scale points.
    mutating func scaleItem(_ id: String, at value: JSONValue, path: JSONPath) -> Item? {
        guard let item = item(id, at: value, path: path) else { return nil }
        guard item.scale != nil else {
            fields.error(
                "'\(id)' is a '\(item.typeName)' item; this check needs likert or rating items.", at: value.position,
                path: path)
            return nil
        }
        return item
    }

    mutating func reportUnusedItems(
        dimensions: [Dimension], validity: ValidityRules, unscored: Set<String>, root: JSONValue
    ) {
        let used = Set(dimensions.flatMap { $0.keys.map(\.itemID) } + validity.desirabilityItems).union(unscored)
        for item in questionnaire.items where !used.contains(item.id) {
            if case .text = item.kind { continue }
            fields.warning(
                "Item '\(item.id)' is in no dimension, so it never counts; key it, or list it under 'unscored' if that is on purpose.",
                at: root.objectValue?["dimensions"]?.position, path: basePath.appending("dimensions"))
        }
    }
}
