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
    ) throws(BatchOutputError) -> IndexReport.Entry? {
        var set: OutputSet
        do {
            set = try OutputSet(folder: out, context: commandContext)
        } catch {
            throw .write(error)
        }
        try writeTables(
            BatchScorecards(outcome.scorecards), read: outcome.read, accepted: outcome.accepted,
            rejections: outcome.rejections, analysis: analysis, plan: plan, into: &set)
        var entry: IndexReport.Entry?
        do {
            if let reports {
                let files: [(label: String, href: String)] = [
                    ("summary.csv: one row per candidate, for a spreadsheet", "summary.csv"),
                    ("summary.json: every figure of the batch report", "summary.json"),
                    ("rejected.jsonl: every input not scored, with why", "rejected.jsonl"),
                ]
                entry = try reports.write(
                    outcome, analysis: analysis, plan: plan, files: files, context: commandContext
                ) { bytes, name throws(AtomicFile.WriteError) in try set.write(bytes, to: name) }
            }
            try set.commit()
        } catch {
            throw .write(error)
        }
        return entry
    }

    /// Writes the outputs but reports into `out` as one set, scorecards taken one at a time.
    func write(
        _ cards: BatchScorecards, read: Int, accepted: Int, rejections: [Rejection], analysis: BatchAnalysis,
        plan: ScoringPlan, to out: String, context: CommandContext
    ) throws(BatchOutputError) {
        var set: OutputSet
        do {
            set = try OutputSet(folder: out, context: context)
        } catch {
            throw .write(error)
        }
        try writeTables(
            cards, read: read, accepted: accepted, rejections: rejections, analysis: analysis, plan: plan,
            into: &set)
        do {
            try set.commit()
        } catch {
            throw .write(error)
        }
    }

    /// Scorecards, `summary.csv`, `summary.json` and `rejected.jsonl`, added to `set`. Scorecards
    /// are taken one at a time and written in pieces of a few megabytes.
    private func writeTables(
        _ cards: BatchScorecards, read: Int, accepted: Int, rejections: [Rejection], analysis: BatchAnalysis,
        plan: ScoringPlan, into set: inout OutputSet
    ) throws(BatchOutputError) {
        func each(_ rows: [Int], _ body: (ScoreCard) throws(BatchOutputError) -> Void) throws(BatchOutputError) {
            do {
                try cards.forEach(rows, body)
            } catch {
                switch error {
                case .readBack(let problem): throw .readBack(problem)
                case .body(let problem): throw problem
                }
            }
        }
        func writing<T>(_ body: () throws(AtomicFile.WriteError) -> T) throws(BatchOutputError) -> T {
            do {
                return try body()
            } catch {
                throw .write(error)
            }
        }
        var writer = JSONWriter(reservingCapacity: 1 << 16)
        let scorer = Scorer(plan: plan, explanation: explanation)
        // Scorecards made again as they are asked for: each one's summary.csv line is made in the
        // scorecards' pass and kept in a scratch file of the folder, then put in rank order from
        // there, rather than every scorecard made a second time in rank order.
        let scratch: SummaryScratch? =
            cards.held
            ? nil
            : try writing { () throws(AtomicFile.WriteError) in
                try SummaryScratch(path: set.path("summary.csv"), rows: cards.count)
            }
        var position = 0
        func eachInOrder(_ body: (ScoreCard) throws(BatchOutputError) -> Void) throws(BatchOutputError) {
            try each(cards.order) { card throws(BatchOutputError) in
                try body(card)
                if let scratch {
                    try writing { () throws(AtomicFile.WriteError) in
                        try scratch.add(card, row: cards.order[position], plan: plan)
                    }
                }
                position += 1
            }
        }
        switch format {
        case "json":
            let cardsFolder = set.path("scorecards")
            try writing { () throws(AtomicFile.WriteError) in try AtomicFile.makeFolder(cardsFolder) }
            try eachInOrder { card throws(BatchOutputError) in
                writer.reset()
                scorer.write(card, to: &writer)
                let written = try writing { () throws(AtomicFile.WriteError) in
                    try AtomicFile.write(
                        writer.bytes + [0x0A],
                        to: (cardsFolder as NSString).appendingPathComponent(Self.fileName(for: card.candidateID)))
                }
                set.add(written)
            }
        case "csv":
            var all: [ScoreCard] = []
            try eachInOrder { all.append($0) }
            let table = Array(ScoreCardTable.csv(all, plan: plan).utf8)
            try writing { () throws(AtomicFile.WriteError) in try set.write(table, to: "scorecards.csv") }
        default:
            try writeInPieces(to: "scorecards.jsonl", in: &set) { file throws(BatchOutputError) in
                try eachInOrder { card throws(BatchOutputError) in
                    scorer.write(card, to: &writer)
                    writer.endLine()
                    if writer.byteCount >= 4 << 20 { try flush(&writer, to: file) }
                }
                try flush(&writer, to: file)
            }
        }
        var text = SummaryTable.header(plan: plan)
        try writeInPieces(to: "summary.csv", in: &set) { file throws(BatchOutputError) in
            func write() throws(BatchOutputError) {
                try writing { () throws(AtomicFile.WriteError) in
                    try text.withUnsafeBufferPointer { bytes throws(AtomicFile.WriteError) in try file.write(bytes) }
                }
                text.removeAll(keepingCapacity: true)
            }
            if let scratch {
                try writing { () throws(AtomicFile.WriteError) in try scratch.finish() }
                for (rank, row) in cards.ranked.enumerated() {
                    text += String(rank + 1).utf8
                    try writing { () throws(AtomicFile.WriteError) in try scratch.appendFields(of: row, to: &text) }
                    if text.count >= 4 << 20 { try write() }
                }
            } else {
                var rank = 0
                try each(cards.ranked) { card throws(BatchOutputError) in
                    rank += 1
                    SummaryTable.appendRow(card, rank: rank, plan: plan, to: &text)
                    if text.count >= 4 << 20 { try write() }
                }
            }
            try write()
        }
        writer.reset()
        analysis.write(to: &writer, read: read, accepted: accepted, rejected: rejections.count, plan: plan)
        writer.endLine()
        let summary = writer.bytes
        try writing { () throws(AtomicFile.WriteError) in try set.write(summary, to: "summary.json") }
        var rejected: [UInt8] = []
        for rejection in rejections {
            writer.reset()
            rejection.write(to: &writer)
            rejected += writer.bytes + [0x0A]
        }
        try writing { () throws(AtomicFile.WriteError) in try set.write(rejected, to: "rejected.jsonl") }
    }

    /// Writes one file of the set through `body`, atomically.
    private func writeInPieces(
        to name: String, in set: inout OutputSet, _ body: (AtomicFileWriter) throws(BatchOutputError) -> Void
    ) throws(BatchOutputError) {
        let file: AtomicFileWriter
        do {
            file = try AtomicFileWriter(path: set.path(name))
        } catch {
            throw .write(error)
        }
        try body(file)
        do {
            set.add(try file.commit())
        } catch {
            throw .write(error)
        }
    }

    private func flush(_ writer: inout JSONWriter, to file: AtomicFileWriter) throws(BatchOutputError) {
        do {
            try writer.withBytes { bytes throws(AtomicFile.WriteError) in try file.write(bytes) }
        } catch {
            throw .write(error)
        }
        writer.reset()
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

/// `summary.csv` lines without their rank, made in the order scorecards are written and kept in
/// a scratch file beside the output (removed when done, or by the next run if this one is
/// killed), each found again by its row.
private final class SummaryScratch {
    private let file: AtomicFileWriter
    private var reader: Int32 = -1
    private var pending: [UInt8] = []
    private var written = 0
    private var offsets: [Int]
    private var lengths: [UInt32]

    /// - Parameter path: the summary's path; the scratch file is a temporary file beside it.
    init(path: String, rows: Int) throws(AtomicFile.WriteError) {
        file = try AtomicFileWriter(path: path + ".lines", hashing: false)
        offsets = [Int](repeating: 0, count: rows)
        lengths = [UInt32](repeating: 0, count: rows)
    }

    deinit {
        if reader >= 0 { Platform.close(reader) }
    }

    func add(_ card: ScoreCard, row: Int, plan: ScoringPlan) throws(AtomicFile.WriteError) {
        let start = pending.count
        SummaryTable.appendFields(card, plan: plan, to: &pending)
        offsets[row] = written + start
        lengths[row] = UInt32(pending.count - start)
        if pending.count >= 4 << 20 { try flush() }
    }

    private func flush() throws(AtomicFile.WriteError) {
        try pending.withUnsafeBufferPointer { bytes throws(AtomicFile.WriteError) in try file.write(bytes) }
        written += pending.count
        pending.removeAll(keepingCapacity: true)
    }

    /// Every line written; from now on they are read back.
    func finish() throws(AtomicFile.WriteError) {
        try flush()
        reader = open(file.temporary, O_RDONLY | O_CLOEXEC)
        if reader < 0 {
            throw AtomicFile.WriteError(path: file.path, reason: Platform.describe(errno: Platform.currentErrno))
        }
    }

    /// Appends a row's line (after its rank) to `text`.
    func appendFields(of row: Int, to text: inout [UInt8]) throws(AtomicFile.WriteError) {
        do {
            text += try LineFile.line(
                at: LineFile.Place(offset: offsets[row], length: Int(lengths[row])), descriptor: reader,
                displayPath: file.path)
        } catch {
            throw AtomicFile.WriteError(path: file.path, reason: error.message)
        }
    }
}
