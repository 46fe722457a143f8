import DazzleJSON
import QuestionnaireEngine
import Submissions
import Testing

@testable import Scoring

@Suite("Scoring the usual form by table")
struct WholePointTableTests {
    /// A question set of likert and rating items on several scales, with a rubric of random
    /// weights, keyings, shares and dimension counts, as JSON text.
    func randomPlan(_ random: inout SeededGenerator) throws -> ScoringPlan {
        let scales = [(1, 5), (1, 7), (0, 10), (-2, 2), (1, 2), (0, 100)]
        var items: [String] = []
        var dimensions: [String] = []
        var itemNumber = 0
        let dimensionCount = 1 + random.next(below: 7)
        for dimension in 0..<dimensionCount {
            var keys: [String] = []
            for _ in 0..<(1 + random.next(below: 12)) {
                itemNumber += 1
                let (low, high) = scales[random.next(below: scales.count)]
                let type = random.next(below: 4) == 0 ? "rating" : "likert"
                let extra =
                    type == "rating"
                    ? #", "anchors": {"\#(low)": "low"}"#
                    : (random.next(below: 3) == 0 ? #", "reverse": true"# : "")
                items.append(
                    #"{"id": "i\#(itemNumber)", "type": "\#(type)", "text": "Item \#(itemNumber)", "scale": {"min": \#(low), "max": \#(high)}\#(extra)}"#
                )
                let weights = ["1", "2", "0.5", "1.3", "0.1", "3"]
                switch random.next(below: 4) {
                case 0: keys.append(#""i\#(itemNumber)""#)
                case 1:
                    keys.append(
                        #"{"item": "i\#(itemNumber)", "weight": \#(weights[random.next(below: weights.count)])}"#)
                case 2: keys.append(#"{"item": "i\#(itemNumber)", "reverse": true}"#)
                default:
                    keys.append(
                        #"{"item": "i\#(itemNumber)", "reverse": false, "weight": \#(weights[random.next(below: weights.count)])}"#
                    )
                }
            }
            let weight = ["1", "2", "0.7", "1.1", "5"][random.next(below: 5)]
            dimensions.append(
                #"{"id": "d\#(dimension)", "name": "D\#(dimension)", "weight": \#(weight), "items": [\#(keys.joined(separator: ", "))]}"#
            )
        }
        let minimumAnswered = ["0.5", "0.75", "1", "0.3"][random.next(below: 4)]
        let minimumDimensions = 1 + random.next(below: dimensionCount)
        let text = """
            {"format": "dazzle.questionnaire/1", "id": "random", "version": "1", "title": "Random", "audience": "candidate",
             "sections": [{"id": "s", "title": "S", "items": [\(items.joined(separator: ",\n"))]}],
             "rubric": {"id": "r", "version": "1", "minimumAnswered": \(minimumAnswered), "minimumDimensions": \(minimumDimensions),
               "dimensions": [\(dimensions.joined(separator: ",\n"))],
               "bands": [{"from": 0, "to": 50, "label": "Low", "decision": "hold"}, {"from": 50, "to": 100, "label": "High", "decision": "advance"}]}}
            """
        let loaded = QuestionnaireLoader.load(Array(text.utf8), file: "random.json")
        let questionnaire = try #require(loaded.questionnaire, "\(loaded.diagnostics)")
        let source = try #require(loaded.rubricSource)
        let result = RubricLoader.load(source, file: "random.json", for: questionnaire, embedded: true)
        return ScoringPlan(questionnaire: questionnaire, rubric: try #require(result.rubric, "\(result.diagnostics)"))
    }

    /// A sheet holding a whole answer on every item's scale, and the same answers scored the
    /// general way.
    func sheets(_ plan: ScoringPlan, _ random: inout SeededGenerator) -> (table: ScoreSheet, general: ScoreSheet) {
        var sheet = ScoreSheet(plan: plan)
        for (slot, range) in plan.scaleRanges.enumerated() {
            guard let range else { continue }
            sheet.numbers.points[slot] = Double(range.lowerBound + random.next(below: range.count))
        }
        var general = sheet
        general.scorePoints(plan: plan)
        general.total(plan: plan)
        return (sheet, general)
    }

    func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }

    @Test("a form answering every item gets, by table, the general way's numbers bit for bit")
    func tableMatchesGeneralArithmetic() throws {
        var random = SeededGenerator(seed: 2026)
        var tabled = 0
        for _ in 0..<300 {
            let plan = try randomPlan(&random)
            let table = WholePointTable(plan: plan)
            for _ in 0..<20 {
                var (sheet, general) = sheets(plan, &random)
                guard sheet.scoreWholePoints(table, plan: plan) else {
                    #expect(!table.scoresFullForms)
                    continue
                }
                tabled += 1
                #expect(bits(sheet.keyScores) == bits(general.keyScores))
                #expect(bits(sheet.contributions) == bits(general.contributions))
                #expect(bits(sheet.dimensionScores) == bits(general.dimensionScores))
                #expect(bits(sheet.answeredWeights) == bits(general.answeredWeights))
                #expect(sheet.answeredCounts == general.answeredCounts)
                #expect(sheet.overall.bitPattern == general.overall.bitPattern)
                for position in 0..<plan.keyCount {
                    let line = table.lines[Int(sheet.preparedLines[position])]
                    #expect(line.score.bitPattern == general.keyScores[position].bitPattern)
                    #expect(line.contribution.bitPattern == general.contributions[position].bitPattern)
                }
            }
        }
        #expect(tabled > 4000)
    }

    @Test("a form with an unanswered item, or a point off a whole scale, is left to the general way")
    func incompleteFormsFallBack() throws {
        var random = SeededGenerator(seed: 7)
        for _ in 0..<100 {
            let plan = try randomPlan(&random)
            let table = WholePointTable(plan: plan)
            guard table.scoresFullForms else { continue }
            var (sheet, _) = sheets(plan, &random)
            let slot = plan.keySlots[random.next(below: plan.keyCount)]
            sheet.numbers.points[slot] = [Double.nan, 2.5, 1e6, -1e6][random.next(below: 4)]
            let scored = sheet.scoreWholePoints(table, plan: plan)
            #expect(!scored)
        }
    }

    @Test("no table when a full form would not be scored: too few dimensions asked for, or none answered enough")
    func tableRefusesUnscoredFullForms() throws {
        let plan = try miniPlan()
        // mini keys a choice, a yes/no and a number item: no lines for them.
        #expect(!WholePointTable(plan: plan).scoresFullForms)
        var random = SeededGenerator(seed: 3)
        var some = 0
        for _ in 0..<50 {
            let plan = try randomPlan(&random)
            let table = WholePointTable(plan: plan)
            #expect(table.scoresFullForms == (plan.dimensions.count >= plan.minimumDimensions))
            some += table.scoresFullForms ? 1 : 0
        }
        #expect(some > 40)
    }

    @Test(
        "the stream writes, by table and card template, what the general way writes, in every explanation detail and card shape"
    )
    func streamMatchesGeneralPath() throws {
        var random = SeededGenerator(seed: 99)
        for detail in ExplanationDetail.allCases {
            for _ in 0..<40 {
                let plan = try randomPlan(&random)
                var scorer = LineScorer(plan: plan, sourceLabel: "stdin", explanation: detail)
                let general = Scorer(plan: plan, explanation: detail)
                for number in 1...10 {
                    let answers = plan.items.enumerated().compactMap { slot, item -> String? in
                        guard let range = plan.scaleRanges[slot] else { return nil }
                        return #""\#(item.id)":\#(range.lowerBound + random.next(below: range.count))"#
                    }
                    // Every shape of card: each optional member there or not, whole and fractional seconds.
                    var candidate = [#""id":"c\#(number)""#]
                    if random.next(below: 2) == 0 { candidate.append(#""name":"Name \#(number)""#) }
                    if random.next(below: 2) == 0 { candidate.append(#""email":"c\#(number)@example.org""#) }
                    if random.next(below: 2) == 0 { candidate.append(#""role":"Host""#) }
                    var members = [#""candidate":{\#(candidate.joined(separator: ","))}"#]
                    if random.next(below: 2) == 0 { members.append(#""submitted":"2026-11-10T09:10:00Z""#) }
                    switch random.next(below: 3) {
                    case 0: members.append(#""seconds":\#(random.next(below: 2000))"#)
                    case 1: members.append(#""seconds":\#(random.next(below: 2000)).25"#)
                    default: break
                    }
                    let line = Array(
                        #"{"format":"dazzle.submission/1","questionnaire":"random",\#(members.joined(separator: ",")),"answers":{\#(answers.joined(separator: ","))}}"#
                            .utf8)
                    var writer = JSONWriter()
                    let rejection = line.withUnsafeBufferPointer { scorer.score($0, lineNumber: number, to: &writer) }
                    #expect(rejection == nil)
                    let submission = try submission(line, plan: plan, source: "stdin:\(number)")
                    var expected = JSONWriter()
                    general.write(general.score([submission]), to: &expected)
                    #expect(writer.bytes == expected.bytes, "\(String(decoding: line, as: UTF8.self))")
                }
                #expect(scorer.fastLines == 10)
            }
        }
    }
}
