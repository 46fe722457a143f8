import Foundation
import Testing

/// `score -` as one task of a distributed job (Spark's `pipe`, Hadoop Streaming): every input
/// line accounted for in the task's own output, named by its file and line.
@Suite("score - in a distributed job")
struct StreamJobTests {
    /// Lines 1–5: a form, a corrupt line, a form, a blank line, a form.
    static let partition =
        [ScoreCommandTests.line("p1"), "{not json", ScoreCommandTests.line("p2"), "", ScoreCommandTests.line("p3")]
        .joined(separator: "\n") + "\n"

    func records(_ output: String) -> [[String: Any]] {
        output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    @Test("--rejections stdout puts rejection records among the scorecards, in input order: read = scored + rejected")
    func rejectionsInline() throws {
        let folder = try TemporaryFolder()
        try folder.write("part.jsonl", Self.partition)
        let result = try runBinary(
            ["score", "-", "--rejections", "stdout", "--source", "part-00003", "--first-line", "101"], in: folder.url,
            stdin: "part.jsonl")
        let lines = records(result.standardOutput)
        #expect(
            lines.map { $0["format"] as? String } == [
                "dazzle.scorecard/1", "dazzle.rejection/1", "dazzle.scorecard/1", "dazzle.scorecard/1",
            ])
        #expect(lines[1]["source"] as? String == "part-00003:102" && lines[1]["line"] as? Int == 102)
        #expect((lines[2]["sources"] as? [String]) == ["part-00003:103"])
        #expect((lines[3]["sources"] as? [String]) == ["part-00003:105"], "the blank line still counts")
        #expect(!result.standardError.contains("rejected:"), "each rejection is told once, in the output")
        #expect(result.standardError.hasSuffix("Read 4 submissions: 3 scored, 1 rejected.\n"))
        #expect(result.status == 2, "without --exit-zero-on-rejections the usual rule holds")
    }

