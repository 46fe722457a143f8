import Dispatch
import Foundation
import QuestionnaireEngine
import Submissions

/// What the batch analyses read of the scorecards' explanations: every scorecard's item scores,
/// one row per scorecard (key positions in the rubric's order, NaN when unanswered), and how
/// often each answer was given at each key position.
///
/// ``BatchScorer`` gathers it while it makes the scorecards, when each explanation is still in
/// cache; read back from a hundred thousand scorecards, the same table costs a pass over half
/// a gigabyte of explanation lines. ``init(_:keys:)`` reads it back, by the same rule
/// (``append(_:)``), for scorecards that come from elsewhere (merged states).
public struct ItemTable: Sendable {
    /// Key positions per row.
    public let keys: Int
    public private(set) var rows = 0
    /// Row-major codes: cell r × keys + k is row r's code at key position k, an index into the
    /// column's `values`, or the missing code. Item scores take few values, so while every
    /// column has at most 15, two cells share a byte (`packed`: cell i in byte i / 2, the low
    /// half for even i; 15 is missing); then a byte each (255 is missing).
    package private(set) var codes: [UInt8] = []
    /// Whether two cells share each byte of `codes`.
    package private(set) var packed = true
    /// Per key position, the distinct scores its codes stand for, in order of first appearance.
    package private(set) var values: [[Double]]
    /// Row-major scores, for a table whose columns took more distinct values than codes can
    /// name (then `codes` is empty); NaN when unanswered.
    package private(set) var numbers: [Double] = []
    package private(set) var answers: AnswerCounts
    /// Cells appended so far.
    private var cells = 0

    /// The code of an unanswered item, a byte to a cell.
    package static let missing: UInt8 = 255
    /// The code of an unanswered item, two cells to a byte.
    package static let missingPacked: UInt8 = 15
    /// Distinct scores a column may take before the table keeps numbers instead of codes.
    package static let mostCodes = 64

    package init(keys: Int) {
        self.keys = keys
        values = Array(repeating: [], count: keys)
        answers = AnswerCounts(columns: keys)
    }

