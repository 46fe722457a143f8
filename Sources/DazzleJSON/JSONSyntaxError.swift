/// Text that is not valid JSON, with the place it went wrong and a sentence saying what to do.
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the reader stopped.
    public var position: SourcePosition
    /// What is wrong and how to fix it, as one or two sentences.
    public var message: String

    public init(_ message: String, at position: SourcePosition) {
        self.message = message
        self.position = position
    }

    public var description: String { "\(position): \(message)" }
}
