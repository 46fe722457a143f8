import Foundation
import QuestionnaireEngine
import Testing

@testable import Interviewing

@Suite("Calibration against a gold pack")
struct CalibrationTests {
    /// Four answers with gold 1, 3, 5, 4 on two questions of the shipped interview.
    static let pack = #"""
        {"format": "dazzle.gold/1", "id": "mini", "title": "Mini", "questionnaire": "human-being-lovers-interview",
         "passing": {"maxElevation": 0.5, "minAccuracy": 0.7, "maxMeanAbsoluteError": 0.5},
         "answers": [
          {"id": "a", "item": "love-humans", "text": "Meh.", "rating": 1, "rationale": "Tasks, not people."},
          {"id": "b", "item": "love-humans", "text": "I like helping.", "rating": 3, "rationale": "General."},
          {"id": "c", "item": "joy-of-serving", "text": "A vivid story.", "rating": 5, "rationale": "Their side."},
          {"id": "d", "item": "joy-of-serving", "text": "A good story.", "rating": 4, "rationale": "Nearly."}]}
        """#

    func load(_ text: String) throws -> (pack: GoldPack?, errors: [String]) {
        let loaded = GoldPack.load(
            Array(text.utf8), file: "gold.json", questionnaire: try shipped("human-being-lovers-interview"))
        return (loaded.pack, loaded.diagnostics.filter { $0.severity == .error }.map(\.message))
    }

    /// Rater 2, 3, 4, 5 against gold 1, 3, 5, 4: differences +1, 0, −1, +1. Elevation 1/4;
    /// mean absolute 3/4; r = 5.5 / √(5 × 8.75) = 0.8315 (hand computed, deviations from means
    /// 3.5 and 3.25).
    @Test("elevation, accuracy and mean absolute difference, by hand; the rule missed is named")
    func figures() throws {
        let pack = try #require(try load(Self.pack).pack)
        let result = CalibrationResult(pack: pack, ratings: ["a": 2, "b": 3, "c": 4, "d": 5])
        #expect(result.elevation == 0.25)
        #expect(result.meanAbsoluteError == 0.75)
        #expect(abs((result.accuracy ?? 0) - 5.5 / (5 * 8.75).squareRoot()) < 1e-12)
        #expect(!result.passed)
        #expect(
            result.reasons == [
                "Your ratings are 0.75 points from the experts' on average, either way (at most 0.50 points passes)."
            ])
        #expect(result.furthest.map(\.answer.id) == ["a", "c", "d"], "every answer a point off, in id order")
        #expect(result.furthest.first?.answer.rationale == "Tasks, not people.")
    }

    @Test("a skipped answer is left out and named; too few ratings give no accuracy and do not pass")
    func skipped() throws {
        let pack = try #require(try load(Self.pack).pack)
        let result = CalibrationResult(pack: pack, ratings: ["a": 1, "b": 3])
        #expect(result.skipped == ["c", "d"])
        #expect(result.elevation == 0 && result.accuracy == nil && !result.passed)
        #expect(
            result.reasons.contains(
                "Too few ratings, or all the same, to tell whether you rank answers as the experts do."))
    }

    @Test("an exact rater passes")
    func exact() throws {
        let pack = try #require(try load(Self.pack).pack)
        let result = CalibrationResult(pack: pack, ratings: ["a": 1, "b": 3, "c": 5, "d": 4])
        #expect(result.passed && result.elevation == 0 && result.accuracy == 1 && result.furthest.isEmpty)
    }

    @Test("a pack with an unknown question, a rating off the scale and a repeated id is refused, each located")
    func errors() throws {
        let bad = Self.pack.replacingOccurrences(
            of: #""item": "joy-of-serving", "text": "A vivid story.", "rating": 5"#,
            with: #""item": "joy-of-servin", "text": "A vivid story.", "rating": 5"#
        )
        .replacingOccurrences(of: #""rating": 4"#, with: #""rating": 7"#)
        .replacingOccurrences(of: #""id": "b""#, with: #""id": "a""#)
        let loaded = try load(bad)
        #expect(loaded.pack == nil)
        #expect(loaded.errors.contains("'joy-of-servin' is not a rated question of 'human-being-lovers-interview'."))
        #expect(loaded.errors.contains("The rating 7 is off the question's scale (1 to 5)."))
        #expect(loaded.errors.contains("The id 'a' is used twice."))
    }

    @Test("the shipped gold pack loads, answers every question at least twice, at two or more levels")
    func shippedPack() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(
                "questionnaires/gold/human-being-lovers-interview.gold.json")
        let questionnaire = try shipped("human-being-lovers-interview")
        let loaded = GoldPack.load([UInt8](try Data(contentsOf: url)), file: "gold.json", questionnaire: questionnaire)
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        let pack = try #require(loaded.pack)
        for item in questionnaire.items {
            let levels = Set(pack.answers.filter { $0.item == item.id }.map(\.rating))
            #expect(pack.answers.filter { $0.item == item.id }.count >= 2, "\(item.id)")
            #expect(levels.count >= 2, "\(item.id): answers at different levels")
        }
    }

    @Test("the calibration asks each answer as its question, with the answer under it and no probes")
    func asQuestions() throws {
        let pack = try #require(try load(Self.pack).pack)
        let calibration = pack.calibrationQuestionnaire(try shipped("human-being-lovers-interview"))
        #expect(calibration.items.map(\.id) == ["a", "b", "c", "d"])
        #expect(calibration.items[0].text == "Do you love humans? Tell me what it is about people that you enjoy.")
        #expect(calibration.items[0].help == "The candidate's answer: “Meh.”")
        if case .rating(let guide) = calibration.items[0].kind {
            #expect(guide.probes.isEmpty && guide.minutes == nil && guide.anchors[5] != nil)
        } else {
            Issue.record("not a rating")
        }
    }
}
