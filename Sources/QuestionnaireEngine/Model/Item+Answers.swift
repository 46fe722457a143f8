/// Which answers an item takes: the one rule, used by the submission readers, the scoring plan,
/// the interview and the candidate's form alike.
extension Item {
    /// The numbers an item takes, for items answered with a number: the interval, and whether
    /// only whole numbers are allowed. `nil` for items answered otherwise.
    public var numericDomain: NumericDomain? {
        switch kind {
        case .likert(let scale, _): NumericDomain(low: Double(scale.min), high: Double(scale.max), wholeOnly: true)
        case .rating(let guide):
            NumericDomain(low: Double(guide.scale.min), high: Double(guide.scale.max), wholeOnly: true)
        case .number(let min, let max, let integer):
            NumericDomain(low: min ?? -.infinity, high: max ?? .infinity, wholeOnly: integer)
        case .choice, .multi, .text, .yesno: nil
        }
    }

    /// Why `answer` is not one this item takes, or `nil` when it is.
    public func problem(with answer: Answer) -> AnswerProblem? {
        switch (kind, answer) {
        case (.likert, .number(let value)), (.rating, .number(let value)), (.number, .number(let value)):
            return numericDomain?.problem(with: value)
        case (.choice(let options), .option(let id)):
            return options.contains(where: { $0.id == id }) ? nil : .notAnOption(id, options: options.map(\.id))
        case (.multi(let options, let minSelected, let maxSelected), .options(let ids)):
            if let unknown = ids.first(where: { id in !options.contains { $0.id == id } }) {
                return .notAnOption(unknown, options: options.map(\.id))
            }
            if Set(ids).count != ids.count { return .optionTwice }
            if let minSelected, ids.count < minSelected { return .tooFewOptions(ids.count, minimum: minSelected) }
            if let maxSelected, ids.count > maxSelected { return .tooManyOptions(ids.count, maximum: maxSelected) }
            return nil
        case (.text, .text), (.yesno, .bool):
            return nil
        case (.likert, _), (.rating, _), (.number, _), (.choice, _), (.multi, _), (.text, _), (.yesno, _):
            return .wrongType
        }
    }

    /// What kind of value answers the item, for messages: `a number`, `an option id`, …
    public var expectedAnswer: String {
        switch kind {
        case .likert, .rating, .number: "a number"
        case .choice: "an option id"
        case .multi: "a list of option ids"
        case .text: "text"
        case .yesno: "true or false"
        }
    }
}

/// The numbers an item answered with a number takes.
public struct NumericDomain: Sendable, Hashable {
    /// The lowest number taken (`-infinity` when unbounded).
    public var low: Double
    /// The highest number taken (`infinity` when unbounded).
    public var high: Double
    /// Whether only whole numbers are taken (scale points, `integer` number items).
    public var wholeOnly: Bool

    public init(low: Double, high: Double, wholeOnly: Bool) {
        self.low = low
        self.high = high
        self.wholeOnly = wholeOnly
    }

    /// Whether `value` is taken. NaN and infinities never are.
    public func contains(_ value: Double) -> Bool { problem(with: value) == nil }

    /// Why `value` is not taken, or `nil`.
    public func problem(with value: Double) -> AnswerProblem? {
        guard value.isFinite else { return .notFinite }
        if value < low { return .belowMinimum(value, minimum: low) }
        if value > high { return .aboveMaximum(value, maximum: high) }
        if wholeOnly && value != value.rounded(.towardZero) { return .notWhole(value) }
        return nil
    }
}

/// Why an answer is not one its item takes. ``sentence(item:)`` words it for a rejected
/// submission; the interview and the form word it for the person typing.
public enum AnswerProblem: Sendable, Hashable {
    case notFinite
    case belowMinimum(Double, minimum: Double)
    case aboveMaximum(Double, maximum: Double)
    case notWhole(Double)
    case notAnOption(String, options: [String])
    case optionTwice
    case tooFewOptions(Int, minimum: Int)
    case tooManyOptions(Int, maximum: Int)
    case wrongType

    /// The reason a submission answering `item` this way is rejected.
    public func sentence(item: Item) -> String {
        let id = item.id
        switch self {
        case .notFinite:
            return "answer to '\(id)' is not a finite number"
        case .belowMinimum(let value, let minimum), .aboveMaximum(let value, maximum: let minimum):
            if let scale = item.scale {
                return
                    "answer \(Answer.number(value).display) to '\(id)' is outside its scale \(scale.min)…\(scale.max)"
            }
            let below = if case .belowMinimum = self { true } else { false }
            return below
                ? "answer \(Answer.number(value).display) to '\(id)' is below its minimum \(Answer.number(minimum).display)"
                : "answer \(Answer.number(value).display) to '\(id)' is above its maximum \(Answer.number(minimum).display)"
        case .notWhole(let value):
            if let scale = item.scale {
                return
                    "answer \(Answer.number(value).display) to '\(id)' is outside its scale \(scale.min)…\(scale.max)"
            }
            return "answer \(value) to '\(id)' must be a whole number"
        case .notAnOption(let option, let options):
            return "answer '\(option)' to '\(id)' is not one of its options (\(options.joined(separator: ", ")))"
        case .optionTwice:
            return "answer to '\(id)' names an option twice"
        case .tooFewOptions(let count, let minimum):
            return "answer to '\(id)' picks \(count) options; it needs at least \(minimum)"
        case .tooManyOptions(let count, let maximum):
            return "answer to '\(id)' picks \(count) options; it allows at most \(maximum)"
        case .wrongType:
            return
                "answer to '\(id)' has the wrong type for a '\(item.typeName)' item (expected \(item.expectedAnswer))"
        }
    }
}
