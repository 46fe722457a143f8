import ArgumentParsing

/// The `dazzle` command line: parses arguments, prints help and errors, and runs a command.
public enum DazzleCLI {
    /// The version `dazzle --version` prints and reports record.
    public static let version = "0.1.0"

    static let commands: [any Command.Type] = [
        DemoCommand.self, InterviewCommand.self, CalibrateCommand.self, FormCommand.self, ScoreCommand.self,
        ReportCommand.self,
        CompareCommand.self,
        PanelCommand.self, DecideCommand.self, NormsCommand.self, SummaryCommand.self, AuditCommand.self,
        PurgeCommand.self,
        HoldCommand.self, EraseCommand.self, ExplainCommand.self, CardCommand.self,
        ValidateCommand.self,
        ListCommand.self, TemplateCommand.self,
    ]

    static let rootSpec = CommandSpec(
        name: "dazzle",
        abstract: "Hire human-being lovers: structured interviews, scored questionnaires, fair reports.",
        discussion: """
            Run structured interviews that never lose an answer, score forms in batches with the \
            statistics an I/O psychologist checks, and write reports a recruiter can print. On a \
            terminal, 'dazzle' alone opens a menu. Start with 'dazzle demo'.
            """,
        subcommands: commands.map { $0.spec })

    static let parser = CommandLineParser(root: rootSpec)

    /// Runs `dazzle` with these arguments (without the program name) and returns the exit status.
    /// Never traps on user input: every problem is printed and mapped to an exit status.
    public static func main(_ arguments: [String], context: CommandContext) -> Int32 {
        let help = HelpFormatter(parser: parser, width: context.width)
        let outcome: ParseOutcome
        do {
            outcome = try parser.parse(arguments)
        } catch {
            context.standardError.write(help.errorText(for: error))
            return ExitStatus.usage
        }
        switch outcome {
        case .version:
            context.standardOutput.write("\(version)\n")
            return ExitStatus.success
        case .help(let path):
            context.standardOutput.write(help.help(for: path))
            return ExitStatus.success
        case .run(let path, let parsed):
            if path.count == 1, arguments.isEmpty, Platform.isTerminal(0), Platform.isTerminal(1),
                context.standardOutput is FileDescriptorOutput
            {
                return Menu.run(context: context)
            }
            guard path.count > 1, let type = commands.first(where: { $0.spec.name == path[1] }) else {
                context.standardError.write(help.help(for: [rootSpec.name]))
                context.standardError.write("\nError: Missing a command; name one of the subcommands above.\n")
                return ExitStatus.usage
            }
            do {
                return try type.init(parsed).run(in: context)
            } catch {
                context.standardError.write(help.errorText(for: error))
                return ExitStatus.usage
            }
        }
    }
}
