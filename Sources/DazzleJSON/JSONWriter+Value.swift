extension JSONWriter {
    /// Writes a parsed value back as compact JSON, object members in their source order (numbers
    /// as shortest round-trip doubles), so the same value always gives the same bytes.
    public mutating func value(_ value: JSONValue) {
        switch value.kind {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .number(let number): exact(number)
        case .string(let text): string(text)
        case .array(let elements):
            beginArray()
            for element in elements { self.value(element) }
            endArray()
        case .object(let object):
            beginObject()
            for member in object.members {
                key(named: member.key)
                self.value(member.value)
            }
            endObject()
        }
    }
}
