import Foundation

/// Reads JSON text (RFC 8259) into ``JSONValue`` trees that keep each value's line and column,
/// or, through a ``JSONBuilder``, into a caller's own value type.
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
        try read(bytes, into: JSONValueBuilder())
    }

    /// Parses one JSON document held in a string.
    public func read(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try read(Array(text.utf8))
    }

    /// Parses one JSON document into the values a builder makes, by the same grammar and with the
    /// same errors as ``read(_:)-([UInt8])``.
    ///
    /// Inlinable, so the scanner is specialised for the caller's builder: no call through a
    /// protocol per value.
    @inlinable
    public func read<Builder: JSONBuilder>(_ bytes: [UInt8], into builder: Builder) throws(JSONSyntaxError)
        -> Builder.Value
    {
        var builder = builder
        return try read(bytes, into: &builder)
    }

    /// Parses one JSON document into the values a builder makes, leaving the builder as the last
    /// call left it: for a builder that gathers the document in its own storage.
    @inlinable
    public func read<Builder: JSONBuilder>(_ bytes: [UInt8], into builder: inout Builder) throws(JSONSyntaxError)
        -> Builder.Value
    {
        try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
            var scanner = JSONScanner(bytes: buffer, maximumDepth: maximumDepth, builder: builder)
            defer { builder = scanner.builder }
            return try scanner.document()
        }
    }
}

/// What ``JSONReader/read(_:into:)`` builds values with, one call per value read.
///
/// Objects and arrays are built in place: the reader starts one, adds each member or element as it
/// is read, then finishes it into a value.
public protocol JSONBuilder {
    associatedtype Value
    /// An object while its members are read.
    associatedtype Object
    /// An array while its elements are read.
    associatedtype Array

    /// Whether values are given their source positions. Without, the reader passes
    /// ``SourcePosition/unknown`` and spends nothing on columns (errors still carry theirs).
    static var tracksPositions: Bool { get }

    mutating func null(at position: SourcePosition) -> Value
    mutating func bool(_ value: Bool, at position: SourcePosition) -> Value
    mutating func number(_ value: Double, at position: SourcePosition) -> Value
    mutating func string(_ value: String, at position: SourcePosition) -> Value
    /// A string value as the reader found it, for a builder that keeps its place in the input
    /// instead of a copy. The default makes a `String` and calls ``string(_:at:)``.
    mutating func string(_ text: JSONStringText, at position: SourcePosition) -> Value
    mutating func startObject() -> Object
    /// Adds a member. Throws ``JSONSyntaxError/duplicateKey(_:first:at:)`` when the object already
    /// has one with this key (here or when the object is finished).
    mutating func add(_ key: String, at keyPosition: SourcePosition, value: Value, to object: inout Object)
        throws(JSONSyntaxError)
    /// Adds a member whose key is given as the reader found it, for a builder that keeps keys as
    /// bytes. The default makes a `String` and calls ``add(_:at:value:to:)``.
    mutating func add(_ key: JSONStringText, at keyPosition: SourcePosition, value: Value, to object: inout Object)
        throws(JSONSyntaxError)
    mutating func object(_ object: Object, at position: SourcePosition) throws(JSONSyntaxError) -> Value
    mutating func startArray() -> Array
    mutating func append(_ value: Value, to array: inout Array)
    mutating func array(_ array: Array, at position: SourcePosition) -> Value
}

extension JSONBuilder {
    @inlinable
    public mutating func string(_ text: JSONStringText, at position: SourcePosition) -> Value {
        string(String(decoding: text.bytes, as: UTF8.self), at: position)
    }

    @inlinable
    public mutating func add(
        _ key: JSONStringText, at keyPosition: SourcePosition, value: Value, to object: inout Object
    ) throws(JSONSyntaxError) {
        try add(String(decoding: key.bytes, as: UTF8.self), at: keyPosition, value: value, to: &object)
    }
}

/// A string's text as the reader found it: valid UTF-8, either the input's own bytes (the string
/// holds no escape) or the decoded bytes of one that does. The bytes live only during the call.
public struct JSONStringText {
    /// Where the bytes start in the input, when they are the input's own; `nil` when decoded.
    public let inputOffset: Int?
    /// The string's UTF-8.
    public let bytes: UnsafeBufferPointer<UInt8>

