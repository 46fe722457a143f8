import Foundation
import Testing

@Suite("dazzle template render end to end")
struct TemplateCommandTests {
    @Test("renders a template with JSON data and partials to stdout, byte for byte")
    func render() throws {
        let folder = try TemporaryFolder()
        try folder.write("card.mustache", "{{> head}}\n{{#items}}- {{name}}\n{{/items}}")
        try folder.write("partials/head.mustache", "# {{title}}\n")
        try folder.write("data.json", #"{"title": "Ana & Bo", "items": [{"name": "<b>"}, {"name": "c"}]}"#)
        let result = try runBinary(
            ["template", "render", "card.mustache", "--data", "data.json", "--partials", "partials"], in: folder.url)
        #expect(result == RunResult(status: 0, standardOutput: "# Ana &amp; Bo\n- &lt;b&gt;\n- c\n", standardError: ""))
    }

    @Test("--strict names a missing variable with its place and exits 1")
    func strict() throws {
        let folder = try TemporaryFolder()
        try folder.write("t.mustache", "Hi\n  {{nmae}}")
        try folder.write("d.json", #"{"name": "Ana"}"#)
        let result = try runBinary(
            ["template", "render", "t.mustache", "--data", "d.json", "--strict"], in: folder.url)
        #expect(result.status == 1)
        #expect(result.standardOutput.isEmpty)
        #expect(
            result.standardError
                == "t.mustache:2:3: error: 'nmae' is not in the data (strict mode); add it or remove the tag.\n")
    }

    @Test("a parse error names the tags and places")
    func parseError() throws {
        let folder = try TemporaryFolder()
        try folder.write("t.mustache", "{{#items}}\n  {{name}}\n{{/item}}\n")
        let result = try runBinary(["template", "render", "t.mustache"], in: folder.url)
        #expect(result.status == 1)
        #expect(
            result.standardError
                == "t.mustache:3:1: error: Section 'items' opened at 1:1 is closed by 'item' at 3:1; close it with {{/items}}.\n"
        )
    }

    @Test("a partial name that climbs out of the folder is refused")
    func traversal() throws {
        let folder = try TemporaryFolder()
        try folder.write("t.mustache", "{{> ../../etc/passwd}}")
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("p"), withIntermediateDirectories: true)
        let result = try runBinary(["template", "render", "t.mustache", "--partials", "p"], in: folder.url)
        #expect(result.status == 1)
        #expect(
            result.standardError
                == "t.mustache:1:1: error: The partial name '../../etc/passwd' reaches outside the template folder; name partials by their path inside it, like 'charts/bar'.\n"
        )
    }

    @Test("bad JSON data is reported with its place")
    func badData() throws {
        let folder = try TemporaryFolder()
        try folder.write("t.mustache", "x")
        try folder.write("d.json", "{\"a\": }")
        let result = try runBinary(["template", "render", "t.mustache", "--data", "d.json"], in: folder.url)
        #expect(result.status == 1)
        #expect(
            result.standardError
                == "d.json:1:7: error: Unexpected character '}'; expected a JSON value (object, array, string, number, true, false or null).\n"
        )
    }
}
