import DazzleJSON
import Foundation
import Spelling

/// Turns the text of a `dazzle.questionnaire/1` file into a ``Questionnaire``, collecting every
/// problem with its line, column and JSON path.
public enum QuestionnaireLoader {
    /// What loading a file produced: the question set when it had no errors, and every diagnostic.
    public struct Result: Sendable {
        /// The question set, or `nil` when any diagnostic is an error.
        public var questionnaire: Questionnaire?
        /// Errors and warnings in reading order.
        public var diagnostics: [Diagnostic]
        /// The embedded `rubric` object, unread: the scoring library reads it against the set.
        public var rubricSource: JSONValue?
        /// The item positions in the file, for diagnostics about them.
        public var itemPositions: [String: SourcePosition] = [:]
    }

    /// Loads a question set from UTF-8 JSON text.
    /// - Parameters:
    ///   - bytes: the file's contents.
    ///   - file: the name to put in diagnostics, usually the path as the user typed it.
    /// - Returns: the question set if the file is valid, and all diagnostics. Never throws.
    public static func load(_ bytes: [UInt8], file: String) -> Result {
        let root: JSONValue
        do {
            root = try JSONReader().read(bytes)
        } catch {
            let diagnostic = Diagnostic(.error, error.message, file: file, position: error.position)
            return Result(questionnaire: nil, diagnostics: [diagnostic])
        }
        var decoder = QuestionnaireDecoder(file: file)
        let questionnaire = decoder.questionnaire(root)
        let diagnostics = decoder.fields.diagnostics.sorted { lhs, rhs in
            (lhs.position ?? SourcePosition(line: 0, column: 0)) < (rhs.position ?? SourcePosition(line: 0, column: 0))
        }
        var positions: [String: SourcePosition] = [:]
        for entry in decoder.declared { positions[entry.item.id] = entry.position }
        return Result(
            questionnaire: diagnostics.containsErrors ? nil : questionnaire,
            diagnostics: diagnostics, rubricSource: root.objectValue?["rubric"], itemPositions: positions)
    }
}

/// Identifiers end up in file names, CSV headers and URLs, so they stay plain.
func isPlainIdentifier(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, first.isASCIIAlphanumeric else { return false }
    return text.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || "-_.".unicodeScalars.contains($0) }
        && text.count <= 64
}

extension Unicode.Scalar {
    fileprivate var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}

struct QuestionnaireDecoder {
    var fields: FieldDecoder
    var scales: [String: ResponseScale] = [:]
    /// Every item seen so far, with where it was declared, in reading order.
    var declared: [(item: Item, position: SourcePosition, path: JSONPath)] = []
    var itemIndex: [String: Int] = [:]
    /// Every item id seen, valid item or not, so duplicates are caught even among broken items.
    var seenItemIDs: [String: SourcePosition] = [:]
    /// Conditions are checked once every item is known, so a reference to a later item can be told
    /// apart from an unknown one.
    var pendingConditions: [(owner: String, condition: JSONValue, path: JSONPath)] = []

    init(file: String) {
        fields = FieldDecoder(file: file)
    }

    static let topKeys = [
        "format", "id", "version", "title", "description", "audience", "scales", "sections", "rubric", "missingCodes",
    ]
    static let sectionKeys = ["id", "title", "description", "items"]
    static let commonItemKeys = ["id", "type", "text", "help", "required", "showIf"]
    static let itemKeysByType: [String: [String]] = [
        "likert": ["scale", "reverse"],
        "choice": ["options"],
        "multi": ["options", "minSelected", "maxSelected"],
        "rating": ["scale", "anchors", "guidance", "probes", "minutes"],
        "text": ["maxLength", "multiline"],
        "yesno": [],
        "number": ["min", "max", "integer"],
    ]
    static let allItemKeys = Array(Set(itemKeysByType.values.joined()))

