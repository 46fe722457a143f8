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

    /// The template value of JSON text, read straight into a compact ``TemplateDocument`` that
    /// keeps its strings where they are in `bytes`: it renders as
    /// `TemplateValue(json: JSONReader().read(bytes))` does, in about a fifth of the memory.
    /// - Throws: the error ``JSONReader/read(_:)-([UInt8])`` gives, with its line and column.
    public init(jsonBytes bytes: [UInt8], maximumDepth: Int = 200) throws(JSONSyntaxError) {
        guard bytes.count <= TemplateDocument.Builder.maximumSourceCount else {
            throw JSONSyntaxError(
                "The JSON text is larger than 4 GB, more than template data can hold; split it.",
                at: SourcePosition(line: 1, column: 1))
        }
        let reader = JSONReader(maximumDepth: maximumDepth)
        var builder = TemplateDocumentBuilder(TemplateDocument.Builder(sourceCount: bytes.count))
        do {
            _ = try reader.read(bytes, into: &builder)
        } catch {
            // Read again for the message the positioned reader gives (where a duplicate key was
            // first written); the fast read keeps no positions.
            _ = try reader.read(bytes)
            throw error
        }
        self = .document(builder.document.finish(source: bytes).root)
    }
}

/// Gathers a ``TemplateDocument`` as ``JSONReader`` reads, keeping no positions: each value is its
/// index in the document.
struct TemplateDocumentBuilder: JSONBuilder {
    var document: TemplateDocument.Builder

    init(_ document: TemplateDocument.Builder) {
        self.document = document
    }

    static var tracksPositions: Bool { false }
    mutating func null(at position: SourcePosition) -> Int { document.addNull() }
    mutating func bool(_ value: Bool, at position: SourcePosition) -> Int { document.add(value) }
    mutating func number(_ value: Double, at position: SourcePosition) -> Int { document.add(value) }
    mutating func string(_ value: String, at position: SourcePosition) -> Int {
        var value = value
        return value.withUTF8 { document.addString($0) }
    }
    mutating func string(_ text: JSONStringText, at position: SourcePosition) -> Int {
        guard let offset = text.inputOffset else { return document.addString(text.bytes) }
        return document.addSourceString(offset: offset, count: text.bytes.count)
    }
    mutating func startObject() -> (index: Int, firstMember: Int) { document.openObject() }
    mutating func add(
        _ key: String, at keyPosition: SourcePosition, value: Int, to object: inout (index: Int, firstMember: Int)
    ) {
        var key = key
        key.withUTF8 { document.addMember(key: $0, value: value) }
    }
    mutating func add(
        _ key: JSONStringText, at keyPosition: SourcePosition, value: Int,
        to object: inout (index: Int, firstMember: Int)
    ) {
        document.addMember(key: key.bytes, value: value)
    }
    mutating func object(_ object: (index: Int, firstMember: Int), at position: SourcePosition) throws(JSONSyntaxError)
        -> Int
    {
        if let repeated = document.closeObject(object) { throw .duplicateKey(repeated, first: nil, at: position) }
        return object.index
    }
    mutating func startArray() -> Int { document.openArray() }
    mutating func append(_ value: Int, to array: inout Int) {}
    mutating func array(_ array: Int, at position: SourcePosition) -> Int {
        document.closeArray(array)
        return array
    }
}
