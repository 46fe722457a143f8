import QuestionnaireEngine
import Testing

@testable import Interviewing

/// The structure score of scripted sessions of the shipped interview (16 questions, each with
/// probes and suggested minutes).
@Suite("Interview structure")
struct InterviewStructureTests {
    /// Applies events in order, keeping them for the structure.
    struct Script {
        var session: InterviewSession
        var events: [InterviewEvent] = []

        mutating func run(_ event: InterviewEvent, seconds: Double = 0) throws {
            try session.apply(event, seconds: seconds)
            events.append(event)
        }

        var structure: InterviewStructure { InterviewStructure(events: events, session: session) }
    }

    @Test("a session that follows the set exactly meets every component")
    func followsTheSet() throws {
        let questionnaire = try shipped("human-being-lovers-interview")
        var script = Script(session: InterviewSession(questionnaire: questionnaire))
        for item in questionnaire.items {
            guard case .rating(let guide) = item.kind else { continue }
            try script.run(.probe(item: item.id, index: 0))
            try script.run(.note(item: item.id, "What the candidate said about \(item.id)."))
            // The suggested minutes, spent on the question.
            try script.run(.answer(item: item.id, .number(3)), seconds: (guide.minutes ?? 0) * 60)
        }
        try script.run(.review)
        try script.run(.finish)
        let structure = script.structure
        #expect(
            structure.components.map(\.name) == [
                "Every question asked", "In the set's order", "Probes used", "Anchors shown", "Notes taken",
                "Rated independently", "Time per question", "No changes",
            ])
        #expect(structure.components.filter { !$0.met }.map(\.name) == [])
        #expect(structure.score.met == 8 && structure.score.of == 8)
        // 5+4+3+5+4+4+4+4+4+3+4+3+4+4+3+4 = 62 minutes suggested, all spent.
        #expect(
            structure.components[6].detail
                == "16 of 16 questions had at least half their suggested time; 62 min in all against 62 min suggested.")
    }

    @Test("a session that skips, jumps ahead and changes a rating misses those components, naming them")
    func skipsQuestions() throws {
        let questionnaire = try shipped("human-being-lovers-interview")
        var script = Script(session: InterviewSession(questionnaire: questionnaire))
        let ids = questionnaire.items.map(\.id)
        try script.run(.answer(item: ids[0], .number(3)), seconds: 60)
        try script.run(.skip(item: ids[1]))
        try script.run(.skip(item: ids[2]))
        try script.run(.jump(item: ids[5]))
        try script.run(.answer(item: ids[5], .number(4)), seconds: 30)
        for id in ids[6...] {
            try script.run(.note(item: id, "Note."))
            try script.run(.answer(item: id, .number(2)), seconds: 240)
        }
        try script.run(.jump(item: ids[3]))
        try script.run(.answer(item: ids[3], .number(3)), seconds: 20)
        try script.run(.jump(item: ids[0]))
        try script.run(.answer(item: ids[0], .number(2)), seconds: 10)
        try script.run(.review)
        try script.run(.finish)
        let byName = Dictionary(uniqueKeysWithValues: script.structure.components.map { ($0.name, $0) })
        #expect(byName["Every question asked"]?.met == false)
        #expect(
            byName["Every question asked"]?.detail
                == "13 of 16 questions rated; not rated: joy-of-serving, energy-after-rush, fix-within-a-day.")
        #expect(byName["In the set's order"]?.met == false)
        // First ratings: 0, 5, 6…15, then 3 (after 15): one out of order; three jumps, all before the review.
        #expect(
            byName["In the set's order"]?.detail
                == "1 question was first rated before an earlier one; 3 jumps before the review.")
        #expect(byName["Probes used"]?.met == false)
        #expect(byName["Probes used"]?.detail == "A probe was marked asked on 0 of the 16 questions that have them.")
        // 10 of 13 rated questions have a note (ids 6…15): 77% < 80%.
        #expect(byName["Notes taken"]?.met == false)
        #expect(byName["Notes taken"]?.detail == "10 of 13 rated questions have a note.")
        #expect(byName["No changes"]?.met == false)
        #expect(byName["No changes"]?.detail == "1 rating was changed after being given: love-humans.")
        #expect(byName["Anchors shown"]?.met == true && byName["Rated independently"]?.met == true)
    }
}