    @Test("a torn first record does not lose the partition: the question set is found on the next one")
    func tornFirstRecord() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "part.jsonl",
            [
                #"{"format": "dazzle.submission/1", "questionnaire": "serv"#, ScoreCommandTests.line("p1"),
                ScoreCommandTests.line("p2"),
            ].joined(separator: "\n") + "\n")
        let result = try runBinary(["score", "-", "--rejections", "stdout"], in: folder.url, stdin: "part.jsonl")
        let lines = records(result.standardOutput)
        #expect(
            lines.map { $0["format"] as? String } == [
                "dazzle.rejection/1", "dazzle.scorecard/1", "dazzle.scorecard/1",
            ], "\(result.standardError)")
        #expect(lines.first?["source"] as? String == "stdin:1")
        #expect(result.status == 2)
    }

    @Test("--exit-zero-on-rejections exits 0 when every record was scored or rejected, 1 when the run fails")
    func exitRule() throws {
        let folder = try TemporaryFolder()
        try folder.write("part.jsonl", Self.partition)
        let flagged = ["score", "-", "--rejections", "stdout", "--exit-zero-on-rejections"]
        #expect(try runBinary(flagged, in: folder.url, stdin: "part.jsonl").status == 0)
        try folder.write("unknown.jsonl", #"{"format": "dazzle.submission/1", "questionnaire": "no-such-set"}"# + "\n")
        #expect(try runBinary(flagged, in: folder.url, stdin: "unknown.jsonl").status == 1)
    }

    @Test("the input file Spark's pipe and Hadoop Streaming export names the sources; --source wins")
    func sourceFromEnvironment() throws {
        let folder = try TemporaryFolder()
        try folder.write("part.jsonl", Self.partition)
        for variable in ["mapreduce_map_input_file", "map_input_file"] {
            let result = try runBinary(
                ["score", "-"], in: folder.url, environment: [variable: "hdfs://n/forms/part-00007"],
                stdin: "part.jsonl")
            #expect(
                result.standardError.contains("rejected: hdfs://n/forms/part-00007:2: not valid JSON"), "\(variable)")
            #expect(records(result.standardOutput).first?["sources"] as? [String] == ["hdfs://n/forms/part-00007:1"])
        }
        let named = try runBinary(
            ["score", "-", "--source", "mine"], in: folder.url, environment: ["map_input_file": "theirs"],
            stdin: "part.jsonl")
        #expect(named.standardError.contains("rejected: mine:2:"))
    }

    @Test("--rejections FILE writes the records there, atomically, and nothing to stderr per line")
    func rejectionsFile() throws {
        let folder = try TemporaryFolder()
        try folder.write("part.jsonl", Self.partition)
        let result = try runBinary(
            ["score", "-", "--rejections", "rejected.jsonl"], in: folder.url, stdin: "part.jsonl")
        let written = try String(contentsOf: folder.url.appendingPathComponent("rejected.jsonl"), encoding: .utf8)
        let rejected = records(written)
        #expect(rejected.count == 1 && rejected.first?["line"] as? Int == 2)
        #expect(records(result.standardOutput).count == 3)
        #expect(!result.standardError.contains("rejected:"))
    }

    @Test("a header-less CSV partition with --header-from scores exactly as those rows of the whole export")
    func csvPartition() throws {
        let export = try String(
            contentsOf: repositoryRoot.appendingPathComponent("questionnaires/samples/judgment-export.csv"),
            encoding: .utf8)
        let rows = export.split(separator: "\n", omittingEmptySubsequences: false)
        let folder = try TemporaryFolder()
        try folder.write("export.csv", export)
        try folder.write("header.csv", String(rows[0]) + "\n")
        try folder.write("part.csv", rows[3...].joined(separator: "\n"))
        let whole = try runBinary(["score", "-", "-q", "recovery-judgment-test"], in: folder.url, stdin: "export.csv")
        let part = try runBinary(
            ["score", "-", "-q", "recovery-judgment-test", "--header-from", "header.csv", "--first-line", "4"],
            in: folder.url, stdin: "part.csv")
        #expect(part.status == 0, "\(part.standardError)")
        let wholeLines = whole.standardOutput.split(separator: "\n")
        let partLines = part.standardOutput.split(separator: "\n")
        #expect(partLines.count == 3 && wholeLines.count == 5)
        #expect(Array(partLines) == Array(wholeLines.suffix(3)), "same scorecards, same sources")
    }

    @Test("stream options with files are a usage error that says why")
    func streamOptionsNeedStdin() throws {
        let folder = try TemporaryFolder()
        try folder.write("forms.jsonl", Self.partition)
        let result = try runBinary(["score", "forms.jsonl", "--first-line", "3"], in: folder.url)
        #expect(result.status == 64)
        #expect(result.standardError.contains("'--first-line' applies to '-'"))
        let bad = try runBinary(["score", "-", "--first-line", "0"], in: folder.url, stdin: "forms.jsonl")
        #expect(bad.status == 64 && bad.standardError.contains("whole number from 1"))
    }

    @Test("a Spark or Hadoop output folder (part-NNNNN, _SUCCESS, .crc) is read as its part files, told by content")
    func sparkOutputFolder() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "job/part-00000",
            [ScoreCommandTests.line("p1"), ScoreCommandTests.line("p2")].joined(separator: "\n") + "\n")
        try folder.write("job/part-00001", ScoreCommandTests.line("p3") + "\n")
        try folder.write("job/_SUCCESS", "")
        try folder.write("job/.part-00000.crc", "not a form")
        let result = try runBinary(["score", "job", "--out", "out"], in: folder.url)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("Read 3 submissions: 3 scored into 3 scorecards, 0 rejected."))
        // Scorecards written by a stream, saved without an extension, build a norm group.
        let cards = try runBinary(["score", "-"], in: folder.url, stdin: "job/part-00000")
        try folder.write("cards/part-00000", cards.standardOutput)
        let norms = try runBinary(["norms", "build", "cards", "-o", "norms.json"], in: folder.url)
        #expect(norms.status == 0, "\(norms.standardError)")
        #expect(norms.standardOutput.hasPrefix("Wrote a norm group of 2 candidates to norms.json"))
    }

    /// A scorecard without what only a whole batch knows (standing, SEMs from its alphas).
    func withoutBatchFigures(_ card: [String: Any]) -> NSDictionary {
        var card = card
        card["standing"] = nil
        card["sem"] = nil
        card["dimensions"] = (card["dimensions"] as? [[String: Any]])?.map { dimension -> [String: Any] in
            var dimension = dimension
            dimension["sem"] = nil
            return dimension
        }
        return card as NSDictionary
    }

    @Test("--panels: a candidate's consecutive records are one panel scorecard, as a file batch scores them")
    func panelsInAStream() throws {
        let sample = try String(
            contentsOf: repositoryRoot.appendingPathComponent("questionnaires/samples/interviews.jsonl"),
            encoding: .utf8)
        let folder = try TemporaryFolder()
        try folder.write("interviews.jsonl", sample)
        let batch = try runBinary(["score", "interviews.jsonl", "--out", "out"], in: folder.url)
        #expect(batch.status == 0, "\(batch.standardError)")
        let stream = try runBinary(
            ["score", "-", "--panels", "--source", "interviews.jsonl"], in: folder.url, stdin: "interviews.jsonl")
        #expect(stream.status == 0, "\(stream.standardError)")
        #expect(stream.standardError.hasSuffix("Read 9 submissions: 9 scored into 5 scorecards, 0 rejected.\n"))
        let cards = try String(contentsOf: folder.url.appendingPathComponent("out/scorecards.jsonl"), encoding: .utf8)
        let expected = records(cards).map(withoutBatchFigures)
        let actual = records(stream.standardOutput).map(withoutBatchFigures)
        #expect(actual.count == 5 && actual == expected)
        #expect((records(stream.standardOutput).first?["raters"] as? [Any])?.count == 3, "int-001's three raters")
    }

    @Test("--panels refuses a candidate's record that arrives after its run, naming the fix")
    func panelsOutOfOrder() throws {
        let sample = try String(
            contentsOf: repositoryRoot.appendingPathComponent("questionnaires/samples/interviews.jsonl"),
            encoding: .utf8)
        var lines = sample.split(separator: "\n").map(String.init)
        lines.append(lines[0])
        let folder = try TemporaryFolder()
        try folder.write("late.jsonl", lines.joined(separator: "\n") + "\n")
        let result = try runBinary(
            ["score", "-", "--panels", "--rejections", "stdout"], in: folder.url, stdin: "late.jsonl")
        let rejected = records(result.standardOutput).filter { $0["format"] as? String == "dazzle.rejection/1" }
        #expect(rejected.count == 1 && rejected.first?["line"] as? Int == 10)
        #expect((rejected.first?["reason"] as? String)?.contains("must arrive together") == true)
        #expect(result.status == 2)
    }

    @Test("score - --norms gives each scorecard the standing a file batch gives it against the same norm group")
    func normsInAStream() throws {
        let folder = try TemporaryFolder()
        let sample = try String(
            contentsOf: repositoryRoot.appendingPathComponent("questionnaires/samples/inventory.jsonl"), encoding: .utf8
        )
        try folder.write("inventory.jsonl", sample)
        let built = try runBinary(["norms", "build", "inventory.jsonl", "-o", "norms.json"], in: folder.url)
        #expect(built.status == 0 || built.status == 2, "\(built.standardError)")
        _ = try runBinary(["score", "inventory.jsonl", "--norms", "norms.json", "--out", "out"], in: folder.url)
        let stream = try runBinary(["score", "-", "--norms", "norms.json"], in: folder.url, stdin: "inventory.jsonl")
        func standings(_ text: String) -> [String: NSDictionary] {
            var result: [String: NSDictionary] = [:]
            for card in records(text) {
                if let id = (card["candidate"] as? [String: Any])?["id"] as? String, let standing = card["standing"] {
                    result[id] = standing as? NSDictionary
                }
            }
            return result
        }
        let cards = try String(contentsOf: folder.url.appendingPathComponent("out/scorecards.jsonl"), encoding: .utf8)
        let expected = standings(cards)
        #expect(expected.count >= 10)
        #expect(standings(stream.standardOutput) == expected)
        #expect((expected.values.first?["reference"] as? String)?.hasPrefix("norm group ") == true)
        let wrong = try runBinary(
            ["score", "-", "--norms", "norms.json", "-q", "pre-screen"], in: folder.url, stdin: "inventory.jsonl")
        #expect(
            wrong.status == 1 && wrong.standardError.contains("This norm group is for 'service-orientation-inventory'"))
    }
}
