import ArgumentParsing
import QuestionnaireEngine

/// `dazzle list [--dir DIR]`: the question sets available.
struct ListCommand: Command {
    static let spec = CommandSpec(
        name: "list",
        abstract: "List the question sets available.",
        discussion: "Shows the question sets shipped with Dazzle, and the valid ones in a folder you name.",
        options: [.option("dir", value: "dir", help: "Also list the question sets in this folder.")])

    var folder: String?

    init(_ arguments: ParsedArguments) {
        folder = arguments.value("dir")
    }

    func run(in context: CommandContext) -> Int32 {
        let catalog: QuestionnaireCatalog
        do {
            catalog = try QuestionnaireCatalog.load(folder: folder, context: context)
        } catch {
            context.standardError.write("\(error)\n")
            return ExitStatus.failure
        }
        let header = ["ID", "VERSION", "AUDIENCE", "ITEMS", "TITLE", "SOURCE"]
        let rows = catalog.entries.map { entry in
            let set = entry.questionnaire
            return [set.id, set.version, set.audience.rawValue, String(set.items.count), set.title, entry.source]
        }
        context.standardOutput.write(table([header] + rows))
        for diagnostic in catalog.diagnostics {
            context.standardError.write("\(diagnostic)\n")
        }
        if !catalog.diagnostics.isEmpty {
            context.standardError.write(
                "Some files in '\(folder ?? "")' were not listed; run 'dazzle validate \(folder ?? "")' for details.\n")
            return ExitStatus.failure
        }
        return ExitStatus.success
    }
}

/// Left-aligned columns separated by two spaces, the last column unpadded.
func table(_ rows: [[String]]) -> String {
    guard let columns = rows.first?.count else { return "" }
    var widths = [Int](repeating: 0, count: columns)
    for row in rows {
        for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
    }
    return rows.map { row in
        row.enumerated().map { index, cell in
            index == columns - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
        }.joined(separator: "  ").trimmingSuffix()
    }.joined(separator: "\n") + "\n"
}

extension String {
    /// The string without trailing spaces.
    fileprivate func trimmingSuffix() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
