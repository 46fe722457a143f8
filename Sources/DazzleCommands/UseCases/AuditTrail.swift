import ArgumentParsing
import Audit
import DazzleJSON
import Foundation
import QuestionnaireEngine
import Scoring
import Submissions

/// Appends one event to an output folder's `audit.jsonl` (or `--audit FILE`) for a command that
/// wrote results: when, what ran, on which inputs (by content hash), under which question set
/// and rubric, and which files it wrote (from the folder's manifest). No answer, note or name.
struct AuditTrail {
    static let fileName = "audit.jsonl"

    /// The command line as parsed, for the record: command, inputs, then options in name order.
    static func commandLine(_ command: String, _ arguments: ParsedArguments) -> [String] {
        var line = [command] + arguments.positionals
        for (name, values) in arguments.options.sorted(by: { $0.key < $1.key }) {
            for value in values { line += ["--\(name)", value] }
        }
        line += arguments.flags.sorted().map { "--\($0)" }
        return line
    }

    /// Appends the event; returns its sequence number and hash, or the error's text.
    static func append(
        to path: String, command: [String], plan: ScoringPlan?, inputs: [(path: String, bytes: Int, sha256: String)],
        outputs written: [(path: String, sha256: String)], counts: [(String, Int)],
        subject: [(String, String)] = [], context: CommandContext
    ) -> Result<(seq: Int, hash: String), AtomicFile.WriteError> {
        let resolved = context.resolve(path)
        let existing = (try? FileReader().read(resolved, displayPath: path)) ?? []
        let event = AuditLog.nextLine(after: existing) { writer in
            writer.key("at")
            writer.string(Timestamp.now(context))
            writer.key("tool")
            writer.string("dazzle \(DazzleCLI.version)")
            writer.key("command")
            writer.beginArray()
            for argument in command { writer.string(argument) }
            writer.endArray()
            // Who and whom, by id (an interview's candidate id and rater), never by answers.
            for (name, value) in subject {
                writer.key(named: name)
                writer.string(value)
            }
            // Purge, hold and erase concern folders, not one question set.
            if let plan {
                writer.key("questionnaire")
                writer.beginObject()
                writer.key("id")
                writer.string(plan.questionnaire.id)
                writer.key("version")
                writer.string(plan.questionnaire.version)
                writer.key("hash")
                writer.string(plan.layout.contentHash)
                writer.endObject()
                writer.key("rubric")
                writer.beginObject()
                writer.key("id")
                writer.string(plan.rubric.id)
                writer.key("version")
                writer.string(plan.rubric.version)
                writer.endObject()
            }
            writer.key("inputs")
            writer.beginArray()
            for input in inputs {
                writer.beginObject()
                writer.key("path")
                writer.string(input.path)
                writer.key("bytes")
                writer.integer(input.bytes)
                writer.key("sha256")
                writer.string(input.sha256)
                writer.endObject()
            }
            writer.endArray()
            writer.key("outputs")
            writer.beginArray()
            for file in written {
                writer.beginObject()
                writer.key("path")
                writer.string(file.path)
                writer.key("sha256")
                writer.string(file.sha256)
                writer.endObject()
            }
            writer.endArray()
            writer.key("counts")
            writer.beginObject()
            for (name, value) in counts {
                writer.key(named: name)
                writer.integer(value)
            }
            writer.endObject()
        }
        do {
            let folderOfLog = (resolved as NSString).deletingLastPathComponent
            if !folderOfLog.isEmpty { try AtomicFile.makeFolder(folderOfLog) }
            _ = try AtomicFile.write(existing + event.line, to: resolved)
        } catch {
            return .failure(error)
        }
        return .success((AuditLog.summary(existing).events + 1, event.hash))
    }

    /// The files a folder's manifest lists, as `FOLDER/NAME` with their SHA-256.
    static func manifestFiles(in folder: String, context: CommandContext) -> [(path: String, sha256: String)] {
        let path = (context.resolve(folder) as NSString).appendingPathComponent(OutputSet.manifestName)
        guard let bytes = try? FileReader().read(path, displayPath: path), let value = try? JSONReader().read(bytes)
        else { return [] }
        return (value.objectValue?["files"]?.arrayValue ?? []).compactMap { file in
            guard let object = file.objectValue, let name = object["name"]?.stringValue,
                let hash = object["sha256"]?.stringValue
            else { return nil }
            return ((folder as NSString).appendingPathComponent(name), "sha256:" + hash)
        }
    }

    /// Appends the event and says so on stderr; `false` (the error said) when it cannot be written.
    static func record(
        to path: String, command: [String], plan: ScoringPlan?, inputs: [(path: String, bytes: Int, sha256: String)],
        outputs: [(path: String, sha256: String)], counts: [(String, Int)], subject: [(String, String)] = [],
        context: CommandContext
    ) -> Bool {
        switch append(
            to: path, command: command, plan: plan, inputs: inputs, outputs: outputs, counts: counts, subject: subject,
            context: context)
        {
        case .success(let event):
            context.standardError.write("Audit: event \(event.seq) appended to \(path) (\(event.hash.prefix(15))…).\n")
            return true
        case .failure(let error):
            context.standardError.write("\(error)\n")
            return false
        }
    }
}
