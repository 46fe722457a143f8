import ArgumentParsing
import Audit
import DazzleJSON
import Foundation
import Hashing
import Templating

/// `--retain 28d --purpose TEXT` on the commands that write candidate data into a folder.
enum RetainOption {
    static let specs: [OptionSpec] = [
        .option(
            "retain", value: "period",
            help:
                "Keep this folder's candidate data this long, then 'dazzle purge' deletes it: 28d, 6w, 12m, 2y or a date."
        ),
        .option("purpose", value: "text", help: "What the data is for, recorded with --retain in retention.json."),
    ]

    /// The period and purpose asked for, from the option or its policy file; `nil` (the error
    /// said) when neither names a period. Checked before anything is written.
    static func resolve(_ arguments: (retain: String?, purpose: String?), context: CommandContext) -> (
        period: String, purpose: String?
    )? {
        guard let retain = arguments.retain else { return nil }
        var period = retain
        var purpose = arguments.purpose
        // A policy file the organisation keeps: {"retain": "28d", "purpose": "…"}.
        if FileManager.default.fileExists(atPath: context.resolve(retain)) {
            guard let bytes = try? FileReader().read(context.resolve(retain), displayPath: retain),
                let object = try? JSONReader().read(bytes).objectValue, let value = object["retain"]?.stringValue
            else {
                context.standardError.write(
                    "\(retain): error: a retention policy file is {\"retain\": \"28d\", \"purpose\": \"…\"}; 'retain' is missing.\n"
                )
                return nil
            }
            purpose = purpose ?? object["purpose"]?.stringValue
            period = value
        }
        guard RetentionPolicy.deleteAfter(period, from: "2000-01-01") != nil else {
            context.standardError.write(
                "error: '--retain \(period)' is not a period: write 28d, 6w, 12m, 2y, a date like 2027-06-30, or a policy file.\n"
            )
            return nil
        }
        return (period, purpose)
    }

    /// The folder's `retention.json` at `path`, when there is a readable one.
    static func policy(at path: String, context: CommandContext) -> RetentionPolicy? {
        (try? FileReader().read(context.resolve(path), displayPath: path)).flatMap(RetentionPolicy.read)
    }

    /// Whether `--retain` is absent or usable: commands check it before writing anything.
    static func isValid(_ arguments: (retain: String?, purpose: String?), context: CommandContext) -> Bool {
        arguments.retain == nil || resolve(arguments, context: context) != nil
    }

    /// Writes or updates the folder's `retention.json`; `false` (the error said) on a bad period.
    static func apply(
        _ arguments: (retain: String?, purpose: String?), folder: String, defaultPurpose: String,
        context: CommandContext
    ) -> Bool {
        guard arguments.retain != nil else { return true }
        guard let (retain, purpose) = resolve(arguments, context: context) else { return false }
        let path = (folder as NSString).appendingPathComponent(RetentionPolicy.fileName)
        let today = String(Timestamp.now(context).prefix(10))
        let existing = policy(at: path, context: context)
        let created = existing?.created ?? today
        guard let deleteAfter = RetentionPolicy.deleteAfter(retain, from: created) else {
            context.standardError.write(
                "error: '--retain \(retain)' is not a period: write 28d, 6w, 12m, 2y or a date like 2027-06-30.\n")
            return false
        }
        let policy = RetentionPolicy(
            purpose: purpose ?? existing?.purpose ?? defaultPurpose, created: created,
            deleteAfter: deleteAfter, hold: existing?.hold)
        do {
            try AtomicFile.write(policy.json, to: context.resolve(path))
        } catch {
            context.standardError.write("\(error)\n")
            return false
        }
        context.standardError.write(
            "Retention: candidate data in \(folder) may be kept until \(deleteAfter); then 'dazzle purge' deletes it.\n"
        )
        return true
    }
}

