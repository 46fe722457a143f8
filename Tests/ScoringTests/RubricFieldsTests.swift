import QuestionnaireEngine
import Testing

@testable import Scoring
@testable import Submissions

/// The rubric's `minimumDimensions`, numeric demographic bins and bias-audit fields.
@Suite("Rubric: minimum dimensions, bins, audit fields")
struct RubricFieldsTests {
    static let bands =
        #"[{"from": 50, "to": 100, "label": "Go", "decision": "go"}, {"from": 0, "to": 50, "label": "No", "decision": "no"}]"#

    func rubric(_ extra: String) throws -> (rubric: Rubric?, messages: [String]) {
        let questionnaire = try miniPlan().questionnaire
        let text =
            #"{"format": "dazzle.rubric/1", "id": "r", "questionnaire": "mini", "dimensions": [{"id": "A", "name": "A", "items": ["a1", "a2", "a3"]}, {"id": "B", "name": "B", "items": ["c1", "y1", "n1"]}, {"id": "C", "name": "C", "items": ["a4", "sd1", "sd2"]}], "unscored": ["r1", "t1"], "bands": \#(Self.bands)\#(extra)}"#
        let result = RubricLoader.load(Array(text.utf8), file: "r.json", for: questionnaire)
        return (result.rubric, result.diagnostics.filter { $0.severity == .error }.map(\.message))
    }

    func card(_ rubric: Rubric, answers: String) throws -> ScoreCard {
        let plan = ScoringPlan(questionnaire: try miniPlan().questionnaire, rubric: rubric)
        return Scorer(plan: plan).score([try submission(miniLine(answers), plan: plan)])
    }

    @Test("by default an overall score needs half the dimensions, rounded up: 2 of 3")
    func defaultMinimum() throws {
        let loaded = try #require(try rubric("").rubric)
        #expect(loaded.minimumDimensions == 2)
        let one = try card(loaded, answers: #""a1": 5, "a2": 1, "a3": 5"#)
        #expect(one.dimensions.compactMap(\.score).count == 1)
        #expect(one.overall == nil && one.decision == "insufficient")
        #expect(one.explanation.allSatisfy { $0.contribution == 0 }, "no points towards an overall that does not exist")
        let two = try card(loaded, answers: #""a1": 5, "a2": 1, "a3": 5, "c1": "z", "y1": true, "n1": 10"#)
        #expect(two.overall == 100 && two.decision == "go")
    }

    @Test("minimumDimensions 3 of 3 refuses an overall from 2; 1 allows one")
    func declaredMinimum() throws {
        let strict = try #require(try rubric(#", "minimumDimensions": 3"#).rubric)
        #expect(try card(strict, answers: #""a1": 5, "a2": 1, "a3": 5, "c1": "z", "y1": true, "n1": 5"#).overall == nil)
        let lenient = try #require(try rubric(#", "minimumDimensions": 1"#).rubric)
        #expect(try card(lenient, answers: #""a1": 5, "a2": 1, "a3": 5"#).overall == 100)
    }

    @Test("minimumDimensions outside 1 to the number of dimensions is an error", arguments: ["0", "4", "1.5"])
    func minimumRange(_ value: String) throws {
        let found = try rubric(#", "minimumDimensions": \#(value)"#)
        #expect(found.rubric == nil || !found.messages.isEmpty)
        #expect(!found.messages.isEmpty)
    }

    @Test("age in declared bins: 39.9 → under 40, 40 → 40 to 54, 70 → 55 and over, 'n/a' → unknown")
    func bins() throws {
        let loaded = try #require(
            try rubric(
                #", "demographics": {"age": {"bins": [{"label": "under 40", "below": 40}, {"label": "40 to 54", "below": 55}, {"label": "55 and over"}]}}"#
            ).rubric)
        #expect(loaded.demographic("age", "39.9") == "under 40")
        #expect(loaded.demographic("age", " 40 ") == "40 to 54")
        #expect(loaded.demographic("age", "70") == "55 and over")
        #expect(loaded.demographic("age", "n/a") == nil)
        #expect(loaded.demographic("gender", "woman") == "woman", "fields without bins are kept as written")
    }

    @Test("bins must go upwards and only the last may leave out 'below'")
    func binErrors() throws {
        let downwards = try rubric(
            #", "demographics": {"age": {"bins": [{"label": "a", "below": 40}, {"label": "b", "below": 30}, {"label": "c"}]}}"#
        )
        #expect(downwards.messages.contains { $0.hasPrefix("Bins go upwards") }, "\(downwards.messages)")
        let open = try rubric(
            #", "demographics": {"age": {"bins": [{"label": "a"}, {"label": "b", "below": 30}]}}"#)
        #expect(open.messages.contains { $0.hasPrefix("Only the last bin may leave out 'below'") }, "\(open.messages)")
    }

    @Test("biasAudit names the fields the LL144 table reads; unknown keys are errors")
    func auditFields() throws {
        let loaded = try #require(try rubric(#", "biasAudit": {"sex": "gender", "raceEthnicity": "ethnicity"}"#).rubric)
        #expect(loaded.biasAudit == BiasAuditFields(sex: "gender", raceEthnicity: "ethnicity"))
        #expect(!(try rubric(#", "biasAudit": {"gender": "g"}"#).messages.isEmpty))
    }

    @Test("demographic questions keep the rubric's order, their options, and bins for a typed number")
    func demographicQuestions() throws {
        let loaded = try #require(
            try rubric(
                #", "demographics": {"gender": {"question": "Which best describes your gender?", "options": ["woman", "man", "nonbinary"]}, "age": {"bins": [{"label": "under 40", "below": 40}, {"label": "40 and over"}]}}"#
            ).rubric)
        #expect(
            loaded.demographicQuestions == [
                DemographicQuestion(
                    field: "gender", question: "Which best describes your gender?",
                    options: ["woman", "man", "nonbinary"]),
                DemographicQuestion(field: "age", question: "age", options: []),
            ])
        #expect(loaded.demographic("gender", "man") == "man", "options do not bin the answer")
        #expect(loaded.demographic("age", "41") == "40 and over")
    }

    @Test("a demographic field needs options or bins, not both, and offers each option once")
    func demographicQuestionErrors() throws {
        let neither = try rubric(#", "demographics": {"gender": {"question": "Gender?"}}"#)
        #expect(
            neither.messages.contains { $0.hasPrefix("A demographic field needs \"options\"") }, "\(neither.messages)")
        let both = try rubric(
            #", "demographics": {"age": {"options": ["young"], "bins": [{"label": "all"}]}}"#)
        #expect(
            both.messages.contains { $0.hasPrefix("A field has \"options\" or \"bins\", not both") }, "\(both.messages)"
        )
        let twice = try rubric(#", "demographics": {"gender": {"options": ["woman", "woman"]}}"#)
        #expect(twice.messages == ["'woman' is offered twice."])
        let unknown = try rubric(#", "demographics": {"gender": {"choices": ["woman"]}}"#)
        #expect(unknown.messages.contains { $0.contains("Unknown key 'choices'") }, "\(unknown.messages)")
    }
}
