import Foundation

/// A dense matrix of doubles, row-major: small sizes (items of a questionnaire), simple code.
public struct Matrix: Sendable, Hashable {
    public let rows: Int
    public let columns: Int
    public var values: [Double]

    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.rows = rows
        self.columns = columns
        values = [Double](repeating: value, count: rows * columns)
    }

    /// A matrix from its rows, which must all be as long as the first.
    public init(_ rows: [[Double]]) {
        self.rows = rows.count
        columns = rows.first?.count ?? 0
        values = rows.flatMap { $0 }
    }

    public static func identity(_ size: Int) -> Matrix {
        var matrix = Matrix(rows: size, columns: size)
        for index in 0..<size { matrix[index, index] = 1 }
        return matrix
    }

    /// A square matrix with `diagonal` on its diagonal.
    public static func diagonal(_ diagonal: [Double]) -> Matrix {
        var matrix = Matrix(rows: diagonal.count, columns: diagonal.count)
        for (index, value) in diagonal.enumerated() { matrix[index, index] = value }
        return matrix
    }

    public subscript(row: Int, column: Int) -> Double {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    public func row(_ index: Int) -> [Double] { Array(values[index * columns..<(index + 1) * columns]) }

    public func column(_ index: Int) -> [Double] { (0..<rows).map { self[$0, index] } }

    public var diagonal: [Double] { (0..<min(rows, columns)).map { self[$0, $0] } }

    public var transposed: Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for row in 0..<rows {
            for column in 0..<columns { result[column, row] = self[row, column] }
        }
        return result
    }

    /// The sum of every entry.
    public var sum: Double { values.reduce(0, +) }

    /// The sum of the diagonal.
    public var trace: Double { diagonal.reduce(0, +) }

    public static func * (left: Matrix, right: Matrix) -> Matrix {
        precondition(left.columns == right.rows, "matrix sizes do not match")
        var result = Matrix(rows: left.rows, columns: right.columns)
        let (rows, inners, columns) = (left.rows, left.columns, right.columns)
        // The same sums in the same order, through raw storage (the factor analysis multiplies
        // at every step).
        result.values.withUnsafeMutableBufferPointer { out in
            left.values.withUnsafeBufferPointer { l in
                right.values.withUnsafeBufferPointer { r in
                    for row in 0..<rows {
                        for inner in 0..<inners {
                            let factor = l[row * inners + inner]
                            if factor == 0 { continue }
                            for column in 0..<columns {
                                out[row * columns + column] += factor * r[inner * columns + column]
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    public static func - (left: Matrix, right: Matrix) -> Matrix {
        var result = left
        for index in result.values.indices { result.values[index] -= right.values[index] }
        return result
    }

    public static func + (left: Matrix, right: Matrix) -> Matrix {
        var result = left
        for index in result.values.indices { result.values[index] += right.values[index] }
        return result
    }

    public static func * (factor: Double, matrix: Matrix) -> Matrix {
        var result = matrix
        for index in result.values.indices { result.values[index] *= factor }
        return result
    }
}

/// The Cholesky factor L (lower triangular, L·Lᵀ = A) of a symmetric positive definite matrix,
/// and what it solves.
public struct Cholesky: Sendable {
    public let lower: Matrix

    /// `nil` when the matrix is not positive definite (a pivot ≤ 0).
    public init?(_ matrix: Matrix) {
        let size = matrix.rows
        var lower = Matrix(rows: size, columns: size)
        for row in 0..<size {
            for column in 0...row {
                var sum = matrix[row, column]
                for inner in 0..<column { sum -= lower[row, inner] * lower[column, inner] }
                if row == column {
                    guard sum > 0, sum.isFinite else { return nil }
                    lower[row, row] = sum.squareRoot()
                } else {
                    lower[row, column] = sum / lower[column, column]
                }
            }
        }
        self.lower = lower
    }

    /// x with A·x = b.
    public func solve(_ b: [Double]) -> [Double] {
        let size = lower.rows
        var y = b
        for row in 0..<size {
            for inner in 0..<row { y[row] -= lower[row, inner] * y[inner] }
            y[row] /= lower[row, row]
        }
        var x = y
        for row in stride(from: size - 1, through: 0, by: -1) {
            for inner in row + 1..<size { x[row] -= lower[inner, row] * x[inner] }
            x[row] /= lower[row, row]
        }
        return x
    }

    /// A⁻¹.
    public var inverse: Matrix {
        let size = lower.rows
        var result = Matrix(rows: size, columns: size)
        for column in 0..<size {
            var unit = [Double](repeating: 0, count: size)
            unit[column] = 1
            let solved = solve(unit)
            for row in 0..<size { result[row, column] = solved[row] }
        }
        return result
    }
}

/// Eigenvalues and eigenvectors of a symmetric matrix by cyclic Jacobi rotations, sorted by
/// eigenvalue, largest first; each vector a column of `vectors`, its largest-magnitude entry
/// made positive so the result is unique.
public struct SymmetricEigen: Sendable {
    public let values: [Double]
    public let vectors: Matrix

    /// - Parameter basis: an orthogonal matrix near the eigenvectors (those of a nearby matrix);
    ///   the rotations then start from Bᵀ·A·B, nearly diagonal, and take a sweep or two.
    public init(_ matrix: Matrix, startingFrom basis: Matrix? = nil) {
        let size = matrix.rows
        var a = matrix
        var v = Matrix.identity(size)
        if let basis, basis.rows == size, basis.columns == size {
            a = basis.transposed * matrix * basis
            v = basis
        }
        for _ in 0..<100 {
            var off = 0.0
            for row in 0..<size {
                for column in row + 1..<size { off += a[row, column] * a[row, column] }
            }
            if off < 1e-30 * max(1, a.diagonal.reduce(0) { $0 + $1 * $1 }) { break }
            // Through raw storage, and on the upper triangle only (the matrix stays symmetric;
            // the lower triangle is never read again): each rotation touches 2n entries, not 4n.
            a.values.withUnsafeMutableBufferPointer { a in
                v.values.withUnsafeMutableBufferPointer { v in
                    for p in 0..<size {
                        for q in p + 1..<size where a[p * size + q] != 0 {
                            let apq = a[p * size + q]
                            let theta = (a[q * size + q] - a[p * size + p]) / (2 * apq)
                            let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                            let c = 1 / (t * t + 1).squareRoot()
                            let s = t * c
                            let tau = s / (1 + c)
                            a[p * size + p] -= t * apq
                            a[q * size + q] += t * apq
                            a[p * size + q] = 0
                            // (g, h) ← (c·g − s·h, s·g + c·h), written to lose less to rounding.
                            @inline(__always) func rotate(
                                _ m: UnsafeMutableBufferPointer<Double>, _ first: Int, _ second: Int
                            ) {
                                let g = m[first]
                                let h = m[second]
                                m[first] = g - s * (h + g * tau)
                                m[second] = h + s * (g - h * tau)
                            }
                            for j in 0..<p { rotate(a, j * size + p, j * size + q) }
                            for j in (p + 1)..<q { rotate(a, p * size + j, j * size + q) }
                            for j in (q + 1)..<size { rotate(a, p * size + j, q * size + j) }
                            for k in 0..<size { rotate(v, k * size + p, k * size + q) }
                        }
                    }
                }
            }
        }
        let order = (0..<size).sorted { a[$0, $0] > a[$1, $1] }
        values = order.map { a[$0, $0] }
        var vectors = Matrix(rows: size, columns: size)
        for (target, source) in order.enumerated() {
            var column = v.column(source)
            if let largest = column.max(by: { abs($0) < abs($1) }), largest < 0 {
                column = column.map { -$0 }
            }
            for row in 0..<size { vectors[row, target] = column[row] }
        }
        self.vectors = vectors
    }
}
