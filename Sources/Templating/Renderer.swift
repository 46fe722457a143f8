/// Walks nodes against a context stack, writing into one byte buffer.
struct Renderer {
    let library: TemplateLibrary
    let strict: Bool
    let escaping: TemplateEscaping
    var output: [UInt8] = []
    var contexts: [TemplateValue]
    /// Block overrides of the parents being rendered, outermost first; the outermost wins.
    var overrides: [[String: Block]] = []
    var depth = 0

    /// Partials and parents may include each other, but not without end.
    static let maximumDepth = 100

    init(library: TemplateLibrary, strict: Bool, escaping: TemplateEscaping = .html, context: TemplateValue) {
        self.library = library
        self.strict = strict
        self.escaping = escaping
        contexts = [context]
        output.reserveCapacity(4096)
    }

    mutating func render(_ nodes: [Node], template: String) throws(TemplateError) {
        for node in nodes {
            switch node {
            case .text(let bytes):
                output.append(contentsOf: bytes)
            case .variable(let name, let escaped, let location):
                guard let value = lookup(name) else {
                    if strict {
                        throw TemplateError(
                            template: template, line: location.line, column: location.column,
                            message: "'\(name.text)' is not in the data (strict mode); add it or remove the tag.")
                    }
                    continue
                }
                if case .lambda(let lambda) = value {
                    let result = try Template(bytes: Array(lambda.body("").utf8), name: template)
                    var nested = Renderer(library: library, strict: strict, escaping: escaping, context: .null)
                    nested.contexts = contexts
                    try nested.render(result.nodes, template: template)
                    append(nested.output, escaped: escaped)
                } else {
                    append(value, escaped: escaped)
                }
            case .section(let section):
                try render(section, template: template)
            case .partial(let inclusion):
                guard let (included, nodes) = try resolve(inclusion, template: template) else { continue }
                try enter(inclusion, template: template)
                try render(nodes, template: included.name)
                depth -= 1
            case .parent(let inclusion, let blocks):
                guard let (included, nodes) = try resolve(inclusion, template: template) else { continue }
                try enter(inclusion, template: template)
                overrides.append(blocks)
                try render(nodes, template: included.name)
                overrides.removeLast()
                depth -= 1
            case .block(let slot):
                var content = slot
                for level in overrides {
                    if let override = level[slot.name] {
                        content = override
                        break
                    }
                }
                let remove = content.definitionIndentation
                let add = slot.expansionIndentation
                if remove == add {
                    try render(content.nodes, template: template)
                } else {
                    var atLineStart = content.openStandalone || slot.openStandalone || slot.singleLine
                    try render(
                        Reindenter(remove: remove, add: add).apply(content.nodes, atLineStart: &atLineStart),
                        template: template)
                }
            }
        }
    }

    mutating func render(_ section: Section, template: String) throws(TemplateError) {
        let value = lookup(section.name) ?? .null
        if section.inverted {
            if case .lambda = value { return }
            if !value.isTruthy { try render(section.nodes, template: template) }
            return
        }
        switch value {
        case .lambda(let lambda):
            let result = try Template(
                bytes: Array(lambda.body(section.raw).utf8), name: template, delimiters: section.delimiters)
            try render(result.nodes, template: template)
        case .array(let elements):
            for element in elements {
                contexts.append(element)
                try render(section.nodes, template: template)
                contexts.removeLast()
            }
        default:
            guard value.isTruthy else { return }
            contexts.append(value)
            try render(section.nodes, template: template)
            contexts.removeLast()
        }
    }

