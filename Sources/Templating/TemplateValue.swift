/// A value templates render: the context a template is rendered against is one of these.
///
/// Build them from Swift values (`["name": "Ana", "scores": [1, 2]]` works through the literal
/// conformances), from JSON, or from your own models without a JSON round trip.
public enum TemplateValue: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([TemplateValue])
    case object(TemplateObject)
    /// Host code called at render time, as the spec's lambdas.
    case lambda(TemplateLambda)
    /// A value in a compact document (read from JSON): renders as the same value built as a tree.
    case document(TemplateDocument.Element)

    /// Whether a section over this value renders: not `null`, `false`, an empty list or an empty
    /// string. Lambdas count as true.
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let value): value
        case .array(let values): !values.isEmpty
        case .string(let text): !text.isEmpty
        case .number, .object, .lambda: true
        case .document(let element): element.isTruthy
        }
    }

    /// The member `key` of an object, if this is one and has it.
    public subscript(key: String) -> TemplateValue? {
        member(key, hash: TemplateObject.hash(key))
    }

    /// The member `key`, whose ``TemplateObject/hash(_:)`` the caller already knows.
    func member(_ key: String, hash: UInt32) -> TemplateValue? {
        switch self {
        case .object(let members): members[key, hash: hash]
        case .document(let element): element.member(key, hash: hash).map(TemplateValue.document)
        case .null, .bool, .number, .string, .array, .lambda: nil
        }
    }

    /// The text of a string value.
    var text: String? {
        switch self {
        case .string(let text): text
        case .document(let element): element.text
        case .null, .bool, .number, .array, .object, .lambda: nil
        }
    }
}

/// A closure a template calls: for `{{name}}` it is called with an empty string, for
/// `{{#name}}…{{/name}}` with the section's raw text. Its result is rendered as a template.
public struct TemplateLambda: Sendable {
    public let body: @Sendable (String) -> String

    public init(_ body: @escaping @Sendable (String) -> String) {
        self.body = body
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(TemplateObject(elements.map { (key: $0.0, value: $0.1) }))
    }
}
