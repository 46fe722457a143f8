import Foundation
import Testing

@testable import QuestionnaireEngine

@Suite("Shipped question sets")
struct ShippedQuestionnaireTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func loadShipped(_ name: String) throws -> Questionnaire {
        let file = try #require(ShippedQuestionnaires.files.first { $0.name == name })
        let result = QuestionnaireLoader.load(Array(file.contents.utf8), file: name)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        return try #require(result.questionnaire)
    }

    /// The binary carries exactly the files in `questionnaires/`; run scripts/embed-resources if not.
    @Test("the embedded copies equal questionnaires/")
    func embeddedCopiesMatch() throws {
        let folder = Self.repositoryRoot.appendingPathComponent("questionnaires")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        #expect(ShippedQuestionnaires.files.map(\.name) == names)
        for file in ShippedQuestionnaires.files {
            let onDisk = try String(contentsOf: folder.appendingPathComponent(file.name), encoding: .utf8)
            #expect(file.contents == onDisk, "\(file.name) differs: run scripts/embed-resources")
        }
    }

    @Test("every shipped set loads with no errors or warnings", arguments: ShippedQuestionnaires.files.map(\.name))
    func loadsClean(name: String) throws {
        _ = try loadShipped(name)
    }

    @Test("the interview opens with 'Do you love humans?' and has 12+ anchored ratings")
    func interview() throws {
        let set = try loadShipped("human-being-lovers-interview.json")
        #expect(set.audience == .interviewer)
        #expect(set.items.first?.text.hasPrefix("Do you love humans?") == true)
        let guides = set.items.compactMap { item -> RatingGuide? in
            if case .rating(let guide) = item.kind { return guide }
            return nil
        }
        #expect(guides.count == set.items.count && guides.count >= 12)
        #expect(guides.allSatisfy { $0.anchors.count >= 3 && $0.guidance != nil && !$0.probes.isEmpty })
    }

    @Test("the inventory has 40+ likert items, 5+ dimensions, 30%+ reverse-keyed")
    func inventory() throws {
        let set = try loadShipped("service-orientation-inventory.json")
        var reversed = 0
        for item in set.items {
            guard case .likert(_, let reverse) = item.kind else {
                Issue.record("\(item.id) is not likert")
                continue
            }
            if reverse { reversed += 1 }
        }
        #expect(set.items.count >= 40)
        #expect(set.sections.count >= 6, "five dimensions and a desirability scale")
        #expect(Double(reversed) / Double(set.items.count) >= 0.3)
    }

    @Test("the judgment test has 10+ scenarios of 4 scored options")
    func judgmentTest() throws {
        let set = try loadShipped("recovery-judgment-test.json")
        #expect(set.items.count >= 10)
        for item in set.items {
            let options = try #require(item.options)
            #expect(options.count == 4 && options.allSatisfy { $0.score != nil })
        }
    }

    @Test("the pre-screen uses yesno, number, text, choice and showIf")
    func preScreen() throws {
        let set = try loadShipped("pre-screen.json")
        let types = Set(set.items.map(\.typeName))
        #expect(types.isSuperset(of: ["yesno", "number", "text", "choice"]))
        #expect(set.items.contains { $0.showIf != nil })
    }

    @Test(
        "a set's canonical JSON loads again to the same set, whatever its file's formatting",
        arguments: ["human-being-lovers-interview.json", "pre-screen.json", "service-orientation-inventory.json"])
    func canonicalJSON(name: String) throws {
        let questionnaire = try loadShipped(name)
        let canonical = questionnaire.canonicalJSON()
        let again = try #require(QuestionnaireLoader.load(canonical, file: "canonical.json").questionnaire)
        #expect(again.canonicalJSON() == canonical)
        // Reformatted by an independent writer (Foundation, keys sorted, no spaces): same content hash.
        let file = try #require(ShippedQuestionnaires.files.first { $0.name == name })
        let object = try JSONSerialization.jsonObject(with: Data(file.contents.utf8))
        let compact = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        let reformatted = try #require(QuestionnaireLoader.load([UInt8](compact), file: name).questionnaire)
        #expect(reformatted.contentHash == questionnaire.contentHash)
        #expect(questionnaire.contentHash.hasPrefix("sha256:") && questionnaire.contentHash.count == 71)
    }

    @Test("changing what a candidate sees changes the content hash")
    func hashFollowsContent() throws {
        var questionnaire = try loadShipped("pre-screen.json")
        let before = questionnaire.contentHash
        questionnaire.sections[0].items[0].text += "?"
        #expect(questionnaire.contentHash != before)
    }
}
