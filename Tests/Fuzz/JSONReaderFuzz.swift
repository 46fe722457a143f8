import DazzleJSON

/// Any bytes through the JSON reader, twice: into position-aware trees and into a builder that keeps
/// no positions (as template values are read). Each gives a value or a located error, never a trap,
/// and both accept the same texts and refuse the rest with the same error (a duplicate key's says
/// where it was first written only when positions are kept).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONReader(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    let positioned = Result { () throws(JSONSyntaxError) in try JSONReader().read(bytes) }
    let counted = Result { () throws(JSONSyntaxError) in try JSONReader().read(bytes, into: CountingBuilder()) }
    switch (positioned, counted) {
    case (.success(let value), .success(let values)):
        if values != valueCount(value) {
            fatalError("the builder saw \(values) values, the tree holds \(valueCount(value))")
        }
    case (.failure(let first), .failure(let second)):
        if first.position != second.position && !first.message.hasPrefix("Duplicate key") {
            fatalError("errors differ: \(first) and \(second)")
        }
    default:
        fatalError("one read accepted what the other refused: \(positioned) and \(counted)")
    }
    return 0
}

func valueCount(_ value: JSONValue) -> Int {
    switch value.kind {
    case .array(let elements): 1 + elements.reduce(0) { $0 + valueCount($1) }
    case .object(let object): 1 + object.members.reduce(0) { $0 + valueCount($1.value) }
    default: 1
    }
}

/// Counts values, refusing duplicate keys as the reader's own builder does, with no positions.
struct CountingBuilder: JSONBuilder {
    static var tracksPositions: Bool { false }
    func null(at position: SourcePosition) -> Int { 1 }
    func bool(_ value: Bool, at position: SourcePosition) -> Int { 1 }
    func number(_ value: Double, at position: SourcePosition) -> Int { 1 }
    func string(_ value: String, at position: SourcePosition) -> Int { 1 }
    func startObject() -> (keys: Set<String>, values: Int) { ([], 1) }
    func add(
        _ key: String, at keyPosition: SourcePosition, value: Int, to object: inout (keys: Set<String>, values: Int)
    )
        throws(JSONSyntaxError)
    {
        guard object.keys.insert(key).inserted else { throw .duplicateKey(key, first: nil, at: keyPosition) }
        object.values += value
    }
    func object(_ object: (keys: Set<String>, values: Int), at position: SourcePosition) -> Int { object.values }
    func startArray() -> Int { 1 }
    func append(_ value: Int, to array: inout Int) { array += value }
    func array(_ array: Int, at position: SourcePosition) -> Int { array }
}
