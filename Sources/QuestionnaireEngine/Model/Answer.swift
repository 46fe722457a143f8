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
