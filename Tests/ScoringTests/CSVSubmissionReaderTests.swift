import Foundation
import QuestionnaireEngine
import Testing

@testable import Analytics
@testable import Scoring
@testable import Submissions

@Suite("CSV submissions")
struct CSVSubmissionReaderTests {
    @Test("RFC 4180: a byte order mark, quoted commas, doubled quotes and line breaks")
    func rfc4180() throws {
        let text = "\u{FEFF}id,note\r\n1,\"a, b\"\r\n2,\"say \"\"hi\"\"\nthen go\"\r\n"
        let table = CSVTable(Array(text.utf8))
        #expect(table.records.map(\.fields) == [["id", "note"], ["1", "a, b"], ["2", "say \"hi\"\nthen go"]])
        #expect(table.records.map(\.line) == [1, 2, 3])
    }

    @Test("a torn last record (its quote never closes) is kept with its problem and line; the rest is read")
    func unclosedQuote() {
        let table = CSVTable(Array("a,b\n1,2\n3,\"oops\n".utf8))
        #expect(table.records.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "oops\n"]])
        #expect(
            table.records.map(\.problem) == [
                nil, nil, "a quoted field starting on this record never closes; add the closing quote",
            ])
        #expect(table.records.last?.line == 3)
    }

    @Test("a torn last row in a file rejects only that row")
    func tornLastRow() throws {
        let plan = try miniPlan()
        let text = "candidate_id,a1\nc1,3\nc2,4\nc3,\"5"
        let results = try CSVSubmissionReader(plan: plan).read(Array(text.utf8), file: "f.csv").results
        #expect(results.count == 3)
        #expect((try? results[1].get())?.candidate.id == "c2")
        guard case .failure(let rejection) = results[2] else {
            Issue.record("the torn row was not rejected")
            return
        }
        #expect(
            rejection.description
                == "f.csv:4: not valid CSV: a quoted field starting on this record never closes; add the closing quote")
    }

    /// The same corruptions JSON refuses (its reader's rules), in CSV rows: each row is refused with
    /// the reason and the others are read.
    @Test(
        "CSV refuses what JSON refuses: invalid UTF-8, a NUL byte, a number too large for a double",
        arguments: [
            ([0x63, 0x32, 0x2C, 0xFF, 0x2C, 0x34], "not valid CSV: invalid UTF-8 (byte 0xFF); save the file as UTF-8"),
            (
                [0x63, 0x32, 0x2C, 0x41, 0x00, 0x42, 0x2C, 0x34],
                "not valid CSV: a cell holds a NUL byte (0x00); the file looks binary or corrupted"
            ),
            (
                Array("c2,Bo,1e999".utf8),
                "the number '1e999' in 'a1' is too large to represent; use a value within ±1.8e308"
            ),
        ] as [([UInt8], String)])
    func refusedLikeJSON(row: [UInt8], reason: String) throws {
        let plan = try miniPlan()
        let text = Array("candidate_id,name,a1\nc1,Ana,3\n".utf8) + row + Array("\nc3,Cy,5\n".utf8)
        let results = try CSVSubmissionReader(plan: plan).read(text, file: "f.csv").results
        #expect(results.count == 3)
        #expect((try? results[0].get()) != nil && (try? results[2].get()) != nil)
        guard case .failure(let rejection) = results[1] else {
            Issue.record("the row was accepted")
            return
        }
        #expect(rejection.reason == reason)
    }

    @Test("seconds too large for a double are refused, not read as no time")
    func secondsTooLarge() throws {
        let plan = try miniPlan()
        let text = "candidate_id,a1,seconds\nc1,3,1e999\n"
        let results = try CSVSubmissionReader(plan: plan).read(Array(text.utf8), file: "f.csv").results
        guard case .failure(let rejection) = results[0] else {
            Issue.record("accepted")
            return
        }
        #expect(
            rejection.reason == "the number '1e999' in seconds is too large to represent; use a value within ±1.8e308")
    }

    @Test("the cell reader: quoted, doubled quotes, text after a closing quote, CRLF, a quote inside a plain cell")
    func cells() {
        let bytes = Array("a, \"b,\"\"\"c\"\"\",\"d\"e,5'11\"\r\nnext".utf8)
        bytes.withUnsafeBufferPointer { bytes in
            var cells: [CSVCell] = []
            var index = 0
            while true {
                let cell = CSVCell.read(in: bytes, at: index)
                cells.append(cell)
                if cell.end != .comma { break }
                index = cell.next
            }
            let texts = cells.map { String(decoding: $0.bytes(in: bytes), as: UTF8.self) }
            #expect(texts == ["a", " \"b", "\"c\"", "de", "5'11\""])
            #expect(
                cells.map(\.quoted) == [false, false, true, true, false], "a quote opens a field only at its start")
            #expect(cells[2].doubledQuotes && cells[3].textAfterQuote != nil)
            #expect(cells[4].end == .lineEnd && bytes[cells[4].next] == UInt8(ascii: "n"))
            #expect(String(decoding: bytes[cells[1].trimmed(in: bytes)], as: UTF8.self) == "\"b")
        }
    }

    /// A Google Forms export: Timestamp, email as the id, headers that are the question texts,
    /// option texts instead of ids, and "Yes".
    @Test("a form tool export with question-text headers is read")
    func formExport() throws {
        let plan = try miniPlan()
        let text = """
            Timestamp,Email Address,Name,I like people.,People tire me.,I enjoy helping.,I remember names.,A cake is late. You…,Weekends?,Years?,demographic.gender,Extra column
            2026/11/20 9:14:03 AM GMT,ana@example.org,Ana,5,2,4,1,Fix it tonight,Yes,2.5,woman,x

            """
        let batch = try CSVSubmissionReader(plan: plan).read(Array(text.utf8), file: "forms.csv")
        #expect(
            batch.warnings == ["forms.csv: ignored 1 column(s) that match no item or candidate field: 'Extra column'"])
        let read = try batch.results[0].get()
        #expect(read.candidate.id == "ana@example.org" && read.candidate.name == "Ana")
        #expect(read.submitted == "2026/11/20 9:14:03 AM GMT")
        #expect(read.candidate.demographics == ["gender": "woman"])
        #expect(read.source == "forms.csv:2")
        let card = Scorer(plan: plan).score([read])
        #expect(close(card.overall, (130 + 250 / 3) / 3), "same answers as the JSON hand-worked example")
    }

    @Test("a bad cell rejects its row only, naming the line")
    func badRow() throws {
        let plan = try miniPlan()
        let text = "candidate_id,a1\nc1,3\nc2,9\nc3,4\n"
        let batch = try CSVSubmissionReader(plan: plan).read(Array(text.utf8), file: "f.csv")
        #expect(batch.results.count == 3)
        if case .failure(let rejection) = batch.results[1] {
            #expect(rejection.description == "f.csv:3: answer 9 to 'a1' is outside its scale 1…5")
        } else {
            Issue.record("row 2 should be rejected")
        }
        #expect((try? batch.results[2].get())?.candidate.id == "c3")
    }

    @Test("a yes/no or scale cell that is no word it takes names the words it takes")
    func wordsACellTakes() throws {
        let plan = try miniPlan()
        let text = "candidate_id,Weekends?,a1\nc1,maybe,3\nc2,yes,Loads\n"
        let results = try CSVSubmissionReader(plan: plan).read(Array(text.utf8), file: "f.csv").results
        let reasons = results.map { result -> String? in
            if case .failure(let rejection) = result { return rejection.reason } else { return nil }
        }
        #expect(
            reasons == [
                "answer 'maybe' to 'y1' is not yes or no (write yes, y, true or 1; no, n, false or 0)",
                "answer 'Loads' to 'a1' is neither a number from 1 to 5",
            ])
    }

    @Test("a file without an id or email column is refused as a whole")
    func noIDColumn() throws {
        let plan = try miniPlan()
        #expect(
            throws: Rejection(
                source: "f.csv:1",
                reason:
                    "no candidate id column; add a 'candidate_id' (or 'email') column so results can be matched to people"
            )
        ) {
            try CSVSubmissionReader(plan: plan).read(Array("name,a1\nAna,3\n".utf8), file: "f.csv")
        }
    }
}

