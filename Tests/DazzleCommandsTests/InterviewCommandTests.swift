import DazzleJSON
import Foundation
import Testing

@Suite("dazzle interview end to end", .serialized)
struct InterviewCommandTests {
    static let journal = "s/maya-ortiz.human-being-lovers-interview.journal.jsonl"

    @Test("a scripted interview runs to the end and writes submission, scorecard and report")
    func scripted() throws {
        let folder = try TemporaryFolder()
        let answers = ["5", "Named three regulars.", ":note Warm", "4"] + Array(repeating: "3", count: 14)
        try folder.write("answers.txt", answers.joined(separator: "\n") + "\n")
        let result = try runBinary(
            [
                "interview", "human-being-lovers-interview", "--candidate", "Maya Ortiz", "--rater", "Jo Park", "--out",
                "s", "--date", "2026-11-25",
            ],
            in: folder.url, stdin: "answers.txt")
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("1/16 · Love of humans\nDo you love humans?"))
        #expect(result.standardOutput.contains("An extreme rating needs evidence"))
        #expect(result.standardOutput.contains("Maya Ortiz: Maybe: probe further (hold), overall"))
        for suffix in ["submission.json", "scorecard.json", "html"] {
            #expect(
                FileManager.default.fileExists(
                    atPath: folder.url.appendingPathComponent("s/maya-ortiz.human-being-lovers-interview.\(suffix)")
                        .path))
        }
        let submission = try String(
            contentsOf: folder.url.appendingPathComponent("s/maya-ortiz.human-being-lovers-interview.submission.json"),
            encoding: .utf8)
        #expect(submission.contains(#""love-humans":{"value":5,"note":"Named three regulars."}"#))
        #expect(submission.contains(#""joy-of-serving":{"value":4,"note":"Warm"}"#))
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

    /// Kills the process with SIGKILL at random points; every answer whose next prompt appeared
    /// before the kill must be in the resumed session, and the final submission must be complete.
    @Test("SIGKILL at random points loses no confirmed answer", arguments: [3, 7, 11, 14, 1])
    func killAndResume(at killPoint: Int) throws {
        let folder = try TemporaryFolder()
        var generator = SystemRandomNumberGenerator()
        let answers = (0..<16).map { _ in String(Int.random(in: 2...4, using: &generator)) }
        let process = Process()
        process.executableURL = try dazzleBinary()
        process.arguments = [
            "interview", "human-being-lovers-interview", "--candidate", "Maya Ortiz", "--out", "s", "--rater", "Jo",
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
            while seen.components(separatedBy: "/16 · ").count - 1 < count {
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
        input.fileHandleForWriting.write(Data((answers[killPoint] + "\n").utf8))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        let journal = try [UInt8](Data(contentsOf: folder.url.appendingPathComponent(Self.journal)))
        let answerLines = journal.split(separator: 0x0A).filter {
            String(decoding: $0, as: UTF8.self).contains(#""event":"answer""#)
        }
        #expect(answerLines.count >= killPoint, "every confirmed answer is in the journal")

        let resumed = Process()
        resumed.executableURL = try dazzleBinary()
        resumed.arguments = ["interview", "--resume", Self.journal, "--out", "s"]
        resumed.currentDirectoryURL = folder.url
        let resumeInput = Pipe()
        let resumeOutput = Pipe()
        resumed.standardInput = resumeInput
        resumed.standardOutput = resumeOutput
        resumed.standardError = FileHandle.nullDevice
        try resumed.run()
        var text = ""
        while !text.contains("\n> ") {
            let data = resumeOutput.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        let position = try #require(
            text.split(separator: "\n").first { $0.hasPrefix("Resuming") }
                .flatMap { line in line.split(separator: " ").compactMap { Int($0) }.first })
        #expect(position == answerLines.count + 1)
        resumeInput.fileHandleForWriting.write(Data((answers[(position - 1)...].joined(separator: "\n") + "\n").utf8))
        try resumeInput.fileHandleForWriting.close()
        _ = resumeOutput.fileHandleForReading.readDataToEndOfFile()
        resumed.waitUntilExit()
        #expect(resumed.terminationStatus == 0)
        let submission = try JSONReader().read(
            [UInt8](
                Data(
                    contentsOf: folder.url.appendingPathComponent(
                        "s/maya-ortiz.human-being-lovers-interview.submission.json"))))
        let saved = try #require(submission.objectValue?["answers"]?.objectValue)
        #expect(saved.members.map { Answer(($0.value.numberValue ?? 0)) } == answers.map { Answer(Double($0) ?? 0) })
    }
}

/// A rating as compared in the kill test.
private struct Answer: Equatable {
    var value: Double
    init(_ value: Double) { self.value = value }
}
