/// One item's scores over a batch, NaN where unanswered: what every item analysis reads.
///
/// Item scores take few distinct values (the points of a scale, keyed), so a column is read from
/// one byte per person, an index into a table of its values; a column with many distinct values
/// (continuous data) keeps its numbers as they are. Either may be a view of one column of a
/// row-major table, people taken through a list of its rows, so a million people's columns cost
/// no copy. Reading gives the same `Double`, bit for bit, either way.
public struct ScoreColumn: Sendable {
    /// The code of an unanswered item.
    public static let missing: UInt8 = 255
    /// A coded column holds at most this many distinct values.
    public static let mostCodes = 64

    @usableFromInline let codes: [UInt8]
    /// Whether two codes share each byte of `codes` (entry i in byte i / 2, the low half for even
    /// i; 15 is missing).
    @usableFromInline let packed: Bool
    @usableFromInline let values: [Double]
    /// Non-empty for a column stored as its numbers.
    @usableFromInline let numbers: [Double]
    /// Person p's entry is at `rows[p] × stride + offset` (`p × stride + offset` when `rows` is
    /// empty).
    @usableFromInline let rows: [Int]
    @usableFromInline let stride: Int
    @usableFromInline let offset: Int
    /// People in the column.
    public let count: Int

    /// A column of codes into `values` (``missing`` where unanswered). Every other code must be an
    /// index of `values`.
    public init(codes: [UInt8], values: [Double]) {
        self.init(rowMajorCodes: codes, values: values, stride: 1, offset: 0, rows: [])
    }

    /// A column of numbers, NaN where unanswered.
    public init(_ numbers: [Double]) {
        self.init(rowMajorNumbers: numbers, stride: 1, offset: 0, rows: [])
    }

    /// Column `offset` of a row-major table of codes `stride` wide, people taken through `rows`
    /// (every row in order when empty).
    /// - Parameters:
    ///   - packed: whether two codes share each byte (entry i in byte i / 2, the low half for even
    ///     i; 15 is missing).
    ///   - entries: entries in the table (`codes.count`, or twice that less one when packed).
    public init(
        rowMajorCodes codes: [UInt8], packed: Bool = false, entries: Int? = nil, values: [Double], stride: Int,
        offset: Int, rows: [Int]
    ) {
        precondition(values.count <= (packed ? 15 : Self.mostCodes) && stride > 0 && offset < stride)
        self.codes = codes
        self.packed = packed
        self.values = values
        numbers = []
        self.rows = rows
        self.stride = stride
        self.offset = offset
        count = rows.isEmpty ? (entries ?? codes.count) / stride : rows.count
    }

    /// Column `offset` of a row-major table of numbers `stride` wide, people taken through `rows`
    /// (every row in order when empty).
    public init(rowMajorNumbers numbers: [Double], stride: Int, offset: Int, rows: [Int]) {
        precondition(stride > 0 && offset < stride)
        codes = []
        packed = false
        values = []
        self.numbers = numbers
        self.rows = rows
        self.stride = stride
        self.offset = offset
        count = rows.isEmpty ? numbers.count / stride : rows.count
    }

    /// The person's score, NaN when unanswered.
    @inlinable
    public subscript(person: Int) -> Double {
        let index = (rows.isEmpty ? person : rows[person]) &* stride &+ offset
        guard numbers.isEmpty else { return numbers[index] }
        guard packed else {
            let code = codes[index]
            return code == Self.missing ? .nan : values[Int(code)]
        }
        let code = (codes[index >> 1] >> ((index & 1) << 2)) & 0x0F
        return code == 15 ? .nan : values[Int(code)]
    }

    /// Whether any person left the item unanswered.
    public var hasMissing: Bool {
        (0..<count).contains { self[$0].isNaN }
    }
}
