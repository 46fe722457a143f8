import ArgumentParsing
import Audit
import DazzleJSON
import Foundation
import Hashing
import Scoring
import Spelling
import Submissions

/// `dazzle decide RESULTS CANDIDATE --decision D --reason R --by NAME`: a person's decision on
/// the record, beside the rubric's.
struct DecideCommand: Command {
    static let spec = CommandSpec(
        name: "decide",
        abstract: "Record a person's decision about a candidate, with the reason, beside the rubric's.",
        discussion: """
            The rubric's decision stays on the scorecard: the combination is mechanical. A person \
            who decides, whether they confirm it or decide otherwise, is appended to the results \
            folder's decisions.jsonl (chained like the audit log: check it with 'dazzle audit \
            verify'), and every report written from the folder afterwards shows the rubric's \
            decision and theirs side by side, with the reason. The audit log gets an event with \
            the candidate's id and the log's hash, never the reason's text. RESULTS is a folder \
            written by 'dazzle score --out' (or its scorecards.jsonl); CANDIDATE is an id or an \
            exact name.
            """,
        arguments: [
            ArgumentSpec("results", help: "The results folder (or its scorecards file)."),
            ArgumentSpec("candidate", help: "The candidate's id, or exact name."),
        ],
        options: [
            .option("decision", value: "decision", help: "The decision, e.g. advance, hold, decline, hire."),
            .option("reason", value: "text", help: "Why: what the person weighed (required)."),
            .option("by", value: "name", help: "Who decides (required)."),
            .option("questionnaire", short: "q", value: "set", help: "The question set, when it is not shipped."),
            .option("rubric", value: "file", help: "A rubric file (default: the embedded rubric)."),
            .option("audit", value: "file", help: "Append the audit event here (default: audit.jsonl in the folder)."),
        ])

