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
    /// Row-major: row r's score at key position k is at r × keys + k.
    package private(set) var scores: [Double] = []
    package private(set) var answers: AnswerCounts

    package init(keys: Int) {
        self.keys = keys
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

    /// Room for this many more rows.
    package mutating func reserve(rows more: Int) {
        scores.reserveCapacity(scores.count + more * keys)
    }

    /// One scorecard's row: each line's item score at its key position, and its answer counted.
    package mutating func append(_ explanation: [ItemExplanation]) {
        explanation.withUnsafeBufferPointer { lines in
            for column in 0..<keys {
                guard column < lines.count else {
                    scores.append(.nan)
                    continue
                }
                scores.append(lines[column].itemScore ?? .nan)
                if let answer = lines[column].answer { answers.add(answer, column: column) }
            }
        }
        rows += 1
    }

    /// Another table's rows after these.
    package mutating func append(contentsOf other: ItemTable) {
        scores.append(contentsOf: other.scores)
        answers.add(other.answers)
        rows += other.rows
    }

    /// The item scores one column per key position, rows taken in `order`; on every core.
    package func columns(order: [Int]) -> [[Double]] {
        let count = order.count
        var table = [Double](repeating: .nan, count: count * keys)
        let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count / 4096))
        table.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let shared = TableRows(base: base)
            let scores = scores
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                for position in (count * part / parts)..<(count * (part + 1) / parts) {
                    let row = order[position] * keys
                    for column in 0..<keys { shared.base[column * count + position] = scores[row + column] }
                }
            }
        }
        return (0..<keys).map { Array(table[($0 * count)..<(($0 + 1) * count)]) }
    }
}

/// The column table's storage while threads fill disjoint entries of it.
private struct TableRows: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
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
