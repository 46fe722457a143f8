import DazzleJSON
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

    @Test("an extreme rating without evidence is refused and changes nothing")
    func extremeWithoutEvidence() throws {
        var session = InterviewSession(questionnaire: try shipped("human-being-lovers-interview"))
        #expect(throws: InterviewError.self) {
            try session.apply(.answer(item: "love-humans", .number(5)), seconds: 12)
        }
        #expect(session.answers.isEmpty && session.current?.id == "love-humans")
        #expect(session.secondsByItem.isEmpty, "a refused event adds no time either")
    }

    @Test("an extreme rating and its evidence are one step: the evidence becomes the first note")
    func extremeWithEvidence() throws {
        var session = InterviewSession(questionnaire: try shipped("human-being-lovers-interview"))
        try session.apply(.answer(item: "love-humans", .number(5), evidence: .note("Named three regulars.")))
        #expect(session.answers["love-humans"] == .number(5))
        #expect(session.notes["love-humans"] == ["Named three regulars."])
        #expect(session.current?.id == "joy-of-serving")
        try session.apply(.answer(item: "joy-of-serving", .number(1), evidence: .none(reason: "Declined to answer")))
        #expect(session.notes["joy-of-serving"] == ["No evidence recorded: Declined to answer"])
        try session.apply(.answer(item: "energy-after-rush", .number(3)))
        #expect(session.current?.id == "own-the-mistake", "a middle rating needs no evidence")
    }

    @Test("a note already taken is the evidence for an extreme rating")
    func noteAsEvidence() throws {
        var session = InterviewSession(questionnaire: try shipped("human-being-lovers-interview"))
        try session.apply(.note(item: "love-humans", "Lit up talking about regulars"))
        try session.apply(.answer(item: "love-humans", .number(5)))
        #expect(session.answers["love-humans"] == .number(5))
    }

    @Test("notes are kept in order; editing replaces one, an empty edit removes it")
    func notes() throws {
        var session = InterviewSession(questionnaire: try shipped("human-being-lovers-interview"))
        try session.apply(.note(item: "love-humans", "first"))
        try session.apply(.note(item: "love-humans", "second"))
        #expect(session.notes["love-humans"] == ["first", "second"])
        try session.apply(.editNote(item: "love-humans", index: 0, "first, corrected"))
        #expect(session.notes["love-humans"] == ["first, corrected", "second"])
        try session.apply(.editNote(item: "love-humans", index: 1, "  "))
        #expect(session.notes["love-humans"] == ["first, corrected"])
        #expect(throws: InterviewError.self) { try session.apply(.editNote(item: "love-humans", index: 3, "x")) }
        #expect(throws: InterviewError.self) { try session.apply(.note(item: "love-humans", "")) }
    }

    @Test("after the last question comes the review; a question opened from it returns there")
    func review() throws {
        var session = InterviewSession(questionnaire: try shipped("pre-screen"))
        try session.apply(.answer(item: "work-weekends", .bool(true)))
        try session.apply(.answer(item: "years-serving", .number(0)))
        try session.apply(.answer(item: "availability", .option("now")))
        try session.apply(.answer(item: "why-service", .text("People")))
        try session.apply(.answer(item: "languages", .options(["en"])))
        #expect(session.isReviewing && session.progress.position == nil && !session.finished)
        try session.apply(.jump(item: "years-serving"))
        #expect(session.current?.id == "years-serving" && session.returnsToReview)
        try session.apply(.answer(item: "years-serving", .number(4)))
        #expect(session.current?.id == nil, "back to the review, not on to the next question")
        #expect(session.answers["years-serving"] == .number(4))
        try session.apply(.finish)
        #expect(session.finished)
    }

    @Test("time is added to the screen that was showing when the event happened")
    func timing() throws {
        var session = InterviewSession(questionnaire: try shipped("pre-screen"))
        try session.apply(.note(item: "work-weekends", "asked about Sundays"), seconds: 4)
        try session.apply(.answer(item: "work-weekends", .bool(true)), seconds: 6)
        try session.apply(.skip(item: "years-serving"), seconds: 2.5)
        try session.apply(.review, seconds: 1)
        try session.apply(.pause, seconds: 3)
        #expect(session.secondsByItem == ["work-weekends": 10, "years-serving": 2.5, "availability": 1])
        #expect(session.reviewSeconds == 3 && session.totalSeconds == 16.5)
    }

    @Test("back keeps answers; jump goes anywhere visible; bad answers are refused")
    func navigation() throws {
        var session = InterviewSession(questionnaire: try shipped("human-being-lovers-interview"))
        try session.apply(.answer(item: "love-humans", .number(3)))
        try session.apply(.back)
        #expect(session.current?.id == "love-humans" && session.answers["love-humans"] == .number(3))
        try session.apply(.jump(item: "dumb-rule"))
        #expect(session.progress.position == 8)
        #expect(throws: InterviewError("Enter a number between 1 and 5.")) {
            try session.apply(.answer(item: "dumb-rule", .number(9)))
        }
        #expect(throws: InterviewError("This is the first question; there is nothing to go back to.")) {
            var fresh = InterviewSession(questionnaire: session.questionnaire)
            try fresh.apply(.back)
        }
    }

    @Test("probes marked as asked are kept per question")
    func probes() throws {
        var session = InterviewSession(questionnaire: try shipped("human-being-lovers-interview"))
        try session.apply(.probe(item: "love-humans", index: 1))
        #expect(session.probesAsked["love-humans"] == [1])
        #expect(throws: InterviewError.self) { try session.apply(.probe(item: "love-humans", index: 7)) }
    }
}

