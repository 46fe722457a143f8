import Audit
import Foundation

/// Finds and reads a results folder's decisions log (`dazzle decide`) for the reports.
enum DecisionsFile {
    static let fileName = "decisions.jsonl"

    /// The latest decision per candidate of `questionnaireID`: from `explicit` (`--decisions`),
    /// else `decisions.jsonl` in `folder` when there is one.
    /// - Throws: a failure naming each problem when the log's chain is broken (an entry edited,
    ///   removed or reordered), or when `explicit` cannot be read: reports never show decisions
    ///   from a log that was changed.
    static func load(
        explicit: String?, folder: String?, questionnaireID: String, context: CommandContext
    ) throws(ScoringSetLoader.Failure) -> [String: DecisionLog.Entry] {
        let path: String
        if let explicit {
            path = explicit
        } else if let folder {
            path = (folder as NSString).appendingPathComponent(fileName)
            guard FileManager.default.fileExists(atPath: context.resolve(path)) else { return [:] }
        } else {
            return [:]
        }
        let bytes: [UInt8]
        do {
            bytes = try FileReader(maximumBytes: 1 << 30).read(context.resolve(path), displayPath: path)
        } catch {
            throw ScoringSetLoader.Failure(lines: ["\(error)"])
        }
        let contents = DecisionLog.read(bytes)
        guard contents.problems.isEmpty else {
            throw ScoringSetLoader.Failure(
                lines: contents.problems.map { "\(path):\($0.line): error: \($0.message)" } + [
                    "\(path): error: The decisions log was changed, so no decision from it is shown; restore it from a copy (check it with 'dazzle audit verify \(path)')."
                ])
        }
        return contents.latest(for: questionnaireID)
    }

    /// The folder an input is in, or the input when it is a folder: where its decisions log is.
    static func folder(of input: String, context: CommandContext) -> String {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: context.resolve(input), isDirectory: &isFolder)
        return exists && isFolder.boolValue ? input : (input as NSString).deletingLastPathComponent
    }
}
