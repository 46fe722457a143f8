/// Renders help and usage text in swift-argument-parser's layout: `OVERVIEW:`, `USAGE:`,
/// `ARGUMENTS:`, `OPTIONS:` and `SUBCOMMANDS:`, labels indented 2 and help starting at column 27.
public struct HelpFormatter: Sendable {
    public var parser: CommandLineParser
    /// The width to wrap help text at.
    public var width: Int

    public init(parser: CommandLineParser, width: Int = 80) {
        self.parser = parser
        self.width = max(width, 40)
    }

    static let labelWidth = 24

    /// The one-line usage of a command, e.g. `dazzle list [--dir <dir>]`.
    public func usage(for path: [String]) -> String {
        guard let command = parser.command(at: path) else { return path.joined(separator: " ") }
        var parts = [path.joined(separator: " ")]
        if !command.subcommands.isEmpty && command.arguments.isEmpty {
            parts.append("<subcommand>")
        }
        for option in command.options {
            let name = "--\(option.long)" + (option.valueName.map { " <\($0)>" } ?? "")
            parts.append("[\(name)]" + (option.isRepeating ? " ..." : ""))
        }
        for argument in command.arguments {
            var text = "<\(argument.name)>"
            if argument.isRepeating { text += " ..." }
            parts.append(argument.isOptional ? "[\(text)]" : text)
        }
        return parts.joined(separator: " ")
    }

    /// The full help of a command.
    public func help(for path: [String]) -> String {
        guard let command = parser.command(at: path) else { return "" }
        var text = "OVERVIEW: \(command.abstract)\n"
        if let discussion = command.discussion {
            text +=
                "\n"
                + discussion.split(separator: "\n", omittingEmptySubsequences: false)
                .map { wrap(String($0), indent: 0) }.joined(separator: "\n") + "\n"
        }
        text += "\nUSAGE: \(usage(for: path))\n"
        if !command.arguments.isEmpty {
            text += "\nARGUMENTS:\n"
            for argument in command.arguments {
                text += row(label: "<\(argument.name)>", help: argument.help)
            }
        }
        text += "\nOPTIONS:\n"
        for option in command.options {
            var label = option.short.map { "-\($0), " } ?? ""
            label += "--\(option.long)" + (option.valueName.map { " <\($0)>" } ?? "")
            var help = option.help
            if let allowed = option.allowedValues {
                help += " (values: \(allowed.joined(separator: ", ")))"
            }
            text += row(label: label, help: help)
        }
        if path.count == 1 {
            text += row(label: "--version", help: "Show the version.")
        }
        text += row(label: "-h, --help", help: "Show help information.")
        if !command.subcommands.isEmpty {
            text += "\nSUBCOMMANDS:\n"
            for sub in command.subcommands {
                text += row(label: sub.name, help: sub.abstract)
            }
            text += "\n  See '\(path.first ?? "") help <subcommand>' for detailed help.\n"
        }
        return text
    }

    /// The block printed for a usage error: `Error:`, `Usage:` and where to find help.
    public func errorText(for error: UsageError) -> String {
        """
        Error: \(error.message)
        Usage: \(usage(for: error.commandPath))
          See '\(error.commandPath.joined(separator: " ")) --help' for more information.

        """
    }

    private func row(label: String, help: String) -> String {
        let indent = 2 + Self.labelWidth
        let prefix = "  " + label
        let body = wrap(help, indent: indent)
        if prefix.count + 2 > indent {
            return prefix + "\n" + String(repeating: " ", count: indent) + body + "\n"
        }
        return prefix + String(repeating: " ", count: indent - prefix.count) + body + "\n"
    }

    /// Wraps text to the width, continuation lines indented.
    private func wrap(_ text: String, indent: Int) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, indent + line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        lines.append(line)
        return lines.joined(separator: "\n" + String(repeating: " ", count: indent))
    }
}
