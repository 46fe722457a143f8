import Foundation

/// Where a command reads from: standard input, or lines given in a test.
public protocol TextInput: Sendable {
    /// The next line, without its line end; `nil` at end of input.
    func readLine() -> String?
    /// The file descriptor behind the input, for reading bytes in bulk (`score -`); `nil` for
    /// input held in memory.
    var descriptor: Int32? { get }
}

/// Reads a file descriptor (standard input in the executable).
public struct FileDescriptorInput: TextInput {
    public let fileDescriptor: Int32

    public static let standardInput = FileDescriptorInput(fileDescriptor: 0)

    public init(fileDescriptor: Int32) { self.fileDescriptor = fileDescriptor }

    public var descriptor: Int32? { fileDescriptor }

    /// Reads byte by byte up to the line end, so nothing after the line is taken from the
    /// descriptor: a child process or a later reader sees the rest.
    public func readLine() -> String? {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = Platform.read(fileDescriptor, &byte, 1)
            if count <= 0 { return line.isEmpty ? nil : decode(line) }
            if byte == 0x0A { return decode(line) }
            line.append(byte)
        }
    }

    private func decode(_ line: [UInt8]) -> String {
        String(decoding: line.last == 0x0D ? line.dropLast() : line[...], as: UTF8.self)
    }
}

/// Lines given up front, for tests.
public final class ScriptedInput: TextInput, @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String]

    public init(_ lines: [String]) { self.lines = lines }

    public var descriptor: Int32? { nil }

    public func readLine() -> String? {
        lock.withLock { lines.isEmpty ? nil : lines.removeFirst() }
    }
}
