import ArgumentParsing
import DazzleJSON
import TemplateData
import Templating

/// `dazzle template render TEMPLATE --data DATA.json [--partials DIR] [--strict]`.
struct TemplateCommand: Command {
    static let spec = CommandSpec(
        name: "template",
        abstract: "Work with report templates.",
        subcommands: [
            CommandSpec(
                name: "render",
                abstract: "Render a Mustache template with JSON data.",
                discussion: """
                    Writes the rendered text to stdout exactly, with nothing appended. Use it to preview a \
                    customised report template against a real scorecard: dazzle template render \
                    candidate.html.mustache --data scorecard.json --partials reports/.
                    """,
                arguments: [ArgumentSpec("template", help: "The template file.")],
                options: [
                    .option("data", short: "d", value: "file", help: "JSON data to render with (default: no data)."),
                    .option(
                        "partials", short: "p", value: "dir",
                        help: "Folder of partials: {{> name}} is DIR/name.mustache."),
                    .flag("strict", help: "Make a missing variable or partial an error naming it."),
                ])
        ])

    var template: String
    var data: String?
    var partials: String?
    var strict: Bool

    init(_ arguments: ParsedArguments) {
        template = arguments.positionals.first ?? ""
        data = arguments.value("data")
        partials = arguments.value("partials")
        strict = arguments.flag("strict")
    }

    func run(in context: CommandContext) -> Int32 {
        do {
            let source = try FileReader().read(context.resolve(template), displayPath: template)
            let compiled = try Template(bytes: source, name: template)
            var value = TemplateValue.null
            if let data {
                let bytes = try FileReader(maximumBytes: 256 << 20).read(context.resolve(data), displayPath: data)
                do {
                    value = try TemplateValue(jsonBytes: bytes, maximumDepth: 512)
                } catch {
                    context.standardError.write("\(data):\(error.position): error: \(error.message)\n")
                    return ExitStatus.failure
                }
            }
            let library = try partials.map { try TemplateLibrary(folder: context.resolve($0)) } ?? TemplateLibrary()
            try compiled.render(value, library: library, strict: strict) { Platform.writeAll(1, $0) }
            // The data is left for the process's exit to free: freeing a large document's values
            // one by one would take a twentieth of the run, just before the process ends.
            _ = Unmanaged.passRetained(KeptUntilExit(value))
            return ExitStatus.success
        } catch let error as FileReadError {
            context.standardError.write("\(error)\n")
        } catch {
            context.standardError.write("\(error)\n")
        }
        return ExitStatus.failure
    }
}

/// What a command keeps alive until the process exits.
private final class KeptUntilExit {
    let value: TemplateValue
    init(_ value: TemplateValue) { self.value = value }
}
