import Foundation

/// A minimum-residual factor analysis of a correlation matrix, as `psych::fa(fm = "minres")`
/// finds it: the loadings that minimise the squared off-diagonal residuals. Found here by
/// iterated principal axes (communalities start at the squared multiple correlations and are
/// iterated to a fixed point, 1e-12), whose fixed points are the minres (ULS) solutions; a
/// communality is kept at or below 0.995, as psych bounds uniquenesses at 0.005.
public struct MinresFactors: Sendable {
    /// Items × factors, each factor's largest loading positive.
    public var loadings: Matrix
    public var communalities: [Double]
    public var iterations: Int
    public var converged: Bool

    /// `nil` when the matrix is singular or has fewer items than 2 × factors.
    public init?(_ correlation: Matrix, factors: Int) {
        let size = correlation.rows
        guard factors >= 1, size >= 2 * factors, let inverse = Cholesky(correlation)?.inverse else { return nil }
        var communalities = inverse.diagonal.map { min(max(1 - 1 / $0, 0.005), 0.995) }
        var loadings = Matrix(rows: size, columns: factors)
        var converged = false
        var iterations = 0
        var basis: Matrix?
        while iterations < 10_000 {
            iterations += 1
            var reduced = correlation
            for index in 0..<size { reduced[index, index] = communalities[index] }
            // Each step changes only the diagonal a little: start from the last eigenvectors.
            let eigen = SymmetricEigen(reduced, startingFrom: basis)
            basis = eigen.vectors
            for factor in 0..<factors {
                let scale = max(eigen.values[factor], 0).squareRoot()
                for item in 0..<size { loadings[item, factor] = eigen.vectors[item, factor] * scale }
            }
            let next = (0..<size).map { item in
                min((0..<factors).reduce(0) { $0 + loadings[item, $1] * loadings[item, $1] }, 0.995)
            }
            let change = zip(next, communalities).map { abs($0 - $1) }.max() ?? 0
            communalities = next
            if change < 1e-12 {
                converged = true
                break
            }
        }
        self.loadings = loadings
        self.communalities = communalities
        self.iterations = iterations
        self.converged = converged
    }
}

/// An oblique quartimin rotation (oblimin with γ = 0) by Jennrich's gradient projection, as
/// `GPArotation::oblimin` does it for psych (no Kaiser normalisation), to a projected gradient
/// below 1e-10.
public struct ObliminRotation: Sendable {
    /// The rotated pattern loadings.
    public var loadings: Matrix
    /// The factors' correlations.
    public var factorCorrelations: Matrix
    public var converged: Bool

    public init(_ unrotated: Matrix) {
        let m = unrotated.columns
        func criterion(_ l: Matrix) -> (f: Double, gradient: Matrix) {
            // X = L² · (1 − I); f = Σ L² ∘ X / 4; gradient L ∘ X.
            var squares = l
            for index in squares.values.indices { squares.values[index] *= squares.values[index] }
            var offDiagonal = Matrix(rows: m, columns: m, repeating: 1)
            for index in 0..<m { offDiagonal[index, index] = 0 }
            let x = squares * offDiagonal
            var f = 0.0
            var gradient = l
            for index in x.values.indices {
                f += squares.values[index] * x.values[index]
                gradient.values[index] *= x.values[index]
            }
            return (f / 4, gradient)
        }
        func inverse(_ t: Matrix) -> Matrix? {
            // T is small and invertible; solve by Gauss–Jordan with partial pivoting.
            let size = t.rows
            var a = t
            var result = Matrix.identity(size)
            for column in 0..<size {
                guard let pivot = (column..<size).max(by: { abs(a[$0, column]) < abs(a[$1, column]) }),
                    abs(a[pivot, column]) > 1e-300
                else { return nil }
                for k in 0..<size {
                    a.values.swapAt(column * size + k, pivot * size + k)
                    result.values.swapAt(column * size + k, pivot * size + k)
                }
                let scale = 1 / a[column, column]
                for k in 0..<size {
                    a[column, k] *= scale
                    result[column, k] *= scale
                }
                for row in 0..<size where row != column {
                    let factor = a[row, column]
                    if factor == 0 { continue }
                    for k in 0..<size {
                        a[row, k] -= factor * a[column, k]
                        result[row, k] -= factor * result[column, k]
                    }
                }
            }
            return result
        }
        var t = Matrix.identity(m)
        var l = unrotated
        var (f, gq) = criterion(l)
        // G = −(Lᵀ Gq T⁻¹)ᵀ
        var g = (-1) * (l.transposed * gq * (inverse(t) ?? .identity(m))).transposed
        var step = 1.0
        var converged = false
        for _ in 0...1000 {
            var projected = g
            for column in 0..<m {
                var dot = 0.0
                for row in 0..<m { dot += t[row, column] * g[row, column] }
                for row in 0..<m { projected[row, column] -= t[row, column] * dot }
            }
            let size = projected.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if size < 1e-10 {
                converged = true
                break
            }
            step *= 2
            var candidate = t
            var candidateL = l
            var candidateF = f
            var candidateGq = gq
            for _ in 0...10 {
                var x = t - step * projected
                for column in 0..<m {
                    var norm = 0.0
                    for row in 0..<m { norm += x[row, column] * x[row, column] }
                    let scale = 1 / norm.squareRoot()
                    for row in 0..<m { x[row, column] *= scale }
                }
                candidate = x
                candidateL = unrotated * (inverse(x) ?? .identity(m)).transposed
                (candidateF, candidateGq) = criterion(candidateL)
                if f - candidateF > 0.5 * size * size * step { break }
                step /= 2
            }
            t = candidate
            l = candidateL
            f = candidateF
            gq = candidateGq
            g = (-1) * (l.transposed * gq * (inverse(t) ?? .identity(m))).transposed
        }
        loadings = l
        factorCorrelations = t.transposed * t
        self.converged = converged
    }
}

