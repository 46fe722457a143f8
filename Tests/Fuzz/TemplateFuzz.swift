import TemplateData
import Templating

/// Any bytes as a Mustache template: parsed and rendered against a fixed context, or a located
/// error; never a trap, never unbounded recursion. The context is rendered twice, as a tree of
/// values and as the compact document JSON is read into, and both must give the same bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    guard let template = try? Template(bytes: bytes, name: "fuzz") else { return 0 }
    let context: TemplateValue = [
        "name": "Ana & <Bo>", "items": [["name": "a", "score": 1.5], ["name": "b", "flag": true]],
        "nested": ["deep": ["deeper": "x"]], "empty": [], "none": .null, "p": "q",
    ]
    let json = #"""
        {"name": "Ana & <Bo>", "items": [{"name": "a", "score": 1.5}, {"name": "b", "flag": true}],
         "nested": {"deep": {"deeper": "x"}}, "empty": [], "none": null, "p": "q"}
        """#
    guard let document = try? TemplateValue(jsonBytes: Array(json.utf8)) else { fatalError("the fixed data reads") }
    guard
        let library = try? TemplateLibrary(sources: [
            "p": "{{name}}{{#items}}{{>p}}{{/items}}", "q": "{{<p}}{{$b}}x{{/b}}{{/p}}",
        ])
    else { fatalError("the fixed partials parse") }
    let fromTree = Result { () throws(TemplateError) in try template.renderBytes(context, library: library) }
    let fromDocument = Result { () throws(TemplateError) in try template.renderBytes(document, library: library) }
    switch (fromTree, fromDocument) {
    case (.success(let first), .success(let second)) where first == second: break
    case (.failure(let first), .failure(let second)) where first.message == second.message: break
    default: fatalError("the tree and the document render differently: \(fromTree) and \(fromDocument)")
    }
    return 0
}