    @inlinable
    init(inputOffset: Int?, bytes: UnsafeBufferPointer<UInt8>) {
        self.inputOffset = inputOffset
        self.bytes = bytes
    }
}

extension JSONSyntaxError {
    /// A key written twice in one object.
    /// - Parameter first: where the key was first written, when known.
    public static func duplicateKey(_ key: String, first: SourcePosition?, at position: SourcePosition) -> Self {
        let earlier = first.map { " (first written at \($0))" } ?? ""
        return JSONSyntaxError(
            "Duplicate key '\(key)' in one object\(earlier); remove one, since readers disagree on which wins.",
            at: position)
    }
}

/// The reader's own builder: ``JSONValue`` trees with positions, members in source order.
public struct JSONValueBuilder: JSONBuilder {
    public init() {}

    /// Members in source order, and where each key was first written.
    public struct Object {
        @usableFromInline var members: [JSONObject.Member] = []
        @usableFromInline var seen: [String: SourcePosition] = [:]
        @inlinable init() {}
    }

    @inlinable public static var tracksPositions: Bool { true }
    @inlinable public func null(at position: SourcePosition) -> JSONValue { JSONValue(.null, at: position) }
    @inlinable public func bool(_ value: Bool, at position: SourcePosition) -> JSONValue {
        JSONValue(.bool(value), at: position)
    }
    @inlinable public func number(_ value: Double, at position: SourcePosition) -> JSONValue {
        JSONValue(.number(value), at: position)
    }
    @inlinable public func string(_ value: String, at position: SourcePosition) -> JSONValue {
        JSONValue(.string(value), at: position)
    }
    @inlinable public func startObject() -> Object { Object() }
    @inlinable public func add(
        _ key: String, at keyPosition: SourcePosition, value: JSONValue, to object: inout Object
    ) throws(JSONSyntaxError) {
        if let first = object.seen.updateValue(keyPosition, forKey: key) {
            throw .duplicateKey(key, first: first, at: keyPosition)
        }
        object.members.append(JSONObject.Member(key: key, keyPosition: keyPosition, value: value))
    }
    @inlinable public func object(_ object: Object, at position: SourcePosition) throws(JSONSyntaxError) -> JSONValue {
        JSONValue(.object(JSONObject(members: object.members)), at: position)
    }
    @inlinable public func startArray() -> [JSONValue] { [] }
    @inlinable public func append(_ value: JSONValue, to array: inout [JSONValue]) { array.append(value) }
    @inlinable public func array(_ array: [JSONValue], at position: SourcePosition) -> JSONValue {
        JSONValue(.array(array), at: position)
    }
}

/// The one JSON grammar: ``JSONReader`` reads every document through it, whatever it builds.
@usableFromInline
struct JSONScanner<Builder: JSONBuilder> {
    /// Read through a pointer: the array's bounds are checked by every loop here already.
    @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
    @usableFromInline let maximumDepth: Int
    @usableFromInline var builder: Builder
    @usableFromInline var index = 0
    @usableFromInline var line = 1
    @usableFromInline var lineStart = 0
    @usableFromInline var depth = 0

