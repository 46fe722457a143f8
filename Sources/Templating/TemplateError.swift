/// A template that cannot be parsed or rendered, with where and why.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The template's name (its file, or the partial's name).
    public var template: String
    /// 1-based line and column of the tag concerned, when there is one.
    public var line: Int
    public var column: Int
    /// One sentence, naming the tags involved and what to do.
    public var message: String

    public init(template: String, line: Int, column: Int, message: String) {
        self.template = template
        self.line = line
        self.column = column
        self.message = message
    }

    /// `report.mustache:9:5: error: …`, the compilers' format.
    public var description: String {
        line > 0 ? "\(template):\(line):\(column): error: \(message)" : "\(template): error: \(message)"
    }
}
