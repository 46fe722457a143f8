import Testing

@testable import Scoring

/// The analyses' table of item scores: codes, half a byte each while columns take at most 15
/// values, a byte each up to 64, numbers beyond, and every score read back bit for bit.
@Suite("ItemTable")
struct ItemTableTests {
    /// Rows of `keys` scores, column k drawing from `distinct[k]` values (nil one cell in 7).
    static func rows(count: Int, keys: Int, distinct: [Int]) -> [[Double?]] {
        (0..<count).map { row in
            (0..<keys).map { column -> Double? in
                let draw = (row * 7919 + column * 104_729) % 1_000_003
                guard draw % 7 != 0 else { return nil }
                // Values that are not small whole numbers, and a negative zero, to test the bits.
                let value = Double(draw % distinct[column]) * 0.1 - 0.35
                return draw % 11 == 0 && column == 0 ? -0.0 : value
            }
        }
    }

    func check(_ rows: [[Double?]], keys: Int, packed: Bool, numbers: Bool) {
        var table = ItemTable(keys: keys)
        for row in rows { table.append(row: row) }
        #expect(table.packed == packed && table.holdsNumbers == numbers)
        #expect(table.rows == rows.count)
        var failures = 0
        for (r, row) in rows.enumerated() {
            for column in 0..<keys {
                let expected = row[column] ?? .nan
                if table.score(row: r, column: column).bitPattern != expected.bitPattern { failures += 1 }
            }
        }
        #expect(failures == 0)
        // Another table appended gives the same cells after these.
        var doubled = table
        doubled.append(contentsOf: table)
        #expect(doubled.rows == 2 * rows.count)
        #expect(
            (0..<rows.count).allSatisfy { r in
                (0..<keys).allSatisfy {
                    doubled.score(row: r + rows.count, column: $0).bitPattern
                        == table.score(row: r, column: $0).bitPattern
                }
            })
    }

    @Test("scale points: half a byte a cell, read back bit for bit, -0 apart from 0")
    func packed() {
        check(Self.rows(count: 1001, keys: 5, distinct: [5, 7, 15, 2, 9]), keys: 5, packed: true, numbers: false)
    }

    @Test("a column of 16 to 64 values: a byte a cell, the earlier cells rewritten")
    func bytes() {
        check(Self.rows(count: 1001, keys: 5, distinct: [5, 40, 15, 2, 9]), keys: 5, packed: false, numbers: false)
    }

    @Test("a column of more than 64 values: numbers")
    func numbers() {
        check(Self.rows(count: 1001, keys: 3, distinct: [5, 500, 3]), keys: 3, packed: false, numbers: true)
    }
}
