import QuestionnaireEngine
import Testing

@testable import Interviewing

func shipped(_ name: String) throws -> Questionnaire {
    let file = try #require(ShippedQuestionnaires.files.first { $0.name == "\(name).json" })
    return try #require(QuestionnaireLoader.load(Array(file.contents.utf8), file: file.name).questionnaire)
}

@Suite("Interview session")
struct InterviewSessionTests {
    @Test("showIf is followed live: a no to weekends opens the follow-up")
    func branching() throws {
        var session = InterviewSession(questionnaire: try shipped("pre-screen"))
        #expect(session.current?.id == "work-weekends")
        try session.apply(.answer(item: "work-weekends", .bool(false)))
        #expect(session.current?.id == "weekend-limits")
        try session.apply(.back)
        try session.apply(.answer(item: "work-weekends", .bool(true)))
        #expect(session.current?.id == "years-serving", "the follow-up closes again")
    }

    @Test("an extreme rating waits for evidence before moving on")
    func evidence() throws {
        var session = InterviewSession(questionnaire: try shipped("human-being-lovers-interview"))
        try session.apply(.answer(item: "love-humans", .number(5)))
        #expect(session.awaitingEvidence == "love-humans" && session.current?.id == "love-humans")
        try session.apply(.note(item: "love-humans", "Named three regulars."))
        #expect(session.awaitingEvidence == nil && session.current?.id == "joy-of-serving")
        try session.apply(.answer(item: "joy-of-serving", .number(3)))
        #expect(session.current?.id == "energy-after-rush", "a middle rating needs no note")
    }

    @Test("back keeps answers; jump goes anywhere visible; bad answers are refused")
    func navigation() throws {
        var session = InterviewSession(questionnaire: try shipped("human-being-lovers-interview"))
        try session.apply(.answer(item: "love-humans", .number(3)))
        try session.apply(.back)
        #expect(session.current?.id == "love-humans" && session.answers["love-humans"] == .number(3))
        try session.apply(.jump(item: "dumb-rule"))
        #expect(session.progress.position == 8)
        #expect(throws: InterviewError("Type a number from 1 to 5.")) {
            try session.apply(.answer(item: "dumb-rule", .number(9)))
        }
        #expect(throws: InterviewError("This is the first question; there is nothing to go back to.")) {
            var fresh = InterviewSession(questionnaire: session.questionnaire)
            try fresh.apply(.back)
        }
    }

    @Test("typed lines become answers, commands or a hint")
    func input() throws {
        let session = InterviewSession(questionnaire: try shipped("pre-screen"))
        let weekends = try #require(session.current)
        #expect(
            InterviewInput.parse("y", for: weekends, session: session)
                == .event(.answer(item: "work-weekends", .bool(true))))
        #expect(
            InterviewInput.parse(":note Can do Sundays", for: weekends, session: session)
                == .event(.note(item: "work-weekends", "Can do Sundays")))
        #expect(InterviewInput.parse("maybe", for: weekends, session: session) == .invalid("Type y or n."))
        #expect(
            InterviewInput.parse(":frobnicate", for: weekends, session: session)
                == .invalid("Unknown command ':frobnicate'. Commands: \(InterviewInput.commands)"))
        let availability = try #require(session.questionnaire.item(withID: "availability"))
        #expect(
            InterviewInput.parse("2", for: availability, session: session)
                == .event(.answer(item: "availability", .option("two-weeks"))))
    }
}

@Suite("Interview journal")
struct JournalTests {
    func journal(_ events: [InterviewEvent], questionnaire: Questionnaire) -> [UInt8] {
        let header = Journal.Header(
            questionnaireID: questionnaire.id, version: questionnaire.version, candidateID: "c", candidateName: "C",
            rater: "R", started: "2026-11-25")
        return Journal.line(for: header) + events.flatMap(Journal.line(for:))
    }

    @Test("replaying a journal rebuilds the session exactly")
    func replay() throws {
        let questionnaire = try shipped("pre-screen")
        let events: [InterviewEvent] = [
            .answer(item: "work-weekends", .bool(false)),
            .answer(item: "weekend-limits", .text("Not \"Sundays\"\nplease")),
            .answer(item: "years-serving", .number(4)), .back, .note(item: "years-serving", "Mostly cafés"),
            .answer(item: "years-serving", .number(5)), .answer(item: "recent-role", .text("Barista")),
            .answer(item: "availability", .option("now")),
        ]
        var live = InterviewSession(questionnaire: questionnaire)
        for event in events { try live.apply(event) }
        let replay = try Journal.replay(
            journal(events, questionnaire: questionnaire), file: "j", questionnaire: questionnaire)
        #expect(replay.warnings.isEmpty)
        #expect(replay.session.answers == live.answers && replay.session.notes == live.notes)
        #expect(replay.session.currentID == live.currentID)
        #expect(replay.header.rater == "R")
    }

    @Test("a torn last line is dropped with a warning, never fatal")
    func tornWrite() throws {
        let questionnaire = try shipped("pre-screen")
        var bytes = journal(
            [.answer(item: "work-weekends", .bool(true)), .answer(item: "years-serving", .number(3))],
            questionnaire: questionnaire)
        bytes.removeLast(9)
        let replay = try Journal.replay(bytes, file: "j.jsonl", questionnaire: questionnaire)
        #expect(
            replay.warnings == [
                "j.jsonl:3: the last line was cut off (the program was stopped while writing it) and was dropped."
            ])
        #expect(replay.session.answers == ["work-weekends": .bool(true)])
        #expect(replay.session.current?.id == "years-serving", "it continues at the question whose answer was lost")
    }

    @Test("a journal of another question set version is refused")
    func otherVersion() throws {
        let questionnaire = try shipped("pre-screen")
        let header = Journal.Header(
            questionnaireID: "pre-screen", version: "0.9", candidateID: "c", candidateName: "C", rater: nil,
            started: "d")
        #expect(
            throws: InterviewError(
                "j was recorded with pre-screen 0.9, but pre-screen 1.0.0 is loaded; resume it with the same version of the question set."
            )
        ) {
            try Journal.replay(Journal.line(for: header), file: "j", questionnaire: questionnaire)
        }
        #expect(throws: InterviewError.self) {
            try Journal.replay(Array("{}\n".utf8), file: "j", questionnaire: questionnaire)
        }
    }
}
