import ArgumentParsing
import Audit
import Foundation

/// `dazzle audit verify FILE`: check an audit log's chain and name what was changed.
struct AuditCommand: Command {
    static let spec = CommandSpec(
        name: "audit",
        abstract: "Check the hash-chained audit log commands append to (audit.jsonl).",
        subcommands: [
            CommandSpec(
                name: "verify",
                abstract:
                    "Find any edited, removed, inserted or reordered event in an audit log or decisions log.",
                discussion: """
                    Every event carries its sequence number, the hash of the event before it and its \
                    own hash. Exit status 0 when the chain is whole, 1 when a problem is found (each \
                    named with its line) or the file cannot be read. The last event's hash is printed: \
                    keep it elsewhere, since whoever can rewrite the whole file can rewrite the chain.
                    """,
                arguments: [
                    ArgumentSpec("log", help: "An audit log or decisions log, e.g. results/audit.jsonl.")
                ])
        ])

    var log: String

    init(_ arguments: ParsedArguments) throws(UsageError) {
        guard let log = arguments.positionals.first, arguments.positionals.count == 1 else {
            throw UsageError(
                "Name one audit log, e.g. 'dazzle audit verify results/audit.jsonl'.",
                commandPath: ["dazzle", "audit", "verify"])
        }
        self.log = log
    }

    func run(in context: CommandContext) -> Int32 {
        let bytes: [UInt8]
        do {
            bytes = try FileReader().read(context.resolve(log), displayPath: log)
        } catch {
            context.standardError.write("\(error)\n")
            return ExitStatus.failure
        }
        // The decisions log (`dazzle decide`) is chained the same way.
        let format = AuditLog.formatOf(bytes) == DecisionLog.format ? DecisionLog.format : AuditLog.format
        let problems = AuditLog.verify(bytes, format: format)
        for problem in problems { context.standardError.write("\(log):\(problem.line): error: \(problem.message)\n") }
        let summary = AuditLog.summary(bytes, format: format)
        guard problems.isEmpty else {
            context.standardOutput.write(
                "\(log): \(problems.count == 1 ? "1 problem" : "\(problems.count) problems") in \(summary.events) events.\n"
            )
            return ExitStatus.failure
        }
        context.standardOutput.write(
            "\(log): \(summary.events == 1 ? "1 event" : "\(summary.events) events"), chain whole; last hash \(summary.lastHash ?? "none").\n"
        )
        return ExitStatus.success
    }
}
