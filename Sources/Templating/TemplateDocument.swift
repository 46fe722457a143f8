/// Template data kept compactly, as read from a document such as a JSON file: every value is one
/// kind byte and one 8-byte word, in document order; strings stay where they are in the source
/// text; and objects with the same keys in the same order share one list of them (a shape).
///
/// A large report's data takes about half its own size again this way, where a tree of
/// ``TemplateValue``s takes nearly three times it. Each ``Element`` is one value in a document;
/// ``TemplateValue/document(_:)`` renders exactly as the same value built as a tree would.
public final class TemplateDocument: Sendable {
    enum Kind: UInt8 {
        case null, `false`, `true`, number
        /// Text that is the source's own bytes; its word is offset << 32 | count.
        case sourceString
        /// Text decoded from the source (it held an escape), kept in ``decoded``; its word is
        /// offset << 32 | count there.
        case decodedString
        /// Its word is the index just past its last descendant: its elements follow it.
        case array
        /// Its word is shape << 32 | the index past its last descendant: its members' values follow
        /// it in the shape's key order.
        case object
        /// An object with too many members to walk: also has its members' positions in
        /// ``memberPositions``.
        case indexedObject
    }

    let kinds: [Kind]
    let words: [UInt64]
    let source: [UInt8]
    let decoded: [UInt8]
    let keys: Keys
    let shapes: Shapes
    /// Where each member's value is, for the objects too large to walk, by the object's index.
    let memberPositions: [Int: [Int32]]

    /// Objects with up to this many members are walked to find a member; larger ones are indexed
    /// (as ``TemplateObject`` scans small objects and indexes large ones).
    static let walkLimit = 24

    init(builder: Builder, source: [UInt8]) {
        kinds = builder.kinds
        words = builder.words
        decoded = builder.decoded
        keys = builder.keys
        shapes = builder.shapes.finished()
        memberPositions = builder.memberPositions
        self.source = source
    }

    /// The document's first value.
    public var root: Element { Element(document: self, index: 0) }

    /// One value in a document.
    public struct Element: Sendable {
        public let document: TemplateDocument
        let index: Int
    }

    /// The index just past a value and everything in it.
    func end(of index: Int) -> Int {
        switch kinds[index] {
        case .array, .object, .indexedObject: Int(truncatingIfNeeded: words[index] & 0xFFFF_FFFF)
        case .null, .false, .true, .number, .sourceString, .decodedString: index + 1
        }
    }

    /// Calls `body` with a string value's UTF-8.
    func withText<Result>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let word = words[index]
        let range = Int(word >> 32)..<Int(word >> 32) + Int(word & 0xFFFF_FFFF)
        let storage = kinds[index] == .sourceString ? source : decoded
        return storage.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// The value of the member `key` (whose ``TemplateObject/hash(_:)`` is `hash`) of the object at
    /// `index`, or `nil`.
    func member(of index: Int, key: String, hash: UInt32) -> Int? {
        let shape = Int(words[index] >> 32)
        guard let position = shapes.position(of: key, hash: hash, in: shape, keys: keys) else { return nil }
        if kinds[index] == .indexedObject, let positions = memberPositions[index] {
            return Int(positions[position])
        }
        var at = index + 1
        for _ in 0..<position { at = end(of: at) }
        return at
    }

    /// The indices of an array's elements, in order.
    func elements(of index: Int) -> some Sequence<Int> {
        let last = end(of: index)
        return sequence(first: index + 1) { [self] in end(of: $0) }.prefix { $0 < last }
    }

    /// An open-addressing table of `count` slots (a power of two) holding entry n + 1 at the first
    /// free slot from its hash: how ``Keys`` and ``Shapes`` grow their tables.
    static func table(of hashes: [UInt32], count: Int) -> [Int32] {
        var table = [Int32](repeating: 0, count: count)
        for entry in hashes.indices {
            var slot = Int(hashes[entry]) & (count - 1)
            while table[slot] != 0 { slot = (slot + 1) & (count - 1) }
            table[slot] = Int32(entry + 1)
        }
        return table
    }

    /// The keys of the objects read, each once, with their ``TemplateObject/hash(_:)``.
    struct Keys {
        var bytes: [UInt8] = []
        /// Where each key starts in ``bytes``, and one more entry where the last ends.
        var starts: [Int32] = [0]
        var hashes: [UInt32] = []
        /// Open addressing: a key's position in ``starts`` plus one, or 0 where the slot is free.
        var table = [Int32](repeating: 0, count: 64)