    mutating func questionnaire(_ root: JSONValue) -> Questionnaire? {
        let path = JSONPath()
        guard let object = fields.object(root, path: path, what: "a question set") else { return nil }
        guard checkFormat(object, root: root) else { return nil }
        fields.rejectUnknownKeys(in: object, path: path, allowed: Self.topKeys, context: "a question set")

        let id = identifier(
            "id", of: object, at: root, path: path,
            why: "a question set needs an id such as 'service-orientation-inventory'.")
        let version = fields.string(
            "version", of: object, at: root, path: path,
            requiredBecause: "submissions name the version they answered; add e.g. \"version\": \"1.0.0\".")
        let title = fields.string(
            "title", of: object, at: root, path: path,
            requiredBecause: "add the title shown to people, e.g. \"title\": \"Pre-screen\".")
        let description = fields.string("description", of: object, at: root, path: path) ?? ""
        let audience = self.audience(object, root: root)

        if let scalesValue = object["scales"],
            let scalesObject = fields.object(scalesValue, path: path.appending("scales"), what: "'scales'")
        {
            for member in scalesObject.members {
                let scalePath = path.appending("scales").appending(member.key)
                if !isPlainIdentifier(member.key) {
                    fields.error(
                        "Scale name '\(member.key)' must be letters, digits, '-', '_' or '.'.", at: member.keyPosition,
                        path: scalePath)
                }
                if let scale = inlineScale(member.value, path: scalePath) {
                    scales[member.key] = scale
                }
            }
        }

        var sections: [Section] = []
        if let sectionsValue = object["sections"] {
            if let array = fields.array(sectionsValue, path: path.appending("sections"), what: "'sections'") {
                if array.isEmpty {
                    fields.error(
                        "'sections' is empty; add at least one section with items.", at: sectionsValue.position,
                        path: path.appending("sections"))
                }
                var sectionIDs: [String: SourcePosition] = [:]
                for (index, value) in array.enumerated() {
                    let sectionPath = path.appending("sections").appending(index)
                    if let section = self.section(value, path: sectionPath) {
                        if let first = sectionIDs[section.id] {
                            fields.error(
                                "Duplicate section id '\(section.id)' (first used at \(first)); give each section its own id.",
                                at: value.objectValue?["id"]?.position, path: sectionPath.appending("id"))
                        } else {
                            sectionIDs[section.id] = value.objectValue?["id"]?.position
                        }
                        sections.append(section)
                    }
                }
            }
        } else {
            fields.missing(
                "sections", in: root, path: path,
                why: "a question set holds its items in sections; add \"sections\": [ … ].")
        }

        var items = declared.map(\.item)
        var conditions = ConditionDecoder(
            fields: fields, items: items, positions: declared.map(\.position),
            brokenItemIDs: Set(seenItemIDs.keys).subtracting(itemIndex.keys))
        for pending in pendingConditions {
            if let condition = conditions.condition(pending.condition, path: pending.path, owner: pending.owner),
                let index = itemIndex[pending.owner]
            {
                items[index].showIf = condition
            }
        }
        fields = conditions.fields
        reportConditionCycles(items)

        // Codes are compared with the trimmed cell or answer text, so they are trimmed here too.
        let missingCodes = fields.strings("missingCodes", of: object, path: path).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let id, let version, let title, let audience else { return nil }
        var cursor = 0
        for index in sections.indices {
            let count = sections[index].items.count
            sections[index].items = Array(items[cursor..<cursor + count])
            cursor += count
        }
        return Questionnaire(
            id: id, version: version, title: title, description: description, audience: audience,
            scales: scales, sections: sections, missingCodes: missingCodes)
    }

    mutating func checkFormat(_ object: JSONObject, root: JSONValue) -> Bool {
        guard let value = object["format"] else {
            fields.missing(
                "format", in: root, path: JSONPath(),
                why: "add \"format\": \"\(Questionnaire.format)\" so Dazzle knows how to read the file.")
            return true
        }
        guard let format = value.stringValue else {
            fields.error(
                "'format' must be the string \"\(Questionnaire.format)\".", at: value.position,
                path: JSONPath().appending("format"))
            return false
        }
        if format == Questionnaire.format { return true }
        if format.hasPrefix("dazzle.questionnaire/") {
            fields.error(
                "Unsupported format version '\(format)': this Dazzle reads \(Questionnaire.format). Use a Dazzle release that reads it, or convert the file.",
                at: value.position, path: JSONPath().appending("format"))
        } else {
            fields.error(
                "'\(format)' is not a question set format; a question set starts with \"format\": \"\(Questionnaire.format)\".",
                at: value.position, path: JSONPath().appending("format"))
        }
        return false
    }

    mutating func identifier(_ key: String, of object: JSONObject, at owner: JSONValue, path: JSONPath, why: String)
        -> String?
    {
        guard let id = fields.string(key, of: object, at: owner, path: path, requiredBecause: why) else { return nil }
        guard isPlainIdentifier(id) else {
            fields.error(
                "'\(key)' '\(id)' must start with a letter or digit and hold only letters, digits, '-', '_' or '.' (at most 64).",
                at: object[key]?.position, path: path.appending(key))
            return nil
        }
        return id
    }

