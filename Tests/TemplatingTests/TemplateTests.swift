import Foundation
import Testing

@testable import Templating

@Suite("Templates")
struct TemplateTests {
    func parseError(_ source: String, name: String = "t.mustache") -> TemplateError? {
        do {
            _ = try Template(source, name: name)
            return nil
        } catch {
            return error
        }
    }

    @Test("a section closed by the wrong tag names both tags and places")
    func mismatchedSection() {
        let error = parseError("a\nb\nc\n  {{#items}}\nx\n\n\n\n    {{/item}}")
        #expect(
            error?.description
                == "t.mustache:9:5: error: Section 'items' opened at 4:3 is closed by 'item' at 9:5; close it with {{/items}}."
        )
    }

    @Test("an unclosed section, a stray close and an unterminated tag are located")
    func otherParseErrors() {
        #expect(
            parseError("{{#a}}x")?.description
                == "t.mustache:1:1: error: Section 'a' opened at 1:1 is never closed; add {{/a}}.")
        #expect(
            parseError("x {{/a}}")?.message
                == "The closing tag 'a' at 1:3 has no open section; remove it or open one with {{#a}}.")
        #expect(parseError("hello {{name")?.message == "The tag '{{name' opened at 1:7 is never closed; add '}}'.")
        #expect(
            parseError("{{= | =}}")?.message
                == "The delimiter change '{{=|=}}' at 1:1 needs two delimiters separated by a space, without '=', e.g. {{=<% %>=}}."
        )
        #expect(parseError("{{}}")?.message == "The tag at 1:1 has no name; write a name between the delimiters.")
    }

    @Test("HTML escaping covers & < > \" ' and only triple or & tags skip it")
    func escaping() throws {
        let data: TemplateValue = ["x": "<script>alert('x') & \"y\"</script>"]
        #expect(
            try Template("{{x}}").render(data) == "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;")
        #expect(
            try Template("{{{x}}}|{{&x}}").render(data)
                == "<script>alert('x') & \"y\"</script>|<script>alert('x') & \"y\"</script>")
    }

    @Test("strict mode names a missing variable and a missing partial")
    func strictMode() throws {
        let template = try Template("Hi {{person.name}}", name: "card.mustache")
        #expect(try template.render([:]) == "Hi ")
        #expect(
            throws: TemplateError(
                template: "card.mustache", line: 1, column: 4,
                message: "'person.name' is not in the data (strict mode); add it or remove the tag.")
        ) {
            try template.render([:], strict: true)
        }
        #expect(
            throws: TemplateError(
                template: "t", line: 1, column: 1,
                message:
                    "The partial 'nav' is not in the template library (strict mode); add 'nav.mustache' to the partials folder."
            )
        ) {
            try Template("{{> nav}}", name: "t").render([:], strict: true)
        }
    }

    @Test("a partial that includes itself stops at the depth limit with an error")
    func recursionLimit() throws {
        let library = try TemplateLibrary(sources: ["loop": "x{{> loop}}"])
        #expect(throws: TemplateError.self) { try Template("{{> loop}}").render([:], library: library) }
        do {
            _ = try Template("{{> loop}}").render([:], library: library)
        } catch {
            #expect(
                error.message
                    == "Partials are nested more than 100 deep at 'loop'; does a partial include itself without end?")
        }
    }

    @Test(
        "partial names cannot leave the template folder",
        arguments: ["../../etc/passwd", "/etc/passwd", "a/../../b", "~/x", "..", ".", "a/./b", "a//b", "a/", "a\\b"])
    func pathEscape(name: String) throws {
        let error = #expect(throws: TemplateError.self) { try Template("{{> \(name)}}").render([:]) }
        #expect(
            error?.message
                == "The partial name '\(name)' reaches outside the template folder; name partials by their path inside it, like 'charts/bar'."
        )
    }

    @Test(
        "names with dots inside the folder are partials like any other",
        arguments: ["...", "x.y/z", ".hidden/a", "a..b", "charts/bar"])
    func dottedNames(name: String) throws {
        var library = TemplateLibrary()
        library.register(try Template("found"), named: name)
        #expect(try Template("{{> \(name)}}").render([:], library: library) == "found")
    }

    @Test("a folder library finds nested partials and refuses symlinks that lead out")
    func folderLibrary() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("templating-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("charts"), withIntermediateDirectories: true)
        try Data("[{{value}}]".utf8).write(to: folder.appendingPathComponent("charts/bar.mustache"))
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent(
            "secret-\(UUID().uuidString).mustache")
        try Data("secret".utf8).write(to: outside)
        defer { try? FileManager.default.removeItem(at: outside) }
        try FileManager.default.createSymbolicLink(
            at: folder.appendingPathComponent("leak.mustache"), withDestinationURL: outside)
        let library = try TemplateLibrary(folder: folder.path)
        #expect(try Template("{{> charts/bar}}").render(["value": 3], library: library) == "[3]")
        let error = #expect(throws: TemplateError.self) { try Template("{{> leak}}").render([:], library: library) }
        #expect(
            error?.message
                == "The partial 'leak' is a link to a file outside the template folder; copy the file into the folder instead."
        )
    }

    @Test("numbers print whole when whole and shortest otherwise")
    func numbers() throws {
        #expect(try Template("{{a}} {{b}} {{c}}").render(["a": 85, "b": 1.21, "c": -3]) == "85 1.21 -3")
    }

    /// A compiled template is a value that many threads can render at once.
    @Test("one template renders concurrently with the same result")
    func concurrentRendering() async throws {
        let template = try Template("{{#items}}<li>{{name}}</li>{{/items}}")
        let data: TemplateValue = ["items": [["name": "a"], ["name": "b"]]]
        let results = await withTaskGroup(of: String.self) { group in
            for _ in 0..<8 { group.addTask { (try? template.render(data)) ?? "" } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results == Array(repeating: "<li>a</li><li>b</li>", count: 8))
    }
}

