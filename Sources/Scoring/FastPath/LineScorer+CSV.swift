import DazzleJSON
import QuestionnaireEngine
import Submissions

extension LineScorer {
    /// Scores one CSV data row (without its line feed) of a file whose header is `header`, and
    /// appends its scorecard to `writer`; returns the rejection instead when the row cannot be
    /// scored.
    ///
    /// The usual row (whole numbers on the items' scales, plain ASCII text, no rater, this
    /// version) is read into the sheet as it stands; any other row goes through
    /// ``CSVSubmissionReader``, with the same result.
    /// - Parameters:
    ///   - lineNumber: the line the row starts on, for `sources` and messages.
    ///   - row: the row's number among the data rows, for messages.
    public mutating func score(
        csvRow: UnsafeBufferPointer<UInt8>, header: CSVSubmissionReader.Header, lineNumber: Int, row: Int,
        to writer: inout JSONWriter
    ) -> Rejection? {
        sheet.clearPoints()
        if plan.layout.missingCodes.isEmpty, let fields = readPlainRow(csvRow, header: header) {
            let start = writer.byteCount
            write(fields, line: csvRow, lineNumber: lineNumber, to: &writer)
            fastLines += 1
            #if DEBUG
                checkFastPath(
                    writer, from: start,
                    against: generalResult(csvRow: csvRow, header: header, lineNumber: lineNumber, row: row))
            #endif
            return nil
        }
        switch generalSubmission(csvRow: csvRow, header: header, lineNumber: lineNumber, row: row) {
        case .success(let submission):
            scorer.write(withStanding(scorer.score([submission], on: &sheet)), to: &writer)
            return nil
        case .failure(let rejection):
            return rejection
        }
    }

    /// What the general path gives for a CSV row: its scorecard's bytes, or its rejection.
    public func generalResult(
        csvRow: UnsafeBufferPointer<UInt8>, header: CSVSubmissionReader.Header, lineNumber: Int, row: Int
    ) -> Result<[UInt8], Rejection> {
        generalSubmission(csvRow: csvRow, header: header, lineNumber: lineNumber, row: row).map { submission in
            var writer = JSONWriter(reservingCapacity: 8 << 10)
            scorer.write(withStanding(scorer.score([submission])), to: &writer)
            return writer.bytes
        }
    }

    /// A CSV row read the general way.
    public func generalSubmission(
        csvRow: UnsafeBufferPointer<UInt8>, header: CSVSubmissionReader.Header, lineNumber: Int, row: Int
    ) -> Result<Submission, Rejection> {
        CSVSubmissionReader(plan: plan).submission(
            row: Array(csvRow), header: header, source: "\(sourceLabel):\(lineNumber)", row: row)
    }

    /// Reads a row the fast way into the sheet, or returns `nil` when it needs the general way:
    /// every cell plain (unquoted, or quoted without doubled quotes), printable ASCII, read by
    /// the one cell reader and trimmed by its rule.
    mutating func readPlainRow(_ row: UnsafeBufferPointer<UInt8>, header: CSVSubmissionReader.Header)
        -> FastSubmissionParser.Fields?
    {
        var fields = FastSubmissionParser.Fields()
        fields.hasAnswers = true
        var email: Range<Int>?
        var index = 0
        var column = 0
        while true {
            guard column < header.columns.count else { return nil }
            // A run of items in slot order, each the usual one digit and a comma: read at once.
            if !header.itemRuns.isEmpty, header.itemRuns[column] > 1, case .item(let first) = header.columns[column] {
                let run = header.itemRuns[column]
                var taken = 0
                let read = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: run) { digits -> Bool in
                    while taken < run, index + 1 < row.count, row[index + 1] == UInt8(ascii: ","),
                        row[index] &- 0x30 < 10
                    {
                        digits[taken] = row[index] &- 0x30
                        taken += 1
                        index += 2
                    }
                    return sheet.numbers.set(wholes: UnsafeBufferPointer(rebasing: digits[..<taken]), from: first)
                }
                guard read else { return nil }
                column += taken
                if taken > 0 { continue }
            }
            // The usual answer, one digit and a comma: read here as the cell reader reads it.
            if case .item(let slot) = header.columns[column], index + 1 < row.count,
                row[index + 1] == UInt8(ascii: ","), row[index] &- 0x30 < 10
            {
                guard sheet.numbers.points[slot].isNaN, sheet.numbers.set(slot, whole: Int(row[index] &- 0x30))
                else { return nil }
                column += 1
                index += 2
                continue
            }
            let cell = CSVCell.read(in: row, at: index)
            guard !cell.doubledQuotes, !cell.unclosed, cell.textAfterQuote == nil, cell.lineFeeds == 0 else {
                return nil
            }
            for position in cell.content {
                let byte = row[position]
                guard byte >= 0x20, byte < 0x7F, byte != 0x5C, cell.quoted || byte != 0x22 else { return nil }
            }
            let trimmed = cell.trimmed(in: row)
            if !trimmed.isEmpty {
                switch header.columns[column] {
                case .item(let slot):
                    guard let value = Self.wholeNumber(row, trimmed), sheet.numbers.points[slot].isNaN,
                        sheet.numbers.set(slot, whole: value)
                    else { return nil }
                case .id: fields.candidateID = trimmed
                case .name: fields.name = trimmed
                case .email: email = trimmed
                case .role: fields.role = trimmed
                case .submitted: fields.submitted = trimmed
                case .seconds:
                    guard let value = Self.wholeNumber(row, trimmed) else { return nil }
                    fields.seconds = Double(value)
                case .rater, .version: return nil
                case .demographic, .ignored: break
                }
            }
            column += 1
            // A row holds one record: a line end inside it (a lone CR) is for the general way.
            if cell.end == .lineEnd && cell.next < row.count { return nil }
            guard cell.end == .comma else { break }
            index = cell.next
        }
        guard column == header.columns.count else { return nil }
        fields.email = email
        if fields.candidateID == nil { fields.candidateID = email }
        guard fields.candidateID != nil else { return nil }
        return fields
    }

    /// A cell of decimal digits (at most 9), as `Int(text)` would read it; `nil` for anything else.
    static func wholeNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ cell: Range<Int>) -> Int? {
        guard cell.count <= 9 else { return nil }
        var value = 0
        for index in cell {
            let digit = bytes[index] &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }
}