/// `dazzle purge [DIR...] [--dry-run]`: delete candidate data past its date, except under a hold.
struct PurgeCommand: Command {
    static let spec = CommandSpec(
        name: "purge",
        abstract: "Delete candidate data whose retention date has passed, except under a legal hold.",
        discussion: """
            Looks for retention.json (written by --retain) in each folder and below. In a folder \
            past its delete-after date and not on hold, deletes the candidate data Dazzle wrote: \
            submissions, journals, scorecards, reports, summaries, rejections, decisions, \
            calibrations. Keeps retention.json, the audit log and purged.json, which records when, \
            how many files of each kind went, and the batch's counts (read, scored, decisions), \
            never a name or an id; the audit log gets an event with the same counts. Files Dazzle \
            did not write are left and named. --dry-run lists what would go and changes nothing. \
            Exit status 0, or 1 when a file cannot be deleted.
            """,
        arguments: [
            ArgumentSpec(
                "folder", help: "Folders to look in (default: this folder).", isRepeating: true, isOptional: true)
        ],
        options: [
            .flag("dry-run", help: "List what would be deleted; delete nothing."),
            .option("today", value: "date", help: "The date to judge by (default: today)."),
        ])

    var folders: [String]
    var dryRun: Bool
    var today: String?

    init(_ arguments: ParsedArguments) {
        folders = arguments.positionals.isEmpty ? ["."] : arguments.positionals
        dryRun = arguments.flag("dry-run")
        today = arguments.value("today")
    }

    func run(in context: CommandContext) -> Int32 {
        let today = self.today ?? String(Timestamp.now(context).prefix(10))
        var status = ExitStatus.success
        var found = 0
        for root in folders {
            for policyPath in CandidateData.files(under: root, context: context)
            where (policyPath as NSString).lastPathComponent == RetentionPolicy.fileName {
                found += 1
                let folder = (policyPath as NSString).deletingLastPathComponent
                guard let bytes = try? FileReader().read(context.resolve(policyPath), displayPath: policyPath),
                    let policy = RetentionPolicy.read(bytes)
                else {
                    context.standardError.write(
                        "\(policyPath): error: not a retention policy (\(RetentionPolicy.format)); left alone.\n")
                    status = ExitStatus.failure
                    continue
                }
                if let hold = policy.hold {
                    context.standardOutput.write(
                        "\(folder): on hold since \(hold.since) (\(hold.reason)); nothing deleted.\n")
                    continue
                }
                guard policy.isDue(today: today) else {
                    context.standardOutput.write("\(folder): kept until \(policy.deleteAfter).\n")
                    continue
                }
                if !purge(folder, policy: policy, today: today, context: context) { status = ExitStatus.failure }
            }
        }
        if found == 0 {
            context.standardOutput.write(
                "No retention.json under \(folders.joined(separator: ", ")): nothing has a delete-after date. Set one with --retain.\n"
            )
        }
        return status
    }