@Suite("Typed interview lines")
struct InterviewInputTests {
    @Test("a line becomes an answer, a command, or a sentence saying what to type")
    func lines() throws {
        let session = InterviewSession(questionnaire: try shipped("pre-screen"))
        let weekends = try #require(session.current)
        #expect(
            InterviewInput.parse("y", for: weekends, session: session)
                == .event(.answer(item: "work-weekends", .bool(true))))
        #expect(
            InterviewInput.parse("2", for: weekends, session: session)
                == .event(.answer(item: "work-weekends", .bool(false))))
        #expect(
            InterviewInput.parse(":note Can do Sundays", for: weekends, session: session)
                == .event(.note(item: "work-weekends", "Can do Sundays")))
        #expect(
            InterviewInput.parse("maybe", for: weekends, session: session) == .invalid("Enter 1 for yes or 2 for no."))
        #expect(
            InterviewInput.parse("", for: weekends, session: session)
                == .invalid("Nothing was recorded. Enter 1 for yes or 2 for no."))
        #expect(
            InterviewInput.parse(":frobnicate", for: weekends, session: session)
                == .invalid("Unknown command ':frobnicate'. Commands: \(InterviewInput.commandList)"))
    }

    @Test("a multi item takes numbers separated by spaces or commas")
    func multi() throws {
        let session = InterviewSession(questionnaire: try shipped("pre-screen"))
        let languages = try #require(session.questionnaire.item(withID: "languages"))
        for line in ["1 3", "1,3", "1, 3", " 1 ,3 "] {
            #expect(
                InterviewInput.parse(line, for: languages, session: session)
                    == .event(.answer(item: "languages", .options(["en", "fr"]))), "\(line)")
        }
        #expect(
            InterviewInput.parse("1 9", for: languages, session: session)
                != .event(.answer(item: "languages", .options(["en"]))))
    }

    @Test("the evidence prompt refuses a bare number, takes :none with a reason, and :cancel")
    func evidenceLines() {
        #expect(InterviewInput.parseEvidence("Named three regulars") == .evidence(.note("Named three regulars")))
        #expect(InterviewInput.parseEvidence(":none Declined") == .evidence(.none(reason: "Declined")))
        #expect(InterviewInput.parseEvidence(":cancel") == .cancel)
        for line in ["4", "", ":none", ":skip"] {
            guard case .invalid = InterviewInput.parseEvidence(line) else {
                Issue.record("'\(line)' was taken as evidence")
                continue
            }
        }
    }

    @Test("on the review, a number opens a question and 0 finishes")
    func reviewLines() throws {
        let session = InterviewSession(questionnaire: try shipped("pre-screen"))
        #expect(InterviewInput.parseReview("0", session: session) == .event(.finish))
        #expect(InterviewInput.parseReview("2", session: session) == .event(.jump(item: "years-serving")))
        #expect(InterviewInput.parseReview("", session: session) != .event(.finish))
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

    @Test("replaying a journal rebuilds the session exactly, times included")
    func replay() throws {
        let questionnaire = try shipped("pre-screen")
        let entries: [Journal.Entry] = [
            .init(.answer(item: "work-weekends", .bool(false)), at: "2026-11-25T10:00:04+01:00", seconds: 4),
            .init(.answer(item: "weekend-limits", .text("Not \"Sundays\"\nplease")), seconds: 12.5),
            .init(.answer(item: "years-serving", .number(4)), seconds: 3), .init(.back, seconds: 1),
            .init(.note(item: "years-serving", "Mostly cafés")), .init(.note(item: "years-serving", "and a bakery")),
            .init(.editNote(item: "years-serving", index: 0, "Mostly cafés, 3 years")),
            .init(.answer(item: "years-serving", .number(5))), .init(.answer(item: "recent-role", .text("Barista"))),
            .init(.answer(item: "availability", .option("now")), at: "2026-11-25T10:03:00+01:00"),
            .init(.pause, seconds: 2.2),
        ]
        var live = InterviewSession(questionnaire: questionnaire)
        for entry in entries { try live.apply(entry.event, seconds: entry.seconds) }
        let header = Journal.Header(
            questionnaireID: questionnaire.id, version: questionnaire.version,
            questionnaireHash: questionnaire.contentHash, candidateID: "c", candidateName: "C", rater: "R",
            started: "2026-11-25T10:00:00+01:00")
        let bytes = Journal.line(for: header) + entries.flatMap(Journal.line(for:))
        let replay = try Journal.replay(bytes, file: "j", questionnaire: questionnaire)
        #expect(replay.warnings.isEmpty)
        #expect(replay.session.answers == live.answers && replay.session.notes == live.notes)
        #expect(replay.session.notes["years-serving"] == ["Mostly cafés, 3 years", "and a bakery"])
        #expect(replay.session.currentID == live.currentID)
        #expect(replay.session.secondsByItem == live.secondsByItem)
        #expect(replay.lastAt == "2026-11-25T10:03:00+01:00")
        #expect(replay.header == header)
    }

    @Test("an older journal's extreme rating followed by its note replays as one step")
    func legacyEvidence() throws {
        let questionnaire = try shipped("human-being-lovers-interview")
        let bytes = journal(
            [.answer(item: "love-humans", .number(5)), .note(item: "love-humans", "Named regulars")],
            questionnaire: questionnaire)
        let replay = try Journal.replay(bytes, file: "j", questionnaire: questionnaire)
        #expect(replay.warnings.isEmpty)
        #expect(replay.session.answers["love-humans"] == .number(5))
        #expect(replay.session.notes["love-humans"] == ["Named regulars"])
    }

    @Test("an extreme rating journaled without evidence is not confirmed on replay, and says so")
    func unconfirmedExtreme() throws {
        let questionnaire = try shipped("human-being-lovers-interview")
        let bytes = journal(
            [.answer(item: "love-humans", .number(1)), .answer(item: "love-humans", .number(3))],
            questionnaire: questionnaire)
        let replay = try Journal.replay(bytes, file: "j", questionnaire: questionnaire)
        #expect(replay.session.answers["love-humans"] == .number(3))
        #expect(replay.warnings.count == 1 && replay.warnings[0].hasPrefix("j:2: A rating of 1"))
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

    @Test("a journal of another question set version, or another text of it, is refused")
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
        var edited = header
        edited.version = "1.0.0"
        edited.questionnaireHash = "sha256:" + String(repeating: "0", count: 64)
        #expect(throws: InterviewError.self) {
            try Journal.replay(Journal.line(for: edited), file: "j", questionnaire: questionnaire)
        }
        #expect(throws: InterviewError.self) {
            try Journal.replay(Array("{}\n".utf8), file: "j", questionnaire: questionnaire)
        }
    }
}

