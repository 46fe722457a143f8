import DazzleJSON
import QuestionnaireEngine
import Scoring
import Submissions
import Testing

@Suite("Stream scoring, line by line")
struct LineScorerTests {
    /// What the general way writes for a line: decode, score, write the scorecard.
    func generalOutput(
        _ line: [UInt8], lineNumber: Int, plan: ScoringPlan, explanation: ExplanationDetail = .full
    ) -> Result<String, Rejection> {
        let scorer = Scorer(plan: plan, explanation: explanation)
        switch SubmissionDecoder(plan: plan).decode(line, source: "stdin:\(lineNumber)") {
        case .success(let submission):
            var writer = JSONWriter()
            scorer.write(scorer.score([submission]), to: &writer)
            return .success(String(decoding: writer.bytes, as: UTF8.self))
        case .failure(let rejection):
            return .failure(rejection)
        }
    }

    func lineOutput(_ line: [UInt8], lineNumber: Int, scorer: inout LineScorer) -> Result<String, Rejection> {
        var writer = JSONWriter()
        let rejection = line.withUnsafeBufferPointer { scorer.score($0, lineNumber: lineNumber, to: &writer) }
        if let rejection { return .failure(rejection) }
        return .success(String(decoding: writer.bytes, as: UTF8.self))
    }

