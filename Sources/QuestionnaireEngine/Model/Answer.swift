/// A given answer to one item.
public enum Answer: Sendable, Hashable {
    /// A scale point, rating or number.
    case number(Double)
    /// The id of the chosen option of a choice item.
    case option(String)
    /// The ids of the chosen options of a multi item.
    case options([String])
    /// Free text.
    case text(String)
    /// A yes (`true`) or no.
    case bool(Bool)
}

extension Answer {
    /// A number as people read it: whole when whole, else at most two decimals (a panel's mean
    /// of 4 and 3 and 4 is `3.67`).
    static func format(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return String(value) }
        if value == value.rounded() { return String(Int(value)) }
        let hundredths = Int((value * 100).rounded())
        let whole = abs(hundredths) / 100
        let fraction = abs(hundredths) % 100
        let sign = hundredths < 0 ? "-" : ""
        if fraction == 0 { return "\(sign)\(whole)" }
        return fraction % 10 == 0
            ? "\(sign)\(whole).\(fraction / 10)" : "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// The answer as text for explanations: `4`, `b`, `en; fr`, `yes`.
    public var display: String {
        switch self {
        case .number(let value):
            Self.format(value)
        case .option(let id): id
        case .options(let ids): ids.joined(separator: "; ")
        case .text(let text): text
        case .bool(let value): value ? "yes" : "no"
        }
    }
}