@Suite("Interview submission")
struct InterviewSubmissionTests {
    @Test("the submission keeps every note in order, times, the rater, email, role and the set's hash")
    func submission() throws {
        let questionnaire = try shipped("human-being-lovers-interview")
        var session = InterviewSession(questionnaire: questionnaire)
        try session.apply(.answer(item: "love-humans", .number(5), evidence: .note("Regulars by name")), seconds: 40)
        try session.apply(.note(item: "joy-of-serving", "A wedding cake story"), seconds: 10)
        try session.apply(.note(item: "joy-of-serving", "Told it from the bride's side"), seconds: 5)
        try session.apply(.answer(item: "joy-of-serving", .number(4)), seconds: 15)
        try session.apply(.note(item: "energy-after-rush", "Avoided the question"), seconds: 8)
        try session.apply(.skip(item: "energy-after-rush"), seconds: 2)
        let header = Journal.Header(
            questionnaireID: questionnaire.id, version: questionnaire.version, candidateID: "maya",
            candidateName: "Maya",
            email: "maya@example.org", role: "Front desk", rater: "Jo", started: "2026-12-01T10:00:00+01:00")
        let bytes = session.submission(header: header, ended: "2026-12-01T10:30:00+01:00")
        let object = try #require(try JSONReader().read(bytes).objectValue)
        #expect(object["questionnaireHash"]?.stringValue == questionnaire.contentHash)
        #expect(object["started"]?.stringValue == "2026-12-01T10:00:00+01:00")
        #expect(object["submitted"]?.stringValue == "2026-12-01T10:30:00+01:00")
        #expect(object["seconds"]?.numberValue == 80)
        #expect(object["rater"]?.stringValue == "Jo")
        #expect(object["candidate"]?.objectValue?["email"]?.stringValue == "maya@example.org")
        #expect(object["candidate"]?.objectValue?["role"]?.stringValue == "Front desk")
        let seconds = try #require(object["itemSeconds"]?.objectValue)
        #expect(seconds["love-humans"]?.numberValue == 40 && seconds["joy-of-serving"]?.numberValue == 30)
        let answers = try #require(object["answers"]?.objectValue)
        let joy = try #require(answers["joy-of-serving"]?.objectValue)
        #expect(joy["value"]?.numberValue == 4)
        #expect(
            joy["notes"]?.arrayValue?.compactMap(\.stringValue) == [
                "A wedding cake story", "Told it from the bride's side",
            ])
        let skipped = try #require(answers["energy-after-rush"]?.objectValue, "a skipped question keeps its note")
        guard case .null? = skipped["value"]?.kind else {
            Issue.record("the skipped question's value is not null")
            return
        }
    }
}
