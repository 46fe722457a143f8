import DazzleJSON
import Spelling

/// Reads conditions (`showIf`, and rubric knockouts) once every item of a question set is known,
/// so a reference can be told to be unknown, to a later item, or to a value the referenced item
/// can never take.
package struct ConditionDecoder {
    static let comparisonKeys = ["item", "equals", "oneOf", "atLeast", "atMost", "includes"]

    /// Where problems are collected; callers move their decoder in and take it back.
    package var fields: FieldDecoder
    let items: [Item]
    let itemIndex: [String: Int]
    let itemPositions: [SourcePosition]
    /// Ids of items that failed to load: they have their own error, so references to them are quiet.
    let brokenItemIDs: Set<String>

    package init(fields: FieldDecoder, items: [Item], positions: [SourcePosition], brokenItemIDs: Set<String> = []) {
        self.fields = fields
        self.items = items
        self.itemPositions = positions
        self.brokenItemIDs = brokenItemIDs
        var index: [String: Int] = [:]
        for (offset, item) in items.enumerated() { index[item.id] = offset }
        self.itemIndex = index
    }

    /// Reads one condition.
    /// - Parameter owner: the item the condition belongs to, which may only look at earlier items;
    ///   `nil` when any item may be named (rubric knockouts).
    package mutating func condition(_ value: JSONValue, path: JSONPath, owner: String?) -> Condition? {
        guard let object = fields.object(value, path: path, what: "a condition") else { return nil }
        if let groupKey = ["all", "any"].first(where: { object[$0] != nil }) {
            fields.rejectUnknownKeys(in: object, path: path, allowed: [groupKey], context: "an '\(groupKey)' condition")
            guard let groupValue = object[groupKey],
                let array = fields.array(
                    groupValue, path: path.appending(groupKey), what: "'\(groupKey)' (a list of conditions)")
            else { return nil }
            if array.isEmpty {
                fields.error(
                    "'\(groupKey)' is empty; list at least one condition.", at: groupValue.position,
                    path: path.appending(groupKey))
                return nil
            }
            var parts: [Condition] = []
            for (index, element) in array.enumerated() {
                if let part = condition(element, path: path.appending(groupKey).appending(index), owner: owner) {
                    parts.append(part)
                }
            }
            guard parts.count == array.count else { return nil }
            return groupKey == "all" ? .all(parts) : .any(parts)
        }

        fields.rejectUnknownKeys(in: object, path: path, allowed: Self.comparisonKeys, context: "a condition")
        guard
            let reference = fields.string(
                "item", of: object, at: value, path: path,
                requiredBecause:
                    "a condition names the earlier item it looks at, or groups conditions with 'all' or 'any'.")
        else {
            return nil
        }
        guard
            let target = referencedItem(
                reference, from: owner, at: object["item"]?.position, path: path.appending("item"))
        else {
            return nil
        }
        let tests = Self.comparisonKeys.dropFirst().filter { object[$0] != nil }
        guard !tests.isEmpty else {
            fields.error(
                "The condition on '\(reference)' has no test; add 'equals', 'oneOf', 'atLeast', 'atMost' or 'includes'.",
                at: value.position, path: path)
            return nil
        }
        var parts: [Condition] = []
        for key in tests {
            guard let testValue = object[key] else { continue }
            if let part = comparison(key, testValue, on: target, path: path.appending(key)) {
                parts.append(part)
            }
        }
        guard parts.count == tests.count else { return nil }
        return parts.count == 1 ? parts[0] : .all(parts)
    }

    /// The referenced item, if it exists and comes before the item whose condition names it.
    mutating func referencedItem(_ id: String, from owner: String?, at position: SourcePosition?, path: JSONPath)
        -> Item?
    {
        guard let index = itemIndex[id] else {
            // An item that failed to load has its own error; a second one here would be noise.
            if brokenItemIDs.contains(id) { return nil }
            let hint = Spelling.closest(to: id, among: items.map(\.id)).map { " Did you mean '\($0)'?" } ?? ""
            fields.error(
                "\(owner == nil ? "The condition" : "'showIf'") names the unknown item '\(id)'.\(hint)", at: position,
                path: path)
            return nil
        }
        guard let owner else { return items[index] }
        guard let ownerIndex = itemIndex[owner] else { return nil }
        if index == ownerIndex {
            fields.error(
                "Item '\(owner)' shows itself only if it is answered, a cycle it can never leave; make 'showIf' look at an earlier item.",
                at: position, path: path)
            return nil
        }
        if index > ownerIndex {
            fields.error(
                "'showIf' looks at '\(id)', which comes later (at \(itemPositions[index])); a condition can only look at earlier items. Move '\(id)' before '\(owner)'.",
                at: position, path: path)
            return nil
        }
        return items[index]
    }

    mutating func comparison(_ key: String, _ value: JSONValue, on target: Item, path: JSONPath) -> Condition? {
        switch key {
        case "equals":
            return conditionValue(value, for: target, path: path).map { .equals(item: target.id, value: $0) }
        case "oneOf":
            guard let array = fields.array(value, path: path, what: "'oneOf' (a list of values)") else { return nil }
            if array.isEmpty {
                fields.error(
                    "'oneOf' is empty, so the item would never show; list the values that show it.", at: value.position,
                    path: path)
                return nil
            }
            var values: [ConditionValue] = []
            for (index, element) in array.enumerated() {
                if let value = conditionValue(element, for: target, path: path.appending(index)) {
                    values.append(value)
                }
            }
            return values.count == array.count ? .oneOf(item: target.id, values: values) : nil
        case "atLeast", "atMost":
            guard let bound = value.numberValue else {
                fields.error(
                    "'\(key)' must be a number, found \(value.typeDescription).", at: value.position, path: path)
                return nil
            }
            guard let range = numericRange(of: target) else {
                fields.error(
                    "'\(key)' compares numbers, but '\(target.id)' is a '\(target.typeName)' item; use 'equals' or 'oneOf'.",
                    at: value.position, path: path)
                return nil
            }
            let impossible = key == "atLeast" ? bound > range.upperBound : bound < range.lowerBound
            if impossible {
                fields.error(
                    "'\(key)' \(format(bound)) can never hold: answers to '\(target.id)' lie in \(format(range.lowerBound))…\(format(range.upperBound)).",
                    at: value.position, path: path)
                return nil
            }
            return key == "atLeast" ? .atLeast(item: target.id, value: bound) : .atMost(item: target.id, value: bound)
        default:
            guard case .multi(let options, _, _) = target.kind else {
                fields.error(
                    "'includes' tests a 'multi' item's selection, but '\(target.id)' is a '\(target.typeName)' item; use 'equals' or 'oneOf'.",
                    at: value.position, path: path)
                return nil
            }
            guard let option = value.stringValue else {
                fields.error(
                    "'includes' must name an option id, found \(value.typeDescription).", at: value.position, path: path
                )
                return nil
            }
            guard options.contains(where: { $0.id == option }) else {
                unknownOption(option, of: target, options: options, at: value.position, path: path)
                return nil
            }
            return .includes(item: target.id, option: option)
        }
    }

    /// The numbers an item takes (``Item/numericDomain``), as a range with finite ends.
    func numericRange(of item: Item) -> ClosedRange<Double>? {
        item.numericDomain.map {
            Swift.max($0.low, -.greatestFiniteMagnitude)...Swift.min($0.high, .greatestFiniteMagnitude)
        }
    }

    /// A value for `equals` or `oneOf`, checked against what the target item can be answered with.
    mutating func conditionValue(_ value: JSONValue, for target: Item, path: JSONPath) -> ConditionValue? {
        switch target.kind {
        case .likert, .rating, .number:
            guard let number = value.numberValue, let range = numericRange(of: target) else {
                fields.error(
                    "'\(target.id)' is answered with a number, but the condition compares it with \(value.typeDescription).",
                    at: value.position, path: path)
                return nil
            }
            let wholeOnly: Bool
            if case .number(_, _, let integer) = target.kind { wholeOnly = integer } else { wholeOnly = true }
            if !range.contains(number) || (wholeOnly && number != number.rounded()) {
                fields.error(
                    "No answer to '\(target.id)' can be \(format(number)): its answers are \(wholeOnly ? "whole numbers " : "")in \(format(range.lowerBound))…\(format(range.upperBound)).",
                    at: value.position, path: path)
                return nil
            }
            return .number(number)
        case .choice(let options):
            guard let option = value.stringValue else {
                fields.error(
                    "'\(target.id)' is answered with an option id, but the condition compares it with \(value.typeDescription).",
                    at: value.position, path: path)
                return nil
            }
            guard options.contains(where: { $0.id == option }) else {
                unknownOption(option, of: target, options: options, at: value.position, path: path)
                return nil
            }
            return .string(option)
        case .multi:
            fields.error(
                "'\(target.id)' is a 'multi' item; test its selection with 'includes'.", at: value.position, path: path)
            return nil
        case .yesno:
            guard let bool = value.boolValue else {
                fields.error(
                    "'\(target.id)' is a yes/no item; compare it with true or false, not \(value.typeDescription).",
                    at: value.position, path: path)
                return nil
            }
            return .bool(bool)
        case .text:
            guard let text = value.stringValue else {
                fields.error(
                    "'\(target.id)' is answered with text, but the condition compares it with \(value.typeDescription).",
                    at: value.position, path: path)
                return nil
            }
            return .string(text)
        }
    }

    mutating func unknownOption(
        _ option: String, of target: Item, options: [ChoiceOption], at position: SourcePosition, path: JSONPath
    ) {
        let hint = Spelling.closest(to: option, among: options.map(\.id)).map { " Did you mean '\($0)'?" } ?? ""
        let list = options.map { "'\($0.id)'" }.joined(separator: ", ")
        fields.error(
            "No answer to '\(target.id)' can be '\(option)': its options are \(list).\(hint)", at: position, path: path)
    }
}
