import Testing

@testable import DazzleJSON

@Suite("JSON writer")
struct JSONWriterTests {
    func text(_ build: (inout JSONWriter) -> Void) -> String {
        var writer = JSONWriter()
        build(&writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test("numbers are rounded half up to the decimals asked, without trailing zeros")
    func numbers() {
        let values: [Double] = [72.5, 0.0005, 13.333333, -0.00001, 100, 0, -2.25, 4_294_967_296.5, 1e20, 0.1 + 0.2]
        let written = text { writer in
            writer.beginArray()
            for value in values { writer.number(value) }
            writer.endArray()
        }
        #expect(written == "[72.5,0.0005,13.3333,0,100,0,-2.25,4294967296.5,1e+20,0.3]")
    }

    @Test("exact numbers read back as the same double: small p-values in exponent form, short decimals as written")
    func exactRoundTrip() {
        var values: [Double] = [
            2.3e-16, 7.7e-07, 0.1 + 0.2, 72.5, -0.75, 1e300, -1.06e27, 5e-324, 0.9999999999999999, 1e15,
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let bits = state >> 11
            values.append(Double(bits) / Double(1 << 53) * [1e-9, 1, 100, 1e12][Int(state % 4)])
            values.append(Double(bitPattern: state))
        }
        for value in values where value.isFinite {
            let written = text { $0.exact(value) }
            #expect(Double(written) == value, "\(value) written as \(written)")
        }
        #expect(text { $0.exact(2.3e-16) } == "2.3e-16")
        #expect(text { $0.exact(0.1 + 0.2) } == "0.30000000000000004")
        #expect(text { $0.exact(72.5) } == "72.5")
        #expect(text { $0.exact(.nan) } == "null")
    }

    @Test("a writer that remembers exact digits writes what one that does not writes, when numbers repeat and collide")
    func rememberedDigitsMatch() {
        // Scores as scales give them (sums of k/4 and k/6 over up to 12 items, means of those),
        // random doubles, and numbers that share a slot of the table, each written several times.
        var values: [Double] = []
        for items in 1...12 {
            for sum in 0...(items * 12) { values.append(100 * Double(sum) / Double(items * 12)) }
        }
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        for _ in 0..<3_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            values.append(Double(bitPattern: state))
            values.append(Double(state >> 11) / Double(1 << 53) * 100)
        }
        var bySlot: [Int: [Double]] = [:]
        for value in values {
            bySlot[JSONWriter.RememberedDigits.slot(of: value.bitPattern), default: []].append(value)
        }
        let colliding = bySlot.values.filter { Set($0.map(\.bitPattern)).count > 1 }.flatMap { $0 }
        #expect(colliding.count > 10, "the test needs numbers that share a slot")
        let sequence = values + colliding + values.reversed() + colliding.reversed() + [-0.0, 0.0, 1e300, -5e-324]
        var plain = JSONWriter()
        var remembering = JSONWriter()
        remembering.remembersExactDigits = true
        plain.beginArray()
        remembering.beginArray()
        for value in sequence {
            plain.exact(value)
            remembering.exact(value)
        }
        plain.endArray()
        remembering.endArray()
        #expect(plain.bytes == remembering.bytes)
        let remembers = remembering.remembersExactDigits
        #expect(remembers)
    }

    @Test("strings with a character to escape at any place, in runs of any length, escape as RFC 8259 says")
    func escapesAtEveryPlace() {
        func reference(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20:
                    out += "\\u00" + String(scalar.value >> 4, radix: 16) + String(scalar.value & 0xF, radix: 16)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        let specials: [Character] = [
            "\"", "\\", "\n", "\r", "\t", "\u{1}", "\u{1F}", "é", "\u{7F}", " ", "!", "#", "]",
        ]
        var random = UInt64(0x1234_5678)
        for length in 0..<40 {
            for _ in 0..<30 {
                var text = ""
                for _ in 0..<length {
                    random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    text.append(
                        random >> 60 < 3
                            ? specials[Int(random >> 8) % specials.count]
                            : Character(Unicode.Scalar(UInt8(97 + random >> 40 % 26))))
                }
                #expect(self.text { $0.string(text) } == reference(text), "\(text.debugDescription)")
            }
        }
    }

    @Test("whole numbers and fragments of every short length are written as they are")
    func integersAndFragments() {
        let numbers = Array(-120...1_200) + [Int.max, Int.min + 1, 99_999, 100_000, 1_000_000_007]
        #expect(
            text { writer in numbers.forEach { writer.integer($0) } } == numbers.map(String.init).joined(separator: ",")
        )
        for length in 0...70 {
            let bytes = (0..<length).map { UInt8(65 + $0 % 26) }
            let written = text { writer in
                writer.beginArray()
                bytes.withUnsafeBufferPointer { writer.fragment($0) }
                writer.endArray()
            }
            #expect(written == "[" + String(decoding: bytes, as: UTF8.self) + "]")
        }
    }

    @Test("strings escape quotes, backslashes and control characters; objects and lines separate")
    func structure() {
        let written = text { writer in
            writer.beginObject()
            writer.key("a")
            writer.string("say \"hi\"\\\n\u{1}")
            writer.key(named: "b c")
            writer.integer(-42)
            writer.key("d")
            writer.null()
            writer.endObject()
            writer.endLine()
            writer.beginArray()
            writer.bool(true)
            writer.endArray()
        }
        #expect(written == "{\"a\":\"say \\\"hi\\\"\\\\\\n\\u0001\",\"b c\":-42,\"d\":null}\n[true]")
    }
}