    var results: String
    var candidate: String
    var decision: String
    var reason: String
    var by: String
    var questionnaire: String?
    var rubric: String?
    var audit: String?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        let path = ["dazzle", "decide"]
        guard arguments.positionals.count == 2 else {
            throw UsageError(
                "Name the results folder and the candidate: 'dazzle decide results int-004 …'.", commandPath: path)
        }
        results = arguments.positionals[0]
        candidate = arguments.positionals[1]
        func required(_ name: String, _ why: String) throws(UsageError) -> String {
            let value = arguments.value(name)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard !value.isEmpty else { throw UsageError("Missing '--\(name)': \(why)", commandPath: path) }
            return value
        }
        decision = try required("decision", "name the decision, e.g. --decision advance.")
        reason = try required("reason", "say why, so the decision can be explained and reviewed.")
        by = try required("by", "say who decides.")
        questionnaire = arguments.value("questionnaire")
        rubric = arguments.value("rubric")
        audit = arguments.value("audit")
    }

    func run(in context: CommandContext) -> Int32 {
        let resolved = context.resolve(results)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isFolder) else {
            context.standardError.write("\(results): error: No such folder or file.\n")
            return ExitStatus.failure
        }
        let folder = isFolder.boolValue ? results : (results as NSString).deletingLastPathComponent
        let cardsPath = isFolder.boolValue ? (results as NSString).appendingPathComponent("scorecards.jsonl") : results
        let cards: [ScoreCard]
        let cardBytes: [UInt8]
        do {
            cardBytes = try FileReader(maximumBytes: 4 << 30).read(context.resolve(cardsPath), displayPath: cardsPath)
            cards = try Self.scorecards(cardBytes, file: cardsPath)
        } catch {
            context.standardError.write("\(error)\n")
            return ExitStatus.failure
        }
        let matches =
            cards.filter { $0.candidateID == candidate }.nonEmpty
            ?? cards.filter { $0.candidateName.lowercased() == candidate.lowercased() }
        guard matches.count == 1, let card = matches.first else {
            if matches.isEmpty {
                let hint = Spelling.closest(to: candidate, among: cards.map(\.candidateID) + cards.map(\.candidateName))
                context.standardError.write(
                    "\(cardsPath): error: No candidate '\(candidate)' among \(cards.count) scorecards.\(hint.map { " Did you mean '\($0)'?" } ?? "")\n"
                )
            } else {
                context.standardError.write(
                    "\(cardsPath): error: \(matches.count) candidates are called '\(candidate)': name one by id (\(matches.map(\.candidateID).joined(separator: ", "))).\n"
                )
            }
            return ExitStatus.failure
        }
        let plan: ScoringPlan
        do {
            plan = try ScoringSetLoader(context: context).plan(
                questionnaire: questionnaire ?? card.questionnaireID, rubric: rubric)
        } catch {
            for line in error.lines { context.standardError.write(line + "\n") }
            return ExitStatus.failure
        }
        let logPath = (folder as NSString).appendingPathComponent("decisions.jsonl")
        let existing =
            (try? FileReader(maximumBytes: 1 << 30).read(context.resolve(logPath), displayPath: logPath)) ?? []
        let problems = AuditLog.verify(existing, format: DecisionLog.format)
        guard problems.isEmpty else {
            for problem in problems {
                context.standardError.write("\(logPath):\(problem.line): error: \(problem.message)\n")
            }
            context.standardError.write(
                "\(logPath): error: The decisions log was changed; nothing was appended. Restore it from a copy first.\n"
            )
            return ExitStatus.failure
        }
        let entry = DecisionLog.Entry(
            at: Timestamp.now(context), candidateID: card.candidateID, questionnaireID: card.questionnaireID,
            rubricDecision: card.decision, decision: decision, reason: reason, by: by)
        let appended = DecisionLog.line(appending: entry, to: existing)
        let written = existing + appended.line
        do {
            try AtomicFile.write(written, to: context.resolve(logPath))
        } catch {
            context.standardError.write("\(error)\n")
            return ExitStatus.failure
        }
        let recorded = AuditTrail.record(
            to: audit ?? (folder as NSString).appendingPathComponent(AuditTrail.fileName),
            command: ["decide", results, card.candidateID, "--decision", decision, "--by", by], plan: plan,
            inputs: [(cardsPath, cardBytes.count, "sha256:" + SHA256.hex(cardBytes))],
            outputs: [(logPath, "sha256:" + SHA256.hex(written))], counts: [("override", entry.isOverride ? 1 : 0)],
            subject: [("candidate", card.candidateID), ("by", by)], context: context)
        if !recorded { return ExitStatus.failure }
        let what =
            entry.isOverride
            ? "\(decision), overriding the rubric's \(card.decision)" : "\(decision), confirming the rubric's decision"
        context.standardOutput.write(
            "Recorded for \(card.candidateName) (\(card.candidateID)): \(what), by \(by). Decisions log: \(logPath) (entry \(AuditLog.summary(written, format: DecisionLog.format).events)).\n"
        )
        return ExitStatus.success
    }

    /// The scorecards of a JSON Lines file (or a JSON array), each line named in an error.
    static func scorecards(_ bytes: [UInt8], file: String) throws -> [ScoreCard] {
        var cards: [ScoreCard] = []
        if let value = try? JSONReader().read(bytes), let array = value.arrayValue {
            for (index, element) in array.enumerated() {
                cards.append(try ScoreCard.read(element, source: "\(file)[\(index)]"))
            }
            return cards
        }
        for (number, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
        where line.contains(where: { $0 != 0x20 && $0 != 0x0D }) {
            let source = "\(file):\(number + 1)"
            do {
                cards.append(try ScoreCard.read(try JSONReader().read(Array(line)), source: source))
            } catch let error as JSONSyntaxError {
                throw Rejection(source: source, reason: "not valid JSON: \(error.message)")
            }
        }
        return cards
    }
}

extension Array {
    /// The array, or `nil` when it is empty.
    fileprivate var nonEmpty: [Element]? { isEmpty ? nil : self }
}
