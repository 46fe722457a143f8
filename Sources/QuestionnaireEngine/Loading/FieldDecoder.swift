import DazzleJSON
import Spelling

/// Reads typed fields out of JSON objects while collecting every problem as a ``Diagnostic``.
///
/// Nothing here throws: a wrong or missing field is recorded and reading goes on, so one pass
/// over a file reports all of its problems.
package struct FieldDecoder {
    /// The file name used in diagnostics.
    package let file: String
    package private(set) var diagnostics: [Diagnostic] = []

    package init(file: String) {
        self.file = file
    }

    package mutating func error(_ message: String, at position: SourcePosition?, path: JSONPath) {
        diagnostics.append(Diagnostic(.error, message, file: file, position: position, path: path))
    }

    package mutating func warning(_ message: String, at position: SourcePosition?, path: JSONPath) {
        diagnostics.append(Diagnostic(.warning, message, file: file, position: position, path: path))
    }

    /// The value as an object, or an error saying what was expected.
    package mutating func object(_ value: JSONValue, path: JSONPath, what: String) -> JSONObject? {
        guard let object = value.objectValue else {
            error(
                "Expected \(what) as an object '{ … }', found \(value.typeDescription).", at: value.position, path: path
            )
            return nil
        }
        return object
    }

    /// The value as an array, or an error saying what was expected.
    package mutating func array(_ value: JSONValue, path: JSONPath, what: String) -> [JSONValue]? {
        guard let array = value.arrayValue else {
            error(
                "Expected \(what) as an array '[ … ]', found \(value.typeDescription).", at: value.position, path: path)
            return nil
        }
        return array
    }

    /// Reports every key not in `allowed`, suggesting the closest allowed key.
    ///
    /// - Parameter elsewhere: keys that are valid in other kinds of the same object (such as an
    ///   option list on a likert item), reported as not applying rather than as unknown.
    package mutating func rejectUnknownKeys(
        in object: JSONObject, path: JSONPath, allowed: [String], context: String,
        elsewhere: [String] = []
    ) {
        for member in object.members where !allowed.contains(member.key) {
            let memberPath = path.appending(member.key)
            if elsewhere.contains(member.key) {
                error(
                    "'\(member.key)' does not apply to \(context); remove it.", at: member.keyPosition, path: memberPath
                )
            } else if let suggestion = Spelling.closest(to: member.key, among: allowed) {
                error(
                    "Unknown key '\(member.key)' in \(context). Did you mean '\(suggestion)'?", at: member.keyPosition,
                    path: memberPath)
            } else {
                let list = allowed.map { "'\($0)'" }.joined(separator: ", ")
                error(
                    "Unknown key '\(member.key)' in \(context); the keys it takes are \(list).", at: member.keyPosition,
                    path: memberPath)
            }
        }
    }

    package mutating func missing(_ key: String, in object: JSONValue, path: JSONPath, why: String) {
        error("Missing '\(key)': \(why)", at: object.position, path: path)
    }

    /// A string field; records an error when it is present with another type, or absent but required.
    package mutating func string(
        _ key: String, of object: JSONObject, at owner: JSONValue? = nil, path: JSONPath,
        requiredBecause why: String? = nil, allowEmpty: Bool = false
    ) -> String? {
        guard let value = object[key] else {
            if let why, let owner { missing(key, in: owner, path: path, why: why) }
            return nil
        }
        guard let string = value.stringValue else {
            error(
                "'\(key)' must be a string, found \(value.typeDescription).", at: value.position,
                path: path.appending(key))
            return nil
        }
        if !allowEmpty && string.allSatisfy(\.isWhitespace) {
            error("'\(key)' is empty; write the text or remove the key.", at: value.position, path: path.appending(key))
            return nil
        }
        return string
    }

    /// A number field, optionally required to be whole.
    package mutating func number(
        _ key: String, of object: JSONObject, at owner: JSONValue? = nil, path: JSONPath,
        requiredBecause why: String? = nil
    ) -> Double? {
        guard let value = object[key] else {
            if let why, let owner { missing(key, in: owner, path: path, why: why) }
            return nil
        }
        guard let number = value.numberValue else {
            error(
                "'\(key)' must be a number, found \(value.typeDescription).", at: value.position,
                path: path.appending(key))
            return nil
        }
        return number
    }

    /// A whole-number field within ±1,000,000 (no question set needs more).
    package mutating func integer(
        _ key: String, of object: JSONObject, at owner: JSONValue? = nil, path: JSONPath,
        requiredBecause why: String? = nil
    ) -> Int? {
        guard let number = number(key, of: object, at: owner, path: path, requiredBecause: why) else {
            return nil
        }
        guard number == number.rounded(), abs(number) <= 1_000_000 else {
            error(
                "'\(key)' must be a whole number between -1000000 and 1000000, found \(format(number)).",
                at: object[key]?.position, path: path.appending(key))
            return nil
        }
        return Int(number)
    }

    package mutating func bool(_ key: String, of object: JSONObject, path: JSONPath) -> Bool? {
        guard let value = object[key] else { return nil }
        guard let bool = value.boolValue else {
            error(
                "'\(key)' must be true or false, found \(value.typeDescription).", at: value.position,
                path: path.appending(key))
            return nil
        }
        return bool
    }

    package mutating func strings(_ key: String, of object: JSONObject, path: JSONPath) -> [String] {
        guard let value = object[key] else { return [] }
        guard let array = array(value, path: path.appending(key), what: "'\(key)'") else { return [] }
        var strings: [String] = []
        for (index, element) in array.enumerated() {
            if let string = element.stringValue, !string.allSatisfy(\.isWhitespace) {
                strings.append(string)
            } else {
                error(
                    "Each entry of '\(key)' must be non-empty text, found \(element.typeDescription).",
                    at: element.position, path: path.appending(key).appending(index))
            }
        }
        return strings
    }
}

/// A number as a person would write it: `3`, not `3.0`.
package func format(_ number: Double) -> String {
    if number == number.rounded(), abs(number) < 1e15 { return String(Int(number)) }
    return String(number)
}