        func equals(_ id: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
            let start = Int(starts[id])
            guard Int(starts[id + 1]) - start == key.count else { return false }
            return bytes.withUnsafeBufferPointer { stored in
                key.indices.allSatisfy { stored[start + $0] == key[$0] }
            }
        }

        func text(_ id: Int) -> String {
            String(decoding: bytes[Int(starts[id])..<Int(starts[id + 1])], as: UTF8.self)
        }

        /// The number of a key, added if it is new.
        mutating func id(of key: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int32 {
            var slot = Int(hash) & (table.count - 1)
            while table[slot] != 0 {
                let id = Int(table[slot]) - 1
                if hashes[id] == hash && equals(id, key) { return Int32(id) }
                slot = (slot + 1) & (table.count - 1)
            }
            let id = hashes.count
            bytes.append(contentsOf: key)
            starts.append(Int32(truncatingIfNeeded: bytes.count))
            hashes.append(hash)
            table[slot] = Int32(id + 1)
            if hashes.count * 2 > table.count { rehash() }
            return Int32(id)
        }

        private mutating func rehash() { table = TemplateDocument.table(of: hashes, count: table.count * 2) }
    }

    /// The key lists objects share: shape n's keys are `keyIDs[starts[n]..<starts[n + 1]]`.
    struct Shapes {
        var keyIDs: [Int32] = []
        var hashes: [UInt32] = []
        var starts: [Int32] = [0]
        /// Open addressing over the key lists while reading: a shape plus one, or 0 where free.
        var table = [Int32](repeating: 0, count: 64)
        var tableHashes: [UInt32] = []
        /// For shapes with more keys than objects walk: each key's position, by key.
        var indexes: [Int: [String: Int]] = [:]

        /// The same shapes without the table only reading needed.
        func finished() -> Shapes {
            var shapes = self
            shapes.table = []
            shapes.tableHashes = []
            return shapes
        }

        /// The position of `key` among a shape's keys.
        func position(of key: String, hash: UInt32, in shape: Int, keys: Keys) -> Int? {
            let start = Int(starts[shape])
            let end = Int(starts[shape + 1])
            if end - start > TemplateDocument.walkLimit { return indexes[shape]?[key] }
            var key = key
            return key.withUTF8 { key in
                for at in start..<end where hashes[at] == hash && keys.equals(Int(keyIDs[at]), key) {
                    return at - start
                }
                return nil
            }
        }

        /// The number of the shape with these keys in this order, added if it is new.
        /// - Returns: `nil`, adding nothing, when a key is given twice.
        mutating func id(of ids: ArraySlice<Int32>, keys: Keys) -> Int32? {
            var hash: UInt32 = 0x811C_9DC5
            for id in ids { hash = (hash ^ UInt32(bitPattern: id)) &* 0x0100_0193 }
            var slot = Int(hash) & (table.count - 1)
            while table[slot] != 0 {
                let shape = Int(table[slot]) - 1
                if tableHashes[shape] == hash && keyIDs[Int(starts[shape])..<Int(starts[shape + 1])] == ids {
                    return Int32(shape)
                }
                slot = (slot + 1) & (table.count - 1)
            }
            guard Self.unique(ids) else { return nil }
            let shape = tableHashes.count
            keyIDs.append(contentsOf: ids)
            for id in ids { hashes.append(keys.hashes[Int(id)]) }
            starts.append(Int32(truncatingIfNeeded: keyIDs.count))
            tableHashes.append(hash)
            if ids.count > TemplateDocument.walkLimit {
                var index: [String: Int] = [:]
                for (position, id) in ids.enumerated() { index[keys.text(Int(id))] = position }
                indexes[shape] = index
            }
            table[slot] = Int32(shape + 1)
            if tableHashes.count * 2 > table.count { rehash() }
            return Int32(shape)
        }

        private static func unique(_ ids: ArraySlice<Int32>) -> Bool {
            if ids.count <= TemplateDocument.walkLimit {
                for later in ids.indices {
                    for earlier in ids.startIndex..<later where ids[earlier] == ids[later] { return false }
                }
                return true
            }
            return Set(ids).count == ids.count
        }

