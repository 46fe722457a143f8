import Foundation

/// Reads JSON text (RFC 8259) into ``JSONValue`` trees that keep each value's line and column.
///
/// The reader is strict where lenient readers hide data loss: it refuses duplicate keys, numbers
/// outside the range of a `Double`, invalid UTF-8, unescaped control characters and nesting deeper
/// than ``maximumDepth``. It never traps on input; every problem is a ``JSONSyntaxError``.
public struct JSONReader: Sendable {
    /// The deepest nesting of arrays and objects accepted; deeper input is refused, not recursed.
    public var maximumDepth: Int

    /// Creates a reader.
    /// - Parameter maximumDepth: how deeply arrays and objects may nest (default 200).
    public init(maximumDepth: Int = 200) {
        self.maximumDepth = maximumDepth
    }

    /// Parses one JSON document.
    /// - Parameter bytes: UTF-8 text, optionally starting with a byte order mark.
    /// - Throws: ``JSONSyntaxError`` naming the line, column and problem.
    /// - Complexity: O(n) in the length of the text.
    public func read(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        var scanner = Scanner(bytes: bytes, maximumDepth: maximumDepth)
        return try scanner.document()
    }

    /// Parses one JSON document held in a string.
    public func read(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try read(Array(text.utf8))
    }
}

private struct Scanner {
    let bytes: [UInt8]
    let maximumDepth: Int
    var index = 0
    var line = 1
    var lineStart = 0
    var depth = 0

