import Foundation
import QuestionnaireEngine

/// The question sets a user can run: the shipped ones carried in the binary, and valid ones
/// found in a folder they name.
struct QuestionnaireCatalog {
    struct Entry {
        var questionnaire: Questionnaire
        /// `shipped`, or the path the set was read from.
        var source: String
    }

    var entries: [Entry] = []
    /// Problems with files in the folder, reported rather than skipped silently.
    var diagnostics: [Diagnostic] = []

    /// The shipped sets, which are valid by test.
    static func shipped() -> [Entry] {
        ShippedQuestionnaires.files.compactMap { file in
            QuestionnaireLoader.load(Array(file.contents.utf8), file: file.name).questionnaire
                .map { Entry(questionnaire: $0, source: "shipped") }
        }
    }

    /// The shipped sets plus every valid question set among the `.json` files of `folder`.
    static func load(folder: String?, context: CommandContext) throws(FileReadError) -> QuestionnaireCatalog {
        var catalog = QuestionnaireCatalog(entries: shipped())
        guard let folder else { return catalog }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: context.resolve(folder), isDirectory: &isFolder), !isFolder.boolValue
        {
            throw FileReadError(path: folder, message: "This is a file, not a folder; name a folder of question sets.")
        }
        for path in try FolderSearch.questionSets.files(in: [folder], context: context) {
            switch LoadedQuestionnaire.read(path, context: context) {
            case .unreadable(let error):
                catalog.diagnostics.append(Diagnostic(.error, error.message, file: error.path))
            case .loaded(let result, _):
                catalog.diagnostics += result.diagnostics.filter { $0.severity == .error }
                if let questionnaire = result.questionnaire {
                    catalog.entries.append(Entry(questionnaire: questionnaire, source: path))
                }
            }
        }
        return catalog
    }
}

/// Reading and loading one question set file.
enum LoadedQuestionnaire {
    case unreadable(FileReadError)
    case loaded(QuestionnaireLoader.Result, path: String)

    static func read(_ path: String, context: CommandContext) -> LoadedQuestionnaire {
        do {
            let bytes = try FileReader().read(context.resolve(path), displayPath: path)
            return .loaded(QuestionnaireLoader.load(bytes, file: path), path: path)
        } catch {
            return .unreadable(error)
        }
    }
}
