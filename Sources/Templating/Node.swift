/// The parsed form of a template: text and tags, with sections and blocks nested.
indirect enum Node: Sendable {
    case text([UInt8])
    case variable(TagName, escaped: Bool, Location)
    case section(Section)
    case partial(Inclusion)
    /// `{{<parent}}…{{/parent}}`: a partial whose blocks can be overridden.
    case parent(Inclusion, blocks: [String: Block])
    /// `{{$name}}default{{/name}}`: a slot a parent's caller may fill.
    case block(Block)
}

/// A line and column in a template, 1-based.
struct Location: Sendable, Hashable {
    var line: Int
    var column: Int
}

/// A tag's name, split at dots once at parse time: `{{a.b}}` is `["a", "b"]`, `{{.}}` is `[]`.
///
/// A class: nodes are copied each time they are rendered, and one reference counts cheaper than
/// a string and two arrays.
final class TagName: Sendable {
    let text: String
    let parts: [String]
    /// Each part's ``TemplateObject/hash(_:)``, computed once here rather than at each lookup.
    let hashes: [UInt32]

    init(_ text: String) {
        self.text = text
        parts = text == "." ? [] : text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        hashes = parts.map(TemplateObject.hash)
    }
}

struct Section: Sendable {
    var name: TagName
    var nodes: [Node]
    var inverted: Bool
    /// What a lambda given the section needs; apart, so rendering copies less.
    var lambdaSource: LambdaSource
    var location: Location
    /// Whether the opening and closing tags each stood alone on their lines (and were removed
    /// with them); partial indentation needs to know where lines start.
    var openStandalone: Bool
    var closeStandalone: Bool
}

/// A section's text as written, for a lambda.
final class LambdaSource: Sendable {
    /// The text between the tags.
    let raw: String
    /// The delimiters in effect at the opening tag, for rendering a lambda's result.
    let delimiters: Delimiters

    init(raw: String, delimiters: Delimiters) {
        self.raw = raw
        self.delimiters = delimiters
    }
}

/// A partial or parent reference.
struct Inclusion: Sendable {
    var name: String
    /// For `{{>*name}}`: the partial's name is looked up in the data.
    var dynamic: TagName?
    /// The whitespace before a standalone tag, prepended to each line of the included template.
    var indentation: [UInt8]
    var standalone: Bool
    var location: Location
}

struct Block: Sendable {
    var name: String
    var nodes: [Node]
    /// The opening tag stood alone on its line, so the content starts at a line start.
    var openStandalone: Bool
    var closeStandalone: Bool
    /// The opening and closing tags share a line with nothing else but leading whitespace.
    var singleLine: Bool
    /// Whitespace before the opening tag when it is standalone or single-line.
    var tagIndentation: [UInt8]
    var location: Location

    /// The indentation the content was written with: the first line's leading whitespace, when
    /// the content starts at a line start. It is removed where the content is used.
    var definitionIndentation: [UInt8] {
        guard openStandalone, case .text(let bytes)? = nodes.first else { return [] }
        return Array(bytes.prefix { $0 == 0x20 || $0 == 0x09 })
    }

    /// The indentation this slot gives content expanded into it: the default content's own
    /// indentation when the opening tag is standalone ("intrinsic"), else the tag's.
    var expansionIndentation: [UInt8] {
        if singleLine { return tagIndentation }
        guard openStandalone else { return [] }
        let intrinsic = definitionIndentation
        return intrinsic.isEmpty ? tagIndentation : intrinsic
    }
}

/// The tag delimiters, `{{` and `}}` unless changed with `{{=<% %>=}}`.
struct Delimiters: Sendable, Equatable {
    var open: [UInt8]
    var close: [UInt8]

    static let standard = Delimiters(open: Array("{{".utf8), close: Array("}}".utf8))
}
