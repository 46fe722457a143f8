import DazzleJSON

/// One problem found in a file: where it is, how bad it is, and what to do about it.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    public var severity: Severity
    /// The file as the user named it.
    public var file: String
    /// Line and column, when the problem has a place in the text.
    public var position: SourcePosition?
    /// The JSON path of the value concerned, when known.
    public var path: JSONPath?
    /// One sentence saying what is wrong, then what to do.
    public var message: String

    public init(
        _ severity: Severity, _ message: String, file: String, position: SourcePosition? = nil,
        path: JSONPath? = nil
    ) {
        self.severity = severity
        self.message = message
        self.file = file
        self.position = position
        self.path = path
    }

    /// `file:line:col: error: message (at sections[1].items[0])`, the compilers' format.
    public var description: String {
        var text = file
        if let position { text += ":\(position.line):\(position.column)" }
        text += ": \(severity.rawValue): \(message)"
        if let path, !path.components.isEmpty { text += " (at \(path))" }
        return text
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error.
    public var containsErrors: Bool { contains { $0.severity == .error } }
}
