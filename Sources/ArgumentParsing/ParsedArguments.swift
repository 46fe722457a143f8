/// The values a command line gave, by option name and position.
public struct ParsedArguments: Sendable, Equatable {
    /// Values of options that take one, by long name, in the order given.
    public var options: [String: [String]]
    /// Long names of the flags that were set.
    public var flags: Set<String>
    /// Positional values in order.
    public var positionals: [String]
    /// The command and subcommands that were parsed, e.g. `["dazzle", "panel", "status"]`.
    public var commandPath: [String]

    public init(
        options: [String: [String]] = [:], flags: Set<String> = [], positionals: [String] = [],
        commandPath: [String] = []
    ) {
        self.options = options
        self.flags = flags
        self.positionals = positionals
        self.commandPath = commandPath
    }

    /// The last value given for an option, if any.
    public func value(_ long: String) -> String? { options[long]?.last }

    /// Whether a flag was set.
    public func flag(_ long: String) -> Bool { flags.contains(long) }
}

/// What the command line asks for.
public enum ParseOutcome: Sendable, Equatable {
    /// Show help for the command at this path (`["dazzle", "validate"]`).
    case help(commandPath: [String])
    case version
    /// Run the command at this path with these arguments.
    case run(commandPath: [String], arguments: ParsedArguments)
}

/// A command line that does not fit the command's description: exit 64 with this message.
public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One sentence, user input in single quotes.
    public var message: String
    /// The command the error belongs to, for the usage line and the help hint.
    public var commandPath: [String]

    public init(_ message: String, commandPath: [String]) {
        self.message = message
        self.commandPath = commandPath
    }

    public var description: String { message }
}
