/// When to show an item, as a test on earlier answers.
///
/// A test on an unanswered item is false, so a branch stays closed until its trigger is answered.
public indirect enum Condition: Sendable, Hashable {
    /// The answer equals a value: a number, an option id, a text or a yes/no.
    case equals(item: String, value: ConditionValue)
    /// The answer is one of several values.
    case oneOf(item: String, values: [ConditionValue])
    /// The numeric answer is at least this.
    case atLeast(item: String, value: Double)
    /// The numeric answer is at most this.
    case atMost(item: String, value: Double)
    /// A multi item's selection includes this option.
    case includes(item: String, option: String)
    /// Every condition holds.
    case all([Condition])
    /// At least one condition holds.
    case any([Condition])

    /// Whether the condition holds for these answers.
    public func isSatisfied(by answers: [String: Answer]) -> Bool {
        switch self {
        case .equals(let item, let value):
            return answers[item].map(value.matches) ?? false
        case .oneOf(let item, let values):
            guard let answer = answers[item] else { return false }
            return values.contains { $0.matches(answer) }
        case .atLeast(let item, let bound):
            guard case .number(let number) = answers[item] else { return false }
            return number >= bound
        case .atMost(let item, let bound):
            guard case .number(let number) = answers[item] else { return false }
            return number <= bound
        case .includes(let item, let option):
            guard case .options(let chosen) = answers[item] else { return false }
            return chosen.contains(option)
        case .all(let conditions):
            return conditions.allSatisfy { $0.isSatisfied(by: answers) }
        case .any(let conditions):
            return conditions.contains { $0.isSatisfied(by: answers) }
        }
    }

    /// The ids of the items the condition looks at.
    public var referencedItems: [String] {
        switch self {
        case .equals(let item, _), .oneOf(let item, _), .atLeast(let item, _),
            .atMost(let item, _), .includes(let item, _):
            [item]
        case .all(let conditions), .any(let conditions):
            conditions.flatMap(\.referencedItems)
        }
    }
}

/// A value a condition compares an answer with.
public enum ConditionValue: Sendable, Hashable {
    case number(Double)
    /// An option id or a text answer.
    case string(String)
    case bool(Bool)

    func matches(_ answer: Answer) -> Bool {
        switch (self, answer) {
        case (.number(let expected), .number(let given)): expected == given
        case (.string(let expected), .option(let given)): expected == given
        case (.string(let expected), .text(let given)): expected == given
        case (.bool(let expected), .bool(let given)): expected == given
        default: false
        }
    }
}
