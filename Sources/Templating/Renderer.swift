/// Walks nodes against a context stack, writing into one byte buffer.
struct Renderer: ~Copyable {
    let library: TemplateLibrary
    let strict: Bool
    let escaping: TemplateEscaping
    var output = OutputBytes()
    var contexts: [TemplateValue]
    /// Block overrides of the parents being rendered, outermost first; the outermost wins.
    var overrides: [[String: Block]] = []
    var depth = 0
    /// Where full pieces of output go as they are made, when the caller streams; `nil` keeps
    /// everything in ``output``.
    var sink: ((_ piece: [UInt8]) -> Void)?
    /// Partials found and indented once per render, by name and indentation: a partial in a loop
    /// is looked up, checked and re-indented once, not once per element.
    var included: [IncludedKey: (Template, [Node])] = [:]

    /// How much output is gathered before it goes to the sink.
    static let pieceSize = 1 << 20

    /// Partials and parents may include each other, but not without end.
    static let maximumDepth = 100

    init(library: TemplateLibrary, strict: Bool, escaping: TemplateEscaping = .html, context: TemplateValue) {
        self.library = library
        self.strict = strict
        self.escaping = escaping
        contexts = [context]
    }

    mutating func render(_ nodes: [Node], template: String) throws(TemplateError) {
        for node in nodes {
            if output.count >= Self.pieceSize, let sink {
                sink(output.bytes)
                output.removeAll()
            }
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
                    append(nested.output.bytes, escaped: escaped)
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
                bytes: Array(lambda.body(section.lambdaSource.raw).utf8), name: template,
                delimiters: section.lambdaSource.delimiters)
            try render(result.nodes, template: template)
        case .array(let elements):
            for element in elements {
                contexts.append(element)
                try render(section.nodes, template: template)
                contexts.removeLast()
            }
        case .document(let element) where element.isArray:
            for index in element.document.elements(of: element.index) {
                contexts.append(.document(TemplateDocument.Element(document: element.document, index: index)))
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
    mutating func resolve(_ inclusion: Inclusion, template: String) throws(TemplateError) -> (Template, [Node])? {
        var name = inclusion.name
        if let dynamic = inclusion.dynamic {
            guard let resolved = lookup(dynamic)?.text else {
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
        let key = IncludedKey(name: name, indentation: inclusion.indentation)
        if let known = included[key] { return known }
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
        var nodes = found.nodes
        if !inclusion.indentation.isEmpty {
            var atLineStart = true
            nodes = Reindenter(remove: [], add: inclusion.indentation).apply(found.nodes, atLineStart: &atLineStart)
        }
        included[key] = (found, nodes)
        return (found, nodes)
    }

    /// Finds a name: the first part in the nearest context that has it, the rest within that value.
    func lookup(_ name: TagName) -> TemplateValue? {
        guard let first = name.parts.first else { return contexts.last }
        let firstHash = name.hashes[0]
        var found: TemplateValue?
        for context in contexts.reversed() {
            if let value = context.member(first, hash: firstHash) {
                found = value
                break
            }
        }
        guard var value = found else { return nil }
        for position in name.parts.indices.dropFirst() {
            guard let next = value.member(name.parts[position], hash: name.hashes[position]) else { return nil }
            value = next
        }
        return value
    }

    mutating func append(_ value: TemplateValue, escaped: Bool) {
        switch value {
        case .null, .array, .object, .lambda:
            break
        case .bool(let flag):
            output.append(contentsOf: flag ? "true" : "false")
        case .number(let number):
            append(number)
        case .string(var text):
            text.withUTF8 { append($0, escaped: escaped) }
        case .document(let element):
            let document = element.document
            switch document.kinds[element.index] {
            case .null, .array, .object, .indexedObject: break
            case .false: output.append(contentsOf: "false" as StaticString)
            case .true: output.append(contentsOf: "true" as StaticString)
            case .number: append(Double(bitPattern: document.words[element.index]))
            case .sourceString, .decodedString:
                document.withText(at: element.index) { append($0, escaped: escaped) }
            }
        }
    }

    mutating func append(_ number: Double) {
        if number == number.rounded() && abs(number) < 1e15 {
            Self.appendDigits(of: Int(number), to: &output)
        } else if !Self.appendHundredths(number, to: &output) {
            output.append(contentsOf: String(number))
        }
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, escaped: Bool) {
        if escaped {
            escaping.append(bytes, to: &output)
        } else {
            output.append(contentsOf: bytes)
        }
    }

    /// A whole number's decimal digits, written in place: no string made for each number shown.
    static func appendDigits(of value: Int, to output: inout OutputBytes) {
        if value < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var count = 1
        var probe = magnitude
        while probe >= 10 {
            probe /= 10
            count += 1
        }
        let start = output.appendSpace(count)
        var position = count - 1
        repeat {
            start[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
            position -= 1
        } while magnitude > 0
    }

    /// A number of whole hundredths (a score such as 87.25), written as `String(number)` writes it,
    /// without making the string. The double nearest to k/100 prints as k/100's digits: those
    /// round-trip, and no other decimal as short does.
    /// - Returns: `false`, writing nothing, for any other number.
    static func appendHundredths(_ number: Double, to output: inout OutputBytes) -> Bool {
        guard abs(number) < 1e9 else { return false }
        let scaled = (number * 100).rounded()
        guard scaled / 100 == number else { return false }
        let hundredths = Int(scaled).magnitude
        if number < 0 { output.append(UInt8(ascii: "-")) }
        appendDigits(of: Int(hundredths / 100), to: &output)
        output.append(UInt8(ascii: "."))
        let fraction = hundredths % 100
        output.append(UInt8(ascii: "0") + UInt8(fraction / 10))
        if fraction % 10 != 0 { output.append(UInt8(ascii: "0") + UInt8(fraction % 10)) }
        return true
    }

    mutating func append(_ bytes: [UInt8], escaped: Bool) {
        bytes.withUnsafeBufferPointer { append($0, escaped: escaped) }
    }
}

/// A partial as one tag includes it.
struct IncludedKey: Hashable {
    var name: String
    var indentation: [UInt8]
}

/// HTML escaping of `& < > " '`, copying runs that need none untouched.
enum HTMLEscaping {
    static func append(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout OutputBytes) {
        var runStart = 0
        for index in 0..<bytes.count {
            // All five are below 64: one shift and test per byte tells whether a byte is one.
            let byte = bytes[index]
            guard byte < 64, Self.specials >> byte & 1 != 0 else { continue }
            let replacement: StaticString
            switch byte {
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

    /// Bit n is set when byte n is one of `& < > " '`.
    static let specials: UInt64 = 1 << 0x26 | 1 << 0x3C | 1 << 0x3E | 1 << 0x22 | 1 << 0x27

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

    func append(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout OutputBytes) {
        switch self {
        case .html: HTMLEscaping.append(bytes, to: &output)
        case .markdown: MarkdownEscaping.append(bytes, to: &output)
        case .none: output.append(contentsOf: bytes)
        }
    }
}

/// Markdown escaping for values placed in text and table cells (GitHub-flavoured Markdown), as
/// little as keeps a value plain text: characters that start emphasis, code, links, strikethrough
/// or table cells are backslash-escaped; `<`, `>` and `&` become entities (a backslash before them
/// could be swallowed by an autolink); `://` and `www.` are broken so no URL becomes a link; and
/// what only matters at the start of a line (a heading, a list or quote marker, a rule) is escaped
/// only there, and only when it would be read so: `86.1`, `1.0.0` and `-0.55` stay as written.
enum MarkdownEscaping {
    static func append(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout OutputBytes) {
        func byte(_ index: Int) -> UInt8? { index < bytes.count ? bytes[index] : nil }
        func blankOrEnd(_ index: Int) -> Bool {
            guard let next = byte(index) else { return true }
            return next == 0x20 || next == 0x09 || next == 0x0A || next == 0x0D
        }
        // A line-start marker: a heading (#…# then space), a bullet (- or + then space), an
        // ordered item (digits then . or ) then space), or a rule or underline (only - or =).
        var markerAt: Int?
        if let first = byte(0) {
            var digits = 0
            while let next = byte(digits), next >= 0x30, next <= 0x39 { digits += 1 }
            var hashes = 0
            while byte(hashes) == UInt8(ascii: "#") { hashes += 1 }
            if hashes >= 1 && hashes <= 6 && blankOrEnd(hashes) {
                markerAt = 0
            } else if (first == UInt8(ascii: "-") || first == UInt8(ascii: "+")) && blankOrEnd(1) {
                markerAt = 0
            } else if digits >= 1 && digits <= 9, let mark = byte(digits),
                mark == UInt8(ascii: ".") || mark == UInt8(ascii: ")"), blankOrEnd(digits + 1)
            {
                markerAt = digits
            } else if first == UInt8(ascii: "-") || first == UInt8(ascii: "=") {
                if bytes.allSatisfy({ $0 == first || $0 == 0x20 }) { markerAt = 0 }
            }
        }
        for (index, byte) in bytes.enumerated() {
            if index == markerAt { output.append(UInt8(ascii: "\\")) }
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["),
                UInt8(ascii: "]"), UInt8(ascii: "|"), UInt8(ascii: "~"):
                output.append(UInt8(ascii: "\\"))
                output.append(byte)
            case UInt8(ascii: "<"): output.append(contentsOf: "&lt;" as StaticString)
            case UInt8(ascii: ">"): output.append(contentsOf: "&gt;" as StaticString)
            case UInt8(ascii: "&"): output.append(contentsOf: "&amp;" as StaticString)
            case UInt8(ascii: ":")
            where Self.byte(bytes, index + 1) == UInt8(ascii: "/") && Self.byte(bytes, index + 2) == UInt8(ascii: "/"):
                output.append(UInt8(ascii: "\\"))
                output.append(byte)
            case UInt8(ascii: ".") where index >= 3 && isWWW(bytes, before: index):
                output.append(UInt8(ascii: "\\"))
                output.append(byte)
            case 0x0A, 0x0D, 0x09:
                output.append(UInt8(ascii: " "))
            default:
                output.append(byte)
            }
        }
    }

    private static func byte(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    /// Whether `www` (any case) ends just before `index` and starts a word.
    private static func isWWW(_ bytes: UnsafeBufferPointer<UInt8>, before index: Int) -> Bool {
        for offset in 1...3 where bytes[index - offset] | 0x20 != UInt8(ascii: "w") { return false }
        guard index > 3 else { return true }
        let previous = bytes[index - 4]
        let isWordCharacter =
            previous >= 0x80 || (previous | 0x20 >= 0x61 && previous | 0x20 <= 0x7A)
            || (previous >= 0x30 && previous <= 0x39)
        return !isWordCharacter
    }
}

extension TemplateEscaping {
    /// Escapes a string the way `{{name}}` would, for markup built outside templates (charts).
    public func escape(_ text: String) -> String {
        var output = OutputBytes()
        var text = text
        text.withUTF8 { append($0, to: &output) }
        return String(decoding: output.bytes, as: UTF8.self)
    }
}
