import Testing

@testable import ArgumentParsing

@Suite("Command-line parser")
struct CommandLineParserTests {
    static let root = CommandSpec(
        name: "tool", abstract: "A tool.",
        subcommands: [
            CommandSpec(
                name: "score", abstract: "Score forms.",
                arguments: [ArgumentSpec("input", help: "Inputs.", isRepeating: true)],
                options: [
                    .option("out", short: "o", value: "dir", help: "Output folder."),
                    .option("format", value: "format", help: "Format.", allowedValues: ["json", "csv"]),
                    .flag("quiet", short: "q", help: "Quiet."),
                    .flag("blind", short: "b", help: "Blind."),
                ]),
            CommandSpec(
                name: "template", abstract: "Templates.",
                subcommands: [
                    CommandSpec(name: "render", abstract: "Render.", arguments: [ArgumentSpec("template", help: "T.")])
                ]),
        ])
    let parser = CommandLineParser(root: root)

    func usageError(_ arguments: [String]) -> UsageError? {
        do {
            _ = try parser.parse(arguments)
            return nil
        } catch {
            return error
        }
    }

    @Test("options take values separately or after '='")
    func optionValues() throws {
        let outcome = try parser.parse(["score", "a.json", "--out", "dir", "--format=csv", "b.json"])
        #expect(
            outcome
                == .run(
                    commandPath: ["tool", "score"],
                    arguments: ParsedArguments(
                        options: ["out": ["dir"], "format": ["csv"]], positionals: ["a.json", "b.json"],
                        commandPath: ["tool", "score"])))
    }

    @Test("short flags group and a short option takes the rest as its value")
    func shortFlags() throws {
        let outcome = try parser.parse(["score", "-qb", "-odir", "x"])
        #expect(
            outcome
                == .run(
                    commandPath: ["tool", "score"],
                    arguments: ParsedArguments(
                        options: ["out": ["dir"]], flags: ["quiet", "blind"], positionals: ["x"],
                        commandPath: ["tool", "score"])))
    }

    @Test("'--' ends options and '-' is a positional")
    func doubleDash() throws {
        let outcome = try parser.parse(["score", "--", "--quiet", "-"])
        #expect(
            outcome
                == .run(
                    commandPath: ["tool", "score"],
                    arguments: ParsedArguments(positionals: ["--quiet", "-"], commandPath: ["tool", "score"])))
    }

    @Test("help is found by flag, by 'help COMMAND' and for nested commands")
    func help() throws {
        #expect(try parser.parse(["score", "--help"]) == .help(commandPath: ["tool", "score"]))
        #expect(
            try parser.parse(["help", "template", "render"]) == .help(commandPath: ["tool", "template", "render"]))
        #expect(try parser.parse(["template"]) == .help(commandPath: ["tool", "template"]))
        #expect(try parser.parse(["--version"]) == .version)
    }

    @Test("unknown options and commands suggest the closest name")
    func suggestions() {
        #expect(
            usageError(["score", "x", "--fromat", "csv"])?.message
                == "Unknown option '--fromat'. Did you mean '--format'?")
        #expect(usageError(["scroe"])?.message == "Unknown command 'scroe'. Did you mean 'score'?")
        #expect(usageError(["zzz"])?.message == "Unknown command 'zzz'.")
    }

    @Test("values outside the allowed set list the allowed ones")
    func allowedValues() {
        #expect(
            usageError(["score", "x", "--format", "png"])?.message
                == "The value 'png' is invalid for '--format <format>'. Please provide one of 'json' or 'csv'.")
    }

    @Test("missing arguments and values are usage errors")
    func missing() {
        #expect(usageError(["score"])?.message == "Missing expected argument '<input>'.")
        #expect(usageError(["score", "x", "--out"])?.message == "Missing value for '--out <dir>'.")
        #expect(usageError(["template", "render", "a", "b"])?.message == "Unexpected argument 'b'.")
        #expect(usageError(["score", "x", "--quiet=yes"])?.message == "The flag '--quiet' does not take a value.")
    }

    @Test("help follows argument-parser's layout")
    func helpLayout() {
        let text = HelpFormatter(parser: parser).help(for: ["tool", "score"])
        #expect(
            text == """
                OVERVIEW: Score forms.

                USAGE: tool score [--out <dir>] [--format <format>] [--quiet] [--blind] <input> ...

                ARGUMENTS:
                  <input>                 Inputs.

                OPTIONS:
                  -o, --out <dir>         Output folder.
                  --format <format>       Format. (values: json, csv)
                  -q, --quiet             Quiet.
                  -b, --blind             Blind.
                  -h, --help              Show help information.

                """)
    }

    @Test("usage errors print the Error / Usage / See block")
    func errorBlock() {
        let text = HelpFormatter(parser: parser).errorText(
            for: UsageError("Unknown option '--x'.", commandPath: ["tool", "score"]))
        #expect(
            text
                == "Error: Unknown option '--x'.\nUsage: tool score [--out <dir>] [--format <format>] [--quiet] [--blind] <input> ...\n  See 'tool score --help' for more information.\n"
        )
    }
}
