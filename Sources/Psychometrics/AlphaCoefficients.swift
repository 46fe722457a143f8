import Foundation

/// Item covariances and correlations of a scale, from a table of item scores (rows people,
/// columns items, NaN for a missing answer), with the deletion rule stated.
public struct ItemCovariance: Sendable {
    /// How missing answers were handled.
    public enum Deletion: String, Sendable {
        /// Only people who answered every item (SPSS's default, pingouin's `listwise`).
        case listwise
        /// Each pair of items over the people who answered both (R `use = "pairwise"`, psych's
        /// default, pingouin's `pairwise`): covariances and correlations use that pair's own means.
        case pairwise
    }

    public var deletion: Deletion
    public var covariance: Matrix
    public var correlation: Matrix
    /// People behind the figures: complete rows (listwise) or all rows (pairwise, as psych and
    /// pingouin count them for the intervals).
    public var cases: Int

    /// `nil` when fewer than 2 items, fewer than 2 usable people, or a pair of items with fewer
    /// than 2 people in common.
    public init?(_ rows: [[Double]], deletion: Deletion) {
        guard let items = rows.first?.count, items >= 2 else { return nil }
        let columns = (0..<items).map { item in rows.map { $0[item] } }
        self.init(columns: columns, deletion: deletion)
    }

    /// Σ xᵢxⱼ over the rows for every i ≤ j, from `padded` columns of `rows` values each (row
    /// r of column c at c·rows + r), added to entry i·items + j of `sums`.
    ///
    /// Rows in blocks that stay in cache with every column, and 4 × 2 tiles of pairs: each
    /// value read serves 4 or 2 sums, and the 8 sums of a tile advance independently.
    static func crossProducts(_ centred: [Double], items: Int, padded: Int, rows: Int, into sums: inout [Double]) {
        let block = crossProductBlock
        centred.withUnsafeBufferPointer { x in
            guard let x = x.baseAddress else { return }
            for start in stride(from: 0, to: rows, by: block) {
                let end = min(start + block, rows)
                for i in stride(from: 0, to: items, by: 4) {
                    let a0 = x + i * rows
                    let a1 = a0 + rows
                    let a2 = a1 + rows
                    let a3 = a2 + rows
                    // j from the tile's first column: pairs with j < i are summed and not kept.
                    for j in stride(from: i, to: padded, by: 2) {
                        let b0 = x + j * rows
                        let b1 = b0 + rows
                        // Two rows at a time in SIMD2 lanes (the machine's baseline vector width).
                        var (s00, s01, s10, s11) = (SIMD2<Double>(), SIMD2<Double>(), SIMD2<Double>(), SIMD2<Double>())
                        var (s20, s21, s30, s31) = (SIMD2<Double>(), SIMD2<Double>(), SIMD2<Double>(), SIMD2<Double>())
                        var row = start
                        while row < end {
                            // The last row of an odd block pairs with a zero.
                            let next = row + 1 < end
                            @inline(__always) func pair(_ column: UnsafePointer<Double>) -> SIMD2<Double> {
                                SIMD2(column[row], next ? column[row + 1] : 0)
                            }
                            let (p, q) = (pair(b0), pair(b1))
                            let (u0, u1, u2, u3) = (pair(a0), pair(a1), pair(a2), pair(a3))
                            s00 += u0 * p
                            s01 += u0 * q
                            s10 += u1 * p
                            s11 += u1 * q
                            s20 += u2 * p
                            s21 += u2 * q
                            s30 += u3 * p
                            s31 += u3 * q
                            row += 2
                        }
                        func keep(_ di: Int, _ dj: Int, _ value: SIMD2<Double>) {
                            let (row, column) = (i + di, j + dj)
                            if row < items, column < items, column >= row { sums[row * items + column] += value.sum() }
                        }
                        keep(0, 0, s00)
                        keep(0, 1, s01)
                        keep(1, 0, s10)
                        keep(1, 1, s11)
                        keep(2, 0, s20)
                        keep(2, 1, s21)
                        keep(3, 0, s30)
                        keep(3, 1, s31)
                    }
                }
            }
        }
    }

    /// Rows summed together in ``crossProducts(_:items:padded:rows:into:)``.
    static let crossProductBlock = 1024

    /// The same from the table's columns (one array per item, the same length each).
    public init?(columns: [[Double]], deletion: Deletion) {
        self.init(columns: columns.map(ScoreColumn.init), deletion: deletion)
    }