    func purge(_ folder: String, policy: RetentionPolicy, today: String, context: CommandContext) -> Bool {
        var removed: [CandidateData.Kind: Int] = [:]
        var bytes = 0
        var left: [String] = []
        var ok = true
        // The counts that stay: how many were read, scored and decided what.
        let summaryPath = (folder as NSString).appendingPathComponent("summary.json")
        let summary =
            (try? FileReader(maximumBytes: 1 << 30).read(context.resolve(summaryPath), displayPath: summaryPath))
            .flatMap { try? JSONReader().read($0).objectValue }
        for file in CandidateData.files(under: folder, context: context) {
            let name = (file as NSString).lastPathComponent
            if CandidateData.kept.contains(name) { continue }
            guard let kind = CandidateData.kind(of: file, context: context) else {
                left.append(file)
                continue
            }
            bytes += Platform.fileSize(context.resolve(file)) ?? 0
            removed[kind, default: 0] += 1
            if dryRun { continue }
            do {
                try FileManager.default.removeItem(atPath: context.resolve(file))
            } catch {
                context.standardError.write("\(file): error: could not delete: \(error.localizedDescription)\n")
                ok = false
            }
        }
        let total = removed.values.reduce(0, +)
        let list = CandidateData.Kind.allCases.compactMap { kind in removed[kind].map { "\($0) \(kind.rawValue)" } }
        context.standardOutput.write(
            "\(folder): past \(policy.deleteAfter): \(dryRun ? "would delete" : "deleted") \(total) file\(total == 1 ? "" : "s")\(list.isEmpty ? "" : " (" + list.joined(separator: ", ") + ")").\n"
        )
        for file in left {
            context.standardOutput.write(
                "  left \(file): Dazzle did not write it; delete it yourself if it holds candidate data.\n")
        }
        guard !dryRun else { return ok }
        removeEmptyFolders(under: folder, context: context)
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("format")
        writer.string(PurgeRecord.format)
        writer.key("purgedOn")
        writer.string(today)
        writer.key("purpose")
        writer.string(policy.purpose)
        writer.key("deleteAfter")
        writer.string(policy.deleteAfter)
        writer.key("removed")
        writer.beginObject()
        for kind in CandidateData.Kind.allCases {
            writer.key(named: kind.rawValue)
            writer.integer(removed[kind] ?? 0)
        }
        writer.endObject()
        writer.key("bytes")
        writer.integer(bytes)
        for key in ["counts", "decisions"] {
            guard let object = summary?[key]?.objectValue else { continue }
            writer.key(named: key)
            writer.beginObject()
            for member in object.members {
                guard let number = member.value.numberValue, number >= 0, number < 1e15 else { continue }
                writer.key(named: member.key)
                writer.integer(Int(number))
            }
            writer.endObject()
        }
        writer.endObject()
        writer.endLine()
        let recordPath = (folder as NSString).appendingPathComponent(PurgeRecord.fileName)
        do {
            try AtomicFile.write(writer.bytes, to: context.resolve(recordPath))
        } catch {
            context.standardError.write("\(error)\n")
            return false
        }
        let recorded = AuditTrail.record(
            to: (folder as NSString).appendingPathComponent(AuditTrail.fileName), command: ["purge", folder], plan: nil,
            inputs: [], outputs: [(recordPath, "sha256:" + SHA256.hex(writer.bytes))],
            counts: CandidateData.Kind.allCases.map { ($0.rawValue, removed[$0] ?? 0) }, context: context)
        return ok && recorded
    }

    func removeEmptyFolders(under folder: String, context: CommandContext) {
        let resolved = context.resolve(folder)
        let subfolders = (FileManager.default.enumerator(atPath: resolved)?.allObjects as? [String] ?? []).filter {
            relative in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(
                atPath: (resolved as NSString).appendingPathComponent(relative), isDirectory: &isFolder)
                && isFolder.boolValue
        }
        // Deepest first, so a parent empties after its children.
        for relative in subfolders.sorted(by: { $0.count > $1.count }) {
            let path = (resolved as NSString).appendingPathComponent(relative)
            if (try? FileManager.default.contentsOfDirectory(atPath: path))?.isEmpty == true {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
    }
}

/// `dazzle hold DIR --reason TEXT` (or `--release`): a legal hold that purge respects.
struct HoldCommand: Command {
    static let spec = CommandSpec(
        name: "hold",
        abstract: "Put a folder's candidate data on legal hold, so purge keeps it; or release it.",
        discussion: """
            Records the hold, its reason and date in the folder's retention.json (created with \
            the default purpose when missing) and an event in its audit log. 'dazzle purge' \
            deletes nothing from a held folder. --release lifts the hold.
            """,
        arguments: [ArgumentSpec("folder", help: "The output folder.")],
        options: [
            .option("reason", value: "text", help: "Why the data must be kept, e.g. a claim's reference."),
            .flag("release", help: "Lift the hold."),
        ])

    var folder: String
    var reason: String?
    var release: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        guard arguments.positionals.count == 1 else {
            throw UsageError("Name one folder: 'dazzle hold results --reason …'.", commandPath: ["dazzle", "hold"])
        }
        folder = arguments.positionals[0]
        reason = arguments.value("reason")
        release = arguments.flag("release")
        if !release && (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw UsageError("Missing '--reason': say why the data must be kept.", commandPath: ["dazzle", "hold"])
        }
    }

    func run(in context: CommandContext) -> Int32 {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: context.resolve(folder), isDirectory: &isFolder),
            isFolder.boolValue
        else {
            context.standardError.write("\(folder): error: No such folder.\n")
            return ExitStatus.failure
        }
        let path = (folder as NSString).appendingPathComponent(RetentionPolicy.fileName)
        let today = String(Timestamp.now(context).prefix(10))
        var policy =
            RetainOption.policy(at: path, context: context)
            ?? RetentionPolicy(purpose: "Candidate assessment", created: today, deleteAfter: "9999-12-31")
        policy.hold = release ? nil : RetentionPolicy.Hold(reason: reason ?? "", since: today)
        do {
            try AtomicFile.write(policy.json, to: context.resolve(path))
        } catch {
            context.standardError.write("\(error)\n")
            return ExitStatus.failure
        }
        let recorded = AuditTrail.record(
            to: (folder as NSString).appendingPathComponent(AuditTrail.fileName),
            command: release ? ["hold", folder, "--release"] : ["hold", folder], plan: nil, inputs: [],
            outputs: [(path, "sha256:" + SHA256.hex(policy.json))], counts: [("held", release ? 0 : 1)],
            context: context)
        context.standardOutput.write(
            release
                ? "\(folder): hold released; purge deletes its candidate data after \(policy.deleteAfter).\n"
                : "\(folder): on hold (\(reason ?? "")); purge keeps it until the hold is released.\n")
        return recorded ? ExitStatus.success : ExitStatus.failure
    }
}