/// McDonald's ω from a Schmid–Leiman transformation, as `psych::omega` computes it: a minres
/// factor analysis with `groups` factors, quartimin rotation, a general factor from the factor
/// correlations (a one-factor minres of them for 3 or more groups; for 2, the square root of
/// their correlation), then each item's general and group loadings.
public struct Omega: Sendable, Hashable {
    /// ω total: 1 − Σ(1 − h²) / V, V the sum of the correlation matrix.
    public var total: Double
    /// ω hierarchical: (Σ general loadings)² / V, the share of the total score's variance due
    /// to one general factor.
    public var hierarchical: Double
    /// Explained common variance: Σ g² / Σ h², the general factor's share of the common variance.
    public var explainedCommonVariance: Double
    /// Each item's loading on the general factor.
    public var general: [Double]
    /// Items × groups: each item's loading on each group factor after the general one.
    public var groupLoadings: Matrix
    public var groups: Int

    /// `nil` when the factor analysis cannot be run (singular matrix, too few items).
    public init?(_ correlation: Matrix, groups: Int) {
        guard let factors = MinresFactors(correlation, factors: groups) else { return nil }
        let size = correlation.rows
        let pattern: Matrix
        let generalOfFactors: [Double]
        if groups == 1 {
            pattern = factors.loadings
            generalOfFactors = [1]
        } else {
            let rotation = ObliminRotation(factors.loadings)
            pattern = rotation.loadings
            if groups == 2 {
                let r = max(rotation.factorCorrelations[0, 1], 0).squareRoot()
                generalOfFactors = [r, r]
            } else {
                guard let second = MinresFactors(rotation.factorCorrelations, factors: 1) else { return nil }
                generalOfFactors = second.loadings.column(0)
            }
        }
        var general = [Double](repeating: 0, count: size)
        var groupLoadings = Matrix(rows: size, columns: groups)
        for item in 0..<size {
            for factor in 0..<groups {
                general[item] += pattern[item, factor] * generalOfFactors[factor]
                groupLoadings[item, factor] =
                    groups == 1
                    ? 0
                    : pattern[item, factor]
                        * max(1 - generalOfFactors[factor] * generalOfFactors[factor], 0).squareRoot()
            }
        }
        let communalities = (0..<size).map { item in
            general[item] * general[item]
                + (0..<groups).reduce(0) { $0 + groupLoadings[item, $1] * groupLoadings[item, $1] }
        }
        let variance = correlation.sum
        let generalSum = general.reduce(0, +)
        total = 1 - communalities.reduce(0) { $0 + (1 - $1) } / variance
        hierarchical = generalSum * generalSum / variance
        explainedCommonVariance = general.reduce(0) { $0 + $1 * $1 } / communalities.reduce(0, +)
        self.general = general
        self.groupLoadings = groupLoadings
        self.groups = groups
    }
}
