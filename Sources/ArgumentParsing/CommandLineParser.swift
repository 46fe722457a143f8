import Spelling

/// Reads a command line against a ``CommandSpec`` tree, following swift-argument-parser's
/// conventions: `--name value`, `--name=value`, grouped short flags, `--` ending options,
/// `help COMMAND`, `-h`/`--help` anywhere and `--version` on the root.
public struct CommandLineParser: Sendable {
    public var root: CommandSpec

    public init(root: CommandSpec) {
        self.root = root
    }

    /// Parses arguments (without the program name).
    /// - Throws: ``UsageError`` for unknown commands and options, missing or unexpected values.
    public func parse(_ arguments: [String]) throws(UsageError) -> ParseOutcome {
        var path = [root.name]
        var command = root
        var remaining = arguments[...]

        if remaining.first == "help" {
            remaining.removeFirst()
            for name in remaining {
                guard let sub = command.subcommand(named: name) else {
                    throw unknownCommand(name, in: command, path: path)
                }
                command = sub
                path.append(name)
            }
            return .help(commandPath: path)
        }
        while let next = remaining.first, !next.hasPrefix("-"), !command.subcommands.isEmpty {
            guard let sub = command.subcommand(named: next) else {
                throw unknownCommand(next, in: command, path: path)
            }
            command = sub
            path.append(next)
            remaining.removeFirst()
        }
        if path.count == 1, remaining.first == "--version" { return .version }

        var parsed = ParsedArguments()
        var optionsEnded = false
        while let argument = remaining.popFirst() {
            if optionsEnded || argument == "-" || !argument.hasPrefix("-") {
                parsed.positionals.append(argument)
            } else if argument == "--" {
                optionsEnded = true
            } else if argument == "-h" || argument == "--help" {
                return .help(commandPath: path)
            } else if argument.hasPrefix("--") {
                let body = argument.dropFirst(2)
                let name = String(body.prefix { $0 != "=" })
                let inline = body.firstIndex(of: "=").map { String(body[body.index(after: $0)...]) }
                guard let option = command.options.first(where: { $0.long == name }) else {
                    let hint =
                        Spelling.closest(to: name, among: command.options.map(\.long))
                        .map { ". Did you mean '--\($0)'?" } ?? "."
                    throw UsageError("Unknown option '--\(name)'\(hint)", commandPath: path)
                }
                try take(option, inline: inline, from: &remaining, into: &parsed, path: path)
            } else {
                let letters = Array(argument.dropFirst())
                for (offset, letter) in letters.enumerated() {
                    guard let option = command.options.first(where: { $0.short == letter }) else {
                        throw UsageError("Unknown option '-\(letter)'.", commandPath: path)
                    }
                    if option.isFlag {
                        parsed.flags.insert(option.long)
                    } else {
                        let rest = String(letters[(offset + 1)...])
                        try take(option, inline: rest.isEmpty ? nil : rest, from: &remaining, into: &parsed, path: path)
                        break
                    }
                }
            }
        }
        try checkPositionals(parsed.positionals, of: command, path: path)
        if !command.subcommands.isEmpty && command.arguments.isEmpty && path.count > 1 {
            return .help(commandPath: path)
        }
        parsed.commandPath = path
        return .run(commandPath: path, arguments: parsed)
    }

    private func take(
        _ option: OptionSpec, inline: String?, from remaining: inout ArraySlice<String>,
        into parsed: inout ParsedArguments, path: [String]
    ) throws(UsageError) {
        if option.isFlag {
            if inline != nil {
                throw UsageError("The flag '--\(option.long)' does not take a value.", commandPath: path)
            }
            parsed.flags.insert(option.long)
            return
        }
        let value: String
        if let inline {
            value = inline
        } else if let next = remaining.first, !next.hasPrefix("-") || next == "-" {
            value = next
            remaining.removeFirst()
        } else {
            throw UsageError(
                "Missing value for '--\(option.long) <\(option.valueName ?? "value")>'.", commandPath: path)
        }
        if let allowed = option.allowedValues, !allowed.contains(value) {
            let list = allowed.map { "'\($0)'" }
            let joined =
                list.count > 1 ? list.dropLast().joined(separator: ", ") + " or " + list[list.count - 1] : list.joined()
            throw UsageError(
                "The value '\(value)' is invalid for '--\(option.long) <\(option.valueName ?? "value")>'. Please provide one of \(joined).",
                commandPath: path)
        }
        if !option.isRepeating, parsed.options[option.long] != nil {
            throw UsageError("'--\(option.long)' was given more than once.", commandPath: path)
        }
        parsed.options[option.long, default: []].append(value)
    }

    private func checkPositionals(_ values: [String], of command: CommandSpec, path: [String]) throws(UsageError) {
        let required = command.arguments.filter { !$0.isOptional }
        if values.count < required.count {
            let missing = required[values.count]
            throw UsageError("Missing expected argument '<\(missing.name)>'.", commandPath: path)
        }
        let repeats = command.arguments.contains(where: \.isRepeating)
        if !repeats, values.count > command.arguments.count {
            throw UsageError("Unexpected argument '\(values[command.arguments.count])'.", commandPath: path)
        }
    }

    private func unknownCommand(_ name: String, in command: CommandSpec, path: [String]) -> UsageError {
        let hint =
            Spelling.closest(to: name, among: command.subcommands.map(\.name))
            .map { ". Did you mean '\($0)'?" } ?? "."
        return UsageError("Unknown command '\(name)'\(hint)", commandPath: path)
    }

    /// The command at a path such as `["dazzle", "template", "render"]`.
    public func command(at path: [String]) -> CommandSpec? {
        var command = root
        for name in path.dropFirst() {
            guard let sub = command.subcommand(named: name) else { return nil }
            command = sub
        }
        return command
    }
}
