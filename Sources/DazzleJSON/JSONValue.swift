/// A parsed JSON value that remembers where it was written.
///
/// Objects keep their members in source order so diagnostics can be reported in reading order.
public struct JSONValue: Sendable {
    /// What the value is.
    public enum Kind: Sendable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([JSONValue])
        case object(JSONObject)
    }

    /// The value itself.
    public var kind: Kind
    /// Where the value starts in its source text.
    public var position: SourcePosition

    /// Creates a value at a position.
    public init(_ kind: Kind, at position: SourcePosition) {
        self.kind = kind
        self.position = position
    }

    /// A short English name of the value's JSON type, for messages: "a string", "an array".
    public var typeDescription: String {
        switch kind {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The string, if this value is one.
    public var stringValue: String? {
        if case .string(let value) = kind { return value }
        return nil
    }

    /// The number, if this value is one.
    public var numberValue: Double? {
        if case .number(let value) = kind { return value }
        return nil
    }

    /// The boolean, if this value is one.
    public var boolValue: Bool? {
        if case .bool(let value) = kind { return value }
        return nil
    }

    /// The elements, if this value is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = kind { return value }
        return nil
    }

    /// The object, if this value is one.
    public var objectValue: JSONObject? {
        if case .object(let value) = kind { return value }
        return nil
    }
}

/// A JSON object whose members keep their source order and the position of each key.
public struct JSONObject: Sendable {
    /// One `"key": value` pair.
    public struct Member: Sendable {
        public var key: String
        public var keyPosition: SourcePosition
        public var value: JSONValue

        public init(key: String, keyPosition: SourcePosition, value: JSONValue) {
            self.key = key
            self.keyPosition = keyPosition
            self.value = value
        }
    }

    /// The members in source order. Keys are unique: the reader refuses duplicates.
    public var members: [Member]

    public init(members: [Member]) {
        self.members = members
    }

    /// The value of the member named `key`, if present.
    ///
    /// - Complexity: O(n) in the number of members; objects in our files are small.
    public subscript(key: String) -> JSONValue? {
        members.first { $0.key == key }?.value
    }

    /// The member named `key`, if present.
    public func member(_ key: String) -> Member? {
        members.first { $0.key == key }
    }
}
