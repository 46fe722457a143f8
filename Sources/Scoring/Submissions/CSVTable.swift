import Foundation

/// RFC 4180 CSV: fields separated by commas, records by CRLF or LF, fields optionally quoted
/// with `"` (a quote inside written `""`), quoted fields may hold commas and line breaks. A UTF-8
/// byte order mark at the start is skipped, as Excel and Google Forms write one.
public struct CSVTable: Sendable {
    /// One record with the line it starts on, for messages.
    public struct Record: Sendable {
        public var fields: [String]
        public var line: Int
    }

    public var records: [Record]

    /// A CSV problem with the line where it was found.
    public struct SyntaxError: Error, Sendable, Hashable {
        public var line: Int
        public var message: String
    }

    /// Parses CSV text.
    /// - Throws: ``SyntaxError`` for a quoted field that never closes or text after a closing quote.
    public init(_ bytes: [UInt8]) throws(SyntaxError) {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        var recordLine = 1
        var quoted = false
        var fieldStarted = false

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldStarted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Record(fields: fields, line: recordLine))
            }
            fields.removeAll()
        }

        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 2
                        continue
                    }
                    quoted = false
                    index += 1
                    if index < bytes.count,
                        ![UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(bytes[index])
                    {
                        throw SyntaxError(
                            line: line,
                            message: "text after a closing quote; inside a quoted field write a quote as \"\"")
                    }
                    continue
                }
                if byte == UInt8(ascii: "\n") { line += 1 }
                field.append(byte)
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\"") where !fieldStarted && field.isEmpty:
                quoted = true
                fieldStarted = true
            case UInt8(ascii: ","):
                endField()
            case UInt8(ascii: "\r") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n"):
                break
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(byte)
            }
            index += 1
        }
        if quoted {
            throw SyntaxError(
                line: recordLine, message: "a quoted field starting on this record never closes; add the closing quote")
        }
        if !field.isEmpty || !fields.isEmpty || fieldStarted { endRecord() }
        self.records = records
    }

    /// Where the record starting at `start` ends, by the same quoting rules as the parser: the
    /// index of its closing line feed, and how many line feeds it spans (more than one when a
    /// quoted field holds line breaks); `nil` when the bytes hold no complete record from there.
    public static func recordEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, lines: Int)? {
        guard let base = bytes.baseAddress else { return nil }
        // memchr from `from` to `to`: whole stretches without a quote or line feed cost little.
        func find(_ byte: UInt8, from: Int, to: Int) -> Int? {
            guard from < to, let found = memchr(base + from, Int32(byte), to - from) else { return nil }
            return UnsafeRawPointer(found) - UnsafeRawPointer(base)
        }
        var position = start
        var lines = 1
        while true {
            guard let lineFeed = find(0x0A, from: position, to: bytes.count) else { return nil }
            guard let quote = find(0x22, from: position, to: lineFeed) else { return (lineFeed, lines) }
            // A quote opens a quoted field only at the field's start; elsewhere it is a character.
            guard quote == start || bytes[quote - 1] == 0x2C else {
                position = quote + 1
                continue
            }
            var search = quote + 1
            while true {
                guard let close = find(0x22, from: search, to: bytes.count) else { return nil }
                var lineFeedInside = search
                while let inside = find(0x0A, from: lineFeedInside, to: close) {
                    lines += 1
                    lineFeedInside = inside + 1
                }
                // `""` inside a quoted field is a quote character.
                if close + 1 < bytes.count, bytes[close + 1] == 0x22 {
                    search = close + 2
                    continue
                }
                position = close + 1
                break
            }
        }
    }

    /// A field quoted when it needs to be, for writing CSV.
    public static func escape(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
