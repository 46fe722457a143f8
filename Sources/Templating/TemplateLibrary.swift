import Foundation

/// Templates by name, where partials and parents are found: from memory, or from a folder where
/// `{{> header}}` is the file `header.mustache` and `{{> charts/bar}}` is `charts/bar.mustache`.
///
/// Names can never reach outside the folder: `..`, absolute paths and files whose real path
/// (after following symlinks) is outside the folder are refused with an error.
public struct TemplateLibrary: Sendable {
    private var templates: [String: Template]
    /// Names refused when the library was loaded, with the reason; used if they are asked for.
    private var refused: [String: String]

    /// An empty library, or one holding these compiled templates by name.
    public init(_ templates: [String: Template] = [:]) {
        self.templates = templates
        refused = [:]
    }

    /// Compiles templates held in memory.
    public init(sources: [String: String]) throws(TemplateError) {
        var compiled: [String: Template] = [:]
        for (name, source) in sources {
            compiled[name] = try Template(source, name: name)
        }
        self.init(compiled)
    }

    /// Loads every `.mustache` file under a folder (recursively), named by its path relative to
    /// the folder without the extension.
    /// - Throws: ``TemplateError`` when the folder cannot be read or a template does not parse.
    public init(folder: String, fileExtension: String = "mustache") throws(TemplateError) {
        self.init()
        let root = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder), isFolder.boolValue else {
            throw TemplateError(
                template: folder, line: 0, column: 0, message: "The partials folder does not exist or is not a folder.")
        }
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return }
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix("." + fileExtension) else { continue }
            let name = String(relative.dropLast(fileExtension.count + 1))
            let path = root + "/" + relative
            let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            guard real.hasPrefix(root + "/") else {
                refused[name] =
                    "The partial '\(name)' is a link to a file outside the template folder; copy the file into the folder instead."
                continue
            }
            guard let data = FileManager.default.contents(atPath: real) else {
                refused[name] = "The partial file '\(relative)' cannot be read."
                continue
            }
            templates[name] = try Template(bytes: [UInt8](data), name: relative)
        }
    }

    /// Adds or replaces a template.
    public mutating func register(_ template: Template, named name: String) {
        templates[name] = template
    }

    /// The template with this name.
    /// - Throws: ``TemplateError`` when the name tries to leave the folder or was refused.
    /// - Returns: `nil` when there is no such template.
    public func template(named name: String) throws(TemplateError) -> Template? {
        if let reason = Self.unsafeNameReason(name) ?? refused[name] {
            throw TemplateError(template: name, line: 0, column: 0, message: reason)
        }
        return templates[name]
    }

    /// The names of the templates held, sorted.
    public var names: [String] { templates.keys.sorted() }

    static func unsafeNameReason(_ name: String) -> String? {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        if name.hasPrefix("/") || name.hasPrefix("~") || name.contains("\\") || name.contains("\0")
            || parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty })
        {
            return
                "The partial name '\(name)' reaches outside the template folder; name partials by their path inside it, like 'charts/bar'."
        }
        return nil
    }
}
