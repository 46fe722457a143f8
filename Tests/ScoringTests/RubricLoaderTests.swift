import DazzleJSON
import QuestionnaireEngine
import Testing

@testable import Analytics
@testable import Scoring
@testable import Submissions

@Suite("Rubric validation")
struct RubricLoaderTests {
    func messages(_ rubric: String) throws -> [String] {
        let questionnaire = try miniPlan().questionnaire
        return RubricLoader.load(Array(rubric.utf8), file: "r.json", for: questionnaire).diagnostics.map {
            "\($0.severity.rawValue): \($0.message)"
        }
    }

    static let bands =
        #"[{"from": 50, "to": 100, "label": "Go", "decision": "go"}, {"from": 0, "to": 50, "label": "No", "decision": "no"}]"#

    @Test("unknown items are errors with a suggestion")
    func unknownItems() throws {
        let found = try messages(
            #"{"format": "dazzle.rubric/1", "id": "r", "questionnaire": "mini", "dimensions": [{"id": "d", "name": "D", "items": ["a1", "a2", "a33"]}], "bands": \#(Self.bands), "unscored": ["c1", "y1", "n1", "r1", "a4", "sd1", "sd2"]}"#
        )
        #expect(
            found.filter { $0.hasPrefix("error") } == [
                "error: Unknown item 'a33': 'mini' has no such item. Did you mean 'a3'?"
            ])
    }

    @Test("items in no dimension are warnings, and small dimensions too")
    func unusedItems() throws {
        let found = try messages(
            #"{"format": "dazzle.rubric/1", "id": "r", "questionnaire": "mini", "dimensions": [{"id": "d", "name": "D", "items": ["a1", "a2"]}], "bands": \#(Self.bands)}"#
        )
        #expect(found.first == "warning: The dimension 'd' has 2 items; with fewer than 3 its score is unreliable.")
        #expect(
            found.contains(
                "warning: Item 'a3' is in no dimension, so it never counts; key it, or list it under 'unscored' if that is on purpose."
            ))
        #expect(!found.contains { $0.contains("'t1'") }, "text items are never scored, so never warned about")
    }

    @Test("weights must be positive")
    func weights() throws {
        let found = try messages(
            #"{"format": "dazzle.rubric/1", "id": "r", "questionnaire": "mini", "dimensions": [{"id": "d", "name": "D", "weight": 0, "items": ["a1", "a2", {"item": "a3", "weight": -1}]}], "bands": \#(Self.bands)}"#
        )
        #expect(
            found.filter { $0.hasPrefix("error") } == [
                "error: 'weight' must be above 0, found 0.0; leave an item out rather than weighting it 0.",
                "error: 'weight' must be above 0, found -1.0; leave an item out rather than weighting it 0.",
            ])
    }

    @Test("overlapping and gapped bands are errors naming both bands")
    func bands() throws {
        let overlapping =
            #"[{"from": 50, "to": 100, "label": "Go", "decision": "go"}, {"from": 0, "to": 60, "label": "No", "decision": "no"}]"#
        let gapped =
            #"[{"from": 50, "to": 100, "label": "Go", "decision": "go"}, {"from": 10, "to": 40, "label": "No", "decision": "no"}]"#
        let base =
            #"{"format": "dazzle.rubric/1", "id": "r", "questionnaire": "mini", "dimensions": [{"id": "d", "name": "D", "items": ["a1", "a2", "a3"]}], "bands": "#
        #expect(
            try messages(base + overlapping + "}").contains(
                "error: The band 'No' (0.0–60.0) overlaps 'Go' (from 50.0); make each band end where the next starts."))
        let gaps = try messages(base + gapped + "}")
        #expect(
            gaps.contains(
                "error: The band 'No' (10.0–40.0) leaves a gap below 'Go' (from 50.0); make each band end where the next starts."
            ))
        #expect(gaps.contains("error: The lowest band starts at 10.0; make it start at 0 so every score has a band."))
    }

    @Test("a rubric for another question set is refused")
    func otherQuestionnaire() throws {
        let found = try messages(
            #"{"format": "dazzle.rubric/1", "id": "r", "questionnaire": "maxi", "dimensions": [{"id": "d", "name": "D", "items": ["a1", "a2", "a3"]}], "bands": \#(Self.bands)}"#
        )
        #expect(found.contains("error: This rubric scores 'maxi', not 'mini'; use it with that question set."))
    }

    @Test("knockouts use the showIf condition language and are checked against the items")
    func knockouts() throws {
        let found = try messages(
            #"{"format": "dazzle.rubric/1", "id": "r", "questionnaire": "mini", "dimensions": [{"id": "d", "name": "D", "items": ["a1", "a2", "a3"]}], "bands": \#(Self.bands), "knockouts": [{"when": {"item": "r1", "atMost": 0}, "label": "L", "decision": "no"}]}"#
        )
        #expect(found.contains("error: 'atMost' 0 can never hold: answers to 'r1' lie in 1…5."))
    }

    @Test("every shipped question set carries a valid rubric", arguments: ShippedQuestionnaires.files.map(\.name))
    func shippedRubrics(name: String) throws {
        let file = try #require(ShippedQuestionnaires.files.first { $0.name == name })
        let loaded = QuestionnaireLoader.load(Array(file.contents.utf8), file: name)
        let questionnaire = try #require(loaded.questionnaire)
        let source = try #require(loaded.rubricSource, "\(name) has no rubric")
        let result = RubricLoader.load(source, file: name, for: questionnaire, embedded: true)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.rubric != nil)
    }
}
