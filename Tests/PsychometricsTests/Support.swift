import Foundation
import Testing

/// psych's `bfi` (see Reference/reference_values.py): 2,800 rows of 25 items (1–6, NaN missing),
/// gender (1 man, 2 woman), education, age; A1, C4, C5, E1, E2, O2, O5 reversed as psych keys them.
struct BigFive {
    static let shared = BigFive()
    static let reversed: Set<String> = ["A1", "C4", "C5", "E1", "E2", "O2", "O5"]

    let columns: [String]
    let rows: [[Double]]

    init() {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/bfi.csv")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n")
        let header = lines.first.map { $0.split(separator: ",").map(String.init) } ?? []
        columns = header
        let reversedColumns = Set(header.indices.filter { Self.reversed.contains(header[$0]) })
        rows = lines.dropFirst().map { line in
            line.split(separator: ",", omittingEmptySubsequences: false).enumerated().map { index, cell in
                guard let value = Double(cell) else { return .nan }
                return reversedColumns.contains(index) ? 7 - value : value
            }
        }
    }

    func column(_ name: String) -> Int { columns.firstIndex(of: name) ?? -1 }

    /// The five items of a scale ("A", "C", "E", "N", "O"), one row per person.
    func scale(_ letter: String) -> [[Double]] {
        let indices = (1...5).map { column("\(letter)\($0)") }
        return rows.map { row in indices.map { row[$0] } }
    }

    /// Each person's mean of their answered items of a scale (NaN when none), as psych scores.
    func scaleScores(_ letter: String) -> [Double] {
        scale(letter).map { items in
            let answered = items.filter { !$0.isNaN }
            return answered.isEmpty ? .nan : answered.reduce(0, +) / Double(answered.count)
        }
    }
}

func close(_ value: Double?, _ expected: Double, tolerance: Double = 1e-9) -> Bool {
    guard let value else { return false }
    return abs(value - expected) <= tolerance * max(1, abs(expected))
}
