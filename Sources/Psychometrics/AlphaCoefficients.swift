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

    /// Σ aᵢbᵢ with four running sums, so the additions overlap instead of waiting on each other.
    static func dot(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>) -> Double {
        let count = min(a.count, b.count)
        var (s0, s1, s2, s3) = (0.0, 0.0, 0.0, 0.0)
        var row = 0
        while row + 4 <= count {
            s0 += a[row] * b[row]
            s1 += a[row + 1] * b[row + 1]
            s2 += a[row + 2] * b[row + 2]
            s3 += a[row + 3] * b[row + 3]
            row += 4
        }
        while row < count {
            s0 += a[row] * b[row]
            row += 1
        }
        return (s0 + s1) + (s2 + s3)
    }

    /// The same from the table's columns (one array per item, the same length each).
    public init?(columns: [[Double]], deletion: Deletion) {
        let items = columns.count
        guard items >= 2, let count = columns.first?.count else { return nil }
        self.deletion = deletion
        covariance = Matrix(rows: items, columns: items)
        correlation = Matrix(rows: items, columns: items)
        // With no answer missing, each pair's own people are everyone: pairwise is listwise.
        let anyMissing = columns.contains { $0.contains(where: \.isNaN) }
        switch (deletion, anyMissing) {
        case (.listwise, _), (.pairwise, false):
            var complete = [Bool](repeating: true, count: count)
            for column in columns {
                for row in 0..<count where column[row].isNaN { complete[row] = false }
            }
            let n = complete.reduce(0) { $0 + ($1 ? 1 : 0) }
            guard n >= 2 else { return nil }
            cases = deletion == .pairwise ? count : n
            // The complete rows, centred, in one contiguous column each: the cross-products
            // are then plain dot products (k² n / 2 of them for an instrument of k items).
            let centred: [[Double]] = columns.map { column in
                var sum = 0.0
                for row in 0..<count where complete[row] { sum += column[row] }
                let mean = sum / Double(n)
                var values: [Double] = []
                values.reserveCapacity(n)
                for row in 0..<count where complete[row] { values.append(column[row] - mean) }
                return values
            }
            // Rows in blocks that fit in cache with every column: each column is read from
            // memory once, not once per pair.
            var sums = [Double](repeating: 0, count: items * items)
            let block = 2048
            for start in stride(from: 0, to: n, by: block) {
                let end = min(start + block, n)
                for i in 0..<items {
                    centred[i].withUnsafeBufferPointer { whole in
                        let a = UnsafeBufferPointer(rebasing: whole[start..<end])
                        for j in i..<items {
                            sums[i * items + j] += centred[j].withUnsafeBufferPointer { other in
                                Self.dot(a, UnsafeBufferPointer(rebasing: other[start..<end]))
                            }
                        }
                    }
                }
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
