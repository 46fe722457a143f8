import Audit
import DazzleJSON
import Foundation
import QuestionnaireEngine

/// The candidate data in Dazzle's output folders, for purge and erase: which files hold it, by
/// kind, and what is kept (the retention policy, the audit log, the purge record).
enum CandidateData {
    /// What a file holds.
    enum Kind: String, CaseIterable {
        case submissions, journals, scorecards, reports, summaries, decisions, calibrations
    }

    /// Files no purge or erase removes: the policy, the audit log the law asks to keep, and the
    /// purge record (counts only).
    static let kept: Set<String> = [RetentionPolicy.fileName, AuditTrail.fileName, PurgeRecord.fileName]

    /// What a file holds, by its name and, for a plain `.json`/`.jsonl`, its first record;
    /// `nil` for a file Dazzle did not write (left alone and named).
    static func kind(of path: String, context: CommandContext) -> Kind? {
        let name = (path as NSString).lastPathComponent
        if kept.contains(name) { return nil }
        if name.hasSuffix(".journal.jsonl") { return .journals }
        if name.hasSuffix(".calibration.jsonl") || name.hasSuffix(".calibration.json") { return .calibrations }
        if name.hasSuffix(".submission.json") { return .submissions }
        if FolderSearch.isScorecardFile(name) { return .scorecards }
        if name == DecisionsFile.fileName { return .decisions }
        if ["summary.json", "summary.csv", "rejected.jsonl", OutputSet.manifestName].contains(name) {
            return .summaries
        }
        let ext = (name as NSString).pathExtension.lowercased()
        if ext == "html" || ext == "md" { return .reports }
        if ext == "json" || ext == "jsonl" {
            let head =
                (try? FileReader(maximumBytes: 4 << 30).read(context.resolve(path), displayPath: path))?
                .prefix(4096) ?? []
            let text = String(decoding: head, as: UTF8.self)
            if text.contains("dazzle.submission/1") { return .submissions }
            if text.contains("dazzle.scorecard/1") { return .scorecards }
        }
        return nil
    }

    /// Every file under `folder`, hidden ones skipped, sorted.
    static func files(under folder: String, context: CommandContext) -> [String] {
        let resolved = context.resolve(folder)
        var found: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: resolved)
        while let relative = enumerator?.nextObject() as? String {
            if (relative as NSString).lastPathComponent.hasPrefix(".") {
                enumerator?.skipDescendants()
                continue
            }
            var isFolder: ObjCBool = false
            let path = (folder as NSString).appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: context.resolve(path), isDirectory: &isFolder),
                !isFolder.boolValue
            {
                found.append(path)
            }
        }
        return found.sorted()
    }

    /// The candidate id a JSON record names: a submission's or scorecard's `candidate.id`, a
    /// journal header's, a rejection's or decision's `candidate`.
    static func candidateID(of record: JSONObject) -> String? {
        if let id = record["candidate"]?.stringValue { return id }
        guard let candidate = record["candidate"]?.objectValue?["id"] else { return nil }
        if let text = candidate.stringValue { return text }
        return candidate.numberValue.map { Answer.number($0).display }
    }

    /// The candidate id and name of one JSON line, read apart from any loop over lines (the
    /// release build's optimiser mishandled the inlined form: a compiler crash).
    @inline(never)
    static func candidate(inLine line: ArraySlice<UInt8>) -> (id: String?, name: String?) {
        let value: JSONValue
        do {
            value = try JSONReader().read(Array(line))
        } catch {
            return (nil, nil)
        }
        guard let object = value.objectValue else { return (nil, nil) }
        return (candidateID(of: object), candidateName(of: object))
    }

    /// The name a record gives the candidate, if any.
    static func candidateName(of record: JSONObject) -> String? {
        record["candidate"]?.objectValue?["name"]?.stringValue
    }
}

/// What a purge leaves in the folder: when, under which policy, how many files of each kind went,
/// and the batch's counts (how many were read, scored, decided what), never a name or an id.
enum PurgeRecord {
    static let fileName = "purged.json"
    static let format = "dazzle.purge/1"
}
