import DazzleJSON
import Foundation
import Testing

/// `dazzle calibrate` with the shipped gold pack, its ratings typed line by line.
@Suite("dazzle calibrate end to end")
struct CalibrateCommandTests {
    /// The shipped pack's gold ratings, in its order.
    static func gold() throws -> [Int] {
        let url = repositoryRoot.appendingPathComponent("questionnaires/gold/human-being-lovers-interview.gold.json")
        let root = try JSONReader().read([UInt8](try Data(contentsOf: url)))
        return try #require(
            root.objectValue?["answers"]?.arrayValue?.compactMap { $0.objectValue?["rating"]?.numberValue }
        )
        .map { Int($0) }
    }

    func run(_ folder: TemporaryFolder, _ lines: [String]) throws -> RunResult {
        try folder.write("ratings.txt", Array((lines.joined(separator: "\n") + "\n").utf8))
        return try runBinary(["calibrate", "--rater", "Jo Park", "--out", "cal"], in: folder.url, stdin: "ratings.txt")
    }

    /// One point above the experts wherever the scale allows: 20 of the 33 gold ratings are
    /// below 5, so the elevation is 20/33 = 0.61 and every difference is 0 or 1.
    @Test("a lenient rater: elevation 20/33, not passed (exit 2), the furthest answers with the rationale")
    func lenient() throws {
        let folder = try TemporaryFolder()
        let gold = try Self.gold()
        let result = try run(folder, gold.map { String(min(5, $0 + 1)) } + ["0"])
        #expect(result.status == 2, "\(result.standardError)")
        #expect(result.standardOutput.contains("NOT PASSED"))
        #expect(result.standardOutput.contains("Elevation +0.61 points (lenient)."))
        #expect(
            result.standardOutput.contains(
                "Not passed: Your ratings are 0.61 points above the experts' on average (at most 0.50 points passes)."))
        #expect(
            result.standardOutput.contains(
                "You 4, experts 3: Calm, listens, follows the process to a resolution: the anchor for 3."))
        let saved = try JSONReader().read(
            [UInt8](try Data(contentsOf: folder.url.appendingPathComponent("cal/jo-park.hbl-gold-1.calibration.json"))))
        #expect(saved.objectValue?["elevation"]?.numberValue == 20.0 / 33.0)
        #expect(saved.objectValue?["passed"]?.boolValue == false)
    }

    @Test("a rater who gives the experts' ratings passes (exit 0), with accuracy 1")
    func exact() throws {
        let folder = try TemporaryFolder()
        let result = try run(folder, try Self.gold().map(String.init) + ["0"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("PASSED") && !result.standardOutput.contains("NOT PASSED"))
        #expect(result.standardOutput.contains("Accuracy (correlation with the experts) 1.00."))
    }

    @Test("paused half way, the same command continues where it stopped; nothing is asked twice")
    func resumes() throws {
        let folder = try TemporaryFolder()
        let gold = try Self.gold().map(String.init)
        let first = try run(folder, Array(gold.prefix(10)) + [":pause"])
        #expect(first.status == 0)
        #expect(first.standardOutput.contains("Paused; run the same command again to continue."))
        let second = try run(folder, Array(gold.dropFirst(10)) + ["0"])
        #expect(second.status == 0, "\(second.standardError)")
        #expect(second.standardOutput.contains("Continuing your calibration where you stopped."))
        #expect(second.standardOutput.contains("Rated 33 of 33 answers."))
    }
}
