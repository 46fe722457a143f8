/// What a command may touch beyond its arguments: its output streams, the environment and the
/// working directory. Tests build one with captured output; the executable uses the real process.
public struct CommandContext: Sendable {
    public var standardOutput: any TextOutput
    public var standardError: any TextOutput
    public var environment: [String: String]
    /// Relative paths in arguments are resolved against this folder.
    public var workingDirectory: String

    public init(
        standardOutput: any TextOutput, standardError: any TextOutput,
        environment: [String: String], workingDirectory: String
    ) {
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.environment = environment
        self.workingDirectory = workingDirectory
    }

    /// An absolute path for a path given on the command line.
    func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return workingDirectory.hasSuffix("/") ? workingDirectory + path : workingDirectory + "/" + path
    }

    /// Help text wraps at `COLUMNS` when set, else 80.
    var width: Int { environment["COLUMNS"].flatMap(Int.init) ?? 80 }
}
