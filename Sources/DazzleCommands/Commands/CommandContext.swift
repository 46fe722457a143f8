import Foundation

/// What a command may touch beyond its arguments: its input and output streams, the
/// environment, the working directory and the clock. Tests build one with captured output and
/// scripted input; the executable uses the real process.
public struct CommandContext: Sendable {
    public var standardInput: any TextInput
    public var standardOutput: any TextOutput
    public var standardError: any TextOutput
    public var environment: [String: String]
    /// Relative paths in arguments are resolved against this folder.
    public var workingDirectory: String
    /// Seconds since 1970, for timestamps and the time spent on interview questions.
    public var clock: @Sendable () -> Double

    public init(
        standardInput: any TextInput = FileDescriptorInput.standardInput, standardOutput: any TextOutput,
        standardError: any TextOutput, environment: [String: String], workingDirectory: String,
        clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) {
        self.standardInput = standardInput
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.clock = clock
    }

    /// An absolute path for a path given on the command line.
    func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return workingDirectory.hasSuffix("/") ? workingDirectory + path : workingDirectory + "/" + path
    }

    /// Help text wraps at `COLUMNS` when set, else 80.
    var width: Int { environment["COLUMNS"].flatMap(Int.init) ?? 80 }
}
