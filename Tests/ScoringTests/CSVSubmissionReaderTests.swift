import QuestionnaireEngine
import Testing

@testable import Scoring

@Suite("CSV submissions")
struct CSVSubmissionReaderTests {
    @Test("RFC 4180: a byte order mark, quoted commas, doubled quotes and line breaks")
    func rfc4180() throws {
        let text = "\u{FEFF}id,note\r\n1,\"a, b\"\r\n2,\"say \"\"hi\"\"\nthen go\"\r\n"
        let table = try CSVTable(Array(text.utf8))
        #expect(table.records.map(\.fields) == [["id", "note"], ["1", "a, b"], ["2", "say \"hi\"\nthen go"]])
        #expect(table.records.map(\.line) == [1, 2, 3])
    }

    @Test("an unclosed quote is reported with its line")
    func unclosedQuote() {
        #expect(
            throws: CSVTable.SyntaxError(
                line: 2, message: "a quoted field starting on this record never closes; add the closing quote")
        ) {
            try CSVTable(Array("a,b\n1,\"oops\n".utf8))
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
