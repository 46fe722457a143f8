import DazzleJSON
import QuestionnaireEngine
import Scoring
import Testing

@Suite("Stream scoring, line by line")
struct LineScorerTests {
    /// What the general way writes for a line: decode, score, write the scorecard.
    func generalOutput(_ line: [UInt8], lineNumber: Int, plan: ScoringPlan) -> Result<String, Rejection> {
        let scorer = Scorer(plan: plan)
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
}