    /// The same from score columns (the same length each).
    ///
    /// The complete rows are centred and summed a block at a time, so a million people need a few
    /// megabytes here, not a copy of the table; the sums run in the same order as over one block.
    public init?(columns: [ScoreColumn], deletion: Deletion) {
        let items = columns.count
        guard items >= 2, let count = columns.first?.count else { return nil }
        self.deletion = deletion
        covariance = Matrix(rows: items, columns: items)
        correlation = Matrix(rows: items, columns: items)
        // With no answer missing, each pair's own people are everyone: pairwise is listwise.
        let anyMissing = columns.contains { $0.hasMissing }
        switch (deletion, anyMissing) {
        case (.listwise, _), (.pairwise, false):
            var complete = [Bool](repeating: true, count: count)
            if anyMissing {
                for column in columns {
                    for row in 0..<count where column[row].isNaN { complete[row] = false }
                }
            }
            let n = complete.reduce(0) { $0 + ($1 ? 1 : 0) }
            guard n >= 2 else { return nil }
            cases = deletion == .pairwise ? count : n
            var means = [Double](repeating: 0, count: items)
            for (item, column) in columns.enumerated() {
                var sum = 0.0
                for row in 0..<count where complete[row] { sum += column[row] }
                means[item] = sum / Double(n)
            }
            // Blocks of complete rows, centred, one contiguous column each, padded with zero
            // columns to a multiple of 4 (they add nothing to any sum). A block is a whole number
            // of ``crossProducts``' own blocks, so the sums add up in the same order.
            let padded = (items + 3) / 4 * 4
            let blockRows = min(n, Self.crossProductBlock * 8)
            var centred = [Double](repeating: 0, count: padded * blockRows)
            var sums = [Double](repeating: 0, count: items * items)
            var row = 0
            var taken = 0
            while taken < n {
                let rows = min(blockRows, n - taken)
                if rows < blockRows {
                    for index in (items * rows)..<(padded * rows) { centred[index] = 0 }
                }
                var filled = 0
                while filled < rows {
                    if complete[row] {
                        for item in 0..<items { centred[item * rows + filled] = columns[item][row] - means[item] }
                        filled += 1
                    }
                    row += 1
                }
                Self.crossProducts(centred, items: items, padded: padded, rows: rows, into: &sums)
                taken += rows
            }
            for i in 0..<items {
                for j in i..<items {
                    covariance[i, j] = sums[i * items + j] / Double(n - 1)
                    covariance[j, i] = covariance[i, j]
                }
            }
            for i in 0..<items {
                for j in 0..<items {
                    correlation[i, j] = covariance[i, j] / (covariance[i, i] * covariance[j, j]).squareRoot()
                }
            }
        case (.pairwise, true):
            cases = count
            for i in 0..<items {
                for j in i..<items {
                    let a = columns[i]
                    let b = columns[j]
                    var n = 0
                    var sumA = 0.0
                    var sumB = 0.0
                    for row in 0..<count where !a[row].isNaN && !b[row].isNaN {
                        n += 1
                        sumA += a[row]
                        sumB += b[row]
                    }
                    guard n >= 2 else { return nil }
                    let meanA = sumA / Double(n)
                    let meanB = sumB / Double(n)
                    var cross = 0.0
                    var squaresA = 0.0
                    var squaresB = 0.0
                    for row in 0..<count where !a[row].isNaN && !b[row].isNaN {
                        cross += (a[row] - meanA) * (b[row] - meanB)
                        squaresA += (a[row] - meanA) * (a[row] - meanA)
                        squaresB += (b[row] - meanB) * (b[row] - meanB)
                    }
                    covariance[i, j] = cross / Double(n - 1)
                    covariance[j, i] = covariance[i, j]
                    correlation[i, j] = i == j ? 1 : cross / (squaresA * squaresB).squareRoot()
                    correlation[j, i] = correlation[i, j]
                }
            }
        }
        guard covariance.values.allSatisfy(\.isFinite), correlation.values.allSatisfy(\.isFinite),
            covariance.diagonal.allSatisfy({ $0 > 0 })
        else { return nil }
    }
}

/// The reliability coefficients `psych::alpha` prints for a scale, from its item covariances
/// and correlations (psych 2.5, `alpha.1`; the same formulas give pingouin's alpha).
public struct AlphaCoefficients: Sendable, Hashable {
    /// Cronbach's α from the covariances: k/(k−1) · (1 − tr C / ΣC).
    public var raw: Double
    /// α from the correlations: k/(k−1) · (1 − k / ΣR).
    public var standardized: Double
    /// Guttman's λ6 with squared multiple correlations: 1 − (k − Σ smc) / ΣR; `nil` when R is
    /// singular.
    public var guttmanLambda6: Double?
    /// The mean correlation between items: (ΣR − k) / (k(k − 1)).
    public var averageCorrelation: Double
    /// Signal-to-noise ratio: k·r̄ / (1 − r̄).
    public var signalToNoise: Double
    /// Duhachek & Iacobucci's (2004) asymptotic standard error of α.
    public var standardError: Double
    /// Feldt's (1965) 95% interval, from the F distribution.
    public var feldt: Interval
    /// Duhachek's 95% interval: α ± z(0.975) · standard error.
    public var duhachek: Interval

    /// `nil` when the scale's variance is nil (every total the same).
    public init?(_ items: ItemCovariance) {
        let c = items.covariance
        let r = items.correlation
        let k = Double(c.rows)
        let total = c.sum
        guard total > 0, c.rows >= 2 else { return nil }
        raw = (1 - c.trace / total) * k / (k - 1)
        let sumR = r.sum
        standardized = (1 - k / sumR) * k / (k - 1)
        if let inverse = Cholesky(r)?.inverse {
            let smc = inverse.diagonal.map { 1 - 1 / $0 }
            guttmanLambda6 = 1 - (k - smc.reduce(0, +)) / sumR
        }
        averageCorrelation = (sumR - k) / (k * (k - 1))
        signalToNoise = k * averageCorrelation / (1 - averageCorrelation)
        let cc = c * c
        let q =
            (2 * k * k / ((k - 1) * (k - 1) * total * total * total))
            * (total * (cc.trace + c.trace * c.trace) - 2 * c.trace * cc.sum)
        standardError = max(q, 0).squareRoot() / Double(items.cases).squareRoot()
        let n = Double(items.cases)
        let d1 = n - 1
        let d2 = (n - 1) * (k - 1)
        feldt = Interval(
            1 - (1 - raw) * Distributions.fQuantile(0.975, d1, d2),
            1 - (1 - raw) * Distributions.fQuantile(0.025, d1, d2))
        let z = Distributions.normalQuantile(0.975)
        duhachek = Interval(raw - z * standardError, raw + z * standardError)
    }
}
