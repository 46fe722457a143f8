import DazzleJSON
import Foundation
import QuestionnaireEngine
import Scoring
import Submissions
import Testing

/// The text of a fixture file in `Fixtures/`.
func fixture(_ name: String) throws -> [UInt8] {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
    return try [UInt8](Data(contentsOf: url))
}

/// The plan for the `mini` fixture: a question set with every item type and an embedded rubric.
func miniPlan() throws -> ScoringPlan {
    let loaded = QuestionnaireLoader.load(try fixture("mini.json"), file: "mini.json")
    let questionnaire = try #require(loaded.questionnaire, "\(loaded.diagnostics)")
    let source = try #require(loaded.rubricSource)
    let result = RubricLoader.load(source, file: "mini.json", for: questionnaire, embedded: true)
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    return ScoringPlan(questionnaire: questionnaire, rubric: try #require(result.rubric))
}

/// A `mini` submission as JSON Lines text, with the given answers (a JSON object body).
func miniLine(_ answers: String, candidate: String = "c1", rater: String? = nil, seconds: Int = 600, extra: String = "")
    -> [UInt8]
{
    let raterField = rater.map { #""rater": "\#($0)", "# } ?? ""
    return Array(
        #"{"format": "dazzle.submission/1", "questionnaire": "mini", "version": "2.1", \#(raterField)"candidate": {"id": "\#(candidate)", "name": "Ana Q"}, "seconds": \#(seconds), \#(extra)"answers": {\#(answers)}}"#
            .utf8)
}

/// Decodes a submission and fails the test when it is rejected.
func submission(_ line: [UInt8], plan: ScoringPlan, source: String = "t.jsonl:1") throws -> Submission {
    switch SubmissionDecoder(plan: plan).decode(line, source: source) {
    case .success(let submission): return submission
    case .failure(let rejection):
        Issue.record("rejected: \(rejection)")
        throw rejection
    }
}

/// The rejection reason for a submission that should be rejected.
func rejection(_ line: [UInt8], plan: ScoringPlan) throws -> Rejection {
    switch SubmissionDecoder(plan: plan).decode(line, source: "t.jsonl:1") {
    case .success: throw RejectionExpected()
    case .failure(let rejection): return rejection
    }
}

struct RejectionExpected: Error {}

/// `abs(a - b) < 1e-9`, for hand-computed scores.
func close(_ a: Double?, _ b: Double, tolerance: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) < tolerance
}

/// A deterministic generator (SplitMix64), so a failing random case can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A whole number in `0..<bound`.
    mutating func next(below bound: Int) -> Int { Int.random(in: 0..<bound, using: &self) }
}

/// The shipped service-orientation inventory with its embedded rubric.
func inventoryPlan() throws -> ScoringPlan {
    let file = try #require(ShippedQuestionnaires.files.first { $0.name == "service-orientation-inventory.json" })
    let loaded = QuestionnaireLoader.load(Array(file.contents.utf8), file: file.name)
    let questionnaire = try #require(loaded.questionnaire)
    let source = try #require(loaded.rubricSource)
    let rubric = try #require(RubricLoader.load(source, file: file.name, for: questionnaire, embedded: true).rubric)
    return ScoringPlan(questionnaire: questionnaire, rubric: rubric)
}
