import DazzleJSON
import QuestionnaireEngine

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
        if let fields = readPlainRow(csvRow, header: header) {
            write(fields, line: csvRow, lineNumber: lineNumber, to: &writer)
            fastLines += 1
            return nil
        }
        let source = "\(sourceLabel):\(lineNumber)"
        let table: CSVTable
        do {
            table = try CSVTable(Array(csvRow))
        } catch {
            return Rejection(
                source: "\(sourceLabel):\(lineNumber + error.line - 1)", reason: "not valid CSV: \(error.message)")
        }
        guard table.records.count == 1, let record = table.records.first else {
            return Rejection(
                source: source,
                reason:
                    "row \(row) holds a carriage return that is not part of a line end; save the export with standard line ends"
            )
        }
        let reader = CSVSubmissionReader(plan: decoder.plan)
        switch reader.submission(record, columns: header.columns, header: header.fields, source: source, row: row) {
        case .success(let submission):
            scorer.write(scorer.score([submission], on: &sheet), to: &writer)
            return nil
        case .failure(let rejection):
            return rejection
        }
    }

    /// Reads a row the fast way into the sheet, or returns `nil` when it needs the general way.
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
            // One cell: plain, or quoted without doubled quotes; printable ASCII either way.
            var start = index
            var end = index
            if index < row.count, row[index] == 0x22 {
                start = index + 1
                end = start
                while end < row.count, row[end] != 0x22 {
                    guard row[end] >= 0x20, row[end] < 0x7F, row[end] != 0x5C else { return nil }
                    end += 1
                }
                guard end < row.count else { return nil }
                index = end + 1
                guard index == row.count || row[index] == 0x2C else { return nil }
            } else {
                while end < row.count, row[end] != 0x2C {
                    guard row[end] >= 0x20, row[end] < 0x7F, row[end] != 0x5C, row[end] != 0x22 else {
                        // A line's closing carriage return is not part of the last cell.
                        if row[end] == 0x0D, end == row.count - 1 { break }
                        return nil
                    }
                    end += 1
                }
                index = end
                if index < row.count, row[index] == 0x0D { index += 1 }
            }
            while start < end, row[start] == 0x20 || row[start] == 0x09 { start += 1 }
            while end > start, row[end - 1] == 0x20 || row[end - 1] == 0x09 { end -= 1 }
            if start < end {
                let cell = start..<end
                switch header.columns[column] {
                case .item(let slot):
                    guard let value = Self.wholeNumber(row, cell), sheet.points[slot].isNaN,
                        sheet.set(slot, whole: value)
                    else { return nil }
                case .id: fields.candidateID = cell
                case .name: fields.name = cell
                case .email: email = cell
                case .role: fields.role = cell
                case .submitted: fields.submitted = cell
                case .seconds:
                    guard let value = Self.wholeNumber(row, cell) else { return nil }
                    fields.seconds = Double(value)
                case .rater, .version: return nil
                case .demographic, .ignored: break
                }
            }
            column += 1
            guard index < row.count else { break }
            index += 1
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
