import DazzleJSON
import Foundation
import TemplateData
import Testing

@testable import Templating

/// `TemplateValue(jsonBytes:)` reads straight into template values; it must give what the
/// positioned reader and `TemplateValue(json:)` give, value for value and error for error.
@Suite("JSON read straight into template values")
struct TemplateValueJSONTests {
    /// The general path: the positioned tree, then its template value.
    func general(_ bytes: [UInt8]) -> Result<TemplateValue, JSONSyntaxError> {
        Result { () throws(JSONSyntaxError) in TemplateValue(json: try JSONReader().read(bytes)) }
    }

    func direct(_ bytes: [UInt8]) -> Result<TemplateValue, JSONSyntaxError> {
        Result { () throws(JSONSyntaxError) in try TemplateValue(jsonBytes: bytes) }
    }

    /// Equal as trees; numbers by their bits, so -0 and 0 differ.
    func same(_ first: TemplateValue, _ second: TemplateValue) -> Bool {
        switch (tree(first), tree(second)) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a.bitPattern == b.bitPattern
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map { same(value, $0) } ?? false }
        default: return false
        }
    }

    /// A document's value as the tree of the same values, read through the document's own
    /// walking and lookups: each object's members are found by their keys.
    func tree(_ value: TemplateValue) -> TemplateValue {
        guard case .document(let element) = value else { return value }
        let document = element.document
        let index = element.index
        func at(_ index: Int) -> TemplateValue { tree(.document(.init(document: document, index: index))) }
        switch document.kinds[index] {
        case .null: return .null
        case .false: return .bool(false)
        case .true: return .bool(true)
        case .number: return .number(Double(bitPattern: document.words[index]))
        case .sourceString, .decodedString: return .string(element.text ?? "")
        case .array: return .array(document.elements(of: index).map(at))
        case .object, .indexedObject:
            let shape = Int(document.words[index] >> 32)
            let ids = document.shapes.keyIDs[
                Int(document.shapes.starts[shape])..<Int(document.shapes.starts[shape + 1])]
            return .object(
                TemplateObject(
                    ids.map { id in
                        let key = document.keys.text(Int(id))
                        let member = document.member(of: index, key: key, hash: TemplateObject.hash(key))
                        return (key: key, value: member.map(at) ?? "missing")
                    }))
        }
    }

    func agree(_ bytes: [UInt8]) -> Bool {
        switch (general(bytes), direct(bytes)) {
        case (.success(let a), .success(let b)): return same(a, b)
        case (.failure(let a), .failure(let b)): return a == b
        default: return false
        }
    }

    @Test(
        "documents read the same both ways",
        arguments: [
            #"{"a": [1, -0, 2.5, 1e300, 999999999999999, 1234567890123456789, -7], "b": {"c": null, "d": true}}"#,
            #"["plain", "quote \" at 9", "back\\slash", "tab\tand\nline", "é and 😀 and \u00e9\ud83d\ude00"]"#,
            #"{"long": "abcdefghijklmnopqrstuvwxyz0123456789", "eight": "12345678", "seven": "1234567"}"#,
            "\u{FEFF}{\"bom\": 1}", "[]", "{}", "  [ [ [ ] ] ]  ", "\"just a string\"", "0", "false",
            #"[{"a": 1, "b": [2, {"c": 3}]}, {"b": 4, "a": 5}, {"a": 6, "b": 7}, {}, {"a": {}}, [[], [[]]]]"#,
            #"{"é": "é", "\u00e9x": "x", "a\"b": "q", "": "empty key", " ": {"": []}}"#,
        ])
    func documents(text: String) {
        #expect(agree(Array(text.utf8)))
    }

    /// Every byte of a document changed or inserted at random: both readers accept the same
    /// texts with the same values, and refuse the rest with the same place and words.
    @Test("mutated documents are accepted and refused alike, with the same error")
    func mutated() {
        var state: UInt64 = 11
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let seed = Array(
            #"{"id": "c-1", "n": [1, 2.5, -3e2, 0], "s": "a\"b\\c é", "o": {"k": true, "l": null, "k2": "12345678"}}"#
                .utf8)
        let alphabet = Array("{}[]\":,\\ .-+e0123456789tfnu\n\u{7F}".utf8) + [0x00, 0x1F, 0xC3, 0xA9, 0xFF]
        var disagreements: [String] = []
        for _ in 0..<4000 {
            var bytes = seed
            for _ in 0..<(1 + next(3)) {
                let at = next(bytes.count)
                if next(2) == 0 {
                    bytes[at] = alphabet[next(alphabet.count)]
                } else {
                    bytes.insert(alphabet[next(alphabet.count)], at: at)
                }
            }
            if !agree(bytes) { disagreements.append(String(decoding: bytes, as: UTF8.self)) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(3))")
    }

    /// Objects of more members than are walked keep their members' places; a large object's key
    /// list is shared by the next object with the same keys.
    @Test("objects too large to walk read the same both ways, and refuse a key given twice")
    func largeObjects() {
        for count in [24, 25, 26, 300] {
            let members = (0..<count).map { "\"k\($0)\": [\($0), {\"v\": \"\($0)\"}]" }.joined(separator: ", ")
            #expect(agree(Array("[{\(members)}, {\(members)}, {\"x\": {\(members)}}]".utf8)), "\(count) members")
            let repeated = members + ", \"k\(count / 2)\": null"
            guard case .failure = direct(Array("{\(repeated)}".utf8)) else {
                Issue.record("a duplicate key among \(count) was accepted")
                continue
            }
            #expect(agree(Array("{\(repeated)}".utf8)))
        }
    }

    /// Keys are kept once for the whole document; the same key list in another order is another
    /// shape, and a list that only starts the same is too.
    @Test("objects sharing, reordering and extending key lists each find their own members")
    func sharedShapes() throws {
        let text = #"[{"a": 1, "b": 2}, {"b": 3, "a": 4}, {"a": 5, "b": 6, "c": 7}, {"a": 8}, {"a": 9, "b": 10}]"#
        #expect(agree(Array(text.utf8)))
        let template = try Template("{{#.}}{{a}}-{{b}}-{{c}};{{/.}}")
        #expect(try template.render(try TemplateValue(jsonBytes: Array(text.utf8))) == "1-2-;4-3-;5-6-7;8--;9-10-;")
    }

    /// The same templates rendered against the same data, as a document and as a tree.
    @Test("a document renders byte for byte as the tree of the same values")
    func rendersAsTree() throws {
        let data = Array(
            #"""
            {"title": "Report <b>&</b> \"Q\"", "n": 3, "ok": true, "none": null, "empty": "", "zero": 0,
             "list": [{"name": "Ana", "score": 87.25, "tags": ["a", "b"], "sub": {"deep": "é\u00e9"}},
                      {"name": "Bo", "score": -0.5, "tags": [], "sub": {}}, 1, "two", null, false, []],
             "partial": "row", "flags": [], "nested": {"title": "inner", "list": [{"x": 1}]}}
            """#.utf8)
        let document = try TemplateValue(jsonBytes: data)
        let treeValue = TemplateValue(json: try JSONReader().read(data))
        let library = try TemplateLibrary(sources: ["row": "[{{name}}:{{score}}:{{#tags}}{{.}}{{/tags}}]"])
        let templates = [
            "{{title}}|{{{title}}}|{{&title}}|{{n}}|{{ok}}|{{none}}|{{empty}}|{{zero}}|{{missing}}",
            "{{#list}}{{name}}{{score}}{{sub.deep}}{{.}}|{{/list}}",
            "{{#list}}{{>row}}{{/list}}{{>*partial}}",
            "{{^flags}}no flags{{/flags}}{{^empty}}e{{/empty}}{{#zero}}z{{/zero}}{{^none}}n{{/none}}{{#ok}}{{title}}{{/ok}}",
            "{{#nested}}{{title}}{{#list}}{{x}}{{title}}{{/list}}{{/nested}}{{nested.list}}{{list.name}}",
            "{{#n}}{{.}}{{/n}}{{#title}}{{.}}{{/title}}{{#list}}{{#tags}}{{.}}{{/tags}}{{/list}}",
        ]
        for source in templates {
            let template = try Template(source)
            for escaping in [TemplateEscaping.html, .markdown, .none] {
                #expect(
                    try template.render(document, library: library, escaping: escaping)
                        == template.render(treeValue, library: library, escaping: escaping), "\(source)")
            }
        }
    }

    @Test("a duplicate key is refused with the place of both keys, as the positioned reader says")
    func duplicateKey() {
        let text = Array("{\"a\": 1,\n \"b\": {\"x\": 1, \"x\": 2}}".utf8)
        guard case .failure(let error) = direct(text) else {
            Issue.record("a duplicate key was accepted")
            return
        }
        #expect(error.position == SourcePosition(line: 2, column: 16))
        #expect(error.message.contains("first written at 2:8"))
    }
}

@Suite("Rendering in pieces and escaping")
struct RenderingPiecesTests {
    @Test("output streamed in pieces is the output rendered whole, each piece but the last a megabyte or more")
    func pieces() throws {
        let rows: [TemplateValue] = (0..<40_000).map {
            ["name": .string("Ana <\($0)> & \"Bo\""), "n": .number(Double($0))]
        }
        let template = try Template("{{#rows}}<li>{{name}}: {{n}}</li>\n{{/rows}}")
        let whole = try template.renderBytes(["rows": .array(rows)])
        var pieces: [[UInt8]] = []
        try template.render(["rows": .array(rows)]) { pieces.append($0) }
        #expect(pieces.count >= 2)
        #expect(pieces.dropLast().allSatisfy { $0.count >= 1 << 20 })
        #expect(Array(pieces.joined()) == whole)
    }

    /// The escaper skips eight bytes at a time; each special character at every offset of a
    /// word must still be found, also after multi-byte characters.
    @Test("HTML escaping finds each special character at every offset")
    func escapingAtEveryOffset() throws {
        let template = try Template("{{x}}")
        for special in ["&", "<", ">", "\"", "'"] {
            for offset in 0..<20 {
                for filler in ["a", "é"] {
                    let text = String(repeating: filler, count: offset) + special + String(repeating: "z", count: 9)
                    let expected = text.replacingOccurrences(of: "&", with: "&amp;")
                        .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
                        .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
                    #expect(try template.render(["x": .string(text)]) == expected)
                }
            }
        }
    }

    /// Hundredths are written without making a string; they must read as `String(number)` does.
    @Test("numbers of whole hundredths are written as Swift writes them")
    func hundredths() throws {
        var state: UInt64 = 5
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 34)
        }
        var values: [Double] = [
            0.01, -0.01, 0.5, -0.75, 12.34, 99_999_999.99, 0.1, 0.2, 0.3, 1.05, 2.675, 1e-5, 1e9 + 0.5,
        ]
        for _ in 0..<5000 { values.append(Double(next() % 2_000_000_000 - 1_000_000_000) / 100) }
        for _ in 0..<2000 { values.append(Double(next() % 2_000_000) / 1000) }
        let template = try Template("{{.}}")
        let wrong = try values.filter { value in
            let expected = value == value.rounded() ? String(Int(value)) : String(value)
            return try template.render(.number(value)) != expected
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
    }

    @Test("whole numbers are written digit by digit as Int prints them")
    func wholeNumbers() throws {
        let values: [Double] = [0, -0.0, 7, -7, 10, 99, 100, -1_000_000, 999_999_999_999_999, -999_999_999_999_999]
        let template = try Template("{{#v}}{{.}},{{/v}}")
        let expected = values.map { String(Int($0)) + "," }.joined()
        #expect(try template.render(["v": .array(values.map { .number($0) })]) == expected)
    }
}
