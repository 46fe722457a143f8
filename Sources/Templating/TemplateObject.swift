/// An object's members, found by name the way templates look names up: each key's short hash is
/// kept beside it, and tag names carry theirs from when the template was compiled, so a lookup
/// compares one integer per member and the key only on a match. Large objects also keep an index.
///
/// Members keep the order they were given in; a key given twice keeps its last value.
public struct TemplateObject: Sendable {
    /// A member with its key's ``hash(_:)``.
    package struct Member: Sendable {
        // Key, value, then a 32-bit hash: 40 bytes a member, where a 64-bit hash between them
        // made 48.
        package var key: String
        var value: TemplateValue
        var hash: UInt32

        package init(key: String, value: TemplateValue) {
            self.key = key
            hash = TemplateObject.hash(key)
            self.value = value
        }
    }

    var members: [Member]
    /// Positions by key, for objects too large to scan.
    var index: [String: Int]?

    /// Objects up to this size are scanned; larger ones are indexed.
    static let scanLimit = 24

    /// An object of these members, in this order; for a key given twice, the last value.
    public init<Members: Sequence>(_ pairs: Members) where Members.Element == (key: String, value: TemplateValue) {
        var members: [Member] = []
        members.reserveCapacity(pairs.underestimatedCount)
        for (key, value) in pairs {
            members.append(Member(key: key, value: value))
        }
        self.init(members: members, keepingLast: true)
    }

    /// An object of a dictionary's members, in key order (so the same dictionary always gives the
    /// same object).
    public init(_ dictionary: [String: TemplateValue]) {
        self.init(dictionary.sorted { $0.key < $1.key })
    }

    /// Members gathered in a roomy array are kept in one of their own size.
    /// - Returns: `nil` when a key is given twice.
    package static func unique(_ gathered: [Member]) -> TemplateObject? {
        var members = gathered
        if gathered.capacity > gathered.count {
            members = []
            members.reserveCapacity(gathered.count)
            members.append(contentsOf: gathered)
        }
        let object = TemplateObject(members: members, keepingLast: false)
        return object.members.count == members.count ? object : nil
    }

    /// Duplicates removed (keeping each key's last value, or its first when `keepingLast` is
    /// false, which only ``unique(_:)`` uses to notice them), and the index built when large.
    private init(members: [Member], keepingLast: Bool) {
        self.members = members
        if members.count > Self.scanLimit {
            var index: [String: Int] = [:]
            index.reserveCapacity(members.count)
            var kept: [Member] = []
            kept.reserveCapacity(members.count)
            for member in members {
                if let at = index[member.key] {
                    if keepingLast { kept[at].value = member.value }
                } else {
                    index[member.key] = kept.count
                    kept.append(member)
                }
            }
            self.members = kept
            self.index = index
            return
        }
        var duplicate = false
        for later in members.indices {
            for earlier in 0..<later where members[earlier].hash == members[later].hash {
                if members[earlier].key == members[later].key { duplicate = true }
            }
        }
        guard duplicate else { return }
        var kept: [Member] = []
        for member in members {
            if let at = kept.firstIndex(where: { $0.key == member.key }) {
                if keepingLast { kept[at].value = member.value }
            } else {
                kept.append(member)
            }
        }
        self.members = kept
    }

    /// The number of members.
    public var count: Int { members.count }

    /// Whether there is no member.
    public var isEmpty: Bool { members.isEmpty }

    /// The keys in order.
    public var keys: [String] { members.map(\.key) }

    /// The value of the member named `key`.
    public subscript(key: String) -> TemplateValue? {
        self[key, hash: Self.hash(key)]
    }

    /// The value of the member named `key`, whose ``hash(_:)`` the caller already knows.
    subscript(key: String, hash hash: UInt32) -> TemplateValue? {
        if let index {
            return index[key].map { members[$0].value }
        }
        return members.withUnsafeBufferPointer { members in
            for member in members where member.hash == hash && member.key == key { return member.value }
            return nil
        }
    }

    /// A short hash of a key: 32-bit FNV-1a over its UTF-8 bytes. Cheap for the short names templates use;
    /// collisions only cost a string comparison.
    package static func hash(_ key: String) -> UInt32 {
        var key = key
        return key.withUTF8 { hash($0) }
    }

    /// The same hash of a key's UTF-8 bytes.
    package static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return hash
    }
}

extension TemplateObject: Sequence {
    /// The members in order.
    public func makeIterator() -> some IteratorProtocol<(key: String, value: TemplateValue)> {
        members.lazy.map { (key: $0.key, value: $0.value) }.makeIterator()
    }
}

extension TemplateObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self.init(elements.map { (key: $0.0, value: $0.1) })
    }
}
