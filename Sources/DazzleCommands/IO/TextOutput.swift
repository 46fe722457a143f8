import Foundation

/// Where a command writes text: standard output, standard error, or a buffer in tests.
public protocol TextOutput: Sendable {
    func write(_ text: String)
}

/// Writes to a file descriptor with `write(2)`, unbuffered, so output and errors interleave in
/// the order they were produced.
public struct FileDescriptorOutput: TextOutput {
    public let descriptor: Int32

    public static let standardOutput = FileDescriptorOutput(descriptor: 1)
    public static let standardError = FileDescriptorOutput(descriptor: 2)

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public func write(_ text: String) {
        Platform.writeAll(descriptor, text.utf8)
    }
}

/// Collects what a command writes, for tests and for callers that post-process output.
public final class CapturedOutput: TextOutput, @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = ""

    public init() {}

    public func write(_ text: String) {
        lock.withLock { buffer += text }
    }

    /// Everything written so far.
    public var text: String { lock.withLock { buffer } }
}
