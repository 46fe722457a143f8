import DazzleJSON

extension Answer {
    /// Writes the answer with its JSON type: a number, an option id or text as a string, a list
    /// of option ids, or a boolean.
    /// - Parameter decimals: how many decimal places a number keeps.
    public func write(to writer: inout JSONWriter, decimals: Int = 4) {
        switch self {
        case .number(let value): writer.number(value, decimals: decimals)
        case .option(let id): writer.string(id)
        case .text(let text): writer.string(text)
        case .bool(let value): writer.bool(value)
        case .options(let ids):
            writer.beginArray()
            for id in ids { writer.string(id) }
            writer.endArray()
        }
    }
}
