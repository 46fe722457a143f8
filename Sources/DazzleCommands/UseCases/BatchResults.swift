import Analytics
import DazzleJSON
import Foundation
import Reports
import Scoring
import Submissions

/// What `dazzle score FILES --out DIR` leaves in its folder: scorecards (JSON Lines, one file
/// each, or CSV), `summary.csv`, `summary.json`, `rejected.jsonl` and, when asked, the linked
/// reports (see ``ReportFolder``), written as one set.
struct BatchResults {
    /// `jsonl`, `json` or `csv`.
    var format: String
    var reports: ReportFolder?
    /// How much of the explanation each scorecard carries (`--explain`).
    var explanation: ExplanationDetail = .full

    /// Writes every output into `out` as one set (see ``OutputSet``): scorecards, summaries,
    /// rejections and the report, each atomically, then the manifest that makes the set whole.
    /// - Returns: the reports' index entry, for an index one level up; `nil` without reports.
    @discardableResult
    func write(
        _ outcome: BatchScorer.Outcome, analysis: BatchAnalysis, plan: ScoringPlan, to out: String,
        context commandContext: CommandContext
    ) throws(AtomicFile.WriteError) -> IndexReport.Entry? {
        var set = try OutputSet(folder: out, context: commandContext)
        var writer = JSONWriter(reservingCapacity: 1 << 16)
        let scorer = Scorer(plan: plan, explanation: explanation)
        switch format {
        case "json":
            let cardsFolder = set.path("scorecards")
            try AtomicFile.makeFolder(cardsFolder)
            for card in outcome.scorecards {
                writer.reset()
                scorer.write(card, to: &writer)
                set.add(
                    try AtomicFile.write(
                        writer.bytes + [0x0A],
                        to: (cardsFolder as NSString).appendingPathComponent(Self.fileName(for: card.candidateID))))
            }
        case "csv":
            try set.write(Array(ScoreCardTable.csv(outcome.scorecards, plan: plan).utf8), to: "scorecards.csv")
        default:
            // Written in pieces of a few megabytes, so the file is never held whole in memory.
            let file = try AtomicFileWriter(path: set.path("scorecards.jsonl"))
            for card in outcome.scorecards {
                scorer.write(card, to: &writer)
                writer.endLine()
                if writer.byteCount >= 4 << 20 {
                    try writer.withBytes { bytes throws(AtomicFile.WriteError) in try file.write(bytes) }
                    writer.reset()
                }
            }
            try writer.withBytes { bytes throws(AtomicFile.WriteError) in try file.write(bytes) }
            set.add(try file.commit())
            writer.reset()
        }
        try set.write(SummaryTable.csv(outcome.scorecards, plan: plan), to: "summary.csv")
        writer.reset()
        analysis.write(to: &writer, outcome: outcome, plan: plan)
        writer.endLine()
        try set.write(writer.bytes, to: "summary.json")
        var rejected: [UInt8] = []
        for rejection in outcome.rejections {
            writer.reset()
            rejection.write(to: &writer)
            rejected += writer.bytes + [0x0A]
        }
        try set.write(rejected, to: "rejected.jsonl")
        var entry: IndexReport.Entry?
        if let reports {
            let files: [(label: String, href: String)] = [
                ("summary.csv: one row per candidate, for a spreadsheet", "summary.csv"),
                ("summary.json: every figure of the batch report", "summary.json"),
                ("rejected.jsonl: every input not scored, with why", "rejected.jsonl"),
            ]
            entry = try reports.write(outcome, analysis: analysis, plan: plan, files: files, context: commandContext) {
                bytes, name throws(AtomicFile.WriteError) in try set.write(bytes, to: name)
            }
        }
        try set.commit()
        return entry
    }

    /// A file name from a candidate id: letters, digits, '-', '_' and '.' kept, the rest '_'.
    static func fileName(for id: String) -> String {
        let safe = String(
            id.unicodeScalars.map { scalar in
                scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar)
                    ? Character(scalar) : "_"
            })
        return (safe.hasPrefix(".") ? "_" + safe : safe) + ".json"
    }
}
