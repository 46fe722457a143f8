import Scoring

/// A batch's scorecards as its outputs read them: one per row, in the order they are written
/// and in ranked order. Held in memory when scored here, or read back from analysis states a
/// line at a time (`summary merge`), so a million never need be held at once.
struct BatchScorecards {
    /// Rows in the order scorecards are written.
    var order: [Int]
    /// Rows ranked (``SummaryTable/rankOrder(_:overall:ids:)``).
    var ranked: [Int]
    /// Some rows' scorecards, in the order asked, with the batch's standing and precision
    /// written on them.
    var cards: (ArraySlice<Int>) throws(ReadBackError) -> [ScoreCard]

    /// Whether the scorecards are in memory (else each is made again when asked).
    var held = false

    var count: Int { order.count }

    /// Scorecards held in memory, written in their order.
    init(_ cards: [ScoreCard]) {
        order = Array(cards.indices)
        ranked = SummaryTable.rankOrder(cards)
        self.cards = { rows in rows.map { cards[$0] } }
        held = true
    }

    init(order: [Int], ranked: [Int], cards: @escaping (ArraySlice<Int>) throws(ReadBackError) -> [ScoreCard]) {
        self.order = order
        self.ranked = ranked
        self.cards = cards
    }

    /// Rows taken at a time: enough to share out the reading of them, few enough to hold.
    static let batchRows = 512

    /// Calls `body` with each row's scorecard, rows in the order given, a batch read at a time.
    func forEach<Failure: Error>(
        _ rows: [Int], _ body: (ScoreCard) throws(Failure) -> Void
    ) throws(BatchScorecardsError<Failure>) {
        var start = 0
        while start < rows.count {
            let end = min(start + Self.batchRows, rows.count)
            let batch: [ScoreCard]
            do {
                batch = try cards(rows[start..<end])
            } catch {
                throw .readBack(error)
            }
            for card in batch {
                do {
                    try body(card)
                } catch {
                    throw .body(error)
                }
            }
            start = end
        }
    }
}

/// A scorecard that could not be read back, or what the caller's body threw.
enum BatchScorecardsError<Failure: Error>: Error {
    case readBack(ReadBackError)
    case body(Failure)
}

/// A scorecard that could not be read back from where it was found.
struct ReadBackError: Error, CustomStringConvertible {
    var description: String
}

/// Why a batch's outputs could not be written: a file, a scorecard read back for it, or what
/// the reports need (templates, earlier decisions), in lines to print.
enum BatchOutputError: Error, CustomStringConvertible {
    case write(AtomicFile.WriteError)
    case readBack(ReadBackError)
    case setUp([String])

    var description: String {
        switch self {
        case .write(let error): error.description
        case .readBack(let error): error.description
        case .setUp(let lines): lines.joined(separator: "\n")
        }
    }
}