@Suite("README")
struct ReadmeExampleTests {
    /// The example in README's "Templates" section, kept compiling and true.
    @Test("the README's templating example renders what it says")
    func readmeExample() throws {
        let card = try Template("{{#items}}<li>{{name}}</li>{{/items}}", name: "list")
        let library = try TemplateLibrary(sources: ["header": "<h1>{{title}}</h1>"])
        let html = try card.render(["items": [["name": "Ana & Bo"], ["name": "Cy"]]], library: library)
        #expect(html == "<li>Ana &amp; Bo</li><li>Cy</li>")
    }
}

@Suite("Markdown escaping")
struct MarkdownEscapingTests {
    @Test("values cannot break tables, start blocks, make links, code or HTML")
    func escapes() throws {
        let template = try Template("| {{a}} |\n- {{b}}\n{{c}}")
        let output = try template.render(
            ["a": "x | y\nz", "b": "1. [link](http://e.x) `code` *em* <b>&", "c": "# not a heading"],
            escaping: .markdown)
        #expect(
            output
                == "| x \\| y z |\n- 1\\. \\[link\\](http\\://e.x) \\`code\\` \\*em\\* &lt;b&gt;&amp;\n\\# not a heading"
        )
    }

    @Test("numbers and dashes inside text are not escaped; markers at a line's start are, only when they would be read")
    func onlyWhereMarkdownWouldMisread() throws {
        let cases: [(String, String)] = [
            ("86.1", "86.1"), ("1.0.0", "1.0.0"), ("-0.55–0.97", "-0.55–0.97"), ("#3 of 5", "#3 of 5"),
            ("- a list", "\\- a list"), ("3. third", "3\\. third"), ("## heading", "\\## heading"), ("---", "\\---"),
            ("see www.evil.example", "see www\\.evil.example"), ("awww.not", "awww.not"),
        ]
        for (value, expected) in cases {
            #expect(try Template("{{a}}").render(["a": .string(value)], escaping: .markdown) == expected, "\(value)")
        }
    }

    @Test("ordinary punctuation inside text is left alone")
    func plainText() throws {
        #expect(
            try Template("{{a}}").render(["a": "Human-being lovers, 2026-11-25 (v1.0)!"], escaping: .markdown)
                == "Human-being lovers, 2026-11-25 (v1.0)!")
    }
}
