/// Writes JSON text into one growing byte buffer, without building a tree first.
///
/// The caller writes structure in order (`beginObject`, `key`, values, `endObject`); commas are
/// inserted automatically. Strings are escaped per RFC 8259, and runs that need no escaping are
/// copied untouched.
public struct JSONWriter: Sendable {
    /// The text written so far.
    public private(set) var bytes: [UInt8] = []
    /// Whether the next value at the current level needs a comma before it.
    private var needsComma = false

    public init(reservingCapacity capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    /// Empties the buffer, keeping its capacity.
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        needsComma = false
    }

    /// Ends a JSON Lines record: a newline, after which a new top-level value may start.
    public mutating func endLine() {
        bytes.append(0x0A)
        needsComma = false
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
    }

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes a member name; the next call writes its value.
    public mutating func key(_ name: String) {
        separate()
        appendEscaped(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func string(_ value: String) {
        separate()
        appendEscaped(value)
    }

    /// Writes a string, or `null` when absent.
    public mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8))
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
    }

    /// Writes a number rounded to at most `decimals` places, without trailing zeros, so output is
    /// stable and short (`72.5`, not `72.50000000001`). Non-finite values are written as `null`.
    public mutating func number(_ value: Double, decimals: Int = 4) {
        guard value.isFinite else { return null() }
        separate()
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else {
            bytes.append(contentsOf: Array(String(value).utf8))
            return
        }
        var units = UInt64(scaled)
        if value < 0 && units != 0 { bytes.append(UInt8(ascii: "-")) }
        var fraction: [UInt8] = []
        for _ in 0..<decimals {
            fraction.append(UInt8(ascii: "0") + UInt8(units % 10))
            units /= 10
        }
        appendInteger(units)
        let significant = fraction.drop { $0 == UInt8(ascii: "0") }
        if !significant.isEmpty {
            bytes.append(UInt8(ascii: "."))
            bytes.append(contentsOf: significant.reversed())
        }
    }

    /// Writes a whole number.
    public mutating func integer(_ value: Int) {
        separate()
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendInteger(UInt64(value.magnitude))
    }

    private mutating func appendInteger(_ value: UInt64) {
        let start = bytes.count
        var rest = value
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        bytes[start...].reverse()
    }

    /// Appends raw, already valid JSON text (e.g. a value written by another writer).
    public mutating func raw(_ json: some Sequence<UInt8>) {
        separate()
        bytes.append(contentsOf: json)
    }

    private mutating func appendEscaped(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for (index, byte) in utf8.enumerated() {
                let escape: [UInt8]?
                switch byte {
                case UInt8(ascii: "\""): escape = [0x5C, 0x22]
                case UInt8(ascii: "\\"): escape = [0x5C, 0x5C]
                case 0x0A: escape = [0x5C, 0x6E]
                case 0x0D: escape = [0x5C, 0x72]
                case 0x09: escape = [0x5C, 0x74]
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    escape = [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
                default: escape = nil
                }
                if let escape {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                    bytes.append(contentsOf: escape)
                    runStart = index + 1
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