/// `dazzle erase --candidate ID DIR...`: remove one candidate everywhere Dazzle wrote them.
struct EraseCommand: Command {
    static let spec = CommandSpec(
        name: "erase",
        abstract: "Remove one candidate from every file Dazzle wrote in these folders.",
        discussion: """
            Deletes the candidate's own files (submissions, journals, scorecards, candidate \
            reports); rewrites JSON Lines files (submissions, scorecards, rejections) without \
            their lines, atomically; rewrites the decisions log without their entries, chained \
            again (the audit log records the old and new last hash); deletes the folder's \
            summaries and batch reports that name them (rebuild those with 'dazzle score'). The \
            audit log is kept: its events name interview candidates by id, and removing a line \
            would break the chain the law asks to keep; they are counted. CSV exports are not \
            rewritten: the rows found are named, to remove at the source. The erase event in the \
            audit log holds the SHA-256 of the id, not the id. --dry-run lists and changes \
            nothing. Exit status 0 when the candidate was found, 1 when not (or on an error).
            """,
        arguments: [ArgumentSpec("folder", help: "Folders to erase the candidate from.", isRepeating: true)],
        options: [
            .option("candidate", value: "id", help: "The candidate's id (as on the scorecard)."),
            .flag("dry-run", help: "List what would change; change nothing."),
        ])

