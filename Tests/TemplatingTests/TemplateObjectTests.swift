import Testing

@testable import Templating

@Suite("Template objects")
struct TemplateObjectTests {
    @Test("a key given twice keeps its last value, small or large", arguments: [3, 24, 25, 200])
    func duplicates(size: Int) {
        var pairs = (0..<size).map { (key: "k\($0)", value: TemplateValue.number(Double($0))) }
        pairs.append((key: "k1", value: "last"))
        let object = TemplateObject(pairs)
        #expect(object.count == size)
        guard case .string(let text)? = object["k1"] else {
            Issue.record("k1 is not the last value")
            return
        }
        #expect(text == "last")
        #expect(object.keys == (0..<size).map { "k\($0)" })
    }

    @Test("every member is found and no other name, scanned or indexed", arguments: [1, 24, 25, 500])
    func lookups(size: Int) {
        let object = TemplateObject((0..<size).map { (key: "member-\($0)", value: TemplateValue.number(Double($0))) })
        for number in 0..<size {
            guard case .number(let found)? = object["member-\(number)"] else {
                Issue.record("member-\(number) not found")
                return
            }
            #expect(found == Double(number))
        }
        #expect(object["member-\(size)"] == nil)
        #expect(object[""] == nil)
    }

    @Test("unique refuses a key given twice", arguments: [2, 30])
    func unique(size: Int) {
        let pairs = (0..<size).map { TemplateObject.Member(key: "k\($0 % (size - 1))", value: .null) }
        #expect(TemplateObject.unique(pairs) == nil)
        #expect(TemplateObject.unique(Array(pairs.dropLast())) != nil)
    }

    @Test("names in nested objects and up the context stack are found through the object's hashes")
    func nestedNames() throws {
        let data: TemplateValue = ["a": ["b": ["c": "deep"]], "outer": "o", "list": [["x": 1], ["x": 2]]]
        #expect(
            try Template("{{a.b.c}} {{#list}}{{x}}{{outer}}{{/list}} {{a.b.missing}}|").render(data) == "deep 1o2o |")
    }
}
