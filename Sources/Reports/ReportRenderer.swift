import Templating

/// The report kinds: for the hiring team (candidate, comparison, batch, index), for the
/// candidate (explanation), for the deployer and the auditor (card).
public enum ReportKind: String, Sendable, CaseIterable {
    case candidate, comparison, batch, index, explanation, card
}

/// Report output formats.
public enum ReportFormat: String, Sendable, CaseIterable {
    case html
    case markdown = "md"

    /// The file extension.
    public var fileExtension: String { rawValue }

    var escaping: TemplateEscaping { self == .html ? .html : .markdown }
}

/// Renders reports through the default templates (carried in the binary, the same as
/// `reports/`), any of which a folder of templates may override by name.
public struct ReportRenderer: Sendable {
    let library: TemplateLibrary

    /// The shipped templates, with overrides from `folder` when given.
    /// - Throws: ``TemplateError`` when a template does not parse.
    public init(overrides folder: String? = nil) throws(TemplateError) {
        var library = TemplateLibrary()
        for file in ShippedReportTemplates.files {
            library.register(try Template(file.contents, name: file.name), named: Self.templateName(file.name))
        }
        if let folder {
            let custom = try TemplateLibrary(folder: folder)
            for name in custom.names {
                if let template = try custom.template(named: name) { library.register(template, named: name) }
            }
        }
        self.library = library
    }

    /// `candidate.html.mustache` → `candidate.html`.
    static func templateName(_ file: String) -> String {
        file.hasSuffix(".mustache") ? String(file.dropLast(".mustache".count)) : file
    }

    /// The default template files, for `dazzle report --export-templates`.
    public static var defaultTemplates: [(name: String, contents: String)] { ShippedReportTemplates.files }

    /// Renders a report.
    public func render(_ kind: ReportKind, format: ReportFormat, model: TemplateValue) throws(TemplateError) -> [UInt8]
    {
        try render(template: "\(kind.rawValue).\(format.fileExtension)", model: model, escaping: format.escaping)
    }

    /// Renders any of the templates by name (`form.html`).
    func render(template name: String, model: TemplateValue, escaping: TemplateEscaping) throws(TemplateError)
        -> [UInt8]
    {
        guard let template = try library.template(named: name) else {
            throw TemplateError(template: name, line: 0, column: 0, message: "No template named '\(name).mustache'.")
        }
        return try template.renderBytes(model, library: library, strict: true, escaping: escaping)
    }
}
