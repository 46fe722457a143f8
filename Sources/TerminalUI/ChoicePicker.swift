/// Choosing among options with arrows or digits, as a pure value. Nothing is chosen until the
/// user moves to an option: a fresh picker has no selection, and Enter without one chooses
/// nothing. Digits move the selection to the option with that number (several digits in a row
/// make one number, for long lists and scales such as 0–10); Enter confirms. With `multiple`, Space toggles the option under the cursor
/// and Enter confirms the toggled set.
public struct ChoicePicker: Sendable, Equatable {
    /// The number each option answers to when typed, in list order.
    public let numbers: [Int]
    public var count: Int { numbers.count }
    /// The option under the cursor, or `nil` before the user moved to one.
    public private(set) var selection: Int?
    /// The options toggled on, for a multiple choice.
    public private(set) var toggled: Set<Int>
    public let multiple: Bool
    /// Digits typed in a row, read as one option number.
    private var typed = ""

    /// - Parameters:
    ///   - numbers: the number typed for each option (default 1, 2, 3, …).
    ///   - selection: where the cursor starts, e.g. on an answer given earlier; `nil` for none.
    ///   - toggled: the options already on, for a multiple choice.
    public init(
        count: Int, numbers: [Int]? = nil, selection: Int? = nil, multiple: Bool = false, toggled: Set<Int> = []
    ) {
        self.numbers = numbers.flatMap { $0.count == count ? $0 : nil } ?? Array(stride(from: 1, through: count, by: 1))
        self.multiple = multiple
        self.selection = selection.flatMap { (0..<count).contains($0) ? $0 : nil }
        self.toggled = toggled.filter { (0..<count).contains($0) }
    }

    public enum Outcome: Sendable, Equatable {
        /// The cursor moved or an option was toggled; redraw.
        case moved
        /// Enter confirmed one option (a single choice).
        case chosen(Int)
        /// Enter confirmed these options (a multiple choice), in list order.
        case chosenSet([Int])
        /// Enter with nothing selected (or, for a multiple choice, nothing toggled).
        case nothingChosen
        /// Another key, for the caller to interpret (a command letter, Escape…).
        case other(Key)
    }

    /// Up/Down (and Left/Right, Tab) move the cursor, wrapping; digits move it to that option
    /// number; Space toggles (multiple choice); Enter confirms.
    public mutating func apply(_ key: Key) -> Outcome {
        guard count > 0 else { return key == .enter ? .nothingChosen : .other(key) }
        if case .character(let character) = key, let digit = character.wholeNumberValue, character.isASCII {
            // Digits continue a number while some option's number starts with them.
            let longer = typed + String(digit)
            if typed.count < 3, numbers.contains(where: { String($0).hasPrefix(longer) }) {
                typed = longer
            } else if numbers.contains(where: { String($0).hasPrefix(String(digit)) }) {
                typed = String(digit)
            } else {
                typed = ""
                return .other(key)
            }
            if let index = numbers.firstIndex(where: { String($0) == typed }) { selection = index }
            return .moved
        }
        typed = ""
        switch key {
        case .up, .left:
            selection = ((selection ?? 0) - 1 + count) % count
            return .moved
        case .down, .right, .tab:
            selection = selection.map { ($0 + 1) % count } ?? 0
            return .moved
        case .character(" ") where multiple:
            guard let selection else { return .nothingChosen }
            if toggled.contains(selection) { toggled.remove(selection) } else { toggled.insert(selection) }
            return .moved
        case .enter:
            if multiple { return toggled.isEmpty ? .nothingChosen : .chosenSet(toggled.sorted()) }
            return selection.map { .chosen($0) } ?? .nothingChosen
        default:
            return .other(key)
        }
    }
}