    init(bytes: [UInt8], maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    /// The last column computed, so positions asked in reading order cost O(1) amortised.
    var cachedOffset = 0
    var cachedColumn = 1

    var position: SourcePosition { mutating get { position(of: index) } }

    /// Columns count Unicode scalars, so continuation bytes of a multi-byte character are skipped.
    mutating func position(of offset: Int) -> SourcePosition {
        var column = 1
        var cursor = lineStart
        if cachedOffset >= lineStart && cachedOffset <= offset {
            column = cachedColumn
            cursor = cachedOffset
        }
        while cursor < offset && cursor < bytes.count {
            if bytes[cursor] & 0xC0 != 0x80 { column += 1 }
            cursor += 1
        }
        cachedOffset = cursor
        cachedColumn = column
        return SourcePosition(line: line, column: column)
    }

    mutating func fail(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(message, at: position(of: offset ?? index))
    }

    mutating func document() throws(JSONSyntaxError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            index = 3
            lineStart = 3
        }
        skipWhitespace()
        guard index < bytes.count else {
            throw fail(
                bytes.isEmpty
                    ? "The file is empty; expected a JSON value such as an object '{ … }'."
                    : "The file holds only whitespace; expected a JSON value such as an object '{ … }'.")
        }
        let value = try self.value()
        skipWhitespace()
        if index < bytes.count {
            throw fail(
                "Unexpected \(describe(byteAt: index)) after the end of the JSON value; remove it or wrap both values in an array."
            )
        }
        return value
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
            case UInt8(ascii: "\n"):
                index += 1
                line += 1
                lineStart = index
            default:
                return
            }
        }
    }

    func describe(byteAt offset: Int) -> String {
        let byte = bytes[offset]
        switch byte {
        case 0: return "NUL byte (0x00); the file looks binary or corrupted, and JSON text cannot hold it"
        case 0x20..<0x7F: return "character '\(Character(Unicode.Scalar(byte)))'"
        case 0x80...: return "byte 0x\(String(byte, radix: 16, uppercase: true)) (is the file saved as UTF-8?)"
        default: return "control character 0x\(String(byte, radix: 16, uppercase: true))"
        }
    }

    mutating func value() throws(JSONSyntaxError) -> JSONValue {
        guard index < bytes.count else {
            throw fail("The JSON text ends too early; it looks truncated. Expected a value here.")
        }
        let start = position
        switch bytes[index] {
        case UInt8(ascii: "{"):
            return JSONValue(.object(try object()), at: start)
        case UInt8(ascii: "["):
            return JSONValue(.array(try array()), at: start)
        case UInt8(ascii: "\""):
            return JSONValue(.string(try string()), at: start)
        case UInt8(ascii: "t"):
            try literal("true")
            return JSONValue(.bool(true), at: start)
        case UInt8(ascii: "f"):
            try literal("false")
            return JSONValue(.bool(false), at: start)
        case UInt8(ascii: "n"):
            try literal("null")
            return JSONValue(.null, at: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONValue(.number(try number()), at: start)
        default:
            throw fail(
                "Unexpected \(describe(byteAt: index)); expected a JSON value (object, array, string, number, true, false or null)."
            )
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        let start = index
        for byte in expected {
            guard index < bytes.count, bytes[index] == byte else {
                throw fail("Unexpected text; expected '\(word)'. Strings need double quotes.", at: start)
            }
            index += 1
        }
    }

    mutating func enterNesting() throws(JSONSyntaxError) {
        depth += 1
        if depth > maximumDepth {
            throw fail(
                "Arrays and objects are nested more than \(maximumDepth) deep; no question set needs that, so the file is refused."
            )
        }
    }

    mutating func object() throws(JSONSyntaxError) -> JSONObject {
        try enterNesting()
        let open = position
        index += 1
        var members: [JSONObject.Member] = []
        var seen: [String: SourcePosition] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return JSONObject(members: members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else {
                throw fail(
                    "The JSON text ends inside the object opened at \(open); it looks truncated. Add the missing '}'.")
            }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw fail("Unexpected \(describe(byteAt: index)); expected a member name in double quotes.")
            }
            let keyPosition = position
            let key = try string()
            if let first = seen[key] {
                throw JSONSyntaxError(
                    "Duplicate key '\(key)' in one object (first written at \(first)); remove one, since readers disagree on which wins.",
                    at: keyPosition)
            }
            seen[key] = keyPosition
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                if index >= bytes.count {
                    throw fail("The JSON text ends after the key '\(key)'; it looks truncated.")
                }
                throw fail("Unexpected \(describe(byteAt: index)) after the key '\(key)'; expected ':'.")
            }
            index += 1
            skipWhitespace()
            let value = try self.value()
            members.append(JSONObject.Member(key: key, keyPosition: keyPosition, value: value))
            skipWhitespace()
            guard index < bytes.count else {
                throw fail(
                    "The JSON text ends inside the object opened at \(open); it looks truncated. Add the missing '}'.")
            }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                    throw fail("Trailing comma before '}'; remove the comma.")
                }
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return JSONObject(members: members)
            default:
                throw fail(
                    "Unexpected \(describe(byteAt: index)) in the object opened at \(open); expected ',' or '}'. Is a comma missing?"
                )
            }
        }
    }

    mutating func array() throws(JSONSyntaxError) -> [JSONValue] {
        try enterNesting()
        let open = position
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return elements
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else {
                throw fail(
                    "The JSON text ends inside the array opened at \(open); it looks truncated. Add the missing ']'.")
            }
            elements.append(try value())
            skipWhitespace()
            guard index < bytes.count else {
                throw fail(
                    "The JSON text ends inside the array opened at \(open); it looks truncated. Add the missing ']'.")
            }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                    throw fail("Trailing comma before ']'; remove the comma.")
                }
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return elements
            default:
                throw fail(
                    "Unexpected \(describe(byteAt: index)) in the array opened at \(open); expected ',' or ']'. Is a comma missing?"
                )
            }
        }
    }

    mutating func number() throws(JSONSyntaxError) -> Double {
        let start = index
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else {
            throw fail("A '-' must be followed by digits.", at: start)
        }
        if bytes[index] == UInt8(ascii: "0"), index + 1 < bytes.count, isDigit(bytes[index + 1]) {
            throw fail(
                "Numbers cannot have leading zeros; write '\(bytes[index + 1] - 48)' rather than '0\(bytes[index + 1] - 48)'.",
                at: start)
        }
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw fail("A decimal point must be followed by digits.", at: start)
            }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw fail("An exponent must have digits.", at: start)
            }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw fail(
                "The number '\(text.prefix(40))' is too large to represent; use a value within ±1.8e308.", at: start)
        }
        return value
    }

    mutating func string() throws(JSONSyntaxError) -> String {
        let open = index
        index += 1
        var buffer: [UInt8] = []
        var runStart = index
        while true {
            guard index < bytes.count else {
                throw fail(
                    "The string starting at \(position(of: open)) is never closed; add the closing '\"'.", at: open)
            }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                buffer.append(contentsOf: bytes[runStart..<index])
                index += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                buffer.append(contentsOf: bytes[runStart..<index])
                try escape(into: &buffer)
                runStart = index
            case 0:
                throw fail(
                    "A string holds a NUL byte (0x00); the file looks binary or corrupted. Write it as \\u0000 if it is meant."
                )
            case 0x01..<0x20:
                let hex = String(byte, radix: 16, uppercase: true)
                let padded = String(repeating: "0", count: 4 - hex.count) + hex
                throw fail(
                    byte == UInt8(ascii: "\n")
                        ? "A string runs past the end of its line; close it with '\"' or write a line break as \\n."
                        : "A string holds the control character 0x\(hex); write it as \\u\(padded).")
            case 0x80...:
                index = try validateUTF8Sequence(at: index)
            default:
                index += 1
            }
        }
    }

    /// Checks one multi-byte UTF-8 sequence (RFC 3629: no overlongs, no surrogates, at most U+10FFFF).
    mutating func validateUTF8Sequence(at start: Int) throws(JSONSyntaxError) -> Int {
        let lead = bytes[start]
        let length: Int
        var lowest: UInt8 = 0x80
        var highest: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lowest = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; highest = 0x9F
        case 0xF0: length = 4; lowest = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; highest = 0x8F
        default:
            throw fail(
                "Invalid UTF-8 (byte 0x\(String(lead, radix: 16, uppercase: true))); save the file as UTF-8.", at: start
            )
        }
        for offset in 1..<length {
            let cursor = start + offset
            guard cursor < bytes.count else {
                throw fail("Invalid UTF-8: a character is cut off; save the file as UTF-8.", at: start)
            }
            let byte = bytes[cursor]
            let (low, high) = offset == 1 ? (lowest, highest) : (UInt8(0x80), UInt8(0xBF))
            guard byte >= low && byte <= high else {
                throw fail(
                    "Invalid UTF-8 (byte 0x\(String(lead, radix: 16, uppercase: true)) starts a character that is not completed); save the file as UTF-8.",
                    at: start)
            }
        }
        return start + length
    }

    mutating func escape(into buffer: inout [UInt8]) throws(JSONSyntaxError) {
        let start = index
        index += 1
        guard index < bytes.count else {
            throw fail("The JSON text ends inside an escape sequence; it looks truncated.", at: start)
        }
        let code = bytes[index]
        index += 1
        switch code {
        case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): buffer.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hexQuad(escapeStart: start)
            if (0xD800...0xDBFF).contains(scalar) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u")
                else {
                    throw fail(
                        "A \\u escape holds half of a surrogate pair; add the low half (\\uDC00–\\uDFFF).", at: start)
                }
                index += 2
                let low = try hexQuad(escapeStart: start)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw fail(
                        "A \\u escape holds half of a surrogate pair; add the low half (\\uDC00–\\uDFFF).", at: start)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw fail("A \\u escape holds a lone low surrogate, which is not a character.", at: start)
            }
            guard let unicode = Unicode.Scalar(scalar) else {
                throw fail("A \\u escape does not name a character.", at: start)
            }
            buffer.append(contentsOf: Array(String(Character(unicode)).utf8))
        default:
            throw fail(
                "Unknown escape '\\\(Character(Unicode.Scalar(code)))' in a string; valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX.",
                at: start)
        }
    }

    mutating func hexQuad(escapeStart: Int) throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else {
            throw fail("A \\u escape needs four hex digits.", at: escapeStart)
        }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail("A \\u escape needs four hex digits.", at: escapeStart)
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}
