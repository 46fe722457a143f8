import ArgumentParsing
import QuestionnaireEngine

/// `dazzle validate PATH...`: checks question sets and prints compiler-style diagnostics.
struct ValidateCommand: Command {
    static let spec = CommandSpec(
        name: "validate",
        abstract: "Check question sets for problems.",
        discussion: """
            Prints every problem as 'path:line:column: error: message' (or warning), then a count. \
            Exits 0 when no file has an error, 1 otherwise.
            """,
        arguments: [
            ArgumentSpec("path", help: "Question set files, or folders searched for .json files.", isRepeating: true)
        ])

    var paths: [String]

    init(_ arguments: ParsedArguments) {
        paths = arguments.positionals
    }

    func run(in context: CommandContext) -> Int32 {
        let files: [String]
        do {
            files = try JSONFiles.find(in: paths, context: context)
        } catch {
            context.standardError.write("\(error)\n")
            return ExitStatus.failure
        }
        var errors = 0
        var warnings = 0
        for file in files {
            switch LoadedQuestionnaire.read(file, context: context) {
            case .unreadable(let error):
                errors += 1
                context.standardError.write("\(error)\n")
            case .loaded(let result, _):
                for diagnostic in result.diagnostics {
                    if diagnostic.severity == .error { errors += 1 } else { warnings += 1 }
                    context.standardError.write("\(diagnostic)\n")
                }
            }
        }
        let summary =
            "Checked \(count(files.count, "file")): \(count(errors, "error")), \(count(warnings, "warning")).\n"
        context.standardOutput.write(summary)
        return errors > 0 ? ExitStatus.failure : ExitStatus.success
    }
}

/// `3 files`, `1 error`.
func count(_ number: Int, _ noun: String) -> String {
    "\(number) \(noun)\(number == 1 ? "" : "s")"
}
