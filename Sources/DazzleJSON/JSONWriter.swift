/// Writes JSON text into one growing byte buffer, without building a tree first.
///
/// The caller writes structure in order (`beginObject`, `key`, values, `endObject`); commas are
/// inserted automatically. Strings are escaped per RFC 8259, and runs that need no escaping are
/// copied untouched. The buffer is raw memory the writer owns, which is why the type is not
/// copyable: appends cost a bounds check, not a uniqueness check.
public struct JSONWriter: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var count = 0
    @usableFromInline var capacity: Int
    /// Whether the next value at the current level needs a comma before it.
    @usableFromInline var needsComma = false
    /// The text `exact(_:)` wrote for recent numbers, when asked for (``remembersExactDigits``).
    var digits: UnsafeMutablePointer<RememberedDigits>?

    public init(reservingCapacity capacity: Int = 1024) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
        digits?.deallocate()
    }

    /// Whether `exact(_:)` remembers the text of the last few thousand numbers it wrote and copies
    /// it when the same number comes again. The text is the same either way; a writer that writes
    /// many scores from a small set of values (a scale's sums over its items) skips the search
    /// for the shortest digits. Costs 160 KB.
    public var remembersExactDigits: Bool {
        get { digits != nil }
        set {
            guard newValue != (digits != nil) else { return }
            if newValue {
                let table = UnsafeMutablePointer<RememberedDigits>.allocate(capacity: RememberedDigits.slots)
                table.initialize(repeating: RememberedDigits(), count: RememberedDigits.slots)
                digits = table
            } else {
                digits?.deallocate()
                digits = nil
            }
        }
    }

    /// One remembered number: its bit pattern and up to 24 bytes of its text (a double's shortest
    /// form is at most 24 characters, `-2.2250738585072014e-308`).
    struct RememberedDigits {
        static let slots = 4096
        /// An empty slot has length 0.
        var bits: UInt64 = 0
        var length = 0
        var text: (UInt64, UInt64, UInt64) = (0, 0, 0)

        /// The slot a number's bits go to: the top 12 bits of a multiplicative hash.
        @inline(__always)
        static func slot(of bits: UInt64) -> Int { Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> 52) }
    }

    /// The text written so far.
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// The number of bytes written so far.
    public var byteCount: Int { count }

    /// Calls `body` with the text written so far, without copying it.
    public func withBytes<Result, Failure: Error>(
        _ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// Empties the buffer, keeping its capacity.
    public mutating func reset() {
        count = 0
        needsComma = false
    }

    @inlinable mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        grow(extra)
    }

    @usableFromInline mutating func grow(_ extra: Int) {
        var newCapacity = capacity * 2
        while newCapacity < count + extra { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inlinable mutating func append(_ byte: UInt8) {
        if count == capacity { reserve(1) }
        base[count] = byte
        count += 1
    }

    @inlinable @inline(__always) mutating func append(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let source = buffer.baseAddress, !buffer.isEmpty else { return }
        reserve(buffer.count)
        let length = buffer.count
        let target = UnsafeMutableRawPointer(base + count)
        let from = UnsafeRawPointer(source)
        // Most fragments are short: two overlapping words copy them without a call to memcpy.
        if length >= 8 && length <= 16 {
            let head = from.loadUnaligned(as: UInt64.self)
            let tail = from.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
            target.storeBytes(of: head, as: UInt64.self)
            target.storeBytes(of: tail, toByteOffset: length - 8, as: UInt64.self)
        } else if length > 16 && length <= 32 {
            let head = from.loadUnaligned(as: SIMD16<UInt8>.self)
            let tail = from.loadUnaligned(fromByteOffset: length - 16, as: SIMD16<UInt8>.self)
            target.storeBytes(of: head, as: SIMD16<UInt8>.self)
            target.storeBytes(of: tail, toByteOffset: length - 16, as: SIMD16<UInt8>.self)
        } else {
            target.copyMemory(from: from, byteCount: length)
        }
        count += length
    }

    @inlinable @inline(__always) mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Ends a JSON Lines record: a newline, after which a new top-level value may start.
    @inlinable
    public mutating func endLine() {
        append(0x0A)
        needsComma = false
    }

    @inlinable mutating func separate() {
        if needsComma { append(UInt8(ascii: ",")) }
        needsComma = true
    }

    @inlinable
    public mutating func beginObject() {
        separate()
        append(UInt8(ascii: "{"))
        needsComma = false
    }

    @inlinable
    public mutating func endObject() {
        append(UInt8(ascii: "}"))
        needsComma = true
    }

    @inlinable
    public mutating func beginArray() {
        separate()
        append(UInt8(ascii: "["))
        needsComma = false
    }

    @inlinable
    public mutating func endArray() {
        append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes a member name known at compile time; it must need no escaping.
    @inlinable @inline(__always)
    public mutating func key(_ name: StaticString) {
        separate()
        append(UInt8(ascii: "\""))
        append(name)
        append("\":")
        needsComma = false
    }

    /// Writes a member name chosen at run time, escaped as needed.
    public mutating func key(named name: String) {
        separate()
        appendEscaped(name)
        append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func string(_ value: String) {
        separate()
        appendEscaped(value)
    }

    /// Writes a string whose UTF-8 needs no escaping: no quote, backslash or control character.
    /// Other text must go through `string(_:)`; this one copies the bytes as they are.
    @inlinable
    public mutating func string(unescaped utf8: UnsafeBufferPointer<UInt8>) {
        separate()
        append(UInt8(ascii: "\""))
        append(utf8)
        append(UInt8(ascii: "\""))
    }

    /// Writes a string, or `null` when absent.
    public mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    public mutating func bool(_ value: Bool) {
        separate()
        append(value ? "true" : "false")
    }

    @inlinable
    public mutating func null() {
        separate()
        append("null")
    }

    /// Writes a number rounded to at most `decimals` places (at most 9), without trailing zeros,
    /// so output is stable and short (`72.5`, not `72.50000000001`). Non-finite values are written
    /// as `null`.
    public mutating func number(_ value: Double, decimals: Int = 4) {
        guard value.isFinite else { return null() }
        separate()
        let places = min(max(decimals, 0), 9)
        var scale: UInt64 = 1
        for _ in 0..<places { scale &*= 10 }
        // Half-up rounding by truncation: no call into libm's round on this hot path.
        let scaled = (value < 0 ? -value : value) * Double(scale) + 0.5
        guard scaled < 9e15 else {
            var text = String(value)
            text.withUTF8 { append($0) }
            return
        }
        let units = UInt64(scaled)
        if value < 0 && units != 0 { append(UInt8(ascii: "-")) }
        // Scores and weights fit 32 bits, whose divisions are several times faster.
        if units <= UInt64(UInt32.max) {
            appendSmall(UInt32(units), scale: UInt32(scale), places: places)
            return
        }
        appendInteger(units / scale)
        appendFraction(units % scale, places: places)
    }

    /// `.` and the digits of `fraction` (a fraction of 10^places), without trailing zeros;
    /// nothing when it is 0.
    @inline(__always)
    private mutating func appendFraction(_ fraction: UInt64, places: Int) {
        guard fraction != 0 else { return }
        var fraction = fraction
        var width = places
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        append(UInt8(ascii: "."))
        reserve(width)
        for offset in stride(from: width - 1, through: 0, by: -1) {
            base[count + offset] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: fraction % 10)
            fraction /= 10
        }
        count += width
    }

    /// Writes a number exactly: text that reads back as the same double, as short as the
    /// standard library's shortest round-trip form (whole numbers without a fraction, small ones
    /// in exponent form, e.g. `2.3e-16`). Non-finite values are written as `null`. For published
    /// statistics and scores, where rounding would hide what an analyst needs to check.
    public mutating func exact(_ value: Double) {
        guard value.isFinite else { return null() }
        if value == value.rounded(.towardZero), abs(value) < 1e15 {
            integer(Int(value))
            return
        }
        separate()
        guard let digits else { return appendExact(value) }
        let bits = value.bitPattern
        let remembered = digits + RememberedDigits.slot(of: bits)
        if remembered.pointee.bits == bits, remembered.pointee.length > 0 {
            reserve(24)
            UnsafeMutableRawPointer(base + count).storeBytes(
                of: remembered.pointee.text, as: (UInt64, UInt64, UInt64).self)
            count += remembered.pointee.length
            return
        }
        let start = count
        appendExact(value)
        let length = count - start
        guard length <= 24 else { return }
        var text: (UInt64, UInt64, UInt64) = (0, 0, 0)
        let written = UnsafeRawBufferPointer(start: base + start, count: length)
        withUnsafeMutableBytes(of: &text) { $0.copyMemory(from: written) }
        remembered.pointee = RememberedDigits(bits: bits, length: length, text: text)
    }

    /// The digits of a finite number that is not a small whole one, after the separator.
    private mutating func appendExact(_ value: Double) {
        // Most scores and rates are short decimals (72.5, 0.75): when four places read back as
        // the same double, write them without asking for the shortest digits.
        let magnitude = abs(value)
        if magnitude >= 1e-4, magnitude < 1e11 {
            let units = (magnitude * 10_000).rounded()
            if units / 10_000 == magnitude {
                if value < 0 { append(UInt8(ascii: "-")) }
                appendInteger(UInt64(units) / 10_000)
                appendFraction(UInt64(units) % 10_000, places: 4)
                return
            }
        }
        // The standard library's shortest digits, handed over as bytes (no String is made).
        withUnsafeMutablePointer(to: &self) { writer in
            var sink = ASCIISink(writer: writer)
            value.write(to: &sink)
        }
    }

    /// Receives the standard library's number text straight into the writer's buffer.
    struct ASCIISink: TextOutputStream {
        let writer: UnsafeMutablePointer<JSONWriter>
        mutating func write(_ string: String) {
            var text = string
            text.withUTF8 { writer.pointee.append($0) }
        }
        mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { writer.pointee.append(buffer) }
    }

    /// Writes a whole number.
    @inlinable
    public mutating func integer(_ value: Int) {
        separate()
        if value < 0 { append(UInt8(ascii: "-")) }
        appendInteger(UInt64(value.magnitude))
    }

    /// `units / scale` with up to `places` decimals, trailing zeros dropped, in 32-bit arithmetic.
    @usableFromInline mutating func appendSmall(_ units: UInt32, scale: UInt32, places: Int) {
        var whole = units / scale
        var fraction = units - whole * scale
        var digits = 1
        var probe = whole
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        var width = places
        if fraction != 0 {
            while fraction % 10 == 0 {
                fraction /= 10
                width -= 1
            }
        }
        let total = digits + (fraction != 0 ? 1 + width : 0)
        reserve(total)
        var position = count + digits - 1
        repeat {
            base[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: whole % 10)
            whole /= 10
            position -= 1
        } while whole > 0
        if fraction != 0 {
            base[count + digits] = UInt8(ascii: ".")
            var at = count + total - 1
            for _ in 0..<width {
                base[at] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: fraction % 10)
                fraction /= 10
                at -= 1
            }
        }
        count += total
    }

    @inlinable mutating func appendInteger(_ value: UInt64) {
        if value < 10 {
            append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value))
            return
        }
        if value < 100 {
            reserve(2)
            base[count] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value / 10)
            base[count &+ 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
            count &+= 2
            return
        }
        appendLongInteger(value)
    }

    @usableFromInline mutating func appendLongInteger(_ value: UInt64) {
        var digits = 2
        var limit: UInt64 = 100
        while value >= limit && digits < 20 {
            digits += 1
            let (next, overflow) = limit.multipliedReportingOverflow(by: 10)
            if overflow { break }
            limit = next
        }
        reserve(digits)
        var rest = value
        for offset in stride(from: digits - 1, through: 0, by: -1) {
            base[count + offset] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
        count += digits
    }

    /// Appends raw, already valid JSON text (e.g. a value written by another writer).
    @inlinable
    public mutating func raw(_ json: UnsafeBufferPointer<UInt8>) {
        separate()
        append(json)
    }

    /// Appends prepared members of the current object (`"a":1,"b":"x"`), separated as a value is;
    /// more members may follow.
    @inlinable
    public mutating func members(_ json: UnsafeBufferPointer<UInt8>) {
        separate()
        append(json)
    }

    /// Appends values written straight into the buffer, for tables of prepared values copied
    /// many at a time without a call per value. `body` gets room for `maximum` bytes and whether
    /// the first value needs a comma before it; it writes whole values with the commas between
    /// them and returns how many bytes it wrote.
    @inlinable
    public mutating func rawValues(
        maximum: Int, _ body: (_ room: UnsafeMutablePointer<UInt8>, _ needsComma: Bool) -> Int
    ) {
        reserve(maximum)
        let written = body(base + count, needsComma)
        precondition(written >= 0 && written <= maximum, "rawValues wrote outside its room")
        count += written
        if written > 0 { needsComma = true }
    }

    /// Appends a prepared fragment of JSON text that includes its own separators, such as
    /// `,{"item":"q1","answer":` cached per item; the next call writes a value after it.
    @inlinable
    public mutating func fragment(_ text: UnsafeBufferPointer<UInt8>) {
        append(text)
        needsComma = false
    }

    /// Appends a prepared fragment known at compile time, like the other `fragment(_:)`.
    @inlinable
    public mutating func fragment(_ text: StaticString) {
        append(text)
        needsComma = false
    }

    /// Writes a number that is often whole (answers on a scale) without floating-point work.
    @inlinable
    public mutating func wholeOrNumber(_ value: Double, decimals: Int = 4) {
        if value >= 0, value < 1e15, value == value.rounded(.towardZero) {
            separate()
            appendInteger(UInt64(value))
        } else {
            number(value, decimals: decimals)
        }
    }

    private mutating func appendEscaped(_ text: String) {
        append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            var index = 0
            while index < utf8.count {
                // Eight bytes at a time while none needs escaping (a quote, a backslash or a
                // control character), by the zero-byte tests of "Bit Twiddling Hacks".
                if index &+ 8 <= utf8.count {
                    let word = UInt64(
                        littleEndian: UnsafeRawPointer(utf8.baseAddress! + index).loadUnaligned(as: UInt64.self))
                    let ones: UInt64 = 0x0101_0101_0101_0101
                    let quote = word ^ (0x22 &* ones)
                    let backslash = word ^ (0x5C &* ones)
                    let special =
                        ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
                        | ((word &- 0x20 &* ones) & ~word)
                    if special & (0x80 &* ones) == 0 {
                        index &+= 8
                        continue
                    }
                }
                let byte = utf8[index]
                if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                    index += 1
                    continue
                }
                append(UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                switch byte {
                case UInt8(ascii: "\""): append("\\\"")
                case UInt8(ascii: "\\"): append("\\\\")
                case 0x0A: append("\\n")
                case 0x0D: append("\\r")
                case 0x09: append("\\t")
                default:
                    let hex: StaticString = "0123456789abcdef"
                    append("\\u00")
                    append(hex.utf8Start[Int(byte >> 4)])
                    append(hex.utf8Start[Int(byte & 0xF)])
                }
                index += 1
                runStart = index
            }
            append(UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        append(UInt8(ascii: "\""))
    }
}
