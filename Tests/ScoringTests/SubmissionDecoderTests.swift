import DazzleJSON
import Foundation
import Hashing
import QuestionnaireEngine
import Testing

@testable import Analytics
@testable import Scoring
@testable import Submissions

@Suite("Submission reading and rejection rules")
struct SubmissionDecoderTests {
    @Test("a submission for another question set is rejected")
    func otherQuestionnaire() throws {
        let plan = try miniPlan()
        let line = Array(
            #"{"format": "dazzle.submission/1", "questionnaire": "maxi", "candidate": {"id": "c1"}, "answers": {}}"#
                .utf8)
        #expect(
            try rejection(line, plan: plan).reason
                == "answers 'maxi', but this run scores 'mini'; score it with that question set")
    }

    @Test("another major version is rejected; another minor version is accepted with a warning")
    func versions() throws {
        let plan = try miniPlan()
        let major = Array(
            String(decoding: miniLine(#""a1": 3"#), as: UTF8.self).replacingOccurrences(of: "\"2.1\"", with: "\"3.0\"")
                .utf8)
        #expect(
            try rejection(major, plan: plan).reason
                == "answers version 3.0 of 'mini', but version 2.1 is loaded; score it with version 3.0")
        let minor = Array(
            String(decoding: miniLine(#""a1": 3"#), as: UTF8.self).replacingOccurrences(of: "\"2.1\"", with: "\"2.0\"")
                .utf8)
        #expect(try submission(minor, plan: plan).warnings == ["answered version 2.0; scored as version 2.1"])
    }

    @Test("an answer to an unknown item is ignored with a warning")
    func unknownItem() throws {
        let plan = try miniPlan()
        let accepted = try submission(miniLine(#""a1": 3, "zz": 4"#), plan: plan)
        #expect(accepted.warnings == ["ignored an answer to unknown item 'zz'"])
        #expect(accepted.answers[0] == .number(3))
    }

    @Test("an out-of-range answer is rejected, naming the item and the scale")
    func outOfRange() throws {
        let plan = try miniPlan()
        let failure = try rejection(miniLine(#""a1": 6"#), plan: plan)
        #expect(failure.reason == "answer 6 to 'a1' is outside its scale 1…5")
        #expect(failure.candidateID == "c1" && failure.source == "t.jsonl:1")
        #expect(try rejection(miniLine(#""n1": 11"#), plan: plan).reason == "answer 11 to 'n1' is above its maximum 10")
        #expect(
            try rejection(miniLine(#""c1": "w""#), plan: plan).reason
                == "answer 'w' to 'c1' is not one of its options (x, y, z)")
    }

    @Test("a wrong-typed answer is rejected, saying what was expected")
    func wrongType() throws {
        let plan = try miniPlan()
        #expect(
            try rejection(miniLine(#""y1": "maybe""#), plan: plan).reason
                == "answer to 'y1' has the wrong type for a 'yesno' item (expected true or false)")
        #expect(
            try rejection(miniLine(#""a1": "4""#), plan: plan).reason
                == "answer to 'a1' has the wrong type for a 'likert' item (expected a number)")
    }

    @Test("a submission without a candidate id is rejected")
    func missingCandidate() throws {
        let plan = try miniPlan()
        let line = Array(
            #"{"format": "dazzle.submission/1", "questionnaire": "mini", "candidate": {"name": "No Id"}, "answers": {}}"#
                .utf8)
        #expect(
            try rejection(line, plan: plan).reason == "'candidate' needs an 'id' so results can be matched to a person")
    }

    /// The fast path does not accept what the precise reader refuses: a repeated answer key.
    @Test("a repeated answer key is rejected as invalid JSON")
    func duplicateAnswerKey() throws {
        let plan = try miniPlan()
        let reason = try rejection(miniLine(#""a1": 3, "a1": 5"#), plan: plan).reason
        #expect(reason.hasPrefix("not valid JSON at 1:"))
        #expect(reason.contains("Duplicate key 'a1'"))
    }

    /// Escaped strings and notes leave the fast path; both paths must read the same submission.
    @Test("the fast path and the precise reader agree")
    func pathsAgree() throws {
        let plan = try miniPlan()
        let decoder = SubmissionDecoder(plan: plan)
        let plain = miniLine(ScorerTests.full)
        let fast = try decoder.decode(plain, source: "s").get()
        let precise = try decoder.decode(JSONReader().read(plain), source: "s").get()
        #expect(fast == precise)
        let escaped = try decoder.decode(miniLine(#""t1": "line\nbreak", "a1": 2"#), source: "s").get()
        #expect(escaped.answers[8] == .text("line\nbreak"))
    }

    /// Every record the byte-level reader takes must read as the position-aware reader reads it:
    /// members in any order, given twice (refused: readers disagree on which wins), with blanks,
    /// Python's separators, the plan's own head, demographics, answers off the scale.
    @Test("the byte-level reader and the precise reader give the same result for every record")
    func readersAgreeOnEveryRecord() throws {
        let plan = try miniPlan()
        let decoder = SubmissionDecoder(plan: plan)
        let members = [
            #""format":"dazzle.submission/1""#, #""questionnaire":"mini""#, #""version":"2.1""#,
            #""candidate":{"id":"c1","name":"Ana Q","email":"a@x.org","role":"Host","demographics":{"gender":"woman","age":"41"}}"#,
            #""submitted":"2026-11-10T09:10:00Z""#, #""seconds":700"#,
            #""answers":{"a1":4,"a2":2,"a3":5,"a4":1,"n1":3,"r1":3,"sd1":2,"sd2":4}"#,
        ]
        let extras = [
            #""format":"dazzle.submission/1""#, #""questionnaire":"mini""#, #""version":"2.1""#, #""rater":"Jo""#,
            #""seconds":5"#, #""submitted":"2026-11-10T09:10:00Z""#, #""candidate":{"id":"c2"}"#,
            #""answers":{"a1":1}"#, #""colour":"blue""#,
        ]
        var random = SeededGenerator(seed: 12)
        var lines: [String] = []
        for _ in 0..<600 {
            var record = members
            if random.next(below: 2) == 0 { record.shuffle(using: &random) }
            if random.next(below: 3) == 0 {
                record.insert(extras[random.next(below: extras.count)], at: random.next(below: record.count + 1))
            }
            switch random.next(below: 8) {
            case 0:
                record[record.count - 1] = record[record.count - 1].replacing(#""age":"41""#, with: #""gender":"man""#)
            case 1: record = record.map { $0.replacing(#""email":"a@x.org""#, with: #""email":"a@x.org","name":"B""#) }
            case 2: record = record.map { $0.replacing(#""a2":2"#, with: #""a2":9"#) }
            default: break
            }
            var text = "{" + record.joined(separator: ",") + "}"
            if random.next(below: 3) == 0 {
                text = text.replacing("\",\"", with: "\", \"").replacing("\":", with: "\": ")
            }
            lines.append(text)
        }
        var fastRead = 0
        for (number, text) in lines.enumerated() {
            let bytes = Array(text.utf8)[...]
            let read = decoder.decode(bytes, source: "s:\(number)")
            #expect(read == decoder.decodePrecisely(bytes, source: "s:\(number)"), "\(text)")
            let takenByBytes = bytes.withUnsafeBufferPointer { buffer in
                var raw = SubmissionDecoder.RawSubmission(slots: plan.items.count)
                var parser = FastSubmissionParser(bytes: buffer, decoder: decoder)
                return parser.parse(into: &raw) != nil
            }
            if takenByBytes { fastRead += 1 }
        }
        #expect(fastRead > 200, "the byte-level reader takes most of these records")
    }

    /// Demographics are read for adverse-impact statistics and never reach the scorecard.
    @Test("demographics are kept on the submission and not on the scorecard")
    func demographics() throws {
        let plan = try miniPlan()
        let line = Array(
            String(decoding: miniLine(#""a1": 3"#), as: UTF8.self).replacingOccurrences(
                of: #""name": "Ana Q"}"#, with: #""name": "Ana Q", "demographics": {"gender": "woman"}}"#
            ).utf8)
        let read = try submission(line, plan: plan)
        #expect(read.candidate.demographics == ["gender": "woman"])
        let card = Scorer(plan: plan).score([read])
        var writer = JSONWriter()
        Scorer(plan: plan).write(card, to: &writer)
        #expect(!String(decoding: writer.bytes, as: UTF8.self).contains("woman"))
    }

    func duplicateInputs(
        _ plan: ScoringPlan, times: (String?, String?) = (nil, nil)
    ) -> [Result<Submission, Rejection>] {
        let decoder = SubmissionDecoder(plan: plan)
        func stamped(_ line: [UInt8], _ time: String?) -> [UInt8] {
            guard let time else { return line }
            return Array(
                String(decoding: line, as: UTF8.self).replacingOccurrences(
                    of: #""answers""#, with: #""submitted": "\#(time)", "answers""#
                ).utf8)
        }
        return [
            decoder.decode(stamped(miniLine(#""a1": 1"#), times.0), source: "f:1"),
            decoder.decode(stamped(miniLine(#""a1": 5"#), times.1), source: "f:2"),
            decoder.decode(miniLine(#""a1": 4"#, candidate: "c2"), source: "f:3"),
        ]
    }

    @Test("by default a re-submission replaces the earlier one, which is rejected as superseded")
    func duplicatesLatest() throws {
        let plan = try miniPlan()
        let outcome = BatchScorer.score(duplicateInputs(plan), plan: plan)
        #expect(outcome.read == 3 && outcome.accepted == 2 && outcome.scorecards.count == 2)
        #expect(outcome.groups[0].map(\.source) == ["f:2"], "the later form is scored")
        #expect(
            outcome.rejections.map(\.description) == [
                "f:1: superseded: candidate 'c1' was submitted again at f:2, which is kept as the latest (--duplicates latest); pass --duplicates first to keep the first"
            ])
    }

    @Test("the latest is the later ISO 8601 time when both forms carry one, whatever their order")
    func duplicatesLatestByTime() throws {
        let plan = try miniPlan()
        let inputs = duplicateInputs(plan, times: ("2026-11-30T12:00:00+01:00", "2026-11-30T10:30:00Z"))
        let outcome = BatchScorer.score(inputs, plan: plan)
        // 12:00 at +01:00 is 11:00 UTC, later than 10:30 UTC, so the first form is the latest.
        #expect(outcome.groups[0].map(\.source) == ["f:1"])
        #expect(outcome.rejections.map(\.source) == ["f:2"])
        #expect(outcome.read == outcome.accepted + outcome.rejections.count)
    }

    @Test("--duplicates first keeps the first form and rejects the later one, naming the first")
    func duplicatesFirst() throws {
        let plan = try miniPlan()
        let outcome = BatchScorer.score(duplicateInputs(plan), plan: plan, duplicates: .first)
        #expect(outcome.groups[0].map(\.source) == ["f:1"])
        #expect(
            outcome.rejections.map(\.description) == [
                "f:2: duplicate: candidate 'c1' was already submitted at f:1, which is kept (--duplicates first); remove one, or pass --duplicates latest to keep this one"
            ])
    }

    @Test("--duplicates reject scores neither copy and rejects both, each naming the other")
    func duplicatesReject() throws {
        let plan = try miniPlan()
        let outcome = BatchScorer.score(duplicateInputs(plan), plan: plan, duplicates: .reject)
        #expect(outcome.scorecards.map(\.candidateID) == ["c2"])
        #expect(outcome.read == 3 && outcome.accepted == 1 && outcome.rejections.count == 2)
        #expect(outcome.rejections.map(\.source) == ["f:1", "f:2"])
        #expect(outcome.rejections[0].reason.contains("also submitted at f:2, so none is scored"))
        #expect(outcome.rejections[1].reason.contains("also submitted at f:1, so none is scored"))
    }
}

@Suite("Hostile submissions")
struct HostileSubmissionTests {
    /// Extreme but valid numbers must never trap a conversion anywhere in scoring or writing.
    @Test("huge and non-finite numbers are scored or refused, never crash")
    func extremeNumbers() throws {
        let plan = try miniPlan()
        let huge = try submission(miniLine(#""a1": 3"#, seconds: 0).replacingSeconds(with: "1e300"), plan: plan)
        var writer = JSONWriter()
        Scorer(plan: plan).write(Scorer(plan: plan).score([huge]), to: &writer)
        #expect(!writer.bytes.isEmpty)
        let negative = try submission(miniLine(#""a1": 3"#, seconds: -5), plan: plan)
        #expect(
            Scorer(plan: plan).score([negative]).flags.first { $0.kind.rawValue == "too-fast" }?.message
                == "Completed in -5 seconds, under the 60 expected for a careful reading.")
        let csv = "candidate_id,seconds,a1,n1\nc1,-inf,nan,inf\n"
        let batch = try CSVSubmissionReader(plan: plan).read(Array(csv.utf8), file: "f.csv")
        if case .failure(let rejection) = batch.results[0] {
            #expect(rejection.reason == "answer 'nan' to 'a1' is neither a number from 1 to 5")
        } else {
            Issue.record("'nan' must not be accepted as an answer")
        }
    }

    @Test("a sealed submission reads with its seal; changed after sealing it is rejected, naming the rater")
    func sealed() throws {
        let plan = try miniPlan()
        let line = miniLine(#""r1": 4, "a1": 3"#, rater: "Jo").compactedForSealing + [0x0A]
        let (sealed, seal) = SealedLine.seal(line)
        #expect(try submission(sealed, plan: plan).seal == seal)
        let edited = Array(
            String(decoding: sealed, as: UTF8.self).replacingOccurrences(of: #""r1":4"#, with: #""r1":5"#).utf8)
        guard case .failure(let rejection) = SubmissionDecoder(plan: plan).decode(edited, source: "s.json") else {
            Issue.record("a changed sealed submission was accepted")
            return
        }
        #expect(
            rejection.reason.hasPrefix("was changed after it was sealed by Jo: the seal is \(seal?.prefix(15) ?? "")"))
        #expect(try submission(line, plan: plan).seal == nil, "unsealed reads as unsealed")
    }
}

extension Array where Element == UInt8 {
    /// The line as the interview writes it: compact, so its seal is over exactly these bytes.
    fileprivate var compactedForSealing: [UInt8] {
        Array(
            String(decoding: self, as: UTF8.self).replacingOccurrences(of: ": ", with: ":").replacingOccurrences(
                of: ", ", with: ","
            ).utf8)
    }

    fileprivate func replacingSeconds(with text: String) -> [UInt8] {
        Array(
            String(decoding: self, as: UTF8.self).replacingOccurrences(
                of: "\"seconds\": 0", with: "\"seconds\": \(text)"
            ).utf8)
    }
}