    mutating func enter(_ inclusion: Inclusion, template: String) throws(TemplateError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw TemplateError(
                template: template, line: inclusion.location.line, column: inclusion.location.column,
                message:
                    "Partials are nested more than \(Self.maximumDepth) deep at '\(inclusion.name)'; does a partial include itself without end?"
            )
        }
    }

    /// The template a partial or parent tag names, with its nodes indented as the tag requires.
    func resolve(_ inclusion: Inclusion, template: String) throws(TemplateError) -> (Template, [Node])? {
        var name = inclusion.name
        if let dynamic = inclusion.dynamic {
            guard case .string(let resolved)? = lookup(dynamic) else {
                if strict {
                    throw TemplateError(
                        template: template, line: inclusion.location.line, column: inclusion.location.column,
                        message: "The dynamic partial name '\(dynamic.text)' is not a string in the data (strict mode)."
                    )
                }
                return nil
            }
            name = resolved
        }
        let found: Template?
        do {
            found = try library.template(named: name)
        } catch {
            throw TemplateError(
                template: template, line: inclusion.location.line, column: inclusion.location.column,
                message: error.message)
        }
        guard let found else {
            if strict {
                throw TemplateError(
                    template: template, line: inclusion.location.line, column: inclusion.location.column,
                    message:
                        "The partial '\(name)' is not in the template library (strict mode); add '\(name).mustache' to the partials folder."
                )
            }
            return nil
        }
        guard !inclusion.indentation.isEmpty else { return (found, found.nodes) }
        var atLineStart = true
        return (found, Reindenter(remove: [], add: inclusion.indentation).apply(found.nodes, atLineStart: &atLineStart))
    }

    /// Finds a name: the first part in the nearest context that has it, the rest within that value.
    func lookup(_ name: TagName) -> TemplateValue? {
        guard let first = name.parts.first else { return contexts.last }
        var found: TemplateValue?
        for context in contexts.reversed() {
            if case .object(let members) = context, let value = members[first] {
                found = value
                break
            }
        }
        guard var value = found else { return nil }
        for part in name.parts.dropFirst() {
            guard case .object(let members) = value, let next = members[part] else { return nil }
            value = next
        }
        return value
    }

    mutating func append(_ value: TemplateValue, escaped: Bool) {
        switch value {
        case .null, .array, .object, .lambda:
            break
        case .bool(let flag):
            output.append(contentsOf: flag ? Array("true".utf8) : Array("false".utf8))
        case .number(let number):
            let text = number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
            output.append(contentsOf: text.utf8)
        case .string(var text):
            text.withUTF8 { bytes in
                if escaped {
                    escaping.append(bytes, to: &output)
                } else {
                    output.append(contentsOf: bytes)
                }
            }
        }
    }

    mutating func append(_ bytes: [UInt8], escaped: Bool) {
        bytes.withUnsafeBufferPointer { buffer in
            if escaped {
                escaping.append(buffer, to: &output)
            } else {
                output.append(contentsOf: buffer)
            }
        }
    }
}

/// HTML escaping of `& < > " '`, copying runs that need none untouched.
enum HTMLEscaping {
    static func append(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var runStart = 0
        for index in 0..<bytes.count {
            let replacement: StaticString
            switch bytes[index] {
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case UInt8(ascii: "\""): replacement = "&quot;"
            case UInt8(ascii: "'"): replacement = "&#39;"
            default: continue
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            output.append(
                contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            runStart = index + 1
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
    }
}

/// How interpolated values are escaped.
public enum TemplateEscaping: Sendable {
    /// `& < > " '` become entities: safe in HTML text, quoted attributes and inline SVG text.
    case html
    /// Markdown punctuation is backslash-escaped and line breaks become spaces, so a value stays
    /// plain text and cannot break a table row (`|`), start a list, a heading, code or a link.
    case markdown
    /// Values are written as they are.
    case none

    func append(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        switch self {
        case .html: HTMLEscaping.append(bytes, to: &output)
        case .markdown: MarkdownEscaping.append(bytes, to: &output)
        case .none: output.append(contentsOf: bytes)
        }
    }
}

/// Markdown escaping for values placed in text and table cells: characters that start emphasis,
/// code, links, HTML, strikethrough, entities or table cells are backslash-escaped everywhere;
/// those that only matter at the start of a line (headings, lists, quotes) are escaped there.
enum MarkdownEscaping {
    static func append(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var digitsAtStart = true
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["),
                UInt8(ascii: "]"), UInt8(ascii: "|"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "~"),
                UInt8(ascii: "&"):
                output.append(UInt8(ascii: "\\"))
                output.append(byte)
            case UInt8(ascii: "#"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "="):
                if index == 0 { output.append(UInt8(ascii: "\\")) }
                output.append(byte)
            case UInt8(ascii: "."), UInt8(ascii: ")"):
                if digitsAtStart && index > 0 { output.append(UInt8(ascii: "\\")) }
                output.append(byte)
            case 0x0A, 0x0D, 0x09:
                output.append(UInt8(ascii: " "))
            default:
                output.append(byte)
            }
            if !(byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) { digitsAtStart = false }
        }
    }
}

extension TemplateEscaping {
    /// Escapes a string the way `{{name}}` would, for markup built outside templates (charts).
    public func escape(_ text: String) -> String {
        var output: [UInt8] = []
        var text = text
        text.withUTF8 { append($0, to: &output) }
        return String(decoding: output, as: UTF8.self)
    }
}
