import DazzleJSON

/// A JSON string literal for a value, escaped.
struct DazzleJSONString {
    mutating func quote(_ text: String) -> String {
        var writer = JSONWriter(reservingCapacity: text.utf8.count + 8)
        writer.string(text)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
