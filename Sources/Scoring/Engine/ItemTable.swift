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
    /// Row-major: row r's code at key position k is at r × keys + k: an index into the column's
    /// `values`, or ``missing``. Item scores take few values, so a row is a byte per key.
    package private(set) var codes: [UInt8] = []
    /// Per key position, the distinct scores its codes stand for, in order of first appearance.
    package private(set) var values: [[Double]]
    /// Row-major scores, for a table whose columns took more distinct values than codes can
    /// name (then `codes` is empty); NaN when unanswered.
    package private(set) var numbers: [Double] = []
    package private(set) var answers: AnswerCounts

    /// The code of an unanswered item.
    package static let missing: UInt8 = 255
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
            codes.reserveCapacity(codes.count + more * keys)
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

    /// One cell of the row being appended.
    @inline(__always) private mutating func appendScore(_ score: Double?, column: Int) {
        guard !holdsNumbers else {
            numbers.append(score ?? .nan)
            return
        }
        guard let score else {
            codes.append(Self.missing)
            return
        }
        if let code = code(of: score, column: column) {
            codes.append(code)
        } else {
            // The first cell that cannot be coded turns the whole table into numbers.
            switchToNumbers()
            numbers.append(score)
        }
    }

    /// The code of a score in a column, added when new; `nil` when the column has no room left.
    /// Scores compare by their bits, so a code gives back exactly the number it stands for.
    private mutating func code(of score: Double, column: Int) -> UInt8? {
        let bits = score.bitPattern
        let known = values[column]
        for index in known.indices where known[index].bitPattern == bits { return UInt8(index) }
        guard known.count < Self.mostCodes else { return nil }
        values[column].append(score)
        return UInt8(known.count)
    }

    /// Rewrites the rows so far as numbers.
    private mutating func switchToNumbers() {
        numbers.reserveCapacity(codes.count + keys)
        for (index, code) in codes.enumerated() {
            numbers.append(code == Self.missing ? .nan : values[index % keys][Int(code)])
        }
        codes = []
    }

    /// Row r's score at key position k, NaN when unanswered.
    package func score(row: Int, column: Int) -> Double {
        if holdsNumbers { return numbers[row * keys + column] }
        let code = codes[row * keys + column]
        return code == Self.missing ? .nan : values[column][Int(code)]
    }

    /// Another table's rows after these, its codes renumbered into this table's.
    package mutating func append(contentsOf other: ItemTable) {
        answers.add(other.answers)
        defer { rows += other.rows }
        if !holdsNumbers, !other.holdsNumbers {
            var renumbered: [[UInt8]] = []
            for column in 0..<keys {
                var map: [UInt8] = []
                for value in other.values[column] {
                    guard let code = code(of: value, column: column) else { break }
                    map.append(code)
                }
                renumbered.append(map)
            }
            if renumbered.indices.allSatisfy({ renumbered[$0].count == other.values[$0].count }) {
                codes.reserveCapacity(codes.count + other.codes.count)
                for (index, code) in other.codes.enumerated() {
                    codes.append(code == Self.missing ? code : renumbered[index % keys][Int(code)])
                }
                return
            }
        }
        if !holdsNumbers { switchToNumbers() }
        numbers.reserveCapacity(numbers.count + other.rows * keys)
        for row in 0..<other.rows {
            for column in 0..<keys { numbers.append(other.score(row: row, column: column)) }
        }
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