    mutating func audience(_ object: JSONObject, root: JSONValue) -> Questionnaire.Audience? {
        let names = Questionnaire.Audience.allCases.map(\.rawValue)
        guard
            let text = fields.string(
                "audience", of: object, at: root, path: JSONPath(),
                requiredBecause: "say who fills it in: \"candidate\" or \"interviewer\".")
        else {
            return nil
        }
        if let audience = Questionnaire.Audience(rawValue: text) { return audience }
        let hint = Spelling.closest(to: text, among: names).map { " Did you mean '\($0)'?" } ?? ""
        fields.error(
            "Unknown audience '\(text)'; use \"candidate\" or \"interviewer\".\(hint)",
            at: object["audience"]?.position, path: JSONPath().appending("audience"))
        return nil
    }

    mutating func inlineScale(_ value: JSONValue, path: JSONPath) -> ResponseScale? {
        guard let object = fields.object(value, path: path, what: "a scale") else { return nil }
        fields.rejectUnknownKeys(in: object, path: path, allowed: ["min", "max", "labels"], context: "a scale")
        let why = "a scale needs 'min' and 'max' whole numbers, e.g. \"min\": 1, \"max\": 5."
        let min = fields.integer("min", of: object, at: value, path: path, requiredBecause: why)
        let max = fields.integer("max", of: object, at: value, path: path, requiredBecause: why)
        let labels = fields.strings("labels", of: object, path: path)
        guard let min, let max else { return nil }
        guard min < max else {
            let shape = min == max ? "empty (one point)" : "inverted (min above max)"
            fields.error(
                "The scale \(min)…\(max) is \(shape); 'min' must be below 'max'.", at: value.position, path: path)
            return nil
        }
        guard max - min <= 100 else {
            fields.error(
                "The scale \(min)…\(max) has more than 101 points; use at most 101.", at: value.position, path: path)
            return nil
        }
        if object["labels"] != nil && labels.count != max - min + 1 {
            fields.error(
                "The scale \(min)…\(max) has \(max - min + 1) points but \(labels.count) labels; give one label per point.",
                at: object["labels"]?.position, path: path.appending("labels"))
            return nil
        }
        return ResponseScale(min: min, max: max, labels: labels)
    }

    mutating func scale(of item: JSONObject, owner: JSONValue, path: JSONPath) -> ResponseScale? {
        guard let value = item["scale"] else {
            fields.missing(
                "scale", in: owner, path: path,
                why: "name a scale from 'scales' or write one inline, e.g. \"scale\": {\"min\": 1, \"max\": 5}.")
            return nil
        }
        guard let name = value.stringValue else {
            return inlineScale(value, path: path.appending("scale"))
        }
        if let scale = scales[name] { return scale }
        let hint: String
        if let suggestion = Spelling.closest(to: name, among: scales.keys.sorted()) {
            hint = " Did you mean '\(suggestion)'?"
        } else if scales.isEmpty {
            hint = " The file declares no scales; add it under 'scales'."
        } else {
            hint = " Declared scales: \(scales.keys.sorted().map { "'\($0)'" }.joined(separator: ", "))."
        }
        fields.error("Unknown scale '\(name)'.\(hint)", at: value.position, path: path.appending("scale"))
        return nil
    }

    mutating func section(_ value: JSONValue, path: JSONPath) -> Section? {
        guard let object = fields.object(value, path: path, what: "a section") else { return nil }
        fields.rejectUnknownKeys(in: object, path: path, allowed: Self.sectionKeys, context: "a section")
        let id = identifier(
            "id", of: object, at: value, path: path, why: "each section needs an id, e.g. \"id\": \"recovery\".")
        let title = fields.string(
            "title", of: object, at: value, path: path,
            requiredBecause: "each section needs a title shown above its items.")
        let description = fields.string("description", of: object, at: value, path: path)
        var items: [Item] = []
        if let itemsValue = object["items"] {
            if let array = fields.array(itemsValue, path: path.appending("items"), what: "'items'") {
                if array.isEmpty {
                    fields.error(
                        "The section has no items; add some or remove the section.", at: itemsValue.position,
                        path: path.appending("items"))
                }
                for (index, element) in array.enumerated() {
                    if let item = item(element, path: path.appending("items").appending(index)) {
                        items.append(item)
                    }
                }
            }
        } else {
            fields.missing("items", in: value, path: path, why: "a section holds its questions in \"items\": [ … ].")
        }
        guard let id, let title else { return nil }
        return Section(id: id, title: title, description: description, items: items)
    }

