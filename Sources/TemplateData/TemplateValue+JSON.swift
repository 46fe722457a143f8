import DazzleJSON
import Dispatch
import Foundation
import Templating

extension TemplateValue {
    /// The template value of parsed JSON: objects, arrays, strings, numbers, booleans and null
    /// map one to one.
    public init(json: JSONValue) {
        switch json.kind {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .number(let value): self = .number(value)
        case .string(let value): self = .string(value)
        case .array(let values): self = .array(values.map(TemplateValue.init(json:)))
        case .object(let object):
            self = .object(TemplateObject(object.members.map { (key: $0.key, value: TemplateValue(json: $0.value)) }))
        }
    }

    /// The template value of JSON text, read straight into template values: the same value as
    /// `TemplateValue(json: JSONReader().read(bytes))` without the positioned tree in between.
    /// - Throws: the error ``JSONReader/read(_:)-([UInt8])`` gives, with its line and column.
    public init(jsonBytes bytes: [UInt8], maximumDepth: Int = 200) throws(JSONSyntaxError) {
        try self.init(jsonBytes: bytes, maximumDepth: maximumDepth, splittingAbove: 4 << 20)
    }

    /// - Parameter splittingAbove: documents this large or larger have their biggest list's
    ///   elements read on every core.
    init(jsonBytes bytes: [UInt8], maximumDepth: Int, splittingAbove: Int) throws(JSONSyntaxError) {
        let reader = JSONReader(maximumDepth: maximumDepth)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        if bytes.count >= splittingAbove, cores > 1,
            let value = Self.readSplit(bytes, maximumDepth: maximumDepth, parts: cores)
        {
            self = value
            return
        }
        do {
            self = try reader.read(bytes, into: TemplateValueBuilder())
        } catch {
            // Read again for the message the positioned reader gives (where a duplicate key was
            // first written); the fast read keeps no positions.
            _ = try reader.read(bytes)
            throw error
        }
    }
}

extension TemplateValue {
    /// The document read in parts: its biggest list's elements on `parts` threads, the rest with
    /// the list left empty, then the elements put in its place. `nil` when any part does not read
    /// (the caller then reads the whole, for the value or the exact error).
    static func readSplit(_ bytes: [UInt8], maximumDepth: Int, parts: Int) -> TemplateValue? {
        guard let split = bytes.withUnsafeBufferPointer({ ListSplit.largest(in: $0) }), split.commas.count >= parts
        else { return nil }
        let elements = split.elements
        let elementReader = JSONReader(maximumDepth: maximumDepth - split.depth)
        let shares = ElementShares(count: parts)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let range = (elements.count * part / parts)..<(elements.count * (part + 1) / parts)
            let values = bytes.withUnsafeBufferPointer { buffer -> [TemplateValue]? in
                var values: [TemplateValue] = []
                values.reserveCapacity(range.count)
                for element in elements[range] {
                    guard
                        let value = try? elementReader.read(
                            UnsafeBufferPointer(rebasing: buffer[element]), into: TemplateValueBuilder())
                    else { return nil }
                    values.append(value)
                }
                return values
            }
            if let values { shares.set(part, values) }
        }
        guard let values = shares.joined, values.count == elements.count else { return nil }
        let skeleton = Array(bytes[...split.open]) + Array(bytes[split.close...])
        guard var root = try? JSONReader(maximumDepth: maximumDepth).read(skeleton, into: TemplateValueBuilder())
        else { return nil }
        return root.replaceList(at: split.path[...], with: values) ? root : nil
    }

    /// Puts `elements` in place of the empty list at `path`; `false` when it is not there.
    private mutating func replaceList(at path: ArraySlice<String>, with elements: [TemplateValue]) -> Bool {
        guard let key = path.first else {
            guard case .array(let empty) = self, empty.isEmpty else { return false }
            self = .array(elements)
            return true
        }
        guard case .object(var object) = self, var member = object[key] else { return false }
        self = .null  // the object is changed in place, not copied
        defer { self = .object(object) }
        guard member.replaceList(at: path.dropFirst(), with: elements) else { return false }
        return object.replaceValue(of: key, with: member)
    }
}

/// The parts' elements, filled from several threads; `nil` when a part did not read.
private final class ElementShares: @unchecked Sendable {
    private var shares: [[TemplateValue]?]
    private let lock = NSLock()

    init(count: Int) { shares = Array(repeating: nil, count: count) }

    func set(_ part: Int, _ values: [TemplateValue]) { lock.withLock { shares[part] = values } }

    var joined: [TemplateValue]? {
        lock.withLock { shares.contains { $0 == nil } ? nil : shares.flatMap { $0 ?? [] } }
    }
}

/// Builds template values as ``JSONReader`` reads, keeping no positions.
struct TemplateValueBuilder: JSONBuilder {
    static var tracksPositions: Bool { false }
    func null(at position: SourcePosition) -> TemplateValue { .null }
    func bool(_ value: Bool, at position: SourcePosition) -> TemplateValue { .bool(value) }
    func number(_ value: Double, at position: SourcePosition) -> TemplateValue { .number(value) }
    func string(_ value: String, at position: SourcePosition) -> TemplateValue { .string(value) }
    /// Members are gathered, then made one object (which is where a duplicate key shows).
    func startObject() -> [TemplateObject.Member] {
        var members: [TemplateObject.Member] = []
        members.reserveCapacity(16)
        return members
    }
    func add(
        _ key: String, at keyPosition: SourcePosition, value: TemplateValue, to object: inout [TemplateObject.Member]
    ) throws(JSONSyntaxError) {
        object.append(TemplateObject.Member(key: key, value: value))
    }
    func object(_ members: [TemplateObject.Member], at position: SourcePosition) throws(JSONSyntaxError)
        -> TemplateValue
    {
        guard let object = TemplateObject.unique(members) else {
            let keys = members.map(\.key)
            let key = keys.first { key in keys.filter { $0 == key }.count > 1 } ?? ""
            throw .duplicateKey(key, first: nil, at: position)
        }
        return .object(object)
    }
    func startArray() -> [TemplateValue] { [] }
    func append(_ value: TemplateValue, to array: inout [TemplateValue]) { array.append(value) }
    func array(_ array: [TemplateValue], at position: SourcePosition) -> TemplateValue { .array(array) }
}