    @inlinable
    init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int, builder: Builder) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
        self.builder = builder
    }

    /// The last column computed, so positions asked in reading order cost O(1) amortised.
    @usableFromInline var cachedOffset = 0
    @usableFromInline var cachedColumn = 1

    @inlinable
    var position: SourcePosition { mutating get { position(of: index) } }

    /// Where a value starts, for a builder that keeps positions.
    @inlinable
    var valuePosition: SourcePosition {
        mutating get { Builder.tracksPositions ? position(of: index) : .unknown }
    }

    /// Columns count Unicode scalars, so continuation bytes of a multi-byte character are skipped.
    @inlinable
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

    /// The position of an offset on any line up to the current one, counted afresh from the
    /// start: only for messages, so the scanner keeps no position per open object or array.
    @usableFromInline
    func position(ofEarlier offset: Int) -> SourcePosition {
        var line = 1
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        for cursor in start..<min(offset, bytes.count) where bytes[cursor] == UInt8(ascii: "\n") {
            line += 1
            start = cursor + 1
        }
        var column = 1
        for cursor in start..<max(start, min(offset, bytes.count)) where bytes[cursor] & 0xC0 != 0x80 { column += 1 }
        return SourcePosition(line: line, column: column)
    }

    @inlinable
    mutating func fail(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(message, at: position(of: offset ?? index))
    }

    @inlinable
    mutating func document() throws(JSONSyntaxError) -> Builder.Value {
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

    @inlinable
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

    @inlinable
    func describe(byteAt offset: Int) -> String {
        let byte = bytes[offset]
        switch byte {
        case 0: return "NUL byte (0x00); the file looks binary or corrupted, and JSON text cannot hold it"
        case 0x20..<0x7F: return "character '\(Character(Unicode.Scalar(byte)))'"
        case 0x80...: return "byte 0x\(String(byte, radix: 16, uppercase: true)) (is the file saved as UTF-8?)"
        default: return "control character 0x\(String(byte, radix: 16, uppercase: true))"
        }
    }

    @inlinable
    mutating func value() throws(JSONSyntaxError) -> Builder.Value {
        guard index < bytes.count else {
            throw fail("The JSON text ends too early; it looks truncated. Expected a value here.")
        }
        let start = valuePosition
        switch bytes[index] {
        case UInt8(ascii: "{"):
            return try object(at: start)
        case UInt8(ascii: "["):
            return try array(at: start)
        case UInt8(ascii: "\""):
            switch try scanString() {
            case .input(let range):
                let text = JSONStringText(
                    inputOffset: range.lowerBound, bytes: UnsafeBufferPointer(rebasing: bytes[range]))
                return builder.string(text, at: start)
            case .decoded(let decoded):
                return decoded.withUnsafeBufferPointer {
                    builder.string(JSONStringText(inputOffset: nil, bytes: $0), at: start)
                }
            }
        case UInt8(ascii: "t"):
            try literal("true")
            return builder.bool(true, at: start)
        case UInt8(ascii: "f"):
            try literal("false")
            return builder.bool(false, at: start)
        case UInt8(ascii: "n"):
            try literal("null")
            return builder.null(at: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return builder.number(try number(), at: start)
        default:
            throw fail(
                "Unexpected \(describe(byteAt: index)); expected a JSON value (object, array, string, number, true, false or null)."
            )
        }
    }

    @inlinable
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

    @inlinable
    mutating func enterNesting() throws(JSONSyntaxError) {
        depth += 1
        if depth > maximumDepth {
            throw fail(
                "Arrays and objects are nested more than \(maximumDepth) deep; no question set needs that, so the file is refused."
            )
        }
    }

    @inlinable
    mutating func object(at start: SourcePosition) throws(JSONSyntaxError) -> Builder.Value {
        try enterNesting()
        let openOffset = index
        index += 1
        var members = builder.startObject()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return try finish(members, at: start, openOffset: openOffset)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else {
                throw fail(
                    "The JSON text ends inside the object opened at \(position(ofEarlier: openOffset)); it looks truncated. Add the missing '}'."
                )
            }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw fail("Unexpected \(describe(byteAt: index)); expected a member name in double quotes.")
            }
            let keyOffset = index
            let keyPosition = valuePosition
            let key = try scanString()
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
            do {
                switch key {
                case .input(let range):
                    let text = JSONStringText(
                        inputOffset: range.lowerBound, bytes: UnsafeBufferPointer(rebasing: bytes[range]))
                    try builder.add(text, at: keyPosition, value: value, to: &members)
                case .decoded(let decoded):
                    try decoded.withUnsafeBufferPointer { (key) throws(JSONSyntaxError) in
                        try builder.add(
                            JSONStringText(inputOffset: nil, bytes: key), at: keyPosition, value: value, to: &members)
                    }
                }
            } catch {
                throw Builder.tracksPositions
                    ? error : JSONSyntaxError(error.message, at: position(ofEarlier: keyOffset))
            }
            skipWhitespace()
            guard index < bytes.count else {
                throw fail(
                    "The JSON text ends inside the object opened at \(position(ofEarlier: openOffset)); it looks truncated. Add the missing '}'."
                )
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
                return try finish(members, at: start, openOffset: openOffset)
            default:
                throw fail(
                    "Unexpected \(describe(byteAt: index)) in the object opened at \(position(ofEarlier: openOffset)); expected ',' or '}'. Is a comma missing?"
                )
            }
        }
    }

    /// An object's value; a builder's error on finishing it is placed at the opening brace.
    @inlinable
    mutating func finish(_ members: Builder.Object, at start: SourcePosition, openOffset: Int) throws(JSONSyntaxError)
        -> Builder.Value
    {
        do {
            return try builder.object(members, at: start)
        } catch {
            throw Builder.tracksPositions ? error : JSONSyntaxError(error.message, at: position(ofEarlier: openOffset))
        }
    }

    @inlinable
    mutating func array(at start: SourcePosition) throws(JSONSyntaxError) -> Builder.Value {
        try enterNesting()
        let openOffset = index
        index += 1
        var elements = builder.startArray()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return builder.array(elements, at: start)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else {
                throw fail(
                    "The JSON text ends inside the array opened at \(position(ofEarlier: openOffset)); it looks truncated. Add the missing ']'."
                )
            }
            builder.append(try value(), to: &elements)
            skipWhitespace()
            guard index < bytes.count else {
                throw fail(
                    "The JSON text ends inside the array opened at \(position(ofEarlier: openOffset)); it looks truncated. Add the missing ']'."
                )
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
                return builder.array(elements, at: start)
            default:
                throw fail(
                    "Unexpected \(describe(byteAt: index)) in the array opened at \(position(ofEarlier: openOffset)); expected ',' or ']'. Is a comma missing?"
                )
            }
        }
    }

    @inlinable
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
        // Up to 15 significant digits and no exponent: the digits as a whole number and the
        // power of ten are both exact doubles, so one division rounds correctly (Clinger's fast
        // path), with no text made and no strtod.
        let negative = bytes[start] == UInt8(ascii: "-")
        var whole = 0
        var digits = 0
        var decimals = 0
        var exact = true
        for byte in UnsafeBufferPointer(rebasing: bytes[(negative ? start + 1 : start)..<index]) {
            if isDigit(byte) {
                whole = whole &* 10 &+ Int(byte &- UInt8(ascii: "0"))
                digits += 1
                if decimals > 0 { decimals += 1 }
            } else if byte == UInt8(ascii: ".") {
                decimals = 1
            } else {
                exact = false
            }
        }
        if exact && digits <= 15 {
            var power = 1.0
            for _ in 1..<max(decimals, 1) { power *= 10 }
            let magnitude = Double(whole) / power
            return negative ? -magnitude : magnitude
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw fail(
                "The number '\(text.prefix(40))' is too large to represent; use a value within ±1.8e308.", at: start)
        }
        return value
    }

    @inlinable
    mutating func string() throws(JSONSyntaxError) -> String {
        switch try scanString() {
        case .input(let range): String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        case .decoded(let decoded): String(decoding: decoded, as: UTF8.self)
        }
    }

    /// Where a string's text is: the input's own bytes when it holds no escape (most strings), or
    /// the decoded bytes.
    @usableFromInline
    enum ScannedString {
        case input(Range<Int>)
        case decoded([UInt8])
    }

    /// Reads a string.
    @inlinable
    mutating func scanString() throws(JSONSyntaxError) -> ScannedString {
        let open = index
        index += 1
        // Most strings hold no escape and no multi-byte character: made straight from the bytes.
        var end = index
        // Eight bytes at a time while none is a quote, a backslash, a control or non-ASCII byte.
        while end + 8 <= bytes.count {
            let word = UnsafeRawPointer(bytes.baseAddress! + end).loadUnaligned(as: UInt64.self)
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
            let control = (word &- ones &* 0x20) & ~word & highs
            if word & highs != 0 || control != 0 || hasZeroByte(word ^ (ones &* 0x22))
                || hasZeroByte(word ^ (ones &* 0x5C))
            {
                break
            }
            end += 8
        }
        while end < bytes.count {
            let byte = bytes[end]
            guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") else { break }
            if byte == UInt8(ascii: "\"") {
                defer { index = end + 1 }
                return .input(index..<end)
            }
            end += 1
        }
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
                defer { index += 1 }
                // No escape (multi-byte characters only): the input's bytes are the text.
                if runStart == open + 1 { return .input(runStart..<index) }
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                return .decoded(buffer)
            case UInt8(ascii: "\\"):
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
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
    @inlinable
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

    @inlinable
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

    @inlinable
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
