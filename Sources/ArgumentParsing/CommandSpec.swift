/// A declarative description of a command: its name, help text, arguments, options and
/// subcommands. The parser reads arguments against it and the help is generated from it.
public struct CommandSpec: Sendable {
    public var name: String
    /// One line, shown after `OVERVIEW:` and in the parent's `SUBCOMMANDS:` list.
    public var abstract: String
    /// Paragraphs shown after the overview.
    public var discussion: String?
    public var arguments: [ArgumentSpec]
    public var options: [OptionSpec]
    public var subcommands: [CommandSpec]

    public init(
        name: String, abstract: String, discussion: String? = nil, arguments: [ArgumentSpec] = [],
        options: [OptionSpec] = [], subcommands: [CommandSpec] = []
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.arguments = arguments
        self.options = options
        self.subcommands = subcommands
    }

    /// The subcommand with this name, if any.
    public func subcommand(named name: String) -> CommandSpec? {
        subcommands.first { $0.name == name }
    }
}

/// A positional argument.
public struct ArgumentSpec: Sendable {
    /// The name shown in usage as `<name>`.
    public var name: String
    public var help: String
    /// Whether it takes one or more values (`<name> ...`).
    public var isRepeating: Bool
    /// Whether it may be left out.
    public var isOptional: Bool

    public init(_ name: String, help: String, isRepeating: Bool = false, isOptional: Bool = false) {
        self.name = name
        self.help = help
        self.isRepeating = isRepeating
        self.isOptional = isOptional
    }
}

/// A named option (`--out DIR`) or flag (`--blind`).
public struct OptionSpec: Sendable {
    /// The long name without dashes.
    public var long: String
    public var short: Character?
    /// The value's name in usage (`<dir>`), or `nil` for a flag that takes no value.
    public var valueName: String?
    public var help: String
    /// The values accepted, when the option takes one of a fixed set.
    public var allowedValues: [String]?
    /// Whether the option may be given several times.
    public var isRepeating: Bool

    /// An option that takes a value.
    public static func option(
        _ long: String, short: Character? = nil, value: String, help: String,
        allowedValues: [String]? = nil, isRepeating: Bool = false
    ) -> OptionSpec {
        OptionSpec(
            long: long, short: short, valueName: value, help: help, allowedValues: allowedValues,
            isRepeating: isRepeating)
    }

    /// A flag that takes no value.
    public static func flag(_ long: String, short: Character? = nil, help: String) -> OptionSpec {
        OptionSpec(long: long, short: short, valueName: nil, help: help, allowedValues: nil, isRepeating: false)
    }

    public var isFlag: Bool { valueName == nil }
}
