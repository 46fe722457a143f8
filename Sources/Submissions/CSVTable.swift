import Foundation

/// One CSV cell as found in the bytes (RFC 4180, read leniently): the one reader of cells, used
/// by ``CSVTable`` for whole files and by the stream's fast path for plain rows.
///
/// Cells are separated by commas and records by LF, CRLF or a lone CR. A cell that starts with
/// `"` is quoted: it may hold commas and line breaks, and `""` inside it is a quote. A quote
/// anywhere else is an ordinary character (`5'11"`), as form tools write them.
public struct CSVCell: Sendable, Equatable {
    /// The cell's text: inside the quotes for a quoted cell (with `""` still doubled).
    public var content: Range<Int>
    public var quoted: Bool
    /// Whether `content` holds `""` pairs to be read as one quote each.
    public var doubledQuotes: Bool
    /// For a quoted cell with text after its closing quote (`"ab"c`, which is not CSV): where
    /// that text starts; it belongs to the cell and makes its record malformed.
    public var textAfterQuote: Range<Int>?
    /// Whether the cell's quote never closes before the end of the bytes.
    public var unclosed: Bool
    /// What ends the cell.
    public var end: End
    /// Where the next cell (or record) starts.
    public var next: Int
    /// Line feeds inside the cell (a quoted cell may span lines).
    public var lineFeeds: Int

    public enum End: Sendable, Equatable {
        case comma
        /// A line end: LF, CRLF or a lone CR.
        case lineEnd
        /// The end of the bytes.
        case input
    }

    /// Reads the cell that starts at `start`.
    public static func read(in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> CSVCell {
        var cell = CSVCell(
            content: start..<start, quoted: false, doubledQuotes: false, textAfterQuote: nil, unclosed: false,
            end: .input, next: bytes.count, lineFeeds: 0)
        var index = start
        if index < bytes.count, bytes[index] == 0x22 {
            cell.quoted = true
            index += 1
            let open = index
            while true {
                guard index < bytes.count else {
                    cell.unclosed = true
                    cell.content = open..<bytes.count
                    return cell
                }
                let byte = bytes[index]
                if byte == 0x22 {
                    if index + 1 < bytes.count, bytes[index + 1] == 0x22 {
                        cell.doubledQuotes = true
                        index += 2
                        continue
                    }
                    break
                }
                if byte == 0x0A { cell.lineFeeds += 1 }
                index += 1
            }
            cell.content = open..<index
            index += 1
            let trailing = index
            while index < bytes.count, bytes[index] != 0x2C, bytes[index] != 0x0A, bytes[index] != 0x0D { index += 1 }
            if index > trailing { cell.textAfterQuote = trailing..<index }
        } else {
            while index < bytes.count, bytes[index] != 0x2C, bytes[index] != 0x0A, bytes[index] != 0x0D { index += 1 }
            cell.content = start..<index
        }
        guard index < bytes.count else { return cell }
        switch bytes[index] {
        case 0x2C:
            cell.end = .comma
            cell.next = index + 1
        case 0x0D where index + 1 < bytes.count && bytes[index + 1] == 0x0A:
            cell.end = .lineEnd
            cell.next = index + 2
        default:
            cell.end = .lineEnd
            cell.next = index + 1
        }
        return cell
    }

    /// The cell's range without the spaces and tabs around it: the one trimming rule for cells.
    public func trimmed(in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var lower = content.lowerBound
        var upper = content.upperBound
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
        return lower..<upper
    }

    /// The cell's bytes as text: quotes undoubled, text after a closing quote kept.
    public func bytes(in bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var text: [UInt8] = []
        text.reserveCapacity(content.count)
        var index = content.lowerBound
        while index < content.upperBound {
            text.append(bytes[index])
            index += doubledQuotes && bytes[index] == 0x22 ? 2 : 1
        }
        if let textAfterQuote { text += bytes[textAfterQuote] }
        return text
    }
}

/// RFC 4180 CSV read into records of text, each record with the line it starts on. A UTF-8 byte
/// order mark at the start is skipped, as Excel and Google Forms write one.
///
/// A record that cannot be read as text is kept with its problem, so the one record is rejected
/// and the rest of the file read on: a quoted cell that never closes (a torn last record), text
/// after a closing quote, bytes that are not UTF-8, a NUL byte (the same checks as for JSON).
public struct CSVTable: Sendable {
    /// One record with the line it starts on, for messages.
    public struct Record: Sendable {
        public var fields: [String]
        public var line: Int
        /// Why the record cannot be read, in a sentence; `nil` for a good record.
        public var problem: String?
    }

    public var records: [Record]

    /// Reads CSV text.
    public init(_ bytes: [UInt8]) {
        var records: [Record] = []
        bytes.withUnsafeBufferPointer { bytes in
            var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            var line = 1
            while index < bytes.count {
                let recordLine = line
                var fields: [String] = []
                var problem: String?
                while true {
                    let cell = CSVCell.read(in: bytes, at: index)
                    line += cell.lineFeeds
                    let text = cell.bytes(in: bytes)
                    if problem == nil { problem = Self.problem(of: cell, text: text) }
                    fields.append(String(decoding: text, as: UTF8.self))
                    index = cell.next
                    if cell.end == .lineEnd { line += 1 }
                    if cell.end != .comma { break }
                }
                // A line with nothing on it is no record.
                let blank = fields.count == 1 && fields[0].isEmpty && problem == nil
                if !blank { records.append(Record(fields: fields, line: recordLine, problem: problem)) }
            }
        }
        self.records = records
    }

    /// Why a cell makes its record unreadable, or `nil`.
    static func problem(of cell: CSVCell, text: [UInt8]) -> String? {
        if cell.unclosed { return "a quoted field starting on this record never closes; add the closing quote" }
        if cell.textAfterQuote != nil {
            return "text after a closing quote; inside a quoted field write a quote as \"\""
        }
        if text.contains(0) { return "a cell holds a NUL byte (0x00); the file looks binary or corrupted" }
        if String(validating: text, as: UTF8.self) == nil {
            let byte = text.first { $0 >= 0x80 } ?? 0
            return "invalid UTF-8 (byte 0x\(String(byte, radix: 16, uppercase: true))); save the file as UTF-8"
        }
        return nil
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
