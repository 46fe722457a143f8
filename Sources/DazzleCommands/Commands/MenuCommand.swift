import Foundation
import QuestionnaireEngine

/// `dazzle` alone on a terminal: a short menu of what a user can do. It asks for the inputs each
/// needs, runs the same code as the plain command, and prints that command so it can be scripted.
enum Menu {
    static let entries: [(title: String, build: @Sendable (inout Asker) -> [String]?)] = [
        ("Run an interview", { _ in ["interview"] }),
        (
            "Resume an interview",
            { asker in
                asker.ask("Journal to resume (e.g. interviews/ana-lima.human-being-lovers-interview.journal.jsonl)").map
                { ["interview", "--resume", $0] }
            }
        ),
        (
            "Score submitted forms",
            { asker in
                guard let input = asker.ask("Forms to score (a file or folder)") else { return nil }
                var arguments = ["score", input]
                // A form tool's CSV export names no question set: ask for it rather than fail.
                if asker.holdsCSV(input) {
                    let ids = QuestionnaireCatalog.shipped().filter { $0.questionnaire.audience == .candidate }
                        .map(\.questionnaire.id)
                    guard
                        let set = asker.ask(
                            "Which question set do the CSV forms answer? (a file, or one of: \(ids.joined(separator: ", ")))"
                        )
                    else { return nil }
                    arguments += ["--questionnaire", set]
                }
                let out = asker.ask("Output folder", default: "results") ?? "results"
                return arguments + ["--out", out, "--report", "html"]
            }
        ),
        (
            "Compare candidates",
            { asker in
                guard let input = asker.ask("Scorecards or forms (a file or folder)") else { return nil }
                let out = asker.ask("Report file", default: "comparison.html") ?? "comparison.html"
                return ["compare", input, "--out", out]
            }
        ),
        ("Validate a question set", { asker in asker.ask("Question set file or folder").map { ["validate", $0] } }),
        (
            "Make a form for candidates",
            { asker in
                let ids = QuestionnaireCatalog.shipped().filter { $0.questionnaire.audience == .candidate }
                    .map(\.questionnaire.id)
                guard let set = asker.ask("Question set (a file, or one of: \(ids.joined(separator: ", ")))") else {
                    return nil
                }
                let name = (set as NSString).lastPathComponent.replacingOccurrences(of: ".json", with: "")
                let out = asker.ask("Form file", default: "\(name)-form.html") ?? "\(name)-form.html"
                return ["form", set, "--out", out]
            }
        ),
        ("See the demo", { _ in ["demo"] }),
    ]

    /// Line prompts on the terminal.
    struct Asker {
        let context: CommandContext

        func ask(_ question: String, default value: String? = nil) -> String? {
            context.standardOutput.write(question + (value.map { " [\($0)]" } ?? "") + "> ")
            guard let line = context.standardInput.readLine()?.trimmingCharacters(in: .whitespaces) else { return nil }
            return line.isEmpty ? value : line
        }

        /// Whether a path is a CSV file, or a folder holding one.
        func holdsCSV(_ path: String) -> Bool {
            let resolved = context.resolve(path)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isFolder) else { return false }
            guard isFolder.boolValue else { return path.lowercased().hasSuffix(".csv") }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: resolved)) ?? []
            return names.contains { $0.lowercased().hasSuffix(".csv") }
        }
    }

    static func run(context: CommandContext) -> Int32 {
        context.standardOutput.write("Dazzle: hire human-being lovers.\n\n")
        for (index, entry) in entries.enumerated() {
            context.standardOutput.write("  \(index + 1) \(entry.title)\n")
        }
        var asker = Asker(context: context)
        guard let choice = asker.ask("\nWhat would you like to do? (1-\(entries.count))").flatMap(Int.init),
            entries.indices.contains(choice - 1), let arguments = entries[choice - 1].build(&asker)
        else {
            context.standardOutput.write("Nothing chosen. See 'dazzle --help' for every command.\n")
            return ExitStatus.success
        }
        let shown = arguments.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
        context.standardOutput.write("\nRunning: dazzle \(shown)\n(run it like that next time to skip the menu)\n\n")
        return DazzleCLI.main(arguments, context: context)
    }
}