    var folders: [String]
    var candidate: String
    var dryRun: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        guard let candidate = arguments.value("candidate"), !candidate.isEmpty else {
            throw UsageError("Missing '--candidate <id>': name whom to erase.", commandPath: ["dazzle", "erase"])
        }
        self.candidate = candidate
        folders = arguments.positionals
        dryRun = arguments.flag("dry-run")
    }

    /// One change to one file.
    struct Change {
        var file: String
        var what: String
    }

    func run(in context: CommandContext) -> Int32 {
        var changes: [Change] = []
        var names: Set<String> = []
        var failed = false
        let deleted = dryRun ? "would delete" : "deleted"
        // First the files that hold the candidate's records, to learn their name for the rest.
        var derived: [String] = []
        var audits: [String] = []
        for folder in folders {
            for file in CandidateData.files(under: folder, context: context) {
                let name = (file as NSString).lastPathComponent
                if name == AuditTrail.fileName {
                    audits.append(file)
                    continue
                }
                if name == RetentionPolicy.fileName || name == PurgeRecord.fileName { continue }
                let ext = (name as NSString).pathExtension.lowercased()
                guard let bytes = try? FileReader(maximumBytes: 4 << 30).read(context.resolve(file), displayPath: file)
                else {
                    continue
                }
                switch ext {
                case "jsonl" where name == DecisionsFile.fileName:
                    if let change = rechainDecisions(file, bytes: bytes, context: context) {
                        changes.append(change)
                    }
                case "jsonl":
                    if let change = rewriteLines(file, bytes: bytes, names: &names, context: context, failed: &failed) {
                        changes.append(change)
                    }
                case "json":
                    let found = CandidateData.candidate(inLine: bytes[...])
                    if found.id == candidate {
                        if let name = found.name { names.insert(name) }
                        changes.append(
                            Change(file: file, what: "\(deleted) (their \(kindWord(file, context: context)))"))
                        if !dryRun { failed = !remove(file, context: context) || failed }
                    } else {
                        derived.append(file)
                    }
                case "csv" where CandidateData.kind(of: file, context: context) != nil:
                    derived.append(file)
                case "csv":
                    let rows = String(decoding: bytes, as: UTF8.self).split(
                        separator: "\n", omittingEmptySubsequences: false
                    )
                    .enumerated().filter { $0.element.contains(candidate) }.map { $0.offset + 1 }
                    if !rows.isEmpty {
                        changes.append(
                            Change(
                                file: file,
                                what:
                                    "left: line\(rows.count == 1 ? "" : "s") \(rows.map(String.init).joined(separator: ", ")) hold this id; a CSV export is not rewritten, so remove them at the source"
                            ))
                    }
                default:
                    derived.append(file)
                }
            }
        }
        // Then reports and summaries that mention them.
        var needles = [candidate] + names.sorted()
        needles += names.map(TemplateEscaping.html.escape).filter { !needles.contains($0) }
        for file in derived {
            guard let bytes = try? FileReader(maximumBytes: 4 << 30).read(context.resolve(file), displayPath: file)
            else { continue }
            let text = String(decoding: bytes, as: UTF8.self)
            guard needles.contains(where: { text.contains($0) }) else { continue }
            guard CandidateData.kind(of: file, context: context) != nil else {
                changes.append(Change(file: file, what: "left: names the candidate, but Dazzle did not write it"))
                continue
            }
            changes.append(Change(file: file, what: "\(deleted) (names the candidate; rebuild it with dazzle score)"))
            if !dryRun { failed = !remove(file, context: context) || failed }
        }
        for file in audits {
            let bytes = (try? FileReader(maximumBytes: 1 << 30).read(context.resolve(file), displayPath: file)) ?? []
            let events = AuditLog.lines(bytes).filter { CandidateData.candidate(inLine: $0.bytes).id == candidate }
                .count
            if events > 0 {
                changes.append(
                    Change(
                        file: file,
                        what:
                            "kept: \(events) event\(events == 1 ? " names" : "s name") this id (the chained log is kept whole)"
                    ))
            }
        }
        let touched = changes.filter { !$0.what.hasPrefix("kept") && !$0.what.hasPrefix("left") }
        guard !touched.isEmpty else {
            context.standardError.write(
                "error: No file in \(folders.joined(separator: ", ")) holds candidate '\(candidate)'.\n")
            for change in changes { context.standardOutput.write("  \(change.file): \(change.what)\n") }
            return ExitStatus.failure
        }
        context.standardOutput.write("\(dryRun ? "Would erase" : "Erased") candidate \(candidate):\n")
        for change in changes { context.standardOutput.write("  \(change.file): \(change.what)\n") }
        if !dryRun {
            // Each results folder's own log records what left it; without one, the folder named.
            var logs = audits.filter { log in
                let folder = (log as NSString).deletingLastPathComponent
                return touched.contains { ($0.file as NSString).deletingLastPathComponent.hasPrefix(folder) }
            }
            if logs.isEmpty { logs = folders.map { ($0 as NSString).appendingPathComponent(AuditTrail.fileName) } }
            for log in logs {
                let folder = (log as NSString).deletingLastPathComponent
                let recorded = AuditTrail.record(
                    to: log, command: ["erase", folder], plan: nil, inputs: [], outputs: [],
                    counts: [
                        (
                            "files",
                            touched.filter { ($0.file as NSString).deletingLastPathComponent.hasPrefix(folder) }.count
                        )
                    ],
                    subject: [("candidateHash", "sha256:" + SHA256.hex(candidate))], context: context)
                failed = !recorded || failed
            }
        }
        return failed ? ExitStatus.failure : ExitStatus.success
    }

    func kindWord(_ file: String, context: CommandContext) -> String {
        switch CandidateData.kind(of: file, context: context) {
        case .submissions?: "submission"
        case .journals?: "journal"
        case .scorecards?: "scorecard"
        case .calibrations?: "calibration"
        case .reports?, .summaries?, .decisions?, nil: "file"
        }
    }

    /// A JSON Lines file without the candidate's lines, written atomically; a journal of theirs
    /// (its header names them) is deleted whole.
    func rewriteLines(
        _ file: String, bytes: [UInt8], names: inout Set<String>, context: CommandContext, failed: inout Bool
    ) -> Change? {
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        let header = lines.first.flatMap { try? JSONReader().read(Array($0)).objectValue }
        if header?["format"]?.stringValue == "dazzle.journal/1" || file.hasSuffix(CalibrateCommand.journalSuffix) {
            guard let header, CandidateData.candidateID(of: header) == candidate else { return nil }
            if let name = CandidateData.candidateName(of: header) { names.insert(name) }
            if !dryRun { failed = !remove(file, context: context) || failed }
            return Change(file: file, what: "\(dryRun ? "would delete" : "deleted") (their journal)")
        }
        var kept: [ArraySlice<UInt8>] = []
        var removed = 0
        for line in lines {
            let found = CandidateData.candidate(inLine: line)
            if found.id == candidate {
                if let name = found.name { names.insert(name) }
                removed += 1
            } else {
                kept.append(line)
            }
        }
        guard removed > 0 else { return nil }
        if !dryRun {
            let rewritten = Array(kept.joined(separator: [0x0A]))
            do {
                try AtomicFile.write(rewritten, to: context.resolve(file))
            } catch {
                context.standardError.write("\(error)\n")
                failed = true
            }
        }
        return Change(
            file: file,
            what: "\(dryRun ? "would rewrite" : "rewrote") without their \(removed) line\(removed == 1 ? "" : "s")")
    }

    /// The decisions log without the candidate's entries, chained again from the start.
    func rechainDecisions(_ file: String, bytes: [UInt8], context: CommandContext) -> Change? {
        let contents = DecisionLog.read(bytes)
        let keptEntries = contents.entries.filter { $0.candidateID != candidate }
        guard keptEntries.count < contents.entries.count else { return nil }
        var rewritten: [UInt8] = []
        for entry in keptEntries { rewritten += DecisionLog.line(appending: entry, to: rewritten).line }
        let before = AuditLog.summary(bytes, format: DecisionLog.format).lastHash ?? "none"
        let after = AuditLog.summary(rewritten, format: DecisionLog.format).lastHash ?? "none (empty)"
        if !dryRun {
            do {
                try AtomicFile.write(rewritten, to: context.resolve(file))
            } catch {
                context.standardError.write("\(error)\n")
            }
        }
        let removed = contents.entries.count - keptEntries.count
        return Change(
            file: file,
            what:
                "\(dryRun ? "would rewrite" : "rewrote") without their \(removed) entr\(removed == 1 ? "y" : "ies"), chained again (last hash was \(before.prefix(15))…, now \(after.prefix(15))…)"
        )
    }

    func remove(_ file: String, context: CommandContext) -> Bool {
        do {
            try FileManager.default.removeItem(atPath: context.resolve(file))
            return true
        } catch {
            context.standardError.write("\(file): error: could not delete: \(error.localizedDescription)\n")
            return false
        }
    }
}
