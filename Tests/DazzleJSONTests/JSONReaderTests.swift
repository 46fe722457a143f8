import Testing

@testable import DazzleJSON

@Suite("JSON reader")
struct JSONReaderTests {
    let reader = JSONReader()

    func error(reading text: String) -> JSONSyntaxError? {
        error(reading: Array(text.utf8))
    }

    func error(reading bytes: [UInt8]) -> JSONSyntaxError? {
        do {
            _ = try reader.read(bytes)
            return nil
        } catch {
            return error
        }
    }

    /// Values keep the line and column where they start, columns counted in characters.
    @Test("remembers positions of values and keys")
    func positions() throws {
        let value = try reader.read("{\n  \"name\": \"Zoë\",\n  \"list\": [1, true]\n}")
        let object = try #require(value.objectValue)
        #expect(value.position == SourcePosition(line: 1, column: 1))
        #expect(object.member("name")?.keyPosition == SourcePosition(line: 2, column: 3))
        #expect(object["name"]?.stringValue == "Zoë")
        let list = try #require(object["list"]?.arrayValue)
        #expect(list[1].position == SourcePosition(line: 3, column: 15))
        #expect(list[1].boolValue == true)
    }

    /// Columns after a multi-byte character count it once.
    @Test("counts columns in characters, not bytes")
    func columnsInCharacters() throws {
        let value = try reader.read("[\"é\", 2]")
        #expect(value.arrayValue?[1].position == SourcePosition(line: 1, column: 7))
    }

    @Test("decodes escapes and surrogate pairs")
    func escapes() throws {
        let value = try reader.read(#"["a\"b\\c\/\n\t", "\u00e9\ud83d\ude00"]"#)
        #expect(value.arrayValue?[0].stringValue == "a\"b\\c/\n\t")
        #expect(value.arrayValue?[1].stringValue == "é😀")
    }

    @Test("reads numbers in every JSON form")
    func numbers() throws {
        let value = try reader.read("[0, -1, 2.5, 1e3, -0.25E-2]")
        #expect(value.arrayValue?.compactMap(\.numberValue) == [0, -1, 2.5, 1000, -0.0025])
    }

    /// Whole numbers of up to 15 digits are read without strtod; they must be the same doubles.
    @Test("whole numbers read exactly as the standard library reads them, the sign of -0 kept")
    func wholeNumbers() throws {
        let texts = [
            "0", "-0", "7", "-42", "999999999999999", "-999999999999999", "1000000000000000", "9007199254740993",
            "12345678901234567890", "100", "-100000",
        ]
        let value = try reader.read("[" + texts.joined(separator: ",") + "]")
        let elements = try #require(value.arrayValue)
        let read = elements.compactMap(\.numberValue)
        #expect(read.map(\.bitPattern) == texts.compactMap { Double($0)?.bitPattern })
        #expect(read[1].sign == .minus)
    }

    /// Decimals of up to 15 digits are read by one exact division; they must be the doubles
    /// strtod gives (correctly rounded), for every mantissa and number of places tried.
    @Test("decimals read exactly as the standard library reads them")
    func decimals() throws {
        var state: UInt64 = 3
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        var texts = ["0.1", "0.3", "-0.0", "2.675", "123456789012.345", "0.000000000000001", "9.99999999999999", "1.5"]
        for _ in 0..<3000 {
            let digits = String(next() % 1_000_000_000_000_000)
            let places = Int(next() % UInt64(digits.count + 1))
            let point = digits.count - places
            let text = places == 0 ? digits : String(digits.prefix(point)).ifEmpty("0") + "." + digits.suffix(places)
            texts.append(next() % 2 == 0 ? text : "-" + text)
        }
        let value = try reader.read("[" + texts.joined(separator: ",") + "]")
        let elements = try #require(value.arrayValue)
        let mismatched = zip(texts, elements).filter { text, element in
            element.numberValue?.bitPattern != Double(text)?.bitPattern
        }
        #expect(mismatched.isEmpty, "\(mismatched.prefix(3).map(\.0))")
    }

    @Test("an object left open over several lines is placed where it opened, after a BOM too")
    func openedPlaceAcrossLines() {
        let failure = error(reading: [0xEF, 0xBB, 0xBF] + Array("{\"a\": {\n\n   \"é\": {\"b\": 1,\n\"c\": 2".utf8))
        #expect(failure?.message.contains("object opened at 3:9") == true)
        let first = error(reading: [0xEF, 0xBB, 0xBF] + Array(" [1,".utf8))
        #expect(first?.message.contains("array opened at 1:2") == true)
    }

    @Test("skips a UTF-8 byte order mark")
    func byteOrderMark() throws {
        let value = try reader.read([0xEF, 0xBB, 0xBF] + Array("{\"a\": 1}".utf8))
        #expect(value.objectValue?["a"]?.numberValue == 1)
    }

    @Test("an empty file says it is empty")
    func emptyFile() {
        #expect(error(reading: "")?.message.contains("The file is empty") == true)
        #expect(error(reading: "  \n ")?.message.contains("only whitespace") == true)
    }

    @Test("truncated JSON says where the open object began")
    func truncated() {
        let failure = error(reading: "{\n  \"a\": [1, 2")
        #expect(failure?.message.contains("array opened at 2:8") == true)
        #expect(failure?.message.contains("truncated") == true)
        let unclosed = error(reading: "{\"a\": \"abc")
        #expect(unclosed?.message.contains("never closed") == true)
        #expect(unclosed?.position == SourcePosition(line: 1, column: 7))
    }

    @Test("invalid UTF-8 is refused at the byte that breaks it")
    func invalidUTF8() {
        let failure = error(reading: Array("{\"a\": \"x".utf8) + [0xFF] + Array("\"}".utf8))
        #expect(failure?.position == SourcePosition(line: 1, column: 9))
        #expect(failure?.message.contains("Invalid UTF-8 (byte 0xFF)") == true)
        let overlong = error(reading: Array("\"".utf8) + [0xC0, 0xAF] + Array("\"".utf8))
        #expect(overlong?.message.contains("Invalid UTF-8") == true)
        let surrogate = error(reading: Array("\"".utf8) + [0xED, 0xA0, 0x80] + Array("\"".utf8))
        #expect(surrogate?.message.contains("Invalid UTF-8") == true)
    }

    @Test("a NUL byte is named, inside or outside a string")
    func nulByte() {
        #expect(error(reading: [UInt8(ascii: "["), 0, UInt8(ascii: "]")])?.message.contains("NUL byte") == true)
        #expect(error(reading: Array("[\"a".utf8) + [0] + Array("\"]".utf8))?.message.contains("NUL byte") == true)
    }

    @Test("duplicate keys are refused with both places")
    func duplicateKeys() {
        let failure = error(reading: "{\"id\": 1,\n \"id\": 2}")
        #expect(
            failure?.message
                == "Duplicate key 'id' in one object (first written at 1:2); remove one, since readers disagree on which wins."
        )
        #expect(failure?.position.line == 2)
    }