    @Test("a plain numeric form takes the fast way and writes exactly what the general way writes")
    func plainFormMatches() throws {
        let plan = try miniPlan()
        var scorer = LineScorer(plan: plan, sourceLabel: "stdin")
        let line = miniLine(#""a1": 5, "a2": 1, "a3": 4, "a4": 5, "n1": 3, "r1": 4, "sd1": 5, "sd2": 1"#)
        let fast = lineOutput(line, lineNumber: 7, scorer: &scorer)
        #expect(scorer.fastLines == 1)
        #expect(fast == generalOutput(line, lineNumber: 7, plan: plan))
        let text = try fast.get()
        #expect(text.contains(#""sources":["stdin:7"]"#))
        #expect(text.contains(#""kind":"desirability""#))
    }

    @Test("a knockout, a gap in a dimension and a fast finish read the same both ways")
    func flagsAndKnockoutsMatch() throws {
        let plan = try miniPlan()
        var scorer = LineScorer(plan: plan, sourceLabel: "stdin")
        let line = miniLine(#""a1": 1, "a3": 5, "a4": 2, "r1": 1, "n1": 8"#, seconds: 30)
        let fast = lineOutput(line, lineNumber: 1, scorer: &scorer)
        #expect(fast == generalOutput(line, lineNumber: 1, plan: plan))
        let text = try fast.get()
        #expect(text.contains(#""knockouts":["No love"]"#))
        #expect(text.contains(#""kind":"too-fast""#))
        #expect(text.contains(#""kind":"consistency""#))
    }

    @Test("forms the fast way does not take are scored the general way, with the same result")
    func otherFormsFallBack() throws {
        let plan = try miniPlan()
        var scorer = LineScorer(plan: plan, sourceLabel: "stdin")
        let lines = [
            miniLine(#""a1": 4, "c1": "z", "y1": true, "t1": "I love a rush""#),
            miniLine(#""a1": 4, "a2": 2"#, candidate: "Zoë"),
            miniLine(#""a1": 4, "a2": 2"#, candidate: #"a\"b"#),
            miniLine(#""r1": 2"#, rater: "Sam"),
            miniLine(#""a1": 4, "unknown": 2"#),
            miniLine(#""a1": 4.5"#),
            miniLine(#""a1": 9"#),
            miniLine(#""a1": 4, "a1": 5"#),
            Array(miniLine(#""a1": 4"#)).replacing(
                Array(#""version": "2.1""#.utf8), with: Array(#""version": "2.0""#.utf8)),
            Array(miniLine(#""a1": 4"#)).replacing(
                Array(#""version": "2.1""#.utf8), with: Array(#""version": "3.0""#.utf8)),
            Array(
                #"{"format": "dazzle.submission/1", "questionnaire": "mini", "candidate": {"id": ""}, "answers": {}}"#
                    .utf8),
            Array(
                #"{"format": "dazzle.submission/1", "questionnaire": "other", "candidate": {"id": "x"}, "answers": {}}"#
                    .utf8),
            Array(#"{"format": "dazzle.submission/1""#.utf8),
        ]
        for (index, line) in lines.enumerated() {
            let fast = lineOutput(line, lineNumber: index + 1, scorer: &scorer)
            #expect(fast == generalOutput(line, lineNumber: index + 1, plan: plan), "line \(index + 1)")
        }
        #expect(scorer.fastLines == 0)
    }

    @Test(
        "long names are read eight bytes at a time, and an escape or accent anywhere in them still goes the general way"
    )
    func longNames() throws {
        let plan = try miniPlan()
        let plain = "Alexandra Konstantinopoulou-Smythe the Third"
        let special = [
            #"Alexandra Konstantinopoulou-Smythe \"Third\""#, "Alexandra Konstantinopoulou-Smythé",
            #"Alexandra\u0009Konstantinopoulou"#,
            #"Alexandra Konstantinopoulou\\Smythe"#,
        ]
        for (index, name) in ([plain] + special).enumerated() {
            var scorer = LineScorer(plan: plan, sourceLabel: "stdin")
            let line = Array(
                #"{"format": "dazzle.submission/1", "questionnaire": "mini", "candidate": {"id": "c1", "name": "\#(name)"}, "answers": {"a1": 4, "a2": 2}}"#
                    .utf8)
            let fast = lineOutput(line, lineNumber: 1, scorer: &scorer)
            #expect(fast == generalOutput(line, lineNumber: 1, plan: plan), "\(name)")
            #expect(scorer.fastLines == (index == 0 ? 1 : 0), "\(name)")
        }
    }

    @Test("thousands of random numeric forms read the same both ways, most of them the fast way")
    func randomFormsMatch() throws {
        let plan = try miniPlan()
        var scorer = LineScorer(plan: plan, sourceLabel: "stdin")
        var random = SeededGenerator(seed: 7)
        let ids = ["a1", "a2", "a3", "a4", "n1", "r1", "sd1", "sd2"]
        for number in 1...3000 {
            var answers: [String] = []
            for id in ids where random.next(below: 5) != 0 {
                // Mostly in range; now and then a decimal or out of range, which are rejected.
                let value: String
                switch random.next(below: 40) {
                case 0: value = "2.5"
                case 1: value = "11"
                case 2: value = "null"
                default: value = String(1 + random.next(below: 5))
                }
                answers.append(#""\#(id)": \#(value)"#)
            }
            let seconds = random.next(below: 900)
            let email = random.next(below: 2) == 0 ? #""email": "c\#(number)@example.org", "# : ""
            let name = random.next(below: 2) == 0 ? #""name": "Candidate \#(number)", "# : ""
            let line = Array(
                #"{"format": "dazzle.submission/1", "questionnaire": "mini", "candidate": {\#(email)\#(name)"id": "c\#(number)"}, "submitted": "2026-11-\#(10 + number % 10)T09:00:00Z", "seconds": \#(seconds), "answers": {\#(answers.joined(separator: ", "))}}"#
                    .utf8)
            let fast = lineOutput(line, lineNumber: number, scorer: &scorer)
            #expect(
                fast == generalOutput(line, lineNumber: number, plan: plan), "\(String(decoding: line, as: UTF8.self))")
        }
        #expect(scorer.fastLines > 2000)
    }

    @Test(
        "records written without blanks, as exporters write them, read the same both ways in every explanation detail",
        arguments: ExplanationDetail.allCases)
    func blankFreeFormsMatch(detail: ExplanationDetail) throws {
        let plan = try miniPlan()
        var scorer = LineScorer(plan: plan, sourceLabel: "stdin", explanation: detail)
        var random = SeededGenerator(seed: 11)
        let ids = ["a1", "a2", "a3", "a4", "n1", "r1", "sd1", "sd2"]
        // Names with an escape or a non-ASCII letter early and late in the string go the general way.
        let names = ["Ana Q", #"A\"na"#, "Zoë", "Ana Quintero-Smith", #"Ana Quintero\u00e9"#, "Ana Quinteroé"]
        for number in 1...2000 {
            var answers: [String] = []
            for id in ids where random.next(below: 8) != 0 {
                let value: String
                switch random.next(below: 40) {
                case 0: value = "null"
                case 1: value = "9"
                case 2: value = "2.5"
                default: value = String(1 + random.next(below: 5))
                }
                answers.append(#""\#(id)":\#(value)"#)
            }
            switch random.next(below: 20) {
            case 0 where !answers.isEmpty: answers.append(answers[0])  // a repeated item: rejected
            case 1: answers.reverse()  // out of question order
            default: break
            }
            let name = names[random.next(below: 12) < 7 ? 0 : random.next(below: names.count)]
            let line = Array(
                #"{"format":"dazzle.submission/1","questionnaire":"mini","candidate":{"id":"c\#(number)","name":"\#(name)"},"seconds":\#(60 + random.next(below: 900)),"answers":{\#(answers.joined(separator: ","))}}"#
                    .utf8)
            let fast = lineOutput(line, lineNumber: number, scorer: &scorer)
            #expect(
                fast == generalOutput(line, lineNumber: number, plan: plan, explanation: detail),
                "\(String(decoding: line, as: UTF8.self))")
            // Compact lines hold the full lines' numbers (written by another routine).
            if detail == .compact, case .success(let compactText) = fast,
                case .success(let fullText) = generalOutput(line, lineNumber: number, plan: plan)
            {
                var compact = try ScoreCard.read(try JSONReader().read(Array(compactText.utf8)), source: "compact")
                compact.expandExplanation(with: plan)
                let full = try ScoreCard.read(try JSONReader().read(Array(fullText.utf8)), source: "full")
                #expect(compact.explanation == full.explanation, "\(String(decoding: line, as: UTF8.self))")
            }
        }
        #expect(scorer.fastLines > 1000)
    }
}

extension LineScorerTests {
    @Test("member names in any order, with blanks before a colon, unknown or repeated, read the same both ways")
    func memberNamesInAnyForm() throws {
        let plan = try miniPlan()
        var scorer = LineScorer(plan: plan, sourceLabel: "stdin")
        let answers = #""answers":{"a1":4,"a2":2,"a3":5,"a4":1,"r1":3,"sd1":2,"sd2":4}"#
        let members = [
            #""format":"dazzle.submission/1""#, #""questionnaire":"mini""#, #""version":"2.1""#,
            #""candidate":{"id":"c9","name":"Ana Q","email":"a@x.org","role":"Host","demographics":{"gender":"woman"}}"#,
            #""submitted":"2026-11-10T09:10:00Z""#, #""seconds":700"#, answers,
        ]
        var random = SeededGenerator(seed: 5)
        var lines: [String] = [
            "{" + members.joined(separator: ",") + "}",
            "{" + members.reversed().joined(separator: ",") + "}",
            "{" + members.joined(separator: ",").replacing(#""format":"#, with: #""format" :"#) + "}",
            "{" + members.joined(separator: ",").replacing(#""name":"#, with: #""name"  :"#) + "}",
            "{" + members.joined(separator: ",") + #","colour":"blue"}"#,
            "{" + members.joined(separator: ",") + #","version":"2.1"}"#,
            "{" + members.joined(separator: ",") + #","format":"dazzle.submission/1"}"#,
            "{" + members.joined(separator: ",").replacing(#""role":"Host""#, with: #""rôle":"Host""#)
                + "}",
            "{" + members.joined(separator: ",").replacing(#""id":"c9""#, with: #""idx":"c9""#) + "}",
            #"{"format":"dazzle.submission/1","questionnaire":"mini","candidate":{"id":"c"},"answers":{}}"#,
            #"{"candidate":{"id":"c"},"format":"dazzle.submission/1","questionnaire":"mini","answers":{"a1":4}}"#,
            // The plan's own head, then the same members again or other values.
            "{" + members.joined(separator: ",") + #","questionnaire":"other"}"#,
            "{" + members.joined(separator: ",") + #","questionnaire":"mini"}"#,
            "{" + members.joined(separator: ",") + #","version":"3.0"}"#,
            "{" + members.joined(separator: ", ").replacing(#"":"#, with: #"": "#) + "}",
            "{" + members.joined(separator: ", ").replacing(#"":"#, with: #"": "#).replacing("2.1", with: "2.2") + "}",
            "{" + members.joined(separator: ",").replacing("2.1", with: "2.1.0") + "}",
        ]
        for _ in 0..<300 { lines.append("{" + members.shuffled(using: &random).joined(separator: ",") + "}") }
        for (number, text) in lines.enumerated() {
            let line = Array(text.utf8)
            #expect(
                lineOutput(line, lineNumber: number + 1, scorer: &scorer)
                    == generalOutput(line, lineNumber: number + 1, plan: plan), "\(text)")
        }
        #expect(scorer.fastLines > 300)
    }
}

@Suite("Stream scoring of CSV rows")
struct CSVLineScorerTests {
    static let header = "candidate_id,name,email,seconds,Timestamp,a1,a2,a3,a4,n1,r1,sd1,sd2,gender"

    /// What the file reader writes for each row of a CSV file (source `stdin:LINE`).
    func generalOutputs(_ rows: [String], plan: ScoringPlan) throws -> [Result<String, Rejection>] {
        let text = ([Self.header] + rows).joined(separator: "\n") + "\n"
        let batch = try CSVSubmissionReader(plan: plan).read(Array(text.utf8), file: "stdin")
        let scorer = Scorer(plan: plan)
        return batch.results.map { result in
            result.map { submission in
                var writer = JSONWriter()
                scorer.write(scorer.score([submission]), to: &writer)
                return String(decoding: writer.bytes, as: UTF8.self)
            }
        }
    }

    func streamOutputs(_ rows: [String], plan: ScoringPlan) throws -> (outputs: [Result<String, Rejection>], fast: Int)
    {
        var scorer = LineScorer(plan: plan, sourceLabel: "stdin")
        let table = CSVTable(Array(Self.header.utf8))
        let header = try CSVSubmissionReader(plan: plan).header(try #require(table.records.first).fields, file: "stdin")
        var outputs: [Result<String, Rejection>] = []
        for (index, row) in rows.enumerated() {
            var writer = JSONWriter()
            let bytes = Array(row.utf8)
            let rejection = bytes.withUnsafeBufferPointer {
                scorer.score(csvRow: $0, header: header, lineNumber: index + 2, row: index + 1, to: &writer)
            }
            outputs.append(rejection.map { .failure($0) } ?? .success(String(decoding: writer.bytes, as: UTF8.self)))
        }
        return (outputs, scorer.fastLines)
    }

    @Test("plain rows take the fast way; quoted commas, labels, blanks and bad cells come out as the file reader's")
    func rowsMatchTheFileReader() throws {
        let plan = try miniPlan()
        let rows = [
            #"c1,"Lee, Ana",c1@example.org,600,2026-11-01 09:00,5,1,4,5,,4,5,1,woman"#,
            #"c2,Bo,,45,,1,,5,2,,1,,,"#,
            #",,only@example.org,300,,3,3,3,3,,3,3,3,"#,
            #"c3,Years,,300,,3,3,3,3,7,3,3,3,"#,
            #"c4,  Spaced  ,,300,,2 , 4,3,3,,,,,man"#,
            #"c5,Zoë,,300,,3,3,3,3,,,,,"#,
            #"c6,"Say ""hi""",,300,,3,3,3,3,,,,,"#,
            #"c7,Lab,,300,,Agree,3,3,3,,,,,"#,
            #"c8,Dec,,300,,3.5,3,3,3,,,,,"#,
            #"c9,Out,,300,,9,3,3,3,,,,,"#,
            #"c10,Short,,300"#,
            #",,,300,,3,3,3,3,,,,,"#,
            #"c12,Full,,300,,3,3,3,3,2,3,3,3,"#,
            #"c13,Extra,,300,,3,3,3,3,2,3,3,3,man,4"#,
            #"c14,Again,,300,,3,0,3,3,2,3,3,3,"#,
        ]
        let general = try generalOutputs(rows, plan: plan)
        let stream = try streamOutputs(rows, plan: plan)
        #expect(stream.outputs.count == general.count)
        for (index, (streamed, read)) in zip(stream.outputs, general).enumerated() {
            #expect(streamed == read, "row \(index + 1): \(rows[index])")
        }
        #expect(stream.fast == 6, "c1, c2, the email-only row, c3 (a number item), c4 and c12 are plain")
        #expect(try stream.outputs[0].get().contains(#""name":"Lee, Ana""#))
        #expect(try stream.outputs[2].get().contains(#""candidate":{"id":"only@example.org""#))
    }

    @Test("runs of answer columns read at once, in any column order, an item given twice, a run cut short")
    func answerRunsMatchTheFileReader() throws {
        let plan = try miniPlan()
        var random = SeededGenerator(seed: 21)
        for heading in [
            "candidate_id,a1,a2,a3,a4,sd1,sd2",  // one run in slot order
            "candidate_id,a4,a3,a2,a1,sd2,sd1",  // every column out of order
            "candidate_id,a1,a2,a1,a3,sd1",  // an item given twice
            "candidate_id,a1,a2,name,a3,a4",  // runs broken by another column
        ] {
            let columns = heading.split(separator: ",").count
            let rows = (0..<300).map { number -> String in
                let cells = (1..<columns).map { _ -> String in
                    switch random.next(below: 14) {
                    case 0: ""
                    case 1: "9"
                    case 2: "2.5"
                    case 3: " 3"
                    case 4: "\"4\""
                    default: String(1 + random.next(below: 5))
                    }
                }
                return (["c\(number)"] + cells).joined(separator: ",")
            }
            let text = ([heading] + rows).joined(separator: "\n") + "\n"
            let reader = CSVSubmissionReader(plan: plan)
            let batch = try reader.read(Array(text.utf8), file: "stdin")
            let header = try reader.header(heading.split(separator: ",").map(String.init), file: "stdin")
            var scorer = LineScorer(plan: plan, sourceLabel: "stdin")
            let general = Scorer(plan: plan)
            for (index, row) in rows.enumerated() {
                var writer = JSONWriter()
                let rejection = Array(row.utf8).withUnsafeBufferPointer {
                    scorer.score(csvRow: $0, header: header, lineNumber: index + 2, row: index + 1, to: &writer)
                }
                let expected = batch.results[index].map { submission in
                    var expected = JSONWriter()
                    general.write(general.score([submission]), to: &expected)
                    return expected.bytes
                }
                let streamed = rejection.map { Result<[UInt8], Rejection>.failure($0) } ?? .success(writer.bytes)
                #expect(streamed == expected, "\(heading) / \(row)")
            }
            #expect(scorer.fastLines > 10, "\(heading)")
        }
    }
}