@Suite("CSV record ends for streaming")
struct CSVRecordEndTests {
    /// Splits text into records with `recordEnd`, as the stream does.
    func split(_ text: [UInt8]) -> (records: [[UInt8]], lines: [Int], rest: [UInt8]) {
        text.withUnsafeBufferPointer { bytes in
            var records: [[UInt8]] = []
            var lines: [Int] = []
            var start = 0
            while let end = CSVTable.recordEnd(in: bytes, from: start) {
                records.append(Array(bytes[start..<end.end]))
                lines.append(end.lines)
                start = end.end + 1
            }
            return (records, lines, Array(bytes[start...]))
        }
    }

    @Test("quoted line feeds, doubled quotes and quotes inside plain cells end records where the parser does")
    func trickyRecords() throws {
        let text = Array("a,\"b\nc\",d\n5'11\",x,\"\"\"q\"\"\"\n\"\",\"\n\n\",z\nlast,\"open\n".utf8)
        let parts = split(text)
        #expect(
            parts.records.map { String(decoding: $0, as: UTF8.self) } == [
                "a,\"b\nc\",d", "5'11\",x,\"\"\"q\"\"\"", "\"\",\"\n\n\",z",
            ])
        #expect(parts.lines == [2, 1, 3])
        #expect(String(decoding: parts.rest, as: UTF8.self) == "last,\"open\n", "an open quote waits for more input")
    }

    @Test("random CSV split by record ends parses to the same records as the whole file")
    func randomTextAgreesWithParser() throws {
        var random = SeededGenerator(seed: 11)
        let pieces = ["a", "7", " ", ",", "\"", "\"\"", "\n", "x\"y", "é"]
        for _ in 0..<400 {
            var rows: [String] = []
            for _ in 0..<(1 + random.next(below: 4)) {
                var cells: [String] = []
                for _ in 0..<(1 + random.next(below: 4)) {
                    var cell = ""
                    for _ in 0..<random.next(below: 4) { cell += pieces[random.next(below: pieces.count)] }
                    // Quote cells that hold separators, doubling their quotes, as exporters do.
                    if cell.contains(where: { $0 == "," || $0 == "\n" || $0 == "\"" }) || random.next(below: 3) == 0 {
                        cell = "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                    }
                    cells.append(cell)
                }
                rows.append(cells.joined(separator: ","))
            }
            let text = Array((rows.joined(separator: "\n") + "\n").utf8)
            let whole = CSVTable(text).records.map(\.fields)
            let parts = split(text)
            #expect(parts.rest.isEmpty)
            let pieced = parts.records.flatMap { CSVTable($0 + [0x0A]).records.map(\.fields) }
            #expect(pieced == whole, "\(String(decoding: text, as: UTF8.self))")
        }
    }
}
