import Foundation
import QuestionnaireEngine
import Testing

@testable import Scoring
@testable import Submissions

/// A submission made from a form or an interview names the content hash of the set it was made
/// from; scoring it with other content is refused, naming both versions.
@Suite("Question set hash on submissions")
struct QuestionnaireHashTests {
    @Test("the set's own hash is accepted")
    func sameContent() throws {
        let plan = try miniPlan()
        let hash = plan.questionnaire.contentHash
        #expect(hash.hasPrefix("sha256:") && hash.count == 7 + 64)
        let line = miniLine(#""a1": 4"#, extra: #""questionnaireHash": "\#(hash)", "#)
        #expect(try submission(line, plan: plan).answers[plan.slots["a1"]!] != nil)
    }

    @Test("another hash under the same version number is refused: same version, different content")
    func sameVersionOtherContent() throws {
        let plan = try miniPlan()
        let other = "sha256:" + String(repeating: "0", count: 64)
        let reason = try rejection(miniLine(#""a1": 4"#, extra: #""questionnaireHash": "\#(other)", "#), plan: plan)
            .reason
        #expect(
            reason
                == "made from another version of 'mini': both say version 2.1, but their content differs (form sha256:00000000, this set \(QuestionnaireHashTests.short(plan))); score it with the question set the form was made from, or send a form made from this one"
        )
    }

    @Test("another hash from a compatible minor version names both versions")
    func otherVersion() throws {
        let plan = try miniPlan()
        var line = String(
            decoding: miniLine(#""a1": 4"#, extra: #""questionnaireHash": "sha256:ffff", "#), as: UTF8.self)
        line = line.replacingOccurrences(of: #""version": "2.1""#, with: #""version": "2.0""#)
        let reason = try rejection(Array(line.utf8), plan: plan).reason
        #expect(reason.contains("the form's is version 2.0, this one is 2.1"), "\(reason)")
    }

    static func short(_ plan: ScoringPlan) -> String { String(plan.questionnaire.contentHash.prefix(15)) }
}