    @Test("numbers beyond Double range are refused, not turned into infinity")
    func hugeNumber() {
        let failure = error(reading: "[1e999]")
        #expect(failure?.message.contains("'1e999' is too large") == true)
        #expect(failure?.position == SourcePosition(line: 1, column: 2))
    }

    /// 100,000 nested arrays would overflow a recursive reader's stack; this one stops early.
    @Test("deep nesting is refused without recursing")
    func deepNesting() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let failure = error(reading: text)
        #expect(failure?.message.contains("nested more than 200 deep") == true)
    }

    @Test("syntax slips get a fix in the message")
    func syntaxSlips() {
        #expect(error(reading: "[1, 2,]")?.message == "Trailing comma before ']'; remove the comma.")
        #expect(error(reading: "{\"a\": 1 \"b\": 2}")?.message.contains("Is a comma missing?") == true)
        #expect(error(reading: "{'a': 1}")?.message.contains("expected a member name in double quotes") == true)
        #expect(error(reading: "[01]")?.message.contains("leading zeros") == true)
        #expect(error(reading: "{} {}")?.message.contains("after the end of the JSON value") == true)
        #expect(error(reading: "[\"a\nb\"]")?.message.contains("runs past the end of its line") == true)
        #expect(error(reading: "[tru]")?.message.contains("expected 'true'") == true)
    }

    @Test("a lone surrogate escape is refused")
    func loneSurrogate() {
        #expect(error(reading: #"["\ud800x"]"#)?.message.contains("surrogate") == true)
        #expect(error(reading: #"["\udc00"]"#)?.message.contains("lone low surrogate") == true)
    }

    @Test("JSON paths print as dotted names with indices")
    func paths() {
        let path = JSONPath().appending("sections").appending(2).appending("items").appending(4)
            .appending("scale")
        #expect(path.description == "sections[2].items[4].scale")
        #expect(JSONPath().description == "$")
        #expect(JSONPath().appending("a b").description == "[\"a b\"]")
    }
}

extension String {
    fileprivate func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
