import DazzleCommands
import DazzleJSON
import Foundation
import Glibc
import Testing

@Suite("dazzle interview end to end", .serialized)
struct InterviewCommandTests {
    /// A session without a rater's name; with one, the rater's slug comes after the candidate's.
    static let journal = "s/maya-ortiz.human-being-lovers-interview.journal.jsonl"
    static let submission = "s/maya-ortiz.human-being-lovers-interview.submission.json"

    /// The 16 ratings of the shipped interview, then the review's 0 to finish.
    static let plainRun = Array(repeating: "3", count: 16) + ["0"]

    func readJSON(_ folder: TemporaryFolder, _ path: String) throws -> JSONObject {
        let bytes = try [UInt8](Data(contentsOf: folder.url.appendingPathComponent(path)))
        return try #require(try JSONReader().read(bytes).objectValue)
    }

    @Test("a scripted interview runs through the review and writes submission, scorecard and report")
    func scripted() throws {
        let folder = try TemporaryFolder()
        let answers =
            ["5", "Named three regulars.", ":note Warm", ":note Told it from the customer's side", "4"]
            + Array(repeating: "3", count: 14) + ["0"]
        try folder.write("answers.txt", answers.joined(separator: "\n") + "\n")
        let result = try runBinary(
            [
                "interview", "human-being-lovers-interview", "--candidate", "Maya Ortiz", "--rater", "Jo Park", "--out",
                "s", "--date", "2026-11-25", "--email", "maya@example.org", "--role", "Front desk",
            ],
            in: folder.url, stdin: "answers.txt")
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("Question 1 of 16 · Love of humans\nDo you love humans?"))
        #expect(result.standardOutput.contains("needs evidence: what did the candidate say or do?"))
        #expect(result.standardOutput.contains("Review: 16 questions, 16 answered, 0 required not answered."))
        #expect(result.standardOutput.contains("Maya Ortiz: Maybe: probe further (hold), overall"))
        for suffix in ["submission.json", "scorecard.json", "html"] {
            #expect(
                FileManager.default.fileExists(
                    atPath: folder.url.appendingPathComponent(
                        "s/maya-ortiz.jo-park.human-being-lovers-interview.\(suffix)"
                    )
                    .path))
        }
        let submission = try readJSON(folder, "s/maya-ortiz.jo-park.human-being-lovers-interview.submission.json")
        let answersObject = try #require(submission["answers"]?.objectValue)
        #expect(
            answersObject["love-humans"]?.objectValue?["notes"]?.arrayValue?.compactMap(\.stringValue) == [
                "Named three regulars."
            ])
        #expect(
            answersObject["joy-of-serving"]?.objectValue?["notes"]?.arrayValue?.compactMap(\.stringValue) == [
                "Warm", "Told it from the customer's side",
            ], "two notes on one question are both kept, in order")
        #expect(submission["candidate"]?.objectValue?["email"]?.stringValue == "maya@example.org")
        #expect(submission["candidate"]?.objectValue?["role"]?.stringValue == "Front desk")
        let started = try #require(submission["started"]?.stringValue)
        #expect(started.count == 20 || started.count == 25, "a full timestamp with its zone: \(started)")
        #expect(submission["seconds"]?.numberValue != nil && submission["itemSeconds"]?.objectValue != nil)
        #expect(submission["questionnaireHash"]?.stringValue?.hasPrefix("sha256:") == true)
        // One audit event: the candidate by id, the rater, the journal and each result by hash.
        let log = try String(contentsOf: folder.url.appendingPathComponent("s/audit.jsonl"), encoding: .utf8)
        let event = try JSONReader().read(String(log.split(separator: "\n")[0])).objectValue
        #expect(event?["candidate"]?.stringValue == "maya-ortiz" && event?["rater"]?.stringValue == "Jo Park")
        #expect(event?["outputs"]?.arrayValue?.count == 3)
        #expect(!log.contains("Named three regulars") && !log.contains("maya@example.org"), "no notes, no contact")
        #expect(try runBinary(["audit", "verify", "s/audit.jsonl"], in: folder.url).status == 0)
        let card = try readJSON(folder, "s/maya-ortiz.jo-park.human-being-lovers-interview.scorecard.json")
        let ratings = try #require(card["ratings"]?.arrayValue)
        let joy = try #require(ratings.first { $0.objectValue?["item"]?.stringValue == "joy-of-serving" }?.objectValue)
        #expect(joy["notes"]?.arrayValue?.count == 2, "the scorecard keeps both notes")
        let report = try String(
            contentsOf: folder.url.appendingPathComponent("s/maya-ortiz.jo-park.human-being-lovers-interview.html"),
            encoding: .utf8)
        #expect(report.contains("Warm") && report.contains("Told it from the customer&#39;s side"))
    }

    @Test("an empty line records nothing, and 4 answers exactly one question with 4")
    func nothingUnchosen() throws {
        let folder = try TemporaryFolder()
        try folder.write("answers.txt", "\n4\n")
        let result = try runBinary(
            ["interview", "human-being-lovers-interview", "--candidate", "Maya Ortiz", "--out", "s"], in: folder.url,
            stdin: "answers.txt")
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("Error: Nothing was recorded. Enter a number between 1 and 5."))
        let events = try String(contentsOf: folder.url.appendingPathComponent(Self.journal), encoding: .utf8)
            .split(separator: "\n").filter { $0.contains(#""event":"answer""#) }
        #expect(events.count == 1 && events[0].contains(#""item":"love-humans","value":4"#))
    }

    @Test("an extreme rating is not recorded until its evidence is, and a number is never taken as evidence")
    func evidenceStep() throws {
        let folder = try TemporaryFolder()
        try folder.write("answers.txt", "1\n3\n:cancel\n2\n")
        let result = try runBinary(
            ["interview", "human-being-lovers-interview", "--candidate", "Maya Ortiz", "--out", "s"], in: folder.url,
            stdin: "answers.txt")
        #expect(result.status == 0)
        let journal = try String(contentsOf: folder.url.appendingPathComponent(Self.journal), encoding: .utf8)
        #expect(!journal.contains(#""value":1"#), "the knockout rating was never confirmed")
        #expect(!journal.contains(#""value":3"#), "the 3 typed at the evidence prompt was not an answer")
        #expect(journal.contains(#""item":"love-humans","value":2"#))
    }

    @Test("review, change an answer, finish: the changed answer is submitted and both events are journaled")
    func reviewAndChange() throws {
        let folder = try TemporaryFolder()
        let lines = Array(repeating: "3", count: 16) + ["4", "2", "0"]
        try folder.write("answers.txt", lines.joined(separator: "\n") + "\n")
        let result = try runBinary(
            ["interview", "human-being-lovers-interview", "--candidate", "Maya Ortiz", "--out", "s"], in: folder.url,
            stdin: "answers.txt")
        #expect(result.status == 0, "\(result.standardError)")
        let journal = try String(contentsOf: folder.url.appendingPathComponent(Self.journal), encoding: .utf8)
        #expect(journal.contains(#""item":"own-the-mistake","value":3"#))
        #expect(journal.contains(#""event":"jump","item":"own-the-mistake""#))
        #expect(journal.contains(#""item":"own-the-mistake","value":2"#))
        let answers = try #require(try readJSON(folder, Self.submission)["answers"]?.objectValue)
        #expect(answers["own-the-mistake"]?.numberValue == 2)
    }

    @Test("a resumed session writes its results beside its journal, wherever it is run from")
    func resumeBesideJournal() throws {
        let folder = try TemporaryFolder()
        try folder.write("first.txt", "3\n3\n:pause\n")
        _ = try runBinary(
            ["interview", "human-being-lovers-interview", "--candidate", "Maya Ortiz", "--out", "sessions/day1"],
            in: folder.url, stdin: "first.txt")
        try folder.write(
            "elsewhere/rest.txt", (Array(repeating: "3", count: 14) + ["0"]).joined(separator: "\n") + "\n")
        let result = try runBinary(
            ["interview", "--resume", "../sessions/day1/maya-ortiz.human-being-lovers-interview.journal.jsonl"],
            in: folder.url.appendingPathComponent("elsewhere"), stdin: "rest.txt")
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("Resuming Maya Ortiz's interview at question 3 of 16."))
        for suffix in ["submission.json", "scorecard.json", "html"] {
            #expect(
                FileManager.default.fileExists(
                    atPath: folder.url.appendingPathComponent(
                        "sessions/day1/maya-ortiz.human-being-lovers-interview.\(suffix)"
                    ).path), "\(suffix)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("elsewhere/interviews").path))
        let again = try runBinary(
            ["interview", "--resume", "sessions/day1/maya-ortiz.human-being-lovers-interview.journal.jsonl"],
            in: folder.url)
        #expect(again.status == 0)
        #expect(again.standardOutput.contains("already finished"), "never 'question 17 of 16'")
    }

    @Test("without a terminal, a missing candidate is a usage error")
    func missingCandidate() throws {
        let folder = try TemporaryFolder()
        try folder.write("empty.txt", "")
        let result = try runBinary(["interview", "human-being-lovers-interview"], in: folder.url, stdin: "empty.txt")
        #expect(result.status == 64)
        #expect(
            result.standardError.hasPrefix(
                "Error: Missing --candidate <name>; without a terminal nothing can be asked."))
    }

    /// Runs the interview in a real pseudo-terminal in the accessible mode and answers with
    /// numbers only; every byte it wrote is read back.
    @Test("accessible mode on a real terminal writes no escape sequence and is completed with numbers alone")
    func accessibleBytes() throws {
        let folder = try TemporaryFolder()
        var master: Int32 = -1
        var slave: Int32 = -1
        try #require(openpty(&master, &slave, nil, nil, nil) == 0)
        let process = Process()
        process.executableURL = try dazzleBinary()
        process.arguments = ["interview", "human-being-lovers-interview", "--candidate", "Maya Ortiz", "--out", "s"]
        process.currentDirectoryURL = folder.url
        process.environment = ["PATH": "/usr/bin:/bin", "ACCESSIBLE": "1", "TERM": "xterm-256color"]
        let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        close(slave)
        var output: [UInt8] = []
        func readUntil(_ marker: String, count: Int) {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while String(decoding: output, as: UTF8.self).components(separatedBy: marker).count - 1 < count {
                var request = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
                guard poll(&request, 1, 10_000) > 0 else { return }
                let read = Glibc.read(master, &buffer, buffer.count)
                if read <= 0 { return }
                output += buffer[0..<read]
            }
        }
        for (index, line) in Self.plainRun.enumerated() {
            readUntil(index < 16 ? "Answer: " : "Choice: ", count: index < 16 ? index + 1 : 1)
            _ = (line + "\n").withCString { write(master, $0, strlen($0)) }
        }
        readUntil("Report: ", count: 1)
        readUntil("\n", count: String(decoding: output, as: UTF8.self).components(separatedBy: "\n").count)
        process.waitUntilExit()
        close(master)
        #expect(process.terminationStatus == 0)
        #expect(!output.contains(0x1B), "no escape sequence at all")
        let text = String(decoding: output, as: UTF8.self)
        #expect(text.contains("Question 3 of 16"))
        #expect(text.contains("Enter a number between 1 and 5."))
        #expect(!text.contains("█") && !text.contains("❯"), "no drawing glyphs")
        #expect(
            FileManager.default.fileExists(atPath: folder.url.appendingPathComponent(Self.submission).path))
    }

    /// Kills the process with SIGKILL at random points, the review included; every answer whose
    /// next prompt appeared before the kill must be in the resumed session, and the final
    /// submission must be complete.
    @Test("SIGKILL at random points, the review included, loses no confirmed answer", arguments: [3, 7, 11, 14, 1, 16])
    func killAndResume(at killPoint: Int) throws {
        let folder = try TemporaryFolder()
        var generator = SystemRandomNumberGenerator()
        let answers = (0..<16).map { _ in String(Int.random(in: 2...4, using: &generator)) }
        let process = Process()
        process.executableURL = try dazzleBinary()
        process.arguments = [
            "interview", "human-being-lovers-interview", "--candidate", "Maya Ortiz", "--out", "s",
        ]
        process.currentDirectoryURL = folder.url
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = ""
        func waitForPrompts(_ count: Int) {
            while seen.components(separatedBy: "Answer: ").count - 1 < count && !seen.contains("Choice: ") {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { return }
                seen += String(decoding: data, as: UTF8.self)
            }
        }
        waitForPrompts(1)
        for index in 0..<killPoint {
            input.fileHandleForWriting.write(Data((answers[index] + "\n").utf8))
            waitForPrompts(index + 2)
        }
        if killPoint < 16 {
            input.fileHandleForWriting.write(Data((answers[killPoint] + "\n").utf8))
        } else {
            #expect(seen.contains("Review: 16 questions, 16 answered"), "killed on the review screen")
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        let journal = try [UInt8](Data(contentsOf: folder.url.appendingPathComponent(Self.journal)))
        let answerLines = journal.split(separator: 0x0A).filter {
            String(decoding: $0, as: UTF8.self).contains(#""event":"answer""#)
        }
        #expect(answerLines.count >= killPoint, "every confirmed answer is in the journal")

        let resumed = Process()
        resumed.executableURL = try dazzleBinary()
        resumed.arguments = ["interview", "--resume", Self.journal]
        resumed.currentDirectoryURL = folder.url
        let resumeInput = Pipe()
        let resumeOutput = Pipe()
        resumed.standardInput = resumeInput
        resumed.standardOutput = resumeOutput
        resumed.standardError = FileHandle.nullDevice
        try resumed.run()
        var text = ""
        while !text.contains("Answer: ") && !text.contains("Choice: ") {
            let data = resumeOutput.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        let resumeLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("Resuming") })
        let remaining: [String]
        if answerLines.count == 16 {
            #expect(resumeLine.contains("at the review"))
            remaining = []
        } else {
            let position = try #require(resumeLine.split(separator: " ").compactMap { Int($0) }.first)
            #expect(position == answerLines.count + 1)
            remaining = Array(answers[(position - 1)...])
        }
        resumeInput.fileHandleForWriting.write(Data(((remaining + ["0"]).joined(separator: "\n") + "\n").utf8))
        try resumeInput.fileHandleForWriting.close()
        _ = resumeOutput.fileHandleForReading.readDataToEndOfFile()
        resumed.waitUntilExit()
        #expect(resumed.terminationStatus == 0)
        let saved = try #require(try readJSON(folder, Self.submission)["answers"]?.objectValue)
        #expect(saved.members.map { $0.value.numberValue ?? 0 } == answers.map { Double($0) ?? 0 })
    }
}