    mutating func item(_ value: JSONValue, path: JSONPath) -> Item? {
        guard let object = fields.object(value, path: path, what: "an item") else { return nil }
        let id = identifier(
            "id", of: object, at: value, path: path,
            why: "each item needs an id that answers are keyed by, e.g. \"id\": \"joy-1\".")
        let typeName = fields.string(
            "type", of: object, at: value, path: path,
            requiredBecause: "say what answer it takes: \(Item.Kind.typeNames.joined(separator: ", ")).")
        let text = fields.string(
            "text", of: object, at: value, path: path,
            requiredBecause: "each item needs the question or statement it asks.")
        let help = fields.string("help", of: object, at: value, path: path)
        let required = fields.bool("required", of: object, path: path) ?? false

        var kind: Item.Kind?
        if let typeName {
            if let keys = Self.itemKeysByType[typeName] {
                let allowed = Self.commonItemKeys + keys
                fields.rejectUnknownKeys(
                    in: object, path: path, allowed: allowed, context: "a '\(typeName)' item",
                    elsewhere: Self.allItemKeys)
                kind = self.kind(typeName, object: object, owner: value, path: path)
            } else {
                let hint =
                    Spelling.closest(to: typeName, among: Item.Kind.typeNames).map { " Did you mean '\($0)'?" } ?? ""
                fields.error(
                    "Unknown item type '\(typeName)'; use one of \(Item.Kind.typeNames.joined(separator: ", ")).\(hint)",
                    at: object["type"]?.position, path: path.appending("type"))
            }
        }

        guard let id else { return nil }
        if let first = seenItemIDs[id] {
            fields.error(
                "Duplicate item id '\(id)' (first used at \(first)); answers are keyed by id, so give each item its own.",
                at: object["id"]?.position, path: path.appending("id"))
            return nil
        }
        seenItemIDs[id] = value.position
        guard let text, let kind else { return nil }
        let item = Item(id: id, text: text, help: help, required: required, kind: kind)
        itemIndex[id] = declared.count
        declared.append((item, value.position, path))
        if let showIf = object["showIf"] {
            pendingConditions.append((id, showIf, path.appending("showIf")))
        }
        return item
    }

    mutating func kind(_ typeName: String, object: JSONObject, owner: JSONValue, path: JSONPath) -> Item.Kind? {
        switch typeName {
        case "likert":
            let reverse = fields.bool("reverse", of: object, path: path) ?? false
            return scale(of: object, owner: owner, path: path).map { .likert(scale: $0, reverse: reverse) }
        case "choice":
            return options(object, owner: owner, path: path, minimum: 2).map { .choice(options: $0) }
        case "multi":
            let minSelected = fields.integer("minSelected", of: object, at: owner, path: path)
            let maxSelected = fields.integer("maxSelected", of: object, at: owner, path: path)
            guard let options = options(object, owner: owner, path: path, minimum: 2) else { return nil }
            if let minSelected, minSelected < 0 || minSelected > options.count {
                fields.error(
                    "'minSelected' is \(minSelected) but the item has \(options.count) options.",
                    at: object["minSelected"]?.position, path: path.appending("minSelected"))
            }
            if let maxSelected, maxSelected < 1 || maxSelected < (minSelected ?? 0) {
                fields.error(
                    "'maxSelected' must be at least 1 and at least 'minSelected'.", at: object["maxSelected"]?.position,
                    path: path.appending("maxSelected"))
            }
            return .multi(options: options, minSelected: minSelected, maxSelected: maxSelected)
        case "rating":
            return ratingGuide(object, owner: owner, path: path).map { .rating($0) }
        case "text":
            let maxLength = fields.integer("maxLength", of: object, at: owner, path: path)
            if let maxLength, maxLength < 1 {
                fields.error(
                    "'maxLength' must be at least 1.", at: object["maxLength"]?.position,
                    path: path.appending("maxLength"))
            }
            let multiline = fields.bool("multiline", of: object, path: path) ?? false
            return .text(maxLength: maxLength, multiline: multiline)
        case "yesno":
            return .yesno
        case "number":
            let min = fields.number("min", of: object, at: owner, path: path)
            let max = fields.number("max", of: object, at: owner, path: path)
            let integer = fields.bool("integer", of: object, path: path) ?? false
            if let min, let max, min > max {
                fields.error(
                    "'min' \(format(min)) is above 'max' \(format(max)); no answer could be given. Swap them.",
                    at: object["min"]?.position, path: path.appending("min"))
            }
            return .number(min: min, max: max, integer: integer)
        default:
            return nil
        }
    }

