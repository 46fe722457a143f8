import Testing

@testable import Templating

@Suite("Random and mutated templates")
struct HostileTemplateTests {
    /// Whatever the text, a template parses and renders, or throws a located error; it never traps.
    @Test("mutated templates parse and render or fail with a place")
    func mutated() {
        var state: UInt64 = 7
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let seed = Array(
            "{{#items}}<li>{{name}} {{{raw}}} {{> part}}{{^none}}-{{/none}}</li>{{/items}}{{=<% %>=}}<%x%>{{! c }}".utf8
        )
        let alphabet = Array("{}#^/!>&=<$*% .\n".utf8)
        let library = try? TemplateLibrary(sources: ["part": "[{{name}}]"])
        for _ in 0..<3000 {
            var bytes = seed
            for _ in 0..<(1 + next(4)) {
                let at = next(bytes.count)
                if next(2) == 0 {
                    bytes[at] = alphabet[next(alphabet.count)]
                } else {
                    bytes.insert(alphabet[next(alphabet.count)], at: at)
                }
            }
            do {
                let template = try Template(bytes: bytes, name: "fuzz")
                _ = try template.render(
                    ["items": [["name": "a", "raw": "<b>"]]], library: library ?? TemplateLibrary())
            } catch {
                #expect(error.template == "fuzz" || error.template == "part")
            }
        }
    }
}
