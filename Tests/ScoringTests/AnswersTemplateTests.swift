import DazzleJSON
import QuestionnaireEngine
import Testing

@testable import Scoring
@testable import Submissions

@Suite("The usual form's answers read against a template")
struct AnswersTemplateTests {
    /// A sink that keeps the digits it is given, any digit for any slot.
    struct Digits: FastAnswerSink {
        var digits: [UInt8] = []
        static var takesEveryAnswer: Bool { false }
        func isAnswered(_ slot: Int) -> Bool { false }
        mutating func set(_ slot: Int, number: Double) -> Bool {
            digits.append(UInt8(number))
            return true
        }
        mutating func set(_ slot: Int, answer: Answer) {}
        mutating func demographic(field: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {}
    }

    /// A plan of 12 likert items on 1–5, ids of one to twelve characters.
    func plan() throws -> ScoringPlan {
        let ids = (1...12).map { String(repeating: "q", count: $0) }
        let items = ids.map { #"{"id": "\#($0)", "type": "likert", "text": "\#($0)", "scale": "s"}"# }
        let text = """
            {"format": "dazzle.questionnaire/1", "id": "t", "version": "1", "title": "T", "audience": "candidate",
             "scales": {"s": {"min": 1, "max": 5}},
             "sections": [{"id": "a", "title": "A", "items": [\(items.joined(separator: ","))]}],
             "rubric": {"id": "r", "version": "1", "dimensions": [
               {"id": "d", "name": "D", "items": [\(ids.prefix(6).map { "\"\($0)\"" }.joined(separator: ","))]},
               {"id": "e", "name": "E", "items": [\(ids.suffix(6).map { "\"\($0)\"" }.joined(separator: ","))]}],
               "bands": [{"from": 0, "to": 100, "label": "All", "decision": "hold"}]}}
            """
        let loaded = QuestionnaireLoader.load(Array(text.utf8), file: "t.json")
        let questionnaire = try #require(loaded.questionnaire, "\(loaded.diagnostics)")
        let rubric = RubricLoader.load(
            try #require(loaded.rubricSource), file: "t.json", for: questionnaire, embedded: true)
        return ScoringPlan(questionnaire: questionnaire, rubric: try #require(rubric.rubric, "\(rubric.diagnostics)"))
    }

    func answers(_ digits: [Int], spaced: Bool) -> String {
        let members = digits.enumerated().map { slot, digit in
            #""\#(String(repeating: "q", count: slot + 1))":\#(spaced ? " " : "")\#(digit)"#
        }
        return "{" + members.joined(separator: spaced ? ", " : ",") + "}"
    }

    @Test("the template reads exactly the answers objects it describes, with and without Python's blanks")
    func templateMatchesItsObjects() throws {
        let decoder = SubmissionDecoder(plan: try plan())
        #expect(decoder.answerTemplates.count == 2)
        var random = SeededGenerator(seed: 8)
        for spaced in [false, true] {
            let template = decoder.answerTemplates[spaced ? 1 : 0]
            for _ in 0..<300 {
                let digits = (0..<12).map { _ in random.next(below: 10) }
                var text = Array(answers(digits, spaced: spaced).utf8)
                var expected: [UInt8]? = digits.map(UInt8.init)
                // One change in three: a byte that breaks the object, or a digit that is no digit.
                switch random.next(below: 6) {
                case 0:
                    text[random.next(below: text.count)] = UInt8(ascii: "x")
                    expected = nil
                case 1:
                    text.insert(UInt8(ascii: " "), at: 1 + random.next(below: text.count - 1))
                    expected = nil
                default: break
                }
                text += Array(#","after":1}"#.utf8)
                var sink = Digits()
                let read = text.withUnsafeBufferPointer { bytes in
                    template.matches(bytes, at: 0)
                        && template.digitPlaces.withUnsafeBufferPointer {
                            sink.set(digitsAt: $0, in: bytes.baseAddress!)
                        }
                }
                #expect(read == (expected != nil), "\(String(decoding: text, as: UTF8.self))")
                if read { #expect(sink.digits == expected) }
            }
            // Too short to hold the object: no match, nothing read past the end.
            let short = Array(answers(Array(repeating: 3, count: 12), spaced: spaced).utf8.dropLast())
            #expect(!short.withUnsafeBufferPointer { template.matches($0, at: 0) })
        }
    }

    @Test("a form read by template is scored as the general way scores it, answers off the scale included")
    func templateFormsMatchGeneralPath() throws {
        let plan = try plan()
        var scorer = LineScorer(plan: plan, sourceLabel: "stdin", explanation: .compact)
        var random = SeededGenerator(seed: 9)
        for number in 1...400 {
            // Digits 0–9 on a 1–5 scale: some forms hold an answer the item cannot take.
            let digits = (0..<12).map { _ in
                random.next(below: 10) < 8 ? 1 + random.next(below: 5) : random.next(below: 10)
            }
            let text =
                #"{"format":"dazzle.submission/1","questionnaire":"t","candidate":{"id":"c\#(number)"},"answers":\#(answers(digits, spaced: number % 2 == 0))}"#
            let line = Array(text.utf8)
            var writer = JSONWriter()
            let rejection = line.withUnsafeBufferPointer { scorer.score($0, lineNumber: number, to: &writer) }
            let general = Scorer(plan: plan, explanation: .compact)
            switch SubmissionDecoder(plan: plan).decode(line, source: "stdin:\(number)") {
            case .success(let submission):
                #expect(rejection == nil)
                var expected = JSONWriter()
                general.write(general.score([submission]), to: &expected)
                #expect(writer.bytes == expected.bytes, "\(text)")
            case .failure(let expected):
                #expect(rejection == expected, "\(text)")
            }
        }
        #expect(scorer.fastLines > 100)
    }
}
