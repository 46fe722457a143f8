import ArgumentParsing
import DazzleJSON
import Interviewing
import QuestionnaireEngine
import Scoring
import Submissions

/// `dazzle validate PATH...`: checks question sets and prints compiler-style diagnostics.
struct ValidateCommand: Command {
    static let spec = CommandSpec(
        name: "validate",
        abstract: "Check question sets, rubrics and gold packs for problems.",
        discussion: """
            Prints every problem as 'path:line:column: error: message' (or warning), then a count. \
            Exits 0 when no file has an error, 1 otherwise.
            """,
        arguments: [
            ArgumentSpec(
                "path", help: "Question set and rubric files, or folders searched for .json files.", isRepeating: true)
        ])

    var paths: [String]

    init(_ arguments: ParsedArguments) {
        paths = arguments.positionals
    }

    func run(in context: CommandContext) -> Int32 {
        let files: [String]
        do {
            files = try FolderSearch.questionSets.files(in: paths, context: context)
        } catch {
            context.standardError.write("\(error)\n")
            return ExitStatus.failure
        }
        var diagnostics: [String: [Diagnostic]] = [:]
        var questionnaires: [String: Questionnaire] = [:]
        var rubricFiles: [(file: String, root: JSONValue)] = []
        var goldFiles: [(file: String, bytes: [UInt8], target: String)] = []
        for file in files {
            let bytes: [UInt8]
            do {
                bytes = try FileReader().read(context.resolve(file), displayPath: file)
            } catch {
                diagnostics[file] = [Diagnostic(.error, error.message, file: file)]
                continue
            }
            if let root = try? JSONReader().read(bytes), let format = root.objectValue?["format"]?.stringValue {
                if format == Rubric.format {
                    rubricFiles.append((file, root))
                    continue
                }
                if format == GoldPack.format {
                    goldFiles.append((file, bytes, root.objectValue?["questionnaire"]?.stringValue ?? ""))
                    continue
                }
            }
            let result = QuestionnaireLoader.load(bytes, file: file)
            diagnostics[file] = result.diagnostics
            if let questionnaire = result.questionnaire {
                questionnaires[questionnaire.id] = questionnaire
                if let embedded = result.rubricSource {
                    diagnostics[file, default: []] +=
                        RubricLoader.load(
                            embedded, file: file, for: questionnaire, embedded: true
                        ).diagnostics
                }
            }
        }
        for (file, root) in rubricFiles {
            let target = root.objectValue?["questionnaire"]?.stringValue ?? ""
            guard let questionnaire = questionnaires[target] ?? Self.shipped(target) else {
                diagnostics[file] = [
                    Diagnostic(
                        .error,
                        "The rubric scores '\(target)', which is neither shipped nor among the files checked; validate it together with its question set.",
                        file: file, position: root.objectValue?["questionnaire"]?.position ?? root.position)
                ]
                continue
            }
            diagnostics[file] = RubricLoader.load(root, file: file, for: questionnaire, embedded: false).diagnostics
        }
        for (file, bytes, target) in goldFiles {
            guard let questionnaire = questionnaires[target] ?? Self.shipped(target) else {
                diagnostics[file] = [
                    Diagnostic(
                        .error,
                        "The gold pack is for '\(target)', which is neither shipped nor among the files checked; validate it together with its interview.",
                        file: file)
                ]
                continue
            }
            diagnostics[file] = GoldPack.load(bytes, file: file, questionnaire: questionnaire).diagnostics
        }
        var errors = 0
        var warnings = 0
        for file in files {
            for diagnostic in diagnostics[file] ?? [] {
                if diagnostic.severity == .error { errors += 1 } else { warnings += 1 }
                context.standardError.write("\(diagnostic)\n")
            }
        }
        let summary =
            "Checked \(count(files.count, "file")): \(count(errors, "error")), \(count(warnings, "warning")).\n"
        context.standardOutput.write(summary)
        return errors > 0 ? ExitStatus.failure : ExitStatus.success
    }
}

extension ValidateCommand {
    static func shipped(_ id: String) -> Questionnaire? {
        QuestionnaireCatalog.shipped().first { $0.questionnaire.id == id }?.questionnaire
    }
}

/// `3 files`, `1 error`.
func count(_ number: Int, _ noun: String) -> String {
    "\(number) \(noun)\(number == 1 ? "" : "s")"
}
