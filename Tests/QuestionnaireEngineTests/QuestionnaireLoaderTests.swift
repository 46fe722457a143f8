import DazzleJSON
import Testing

@testable import QuestionnaireEngine

@Suite("Questionnaire loader")
struct QuestionnaireLoaderTests {
    /// Every field of every item type is read into the model.
    @Test("a valid question set loads with every type and condition")
    func loadsValidFile() throws {
        let result = QuestionnaireLoader.load(try fixture("valid-branching.json"), file: "b.json")
        #expect(result.diagnostics.isEmpty)
        let set = try #require(result.questionnaire)
        #expect(set.id == "branching" && set.version == "2.1" && set.audience == .candidate)
        #expect(set.items.map(\.id) == ["weekends", "years", "why", "pick", "langs", "joy", "rate"])
        #expect(set.item(withID: "years")?.kind == .number(min: 0, max: 50, integer: true))
        #expect(
            set.item(withID: "joy")?.kind
                == .likert(scale: ResponseScale(min: 1, max: 5, labels: ["SD", "D", "N", "A", "SA"]), reverse: true))
        #expect(set.item(withID: "pick")?.options?.map(\.score) == [1, 3])
        guard case .rating(let guide) = set.item(withID: "rate")?.kind else {
            Issue.record("rate is not a rating")
            return
        }
        #expect(guide.anchors == [1: "Cold", 4: "Warm"] && guide.probes == ["Why?"] && guide.minutes == 3)
        #expect(set.item(withID: "why")?.showIf == .equals(item: "weekends", value: .bool(false)))
    }

    /// Branching follows the answers: nested any/all conditions open and close items.
    @Test("visible items follow showIf conditions")
    func visibleItems() throws {
        let set = try #require(QuestionnaireLoader.load(try fixture("valid-branching.json"), file: "b").questionnaire)
        let none = set.visibleItems(given: [:]).map(\.id)
        #expect(none == ["weekends", "years", "pick", "langs", "rate"])
        let veteran = set.visibleItems(given: ["weekends": .bool(false), "years": .number(3)]).map(\.id)
        #expect(veteran == ["weekends", "years", "why", "pick", "langs", "joy", "rate"])
        let french = set.visibleItems(given: ["pick": .option("b"), "langs": .options(["en", "fr"])])
        #expect(french.map(\.id).contains("joy"))
        let english = set.visibleItems(given: ["pick": .option("b"), "langs": .options(["en"])])
        #expect(!english.map(\.id).contains("joy"))
    }

    /// All problems are reported in one pass, each with line, column, path and a fix.
    @Test("every problem in a file is reported with its place")
    func collectsAllProblems() throws {
        let lines = try diagnosticLines("many-problems.json")
        let expected = [
            "many-problems.json:6:15: error: Unknown audience 'candidates'; use \"candidate\" or \"interviewer\". Did you mean 'candidate'? (at audience)",
            "many-problems.json:8:13: error: The scale 3…3 is empty (one point); 'min' must be below 'max'. (at scales.flat)",
            "many-problems.json:9:15: error: The scale 5…1 is inverted (min above max); 'min' must be below 'max'. (at scales.upside)",
            "many-problems.json:17:9: error: Missing 'scale': name a scale from 'scales' or write one inline, e.g. \"scale\": {\"min\": 1, \"max\": 5}. (at sections[0].items[0])",
            "many-problems.json:17:53: error: Unknown key 'scael' in a 'likert' item. Did you mean 'scale'? (at sections[0].items[0].scael)",
            "many-problems.json:18:62: error: Unknown scale 'fiv'. Did you mean 'five'? (at sections[0].items[1].scale)",
            "many-problems.json:19:17: error: Duplicate item id 'a' (first used at 17:9); answers are keyed by id, so give each item its own. (at sections[0].items[2].id)",
            "many-problems.json:21:47: error: Duplicate option id 'x' in this item (first used at 21:19); give each option its own id. (at sections[0].items[3].options[1].id)",
            "many-problems.json:22:83: error: Anchor '0' is outside the scale 1…5; anchor points on the scale. (at sections[0].items[4].anchors.0)",
            "many-problems.json:23:72: error: 'showIf' looks at 'later', which comes later (at 27:9); a condition can only look at earlier items. Move 'later' before 'e'. (at sections[0].items[5].showIf.item)",
            "many-problems.json:24:87: error: No answer to 'c' can be 'z': its options are 'x'. (at sections[0].items[6].showIf.equals)",
            "many-problems.json:25:88: error: 'atLeast' 9 can never hold: answers to 'd' lie in 1…5. (at sections[0].items[7].showIf.atLeast)",
            "many-problems.json:26:72: error: 'showIf' names the unknown item 'nope'. (at sections[0].items[8].showIf.item)",
            "many-problems.json:28:70: error: 'options' does not apply to a 'likert' item; remove it. (at sections[0].items[10].options)",
            "many-problems.json:29:30: error: Unknown item type 'slider'; use one of likert, choice, multi, rating, text, yesno, number. (at sections[0].items[11].type)",
            "many-problems.json:32:13: error: Duplicate section id 's' (first used at 14:13); give each section its own id. (at sections[1].id)",
            "many-problems.json:32:47: error: Missing 'text': each item needs the question or statement it asks. (at sections[1].items[0])",
        ]
        #expect(lines == expected)
    }

    /// Conditions that depend on each other in a loop are named as a loop.
    @Test("showIf cycles are reported as cycles")
    func cycles() throws {
        let lines = try diagnosticLines("cycle.json")
        #expect(lines.contains { $0.contains("'showIf' conditions form a cycle: p → q → p") })
        #expect(lines.contains { $0.contains("Item 'r' shows itself only if it is answered") })
    }

    @Test("an unsupported format version is refused with what to do")
    func formatVersion() {
        let result = QuestionnaireLoader.load(Array(#"{"format": "dazzle.questionnaire/2"}"#.utf8), file: "v2.json")
        #expect(
            result.diagnostics.map(\.description) == [
                "v2.json:1:12: error: Unsupported format version 'dazzle.questionnaire/2': this Dazzle reads dazzle.questionnaire/1. Use a Dazzle release that reads it, or convert the file. (at format)"
            ])
    }

    @Test("a file of another kind is not mistaken for a question set")
    func otherFormat() {
        let result = QuestionnaireLoader.load(Array(#"{"format": "dazzle.submission/1"}"#.utf8), file: "s.json")
        #expect(result.diagnostics.first?.message.contains("is not a question set format") == true)
    }

    @Test("wrong types name what was expected and found")
    func wrongTypes() {
        let text =
            #"{"format": "dazzle.questionnaire/1", "id": 7, "version": "1", "title": "T", "audience": "candidate", "sections": {}}"#
        let messages = QuestionnaireLoader.load(Array(text.utf8), file: "t.json").diagnostics.map(\.message)
        #expect(
            messages == [
                "'id' must be a string, found a number.",
                "Expected 'sections' as an array '[ … ]', found an object.",
            ])
    }

    @Test("missing top-level fields are each reported")
    func missingFields() {
        let messages = QuestionnaireLoader.load(Array("{}".utf8), file: "e.json").diagnostics.map(\.message)
        #expect(messages.count == 6)
        #expect(messages.allSatisfy { $0.hasPrefix("Missing '") })
    }

    /// A syntax error is reported as a diagnostic, never thrown.
    @Test("syntax errors become a located diagnostic")
    func syntaxError() {
        let result = QuestionnaireLoader.load(Array("{\n  \"id\": \"x\",,\n}".utf8), file: "x.json")
        #expect(result.questionnaire == nil)
        #expect(
            result.diagnostics.map(\.description) == [
                "x.json:2:13: error: Unexpected character ','; expected a member name in double quotes."
            ])
    }

    @Test("scale labels must match the number of points")
    func labelCount() {
        let text =
            #"{"format": "dazzle.questionnaire/1", "id": "x", "version": "1", "title": "T", "audience": "candidate", "scales": {"s": {"min": 1, "max": 3, "labels": ["a", "b"]}}, "sections": [{"id": "s", "title": "S", "items": [{"id": "i", "type": "likert", "text": "I", "scale": "s"}]}]}"#
        let messages = QuestionnaireLoader.load(Array(text.utf8), file: "l.json").diagnostics.map(\.message)
        #expect(messages.contains("The scale 1…3 has 3 points but 2 labels; give one label per point."))
    }
}
