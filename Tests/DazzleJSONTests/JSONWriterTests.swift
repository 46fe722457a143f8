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
