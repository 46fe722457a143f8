import ArgumentParsing

/// One `dazzle` subcommand: its description, and how it runs given parsed arguments.
protocol Command: Sendable {
    /// Name, help, arguments and options; the parser and the help are driven by it.
    static var spec: CommandSpec { get }
    /// Reads the parsed arguments; throws for values the parser cannot judge (a bad number).
    init(_ arguments: ParsedArguments) throws(UsageError)
    /// Does the work and returns the exit status.
    func run(in context: CommandContext) -> Int32
}
