/// A compiled Mustache template: parse once, render many times, from any thread.
///
/// ```swift
/// let template = try Template("Hello {{name}}!", name: "greeting")
/// let text = try template.render(["name": "Ana"])   // "Hello Ana!"
/// ```
public struct Template: Sendable {
    /// The name used in error messages and to find it among partials.
    public let name: String
    let nodes: [Node]

    /// Parses a template.
    /// - Throws: ``TemplateError`` naming the line, column and tags involved, e.g. a section
    ///   closed by the wrong tag or a tag that is never closed.
    public init(_ source: String, name: String = "template") throws(TemplateError) {
        try self.init(bytes: Array(source.utf8), name: name)
    }

    /// Parses a template from UTF-8 bytes.
    public init(bytes: [UInt8], name: String = "template") throws(TemplateError) {
        self.name = name
        var parser = TemplateParser(source: bytes, name: name)
        nodes = try parser.parse()
    }

    init(bytes: [UInt8], name: String, delimiters: Delimiters) throws(TemplateError) {
        self.name = name
        var parser = TemplateParser(source: bytes, name: name, delimiters: delimiters)
        nodes = try parser.parse()
    }

    /// Renders the template.
    /// - Parameters:
    ///   - context: the data; names in tags are looked up in it.
    ///   - library: where `{{> partial}}` and `{{< parent}}` templates are found.
    ///   - strict: when `true`, a name missing from the data or a partial missing from the
    ///     library is an error naming it, instead of the spec's empty string.
    ///   - escaping: how `{{name}}` escapes values: for HTML (the default, as the spec says), for
    ///     Markdown text and table cells, or not at all.
    /// - Throws: ``TemplateError`` in strict mode, for partials nested too deeply, and for
    ///   partial names that try to leave the template folder.
    public func render(
        _ context: TemplateValue, library: TemplateLibrary = TemplateLibrary(), strict: Bool = false,
        escaping: TemplateEscaping = .html
    ) throws(TemplateError) -> String {
        String(decoding: try renderBytes(context, library: library, strict: strict, escaping: escaping), as: UTF8.self)
    }

    /// Renders the template into UTF-8 bytes.
    public func renderBytes(
        _ context: TemplateValue, library: TemplateLibrary = TemplateLibrary(), strict: Bool = false,
        escaping: TemplateEscaping = .html
    ) throws(TemplateError) -> [UInt8] {
        var renderer = Renderer(library: library, strict: strict, escaping: escaping, context: context)
        try renderer.render(nodes, template: name)
        return renderer.output.bytes
    }

    /// Renders the template in pieces of about a megabyte, each handed to `write` as soon as it
    /// is made: output of any size without holding it whole.
    public func render(
        _ context: TemplateValue, library: TemplateLibrary = TemplateLibrary(), strict: Bool = false,
        escaping: TemplateEscaping = .html, to write: @escaping (_ piece: [UInt8]) -> Void
    ) throws(TemplateError) {
        var renderer = Renderer(library: library, strict: strict, escaping: escaping, context: context)
        renderer.sink = write
        try renderer.render(nodes, template: name)
        if !renderer.output.isEmpty { write(renderer.output.bytes) }
    }
}
