import DazzleJSON

extension QuestionnaireDecoder {
    /// Reports conditions that depend on each other in a loop, naming the loop.
    ///
    /// Conditions that only look back cannot loop; this catches loops that forward references
    /// would make, so the message names the whole loop rather than one edge of it.
    mutating func reportConditionCycles(_ items: [Item]) {
        var edges: [String: [String]] = [:]
        for pending in pendingConditions {
            edges[pending.owner, default: []].append(contentsOf: rawReferences(pending.condition))
        }
        let known = itemIndex
        var state: [String: Bool] = [:]  // false: on the current path; true: finished
        var stack: [String] = []
        var loops: [[String]] = []
        var reported: Set<Set<String>> = []

        func visit(_ node: String) {
            state[node] = false
            stack.append(node)
            for next in edges[node] ?? [] where next != node && known[next] != nil {
                if state[next] == false, let start = stack.firstIndex(of: next) {
                    let loop = Array(stack[start...])
                    if reported.insert(Set(loop)).inserted { loops.append(loop) }
                } else if state[next] == nil {
                    visit(next)
                }
            }
            stack.removeLast()
            state[node] = true
        }
        for item in items where state[item.id] == nil {
            visit(item.id)
        }
        for loop in loops {
            guard let index = itemIndex[loop[0]] else { continue }
            let names = (loop + [loop[0]]).joined(separator: " → ")
            fields.error(
                "'showIf' conditions form a cycle: \(names); no item in it could ever be shown.",
                at: declared[index].position, path: declared[index].path.appending("showIf"))
        }
    }

    func rawReferences(_ value: JSONValue) -> [String] {
        guard let object = value.objectValue else { return [] }
        var references: [String] = []
        if let item = object["item"]?.stringValue { references.append(item) }
        for key in ["all", "any"] {
            for element in object[key]?.arrayValue ?? [] { references += rawReferences(element) }
        }
        return references
    }
}
