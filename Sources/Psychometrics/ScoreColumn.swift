/// One item's scores over a batch, NaN where unanswered: what every item analysis reads.
///
/// Item scores take few distinct values (the points of a scale, keyed), so a column is stored as
/// one byte per person into a table of its values: a million people's column is a megabyte, not
/// eight. A column with many distinct values (continuous data) keeps its numbers as they are.
/// Reading gives the same `Double`, bit for bit, either way.
public struct ScoreColumn: Sendable {
    /// The code of an unanswered item.
    public static let missing: UInt8 = 255
    /// A coded column holds at most this many distinct values.
    public static let mostCodes = 64

    @usableFromInline let codes: [UInt8]
    @usableFromInline let values: [Double]
    /// Non-empty for a column stored as its numbers.
    @usableFromInline let numbers: [Double]

    /// A column of codes into `values` (``missing`` where unanswered). Every other code must be an
    /// index of `values`.
    public init(codes: [UInt8], values: [Double]) {
        precondition(values.count <= Self.mostCodes)
        self.codes = codes
        self.values = values
        numbers = []
    }

    /// A column of numbers, NaN where unanswered.
    public init(_ numbers: [Double]) {
        codes = []
        values = []
        self.numbers = numbers
    }

    /// People in the column.
    public var count: Int { numbers.isEmpty ? codes.count : numbers.count }

    /// The person's score, NaN when unanswered.
    @inlinable
    public subscript(person: Int) -> Double {
        guard numbers.isEmpty else { return numbers[person] }
        let code = codes[person]
        return code == Self.missing ? .nan : values[Int(code)]
    }

    /// Whether any person left the item unanswered.
    public var hasMissing: Bool {
        numbers.isEmpty ? codes.contains(Self.missing) : numbers.contains(where: \.isNaN)
    }
}