    mutating func options(_ object: JSONObject, owner: JSONValue, path: JSONPath, minimum: Int) -> [ChoiceOption]? {
        guard let value = object["options"] else {
            fields.missing(
                "options", in: owner, path: path,
                why: "list the answers to pick from, e.g. \"options\": [{\"id\": \"a\", \"text\": \"…\"}].")
            return nil
        }
        let optionsPath = path.appending("options")
        guard let array = fields.array(value, path: optionsPath, what: "'options'") else { return nil }
        if array.count < minimum {
            fields.error(
                "The item has \(array.count) option\(array.count == 1 ? "" : "s"); give at least \(minimum).",
                at: value.position, path: optionsPath)
        }
        var options: [ChoiceOption] = []
        var seen: [String: SourcePosition] = [:]
        for (index, element) in array.enumerated() {
            let optionPath = optionsPath.appending(index)
            guard let option = fields.object(element, path: optionPath, what: "an option") else { continue }
            fields.rejectUnknownKeys(
                in: option, path: optionPath, allowed: ["id", "text", "score"], context: "an option")
            let id = identifier(
                "id", of: option, at: element, path: optionPath,
                why: "each option needs an id that answers name, e.g. \"id\": \"a\".")
            let text = fields.string(
                "text", of: option, at: element, path: optionPath, requiredBecause: "each option needs the text shown.")
            let score = fields.number("score", of: option, at: element, path: optionPath)
            guard let id, let text else { continue }
            if let first = seen[id] {
                fields.error(
                    "Duplicate option id '\(id)' in this item (first used at \(first)); give each option its own id.",
                    at: option["id"]?.position, path: optionPath.appending("id"))
                continue
            }
            seen[id] = option["id"]?.position
            options.append(ChoiceOption(id: id, text: text, score: score))
        }
        return options
    }

    mutating func ratingGuide(_ object: JSONObject, owner: JSONValue, path: JSONPath) -> RatingGuide? {
        let scale = scale(of: object, owner: owner, path: path)
        let guidance = fields.string("guidance", of: object, at: owner, path: path)
        let probes = fields.strings("probes", of: object, path: path)
        let minutes = fields.number("minutes", of: object, at: owner, path: path)
        if let minutes, minutes <= 0 || minutes > 120 {
            fields.error(
                "'minutes' must be above 0 and at most 120, found \(format(minutes)).", at: object["minutes"]?.position,
                path: path.appending("minutes"))
        }
        var anchors: [Int: String] = [:]
        let anchorsPath = path.appending("anchors")
        if let value = object["anchors"] {
            if let anchorObject = fields.object(
                value, path: anchorsPath, what: "'anchors' (scale point → what such an answer sounds like)")
            {
                for member in anchorObject.members {
                    let memberPath = anchorsPath.appending(member.key)
                    guard let point = Int(member.key) else {
                        fields.error(
                            "Anchor key '\(member.key)' must be a scale point such as \"1\" or \"5\".",
                            at: member.keyPosition, path: memberPath)
                        continue
                    }
                    guard let text = member.value.stringValue, !text.allSatisfy(\.isWhitespace) else {
                        fields.error(
                            "Anchor '\(member.key)' must be non-empty text describing such an answer.",
                            at: member.value.position, path: memberPath)
                        continue
                    }
                    if let scale, !scale.points.contains(point) {
                        fields.error(
                            "Anchor '\(point)' is outside the scale \(scale.min)…\(scale.max); anchor points on the scale.",
                            at: member.keyPosition, path: memberPath)
                        continue
                    }
                    anchors[point] = text
                }
                if let scale, anchors[scale.min] == nil || anchors[scale.max] == nil, !anchorObject.members.isEmpty {
                    fields.warning(
                        "The anchors do not describe both ends of the scale (\(scale.min) and \(scale.max)); raters agree better when the extremes are anchored.",
                        at: value.position, path: anchorsPath)
                }
            }
        } else {
            fields.missing(
                "anchors", in: owner, path: path,
                why: "a rating needs behavioural anchors saying what a low, middle and high answer sounds like.")
        }
        guard let scale else { return nil }
        return RatingGuide(scale: scale, anchors: anchors, guidance: guidance, probes: probes, minutes: minutes)
    }
}
