import DazzleJSON
import QuestionnaireEngine
import Testing

@testable import Analytics
@testable import Scoring
@testable import Submissions

/// Seeded random and mutated inputs through every reader: whatever the bytes, each returns a
/// value or a located error, and never traps. (A crash fails the whole test run.)
@Suite("Random and mutated bytes")
struct HostileBytesTests {
    /// A valid input with a few bytes replaced, inserted or cut off.
    static func mutations(of seed: [UInt8], count: Int) -> [[UInt8]] {
        var generator = SeededGenerator(seed: 42)
        let alphabet = Array("{}[]\",:0123456789.eE-+tfnul \\\n\u{0}".utf8) + [0xFF, 0xC3, 0xE2]
        return (0..<count).map { _ in
            var bytes = seed
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                guard !bytes.isEmpty else { break }
                let at = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[at] = alphabet.randomElement(using: &generator) ?? 0
                case 1: bytes.insert(alphabet.randomElement(using: &generator) ?? 0, at: at)
                default: bytes.removeSubrange(at...)
                }
            }
            return bytes
        }
    }

    @Test("submissions: mutated lines are scored or rejected with a reason")
    func submissions() throws {
        let plan = try miniPlan()
        let decoder = SubmissionDecoder(plan: plan)
        let scorer = Scorer(plan: plan)
        var accepted = 0
        var rejected = 0
        for bytes in Self.mutations(of: miniLine(ScorerTests.full), count: 3000) {
            switch decoder.decode(bytes, source: "fuzz") {
            case .success(let submission):
                var writer = JSONWriter()
                scorer.write(scorer.score([submission]), to: &writer)
                #expect(try JSONReader().read(writer.bytes).objectValue != nil, "scorecards are valid JSON")
                accepted += 1
            case .failure(let rejection):
                #expect(!rejection.reason.isEmpty)
                rejected += 1
            }
        }
        #expect(accepted + rejected == 3000)
        #expect(accepted > 0 && rejected > 0)
    }

    @Test("question sets: mutated files load or report diagnostics")
    func questionnaires() throws {
        let seed = try fixture("mini.json")
        for bytes in Self.mutations(of: seed, count: 1500) {
            let result = QuestionnaireLoader.load(bytes, file: "fuzz.json")
            #expect(result.questionnaire != nil || result.diagnostics.containsErrors)
        }
    }

    @Test("CSV: mutated exports parse or fail with a line")
    func csv() throws {
        let plan = try miniPlan()
        let seed = Array("candidate_id,name,a1,c1\n1,\"Ana, Q\",3,z\n2,\"Bo \"\"B\"\"\",4,y\n".utf8)
        for bytes in Self.mutations(of: seed, count: 2000) {
            do {
                let batch = try CSVSubmissionReader(plan: plan).read(bytes, file: "f.csv")
                for result in batch.results {
                    if case .failure(let rejection) = result { #expect(!rejection.reason.isEmpty) }
                }
            } catch {
                #expect(error.source.hasPrefix("f.csv"))
            }
        }
    }

    /// Every mutated line through the stream's scorer, compared with what the general path gives
    /// for the same bytes: the same scorecard bytes, or the same rejection.
    @Test("mutated JSON lines: the stream's fast path writes exactly what the general path gives")
    func fastEqualsGeneralJSON() throws {
        let plan = try miniPlan()
        var scorer = LineScorer(plan: plan, sourceLabel: "stdin")
        var checked = 0
        let plain = miniLine(#""a1": 5, "a2": 1, "a3": 4, "a4": 2, "r1": 3"#, seconds: 30)
        // Any bytes, and digits changed to other digits (answers in and out of range), which keep
        // a form plain often enough to reach the fast path.
        var generator = SeededGenerator(seed: 7)
        let digitChanges = (0..<1500).map { _ in
            plain.map { byte -> UInt8 in
                guard (0x30...0x39).contains(byte), Int.random(in: 0..<6, using: &generator) == 0 else { return byte }
                return UInt8(ascii: "0") + UInt8.random(in: 0...9, using: &generator)
            }
        }
        for batch in [Self.mutations(of: miniLine(ScorerTests.full), count: 1500), digitChanges] {
            for bytes in batch {
                var writer = JSONWriter()
                let rejection = bytes.withUnsafeBufferPointer { scorer.score($0, lineNumber: 7, to: &writer) }
                let general = bytes.withUnsafeBufferPointer { scorer.generalResult(line: $0, lineNumber: 7) }
                switch (rejection, general) {
                case (nil, .success(let expected)):
                    #expect(writer.bytes == expected, "\(String(decoding: bytes, as: UTF8.self))")
                case (let rejection?, .failure(let expected)):
                    #expect(rejection == expected)
                default:
                    Issue.record("one path scored what the other rejected: \(String(decoding: bytes, as: UTF8.self))")
                }
                checked += 1
            }
        }
        #expect(checked == 3000)
        #expect(scorer.fastLines > 200, "the mutations reach the fast path (\(scorer.fastLines) did)")
    }

    @Test("mutated CSV rows: the stream's fast path writes exactly what the general path gives")
    func fastEqualsGeneralCSV() throws {
        let plan = try miniPlan()
        var scorer = LineScorer(plan: plan, sourceLabel: "stdin")
        let table = CSVTable(Array(CSVLineScorerTests.header.utf8))
        let header = try CSVSubmissionReader(plan: plan).header(try #require(table.records.first).fields, file: "stdin")
        let seed = Array(#"c1,"Lee, Ana",c1@example.org,600,2026-11-01 09:00,5,1,4,5,,4,5,1,woman"#.utf8)
        for bytes in Self.mutations(of: seed, count: 3000) where !bytes.contains(0x0A) {
            var writer = JSONWriter()
            let rejection = bytes.withUnsafeBufferPointer {
                scorer.score(csvRow: $0, header: header, lineNumber: 2, row: 1, to: &writer)
            }
            let general = bytes.withUnsafeBufferPointer {
                scorer.generalResult(csvRow: $0, header: header, lineNumber: 2, row: 1)
            }
            switch (rejection, general) {
            case (nil, .success(let expected)):
                #expect(writer.bytes == expected, "\(String(decoding: bytes, as: UTF8.self))")
            case (let rejection?, .failure(let expected)):
                #expect(rejection == expected)
            default:
                Issue.record("one path scored what the other rejected: \(String(decoding: bytes, as: UTF8.self))")
            }
        }
        #expect(scorer.fastLines > 300, "the mutations reach the fast path (\(scorer.fastLines) did)")
    }
}