    /// Reads scorecards' explanations back, on every core.
    package init(_ cards: [ScoreCard], keys: Int) {
        let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, cards.count / 4096))
        let shares = ShareSlots<ItemTable>(count: parts)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            var table = ItemTable(keys: keys)
            table.reserve(rows: cards.count * (part + 1) / parts - cards.count * part / parts)
            for index in (cards.count * part / parts)..<(cards.count * (part + 1) / parts) {
                table.append(cards[index].explanation)
            }
            shares.set(part, [table])
        }
        self.init(keys: keys)
        for share in shares.joined { append(contentsOf: share) }
    }

    /// Whether the table holds numbers rather than codes.
    package var holdsNumbers: Bool { codes.isEmpty && !numbers.isEmpty }

    /// Room for this many more rows.
    package mutating func reserve(rows more: Int) {
        if holdsNumbers {
            numbers.reserveCapacity(numbers.count + more * keys)
        } else {
            codes.reserveCapacity(codes.count + (packed ? (more * keys + 1) / 2 : more * keys))
        }
    }

    /// One scorecard's row: each line's item score at its key position, and its answer counted.
    package mutating func append(_ explanation: [ItemExplanation]) {
        explanation.withUnsafeBufferPointer { lines in
            for column in 0..<keys {
                guard column < lines.count else {
                    appendScore(nil, column: column)
                    continue
                }
                appendScore(lines[column].itemScore, column: column)
                if let answer = lines[column].answer { answers.add(answer, column: column) }
            }
        }
        rows += 1
    }

    /// A row of item scores (`nil` when unanswered), one per key position; no answers counted.
    package mutating func append(row scores: [Double?]) {
        for column in 0..<keys { appendScore(column < scores.count ? scores[column] : nil, column: column) }
        rows += 1
    }

    /// One cell of the row being appended.
    @inline(__always) private mutating func appendScore(_ score: Double?, column: Int) {
        defer { cells += 1 }
        guard !holdsNumbers else {
            numbers.append(score ?? .nan)
            return
        }
        guard let score else {
            appendCode(packed ? Self.missingPacked : Self.missing)
            return
        }
        if let code = code(of: score, column: column) {
            appendCode(code)
            return
        }
        // A column with more values than a half byte names takes a byte a cell from now on; one
        // with more than a byte's codes turns the whole table into numbers.
        if packed {
            unpack()
            if let code = code(of: score, column: column) {
                appendCode(code)
                return
            }
        }
        switchToNumbers()
        numbers.append(score)
    }

    @inline(__always) private mutating func appendCode(_ code: UInt8) {
        if !packed {
            codes.append(code)
        } else if cells & 1 == 0 {
            codes.append(code)
        } else {
            codes[codes.count - 1] |= code << 4
        }
    }

    /// The code of a score in a column, added when new; `nil` when the column has no room left.
    /// Scores compare by their bits, so a code gives back exactly the number it stands for.
    private mutating func code(of score: Double, column: Int) -> UInt8? {
        let bits = score.bitPattern
        let known = values[column]
        for index in known.indices where known[index].bitPattern == bits { return UInt8(index) }
        guard known.count < (packed ? Int(Self.missingPacked) : Self.mostCodes) else { return nil }
        values[column].append(score)
        return UInt8(known.count)
    }

    /// The code of cell `index`, missing as ``missing``.
    @inline(__always) private func code(atCell index: Int) -> UInt8 {
        guard packed else { return codes[index] }
        let code = (codes[index >> 1] >> ((index & 1) << 2)) & 0x0F
        return code == Self.missingPacked ? Self.missing : code
    }

    /// Rewrites the cells so far a byte each.
    private mutating func unpack() {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(max(codes.capacity * 2, cells + keys))
        for index in 0..<cells { bytes.append(code(atCell: index)) }
        codes = bytes
        packed = false
    }

    /// Rewrites the cells so far as numbers.
    private mutating func switchToNumbers() {
        var scores: [Double] = []
        scores.reserveCapacity(cells + keys)
        for index in 0..<cells {
            let code = code(atCell: index)
            scores.append(code == Self.missing ? .nan : values[index % keys][Int(code)])
        }
        numbers = scores
        codes = []
    }

    /// Row r's score at key position k, NaN when unanswered.
    package func score(row: Int, column: Int) -> Double {
        if holdsNumbers { return numbers[row * keys + column] }
        let code = code(atCell: row * keys + column)
        return code == Self.missing ? .nan : values[column][Int(code)]
    }

    /// Another table's rows after these, each cell coded again by this table's codes.
    package mutating func append(contentsOf other: ItemTable) {
        answers.add(other.answers)
        reserve(rows: other.rows)
        for row in 0..<other.rows {
            for column in 0..<keys {
                let score = other.score(row: row, column: column)
                appendScore(score.isNaN ? nil : score, column: column)
            }
        }
        rows += other.rows
    }
}

/// How often each answer was given, per key position: small whole numbers (scale points) in
/// arrays, anything else by hashing.
package struct AnswerCounts: Sendable {
    /// Column × 102 counts of the whole numbers 0…101, in one flat array.
    package var small: [Int]
    package var other: [[Answer: Int]]
    package static let smallValues = 102

    package init(columns: Int) {
        small = Array(repeating: 0, count: columns * Self.smallValues)
        other = Array(repeating: [:], count: columns)
    }

    @inline(__always) package mutating func add(_ answer: Answer, column: Int) {
        if case .number(let value) = answer, value >= 0, value <= 101, value == value.rounded() {
            small[column * Self.smallValues + Int(value)] += 1
        } else {
            other[column][answer, default: 0] += 1
        }
    }

    package mutating func add(_ counts: AnswerCounts) {
        for index in small.indices { small[index] += counts.small[index] }
        for column in other.indices { other[column].merge(counts.other[column], uniquingKeysWith: +) }
    }

    package var byColumn: [[Answer: Int]] {
        other.indices.map { column in
            var counts = other[column]
            for value in 0..<Self.smallValues where small[column * Self.smallValues + value] > 0 {
                counts[.number(Double(value))] = small[column * Self.smallValues + value]
            }
            return counts
        }
    }
}
