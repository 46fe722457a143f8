import Analytics
import Foundation
import QuestionnaireEngine
import Scoring
import Submissions
import Templating
import Testing

@testable import Reports

/// The candidate report as a hiring manager reads it, from the shipped sample data.
@Suite("Candidate report")
struct CandidateReportTests {
    let context = ReportContext(date: "2026-11-25", dazzleVersion: "test")

    func html(_ card: ScoreCard, plan: ScoringPlan) throws -> String {
        String(
            decoding: try ReportRenderer().render(
                .candidate, format: .html, model: CandidateReport.model(card, plan: plan, context: context)),
            as: UTF8.self)
    }

    @Test("no question of the shipped interview appears more than twice in a candidate report")
    func questionsAtMostTwice() throws {
        let plan = try shippedPlan("human-being-lovers-interview")
        let outcome = try shippedSample("interviews.jsonl", plan: plan)
        #expect(outcome.scorecards.count == 5)
        for card in outcome.scorecards {
            let report = try html(card, plan: plan)
            for item in plan.items {
                let shown = TemplateEscaping.html.escape(item.text)
                let count = report.components(separatedBy: shown).count - 1
                #expect((1...2).contains(count), "\(card.candidateName): “\(item.text)” appears \(count) times")
            }
        }
    }

    @Test("careless answering is stated on the verdict, not only as a flag")
    func carelessOnTheVerdict() throws {
        let plan = try shippedPlan("service-orientation-inventory")
        let outcome = try shippedSample("inventory.jsonl", plan: plan)
        let careless = try #require(outcome.scorecards.first { $0.candidateName == "Rafael Costa" })
        let report = try html(careless, plan: plan)
        let verdict = try #require(report.range(of: "<section class=\"verdict\""))
        let end = try #require(report.range(of: "</section>", range: verdict.upperBound..<report.endIndex))
        #expect(report[verdict.upperBound..<end.lowerBound].contains("Careless answering: same answer repeated"))
        let clean = try #require(outcome.scorecards.first { $0.flags.isEmpty && $0.knockouts.isEmpty })
        #expect(!(try html(clean, plan: plan)).contains("class=\"caution\""))
    }

    /// The sample panel rates c1 at levels 4, 5 and 3 around each item's pattern: every spread
    /// is 2 (hand count), so every row is marked for discussion.
    @Test("ratings 2 or more points apart are marked for the panel to discuss")
    func spreadsMarked() throws {
        let plan = try interviewPlan()
        let card = sampleOutcome(plan).scorecards[0]
        let rows = CandidateReport.ratingRows(card, texts: [:])
        #expect(rows.count == plan.items.count)
        for (index, row) in rows.enumerated() {
            let given = card.ratings.filter { $0.itemID == plan.items[index].id }.map(\.value)
            let spread = (given.max() ?? 0) - (given.min() ?? 0)
            #expect(row.spread == spread)
            guard case .bool(let discuss)? = row.value["discuss"] else {
                Issue.record("row \(index + 1) has no discuss mark")
                continue
            }
            #expect(discuss == (spread >= 2))
        }
        #expect(rows.contains { $0.spread >= 2 })
    }

    @Test("each interviewer's own recommendation sits under their column, in column order")
    func ownRecommendations() throws {
        let plan = try shippedPlan("human-being-lovers-interview")
        let outcome = try shippedSample("interviews.jsonl", plan: plan)
        let card = try #require(outcome.scorecards.first { $0.raters.count == 3 })
        let report = try html(card, plan: plan)
        let footer = try #require(report.range(of: "<tfoot>"))
        let row = report[footer.upperBound...].prefix { $0 != "\n" }
        var place = row.startIndex
        for rater in card.raters {
            let result = try #require(card.raterResults.first { $0.rater == rater })
            let cell = "\(ReportNumber.score(result.overall)) <span class=\"decision\">\(result.decision)</span>"
            let found = try #require(row.range(of: cell, range: place..<row.endIndex), "\(rater)")
            place = found.upperBound
        }
    }

    @Test("file names are a stable slug of name and id, accents folded")
    func fileNames() throws {
        let plan = try interviewPlan()
        var card = sampleOutcome(plan).scorecards[0]
        card.candidateName = "Léa Moreau"
        card.candidateID = "INT-004"
        #expect(IndexReport.fileName(for: card) == "lea-moreau-int-004")
        card.candidateName = Hostile.script
        card.candidateID = "../../etc"
        #expect(IndexReport.fileName(for: card) == "script-alert-1-script-etc")
        card.candidateName = "Aisha Bello"
        card.candidateID = "aisha@example.org"
        // printf 'aisha@example.org' | sha256sum → 91c7fd77…
        #expect(IndexReport.fileName(for: card) == "aisha-bello-91c7fd77", "no address in a file name")
        card.candidateName = "李小龍"
        card.candidateID = "7"
        #expect(IndexReport.fileName(for: card) == "7")
    }
}

/// A shipped question set's plan.
func shippedPlan(_ id: String) throws -> ScoringPlan {
    let file = try #require(ShippedQuestionnaires.files.first { $0.name == "\(id).json" })
    let loaded = QuestionnaireLoader.load(Array(file.contents.utf8), file: file.name)
    let questionnaire = try #require(loaded.questionnaire)
    let source = try #require(loaded.rubricSource)
    let rubric = try #require(RubricLoader.load(source, file: file.name, for: questionnaire, embedded: true).rubric)
    return ScoringPlan(questionnaire: questionnaire, rubric: rubric)
}

/// A shipped sample file (`questionnaires/samples/`), JSON Lines, scored and annotated.
func shippedSample(_ name: String, plan: ScoringPlan) throws -> BatchScorer.Outcome {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("questionnaires/samples/\(name)")
    let text = try String(contentsOf: url, encoding: .utf8)
    let decoder = SubmissionDecoder(plan: plan)
    let inputs = text.split(separator: "\n").enumerated().map { number, line in
        decoder.decode(Array(line.utf8), source: "\(name):\(number + 1)")
    }
    var outcome = BatchScorer.score(inputs, plan: plan)
    BatchAnalysis.analyse(outcome, plan: plan).annotate(&outcome.scorecards)
    return outcome
}
