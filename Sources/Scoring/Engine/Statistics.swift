import Foundation
import Submissions

/// Small, exact statistics helpers used by the batch analytics. Every function returns `nil`
/// rather than NaN when its answer is undefined (too few values, zero variance).
package enum Statistics {
    package static func mean(_ values: [Double]) -> Double? {
        values.withUnsafeBufferPointer { mean($0) }
    }

    /// The sample variance (n − 1 in the denominator).
    package static func variance(_ values: [Double]) -> Double? {
        values.withUnsafeBufferPointer { variance($0) }
    }

    package static func standardDeviation(_ values: [Double]) -> Double? {
        values.withUnsafeBufferPointer { standardDeviation($0) }
    }

    /// Pearson's correlation; `nil` when either side does not vary.
    package static func correlation(_ x: [Double], _ y: [Double]) -> Double? {
        x.withUnsafeBufferPointer { x in y.withUnsafeBufferPointer { y in correlation(x, y) } }
    }

    // The formulas, once, over buffers: the arrays above and the stream's scratch space use them.

    package static func mean(_ values: UnsafeBufferPointer<Double>) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    package static func variance(_ values: UnsafeBufferPointer<Double>) -> Double? {
        guard values.count >= 2, let mean = mean(values) else { return nil }
        return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
    }

    package static func standardDeviation(_ values: UnsafeBufferPointer<Double>) -> Double? {
        variance(values).map { $0.squareRoot() }
    }

    package static func correlation(_ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>) -> Double? {
        guard x.count == y.count, x.count >= 2, let mx = mean(x), let my = mean(y) else { return nil }
        var sxy = 0.0
        var sxx = 0.0
        var syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    /// The median of the values.
    package static func median(_ values: [Double]) -> Double? {
        quantile(values.sorted(), 0.5)
    }

    /// A quantile of sorted values, interpolating linearly between order statistics (type 7, the
    /// default of R and numpy).
    package static func quantile(_ sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let position = p * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    /// The percentile rank of a value among sorted values: the share below plus half the share
    /// equal, × 100 (the mid-rank definition used for norms).
    /// - Complexity: O(log n), by binary search.
    package static func percentileRank(_ value: Double, in sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        func firstIndex(where predicate: (Double) -> Bool) -> Int {
            var low = 0
            var high = sorted.count
            while low < high {
                let middle = (low + high) / 2
                if predicate(sorted[middle]) { high = middle } else { low = middle + 1 }
            }
            return low
        }
        let below = firstIndex { $0 >= value - 1e-12 }
        let notAbove = firstIndex { $0 > value + 1e-12 }
        return 100 * (Double(below) + 0.5 * Double(notAbove - below)) / Double(sorted.count)
    }

    // MARK: Distributions
}

/// Two decimals for sentences: `0.83`.
package func twoDecimals(_ value: Double) -> String {
    guard value.isFinite, abs(value) < 1e13 else { return value.isFinite ? String(value) : "n/a" }
    let hundredths = (value * 100).rounded()
    let sign = hundredths < 0 ? "−" : ""
    let magnitude = Int(abs(hundredths))
    return "\(sign)\(magnitude / 100).\(magnitude % 100 < 10 ? "0" : "")\(magnitude % 100)"
}
