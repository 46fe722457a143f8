import Templating

/// Any bytes as a Mustache template: parsed and rendered against a fixed context, or a located
/// error; never a trap, never unbounded recursion.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    guard let template = try? Template(bytes: bytes, name: "fuzz") else { return 0 }
    let context: TemplateValue = [
        "name": "Ana & <Bo>", "items": [["name": "a", "score": 1.5], ["name": "b", "flag": true]],
        "nested": ["deep": ["deeper": "x"]], "empty": [], "none": .null,
    ]
    guard
        let library = try? TemplateLibrary(sources: [
            "p": "{{name}}{{#items}}{{>p}}{{/items}}", "q": "{{<p}}{{$b}}x{{/b}}{{/p}}",
        ])
    else { fatalError("the fixed partials parse") }
    _ = try? template.renderBytes(context, library: library)
    return 0
}
