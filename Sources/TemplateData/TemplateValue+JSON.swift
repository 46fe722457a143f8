import DazzleJSON
import Templating

extension TemplateValue {
    /// The template value of parsed JSON: objects, arrays, strings, numbers, booleans and null
    /// map one to one.
    public init(json: JSONValue) {
        switch json.kind {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .number(let value): self = .number(value)
        case .string(let value): self = .string(value)
        case .array(let values): self = .array(values.map(TemplateValue.init(json:)))
        case .object(let object):
            self = .object(TemplateObject(object.members.map { (key: $0.key, value: TemplateValue(json: $0.value)) }))
        }
    }

    /// The template value of JSON text, read straight into template values: the same value as
    /// `TemplateValue(json: JSONReader().read(bytes))` without the positioned tree in between.
    /// - Throws: the error ``JSONReader/read(_:)-([UInt8])`` gives, with its line and column.
    public init(jsonBytes bytes: [UInt8], maximumDepth: Int = 200) throws(JSONSyntaxError) {
        let reader = JSONReader(maximumDepth: maximumDepth)
        do {
            self = try reader.read(bytes, into: TemplateValueBuilder())
        } catch {
            // Read again for the message the positioned reader gives (where a duplicate key was
            // first written); the fast read keeps no positions.
            _ = try reader.read(bytes)
            throw error
        }
    }
}

/// Builds template values as ``JSONReader`` reads, keeping no positions.
struct TemplateValueBuilder: JSONBuilder {
    static var tracksPositions: Bool { false }
    func null(at position: SourcePosition) -> TemplateValue { .null }
    func bool(_ value: Bool, at position: SourcePosition) -> TemplateValue { .bool(value) }
    func number(_ value: Double, at position: SourcePosition) -> TemplateValue { .number(value) }
    func string(_ value: String, at position: SourcePosition) -> TemplateValue { .string(value) }
    /// Members are gathered, then made one object (which is where a duplicate key shows).
    func startObject() -> [TemplateObject.Member] {
        var members: [TemplateObject.Member] = []
        members.reserveCapacity(16)
        return members
    }
    func add(
        _ key: String, at keyPosition: SourcePosition, value: TemplateValue, to object: inout [TemplateObject.Member]
    ) throws(JSONSyntaxError) {
        object.append(TemplateObject.Member(key: key, value: value))
    }
    func object(_ members: [TemplateObject.Member], at position: SourcePosition) throws(JSONSyntaxError)
        -> TemplateValue
    {
        guard let object = TemplateObject.unique(members) else {
            let keys = members.map(\.key)
            let key = keys.first { key in keys.filter { $0 == key }.count > 1 } ?? ""
            throw .duplicateKey(key, first: nil, at: position)
        }
        return .object(object)
    }
    func startArray() -> [TemplateValue] { [] }
    func append(_ value: TemplateValue, to array: inout [TemplateValue]) { array.append(value) }
    func array(_ array: [TemplateValue], at position: SourcePosition) -> TemplateValue { .array(array) }
}