        private mutating func rehash() { table = TemplateDocument.table(of: tableHashes, count: table.count * 2) }
    }
}

extension TemplateDocument {
    /// Gathers a document value by value in document order, as a reader finds them: a value is
    /// added when read, an array or object opened before its contents and closed after.
    package struct Builder {
        var kinds: [Kind] = []
        var words: [UInt64] = []
        var decoded: [UInt8] = []
        var keys = Keys()
        var shapes = Shapes()
        var memberPositions: [Int: [Int32]] = [:]
        /// The key numbers and value positions of the objects being read, innermost last.
        var openKeys: [Int32] = []
        var openPositions: [Int32] = []

        /// The largest source a document holds: offsets and counts are 32 bits.
        package static let maximumSourceCount = Int(UInt32.max)

        /// A builder expecting a source of about this many bytes.
        package init(sourceCount: Int) {
            // A value takes at least two bytes of JSON; pages reserved but never written cost nothing.
            kinds.reserveCapacity(sourceCount / 2 + 1)
            words.reserveCapacity(sourceCount / 2 + 1)
        }

        private mutating func add(_ kind: Kind, _ word: UInt64) -> Int {
            kinds.append(kind)
            words.append(word)
            return kinds.count - 1
        }

        package mutating func addNull() -> Int { add(.null, 0) }
        package mutating func add(_ value: Bool) -> Int { add(value ? .true : .false, 0) }
        package mutating func add(_ value: Double) -> Int { add(.number, value.bitPattern) }

        /// A string whose bytes are `count` bytes of the source from `offset`.
        package mutating func addSourceString(offset: Int, count: Int) -> Int {
            add(.sourceString, UInt64(offset) << 32 | UInt64(count))
        }

        /// A string whose text is not in the source as it is (it was escaped there).
        package mutating func addString(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
            let offset = decoded.count
            decoded.append(contentsOf: bytes)
            return add(.decodedString, UInt64(offset) << 32 | UInt64(bytes.count))
        }

        /// Opens an array; its elements are the values added until ``closeArray(_:)``.
        package mutating func openArray() -> Int { add(.array, 0) }

        package mutating func closeArray(_ index: Int) {
            words[index] = UInt64(kinds.count)
        }

        /// Opens an object: members are added with ``addMember(key:value:)`` after each value.
        /// - Returns: the object's index and where its members start among those open.
        package mutating func openObject() -> (index: Int, firstMember: Int) {
            (add(.object, 0), openKeys.count)
        }

        /// Names the value last added (at `value`) as a member of the innermost open object.
        package mutating func addMember(key: UnsafeBufferPointer<UInt8>, value: Int) {
            let id = keys.id(of: key, hash: TemplateObject.hash(key))
            openKeys.append(id)
            openPositions.append(Int32(truncatingIfNeeded: value))
        }

        /// Closes an object.
        /// - Returns: a key given twice in it, in which case the document is not usable.
        package mutating func closeObject(_ object: (index: Int, firstMember: Int)) -> String? {
            let ids = openKeys[object.firstMember...]
            guard let shape = shapes.id(of: ids, keys: keys) else {
                var seen: Set<Int32> = []
                let repeated = ids.first { !seen.insert($0).inserted } ?? 0
                return keys.text(Int(repeated))
            }
            if ids.count > TemplateDocument.walkLimit {
                kinds[object.index] = .indexedObject
                memberPositions[object.index] = Array(openPositions[object.firstMember...])
            }
            words[object.index] = UInt64(UInt32(bitPattern: shape)) << 32 | UInt64(kinds.count)
            openKeys.removeSubrange(object.firstMember...)
            openPositions.removeSubrange(object.firstMember...)
            return nil
        }

        /// The document of what was added, whose first value is its root.
        package func finish(source: [UInt8]) -> TemplateDocument {
            TemplateDocument(builder: self, source: source)
        }
    }
}

extension TemplateDocument.Element {
    /// Whether a section over this value renders, by ``TemplateValue/isTruthy``'s rule.
    var isTruthy: Bool {
        switch document.kinds[index] {
        case .null, .false: false
        case .true, .number, .object, .indexedObject: true
        case .sourceString, .decodedString: document.words[index] & 0xFFFF_FFFF != 0
        case .array: document.end(of: index) > index + 1
        }
    }

    /// The member `key` of an object, if this is one and has it.
    func member(_ key: String, hash: UInt32) -> TemplateDocument.Element? {
        switch document.kinds[index] {
        case .object, .indexedObject:
            document.member(of: index, key: key, hash: hash).map { .init(document: document, index: $0) }
        case .null, .false, .true, .number, .sourceString, .decodedString, .array: nil
        }
    }

    var isArray: Bool { document.kinds[index] == .array }

    /// The text of a string value.
    var text: String? {
        switch document.kinds[index] {
        case .sourceString, .decodedString: document.withText(at: index) { String(decoding: $0, as: UTF8.self) }
        case .null, .false, .true, .number, .array, .object, .indexedObject: nil
        }
    }
}
