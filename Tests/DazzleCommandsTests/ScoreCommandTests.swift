import Foundation
import Testing

/// `dazzle score` end to end, on the shipped pre-screen. Readiness for the first candidate, by
/// hand: weekends yes → 1, 5 years (0→5) → 1, "Within a month" → 2/3; mean 88.9, "Invite to interview".
@Suite("dazzle score end to end")
struct ScoreCommandTests {
    static func line(_ id: String, weekends: Bool = true, years: Int = 5, availability: String = "month") -> String {
        #"{"format": "dazzle.submission/1", "questionnaire": "pre-screen", "version": "1.0.0", "candidate": {"id": "\#(id)", "name": "Name \#(id)"}, "answers": {"work-weekends": \#(weekends), "years-serving": \#(years), "availability": "\#(availability)", "why-service": "People.", "languages": ["en"]}}"#
    }

    static let forms =
        [line("p1"), line("p2", weekends: false, years: 1, availability: "later"), "{not json", line("p1")]
        .joined(separator: "\n") + "\n"

    @Test("writes scorecards, summary and rejections; counts add up; exit 2 when some are rejected")
    func writesOutputs() throws {
        let folder = try TemporaryFolder()
        try folder.write("forms.jsonl", Self.forms)
        let result = try runBinary(["score", "forms.jsonl", "--out", "out"], in: folder.url)
        #expect(result.status == 2)
        #expect(
            result.standardOutput.contains(
                "Read 4 submissions: 2 scored into 2 scorecards, 2 rejected. Wrote out/scorecards.jsonl, out/summary.csv, out/summary.json and out/rejected.jsonl.\n"
            ))
        #expect(result.standardOutput.contains("Decisions: 1 advance, 1 hold.\n"))
        #expect(result.standardOutput.contains("1     Name p1    88.9     advance   Invite to interview"))
        let summary = try String(contentsOf: folder.url.appendingPathComponent("out/summary.csv"), encoding: .utf8)
        #expect(summary.split(separator: "\n").count == 3)
        #expect(
            summary.contains("1,p1,Name p1,,,88.9,75.0,Invite to interview,advance,88.9,"),
            "percentile within the batch: (1 below + ½ equal) / 2")
        let rejected = try String(contentsOf: folder.url.appendingPathComponent("out/rejected.jsonl"), encoding: .utf8)
        #expect(rejected.split(separator: "\n").count == 2)
        #expect(rejected.contains(#""source":"forms.jsonl:3""#))
        #expect(
            rejected.contains(
                #"{"source":"forms.jsonl:1","candidate":"p1","reason":"superseded: candidate 'p1' was submitted again at forms.jsonl:4, which is kept as the latest"#
            ), "the re-submission replaces the first form")
        let cards = try String(contentsOf: folder.url.appendingPathComponent("out/scorecards.jsonl"), encoding: .utf8)
        #expect(cards.split(separator: "\n").count == 2)
        #expect(cards.hasPrefix(#"{"format":"dazzle.scorecard/1","candidate":{"id":"p1","name":"Name p1"}"#))
        let leftovers = try FileManager.default.contentsOfDirectory(
            atPath: folder.url.appendingPathComponent("out").path)
        #expect(
            leftovers.sorted() == [
                "audit.jsonl", "manifest.json", "rejected.jsonl", "scorecards.jsonl", "summary.csv", "summary.json",
            ],
            "no temporary files left")
    }

    @Test("'-' streams JSON Lines from stdin to scorecards on stdout")
    func standardInput() throws {
        let folder = try TemporaryFolder()
        let input = try folder.write("in.jsonl", Self.forms)
        let process = Process()
        process.executableURL = try dazzleBinary()
        process.arguments = ["score", "-"]
        process.standardInput = try FileHandle(forReadingFrom: input)
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        let lines = out.split(separator: "\n")
        #expect(lines.count == 3, "streams score each line; duplicates are not detected in a stream")
        #expect(lines.allSatisfy { $0.hasPrefix(#"{"format":"dazzle.scorecard/1""#) })
        #expect(err.contains("rejected: stdin:3: not valid JSON at 1:2"))
        #expect(err.hasSuffix("Read 4 submissions: 3 scored, 1 rejected.\n"))
    }

    @Test("'-' keeps input order and line numbers across blocks, threads, blank and CRLF lines and a 5 MB line")
    func standardInputBlocks() throws {
        var input = Self.line("first") + "\n\n" + Self.line("crlf") + "\r\n"
        input +=
            Self.line("long").replacingOccurrences(
                of: #""name": "Name long""#, with: #""name": "\#(String(repeating: "L", count: 5 << 20))""#) + "\n"
        for number in 1...3000 { input += Self.line("c\(number)") + "\n" }
        input += Self.line("last")
        let folder = try TemporaryFolder()
        try folder.write("in.jsonl", input)
        let result = try runBinary(["score", "-", "--jobs", "2"], in: folder.url, stdin: "in.jsonl")
        let out = result.standardOutput
        let err = result.standardError
        #expect(result.status == 0, "\(err)")
        #expect(err == "Read 3004 submissions: 3004 scored, 0 rejected.\n")
        let cards = out.split(separator: "\n")
        #expect(cards.count == 3004)
        let expected =
            [("first", 1), ("crlf", 3), ("long", 4)] + (1...3000).map { ("c\($0)", $0 + 4) } + [("last", 3005)]
        for (card, (id, line)) in zip(cards, expected) {
            #expect(card.hasPrefix(#"{"format":"dazzle.scorecard/1","candidate":{"id":"\#(id)""#))
            #expect(card.hasSuffix(#""sources":["stdin:\#(line)"]}"#), "\(id)")
        }
    }

    @Test(
        "'-' writes every block whole and in order while it scores the next, to a pipe read late",
        arguments: [[], ["--state", "stdout"]])
    func standardInputManyBlocks(extra: [String]) throws {
        // About 17 MB of forms: eight blocks of 2 MB, so each worker's buffers are reused several
        // times while a reader that is not there yet holds the writes back.
        let count = 70_000
        let input = (1...count).map { Self.line("c\($0)") }.joined(separator: "\n") + "\n"
        let folder = try TemporaryFolder()
        let inputFile = try folder.write("in.jsonl", input)
        let process = Process()
        process.executableURL = try dazzleBinary()
        process.arguments = ["score", "-", "--jobs", "2", "--explain", "none"] + extra
        process.standardInput = try FileHandle(forReadingFrom: inputFile)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        // A reader that starts late: the first writes wait on a full pipe while the scoring goes on.
        usleep(1_500_000)
        var bytes = Data()
        while let piece = try output.fileHandleForReading.read(upToCount: 1 << 16), !piece.isEmpty {
            bytes.append(piece)
        }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        // State lines (with --state stdout) come among the scorecards: a candidate line each, then
        // the closing part line; none may be torn or cut into a scorecard.
        let stateLines = lines.filter { $0.hasPrefix(#"{"format":"dazzle.analysis-state/1""#) }
        let cards = lines.filter { !$0.hasPrefix(#"{"format":"dazzle.analysis-state/1""#) }
        #expect(stateLines.count == (extra.isEmpty ? 0 : count + 1))
        #expect(stateLines.allSatisfy { $0.hasSuffix("}") })
        #expect(cards.count == count)
        var misplaced: [Int] = []
        for (index, card) in cards.enumerated() {
            let number = index + 1
            if !card.hasPrefix(#"{"format":"dazzle.scorecard/1","candidate":{"id":"c\#(number)""#)
                || !card.hasSuffix(#""sources":["stdin:\#(number)"]}"#)
            {
                misplaced.append(number)
            }
        }
        #expect(misplaced.isEmpty, "first cards out of place or torn: \(misplaced.prefix(5))")
    }

    @Test("'-' answers each line as it arrives, before the input ends, as a pipe operator needs")
    func standardInputAnswersAtOnce() throws {
        let process = Process()
        process.executableURL = try dazzleBinary()
        process.arguments = ["score", "-", "--questionnaire", "pre-screen"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        defer { process.terminate() }
        input.fileHandleForWriting.write(Data((Self.line("now") + "\n").utf8))
        let received = DispatchSemaphore(value: 0)
        let box = ReceivedText()
        DispatchQueue.global().async {
            var text = ""
            while !text.hasSuffix("\n") {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { break }
                text += String(decoding: data, as: UTF8.self)
            }
            box.set(text)
            received.signal()
        }
        #expect(received.wait(timeout: .now() + 60) == .success, "no scorecard while stdin stays open")
        #expect(box.text.hasPrefix(#"{"format":"dazzle.scorecard/1","candidate":{"id":"now""#))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test("'-' reads a CSV export on stdin: rows to scorecards in order, line numbers across quoted line breaks")
    func standardInputCSV() throws {
        let csv =
            "candidate_id,name,work-weekends,years-serving,availability,why-service,languages\r\n"
            + "k1,\"Ng, Kim\",yes,5,month,\"People.\nAnd\nstories.\",en\r\n"
            + "k2,Bo,maybe,5,month,People.,en\r\n"
            + "\r\n"
            + "k3,Al,no,1,later,Fine.,en\r\n"
        let folder = try TemporaryFolder()
        try folder.write("export.csv", csv)
        let result = try runBinary(
            ["score", "-", "--questionnaire", "pre-screen"], in: folder.url, stdin: "export.csv")
        #expect(result.status == 2)
        let cards = result.standardOutput.split(separator: "\n")
        #expect(cards.count == 2)
        #expect(cards[0].hasPrefix(#"{"format":"dazzle.scorecard/1","candidate":{"id":"k1","name":"Ng, Kim"}"#))
        #expect(cards[0].hasSuffix(#""sources":["stdin:2"]}"#))
        #expect(cards[1].hasSuffix(#""sources":["stdin:7"]}"#), "the quoted cell spans lines 2–4")
        #expect(
            result.standardError.contains(
                "rejected: stdin:5: answer 'maybe' to 'work-weekends' is not yes or no (write yes, y, true or 1; no, n, false or 0)"
            ))
        #expect(result.standardError.hasSuffix("Read 3 submissions: 2 scored, 1 rejected.\n"))
    }

    @Test("CSV on stdin needs --questionnaire and a candidate id column, and says so")
    func standardInputCSVErrors() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.csv", "candidate_id,work-weekends\nk1,yes\n")
        let first = try runBinary(["score", "-"], in: folder.url, stdin: "a.csv")
        #expect(first.status == 1)
        #expect(
            first.standardError
                == "error: CSV on stdin does not name its question set; add --questionnaire (see 'dazzle list').\n")
        try folder.write("b.csv", "name,work-weekends\nKim,yes\n")
        let second = try runBinary(["score", "-", "-q", "pre-screen"], in: folder.url, stdin: "b.csv")
        #expect(second.status == 1)
        #expect(
            second.standardError
                == "stdin:1: error: no candidate id column; add a 'candidate_id' (or 'email') column so results can be matched to people\n"
        )
    }

    @Test("--format json writes one file per candidate; everything scored exits 0")
    func oneFilePerCandidate() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.json", "[" + Self.line("p1") + "," + Self.line("p/2") + "]")
        let result = try runBinary(["score", "a.json", "--out", "out", "--format", "json"], in: folder.url)
        #expect(result.status == 0)
        let files = try FileManager.default.contentsOfDirectory(
            atPath: folder.url.appendingPathComponent("out/scorecards").path)
        #expect(files.sorted() == ["p1.json", "p_2.json"])
    }

    @Test("without a nameable question set, the error says to use --questionnaire")
    func unknownQuestionnaire() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.csv", "candidate_id,x\n1,2\n")
        let result = try runBinary(["score", "a.csv"], in: folder.url)
        #expect(result.status == 1)
        #expect(
            result.standardError
                == "error: Could not tell which question set the submissions answer; name it with --questionnaire (see 'dazzle list').\n"
        )
        let misspelt = try runBinary(["score", "a.csv", "--questionnaire", "pre-scren"], in: folder.url)
        #expect(
            misspelt.standardError
                == "pre-scren: error: No such file, and no shipped question set has this id. Did you mean 'pre-screen'? Run 'dazzle list' to see them.\n"
        )
    }

    @Test("'-' rejects a record longer than 16 MB and goes on after its line end, without growing without bound")
    func standardInputOverlongRecord() throws {
        let folder = try TemporaryFolder()
        let long = String(repeating: "x", count: 21 << 20)
        try folder.write("in.jsonl", Self.line("first") + "\n" + long + "\n" + Self.line("third") + "\n")
        let result = try runBinary(["score", "-"], in: folder.url, stdin: "in.jsonl")
        #expect(result.status == 2)
        let cards = result.standardOutput.split(separator: "\n")
        #expect(cards.count == 2)
        #expect(cards.last?.hasSuffix(#""sources":["stdin:3"]}"#) == true)
        #expect(
            result.standardError
                == "rejected: stdin:2: a record longer than 16 MB, which is no form; skipped to the next line end\nRead 3 submissions: 2 scored, 1 rejected.\n"
        )
    }

    @Test("'-' with CSV skips an unclosed quote that runs past 16 MB and goes on at the next line end")
    func standardInputCSVOverlongRecord() throws {
        let folder = try TemporaryFolder()
        let csv =
            "candidate_id,work-weekends,years-serving,availability\n" + "k1,yes,5,month\n" + "k2,\""
            + String(repeating: "x", count: 17 << 20) + "\n" + "k3,no,1,later\n"
        try folder.write("in.csv", csv)
        let result = try runBinary(["score", "-", "-q", "pre-screen"], in: folder.url, stdin: "in.csv")
        #expect(result.status == 2)
        let cards = result.standardOutput.split(separator: "\n")
        #expect(cards.count == 2)
        #expect(cards.last?.hasSuffix(#""sources":["stdin:4"]}"#) == true)
        #expect(
            result.standardError
                == "rejected: stdin:3: a record longer than 16 MB, which is no form; skipped to the next line end\nRead 3 submissions: 2 scored, 1 rejected.\n"
        )
    }

    @Test("'-' with CSV rejects a torn last record with its line and counts it, after good rows")
    func standardInputCSVTornLast() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "in.csv",
            "candidate_id,work-weekends,years-serving,availability\nk1,yes,5,month\nk2,no,1,later\ncand-x,\"Torn")
        let result = try runBinary(["score", "-", "-q", "pre-screen"], in: folder.url, stdin: "in.csv")
        #expect(result.status == 2)
        #expect(result.standardOutput.split(separator: "\n").count == 2)
        #expect(
            result.standardError
                == "rejected: stdin:4: not valid CSV: a quoted field starting on this record never closes; add the closing quote\nRead 3 submissions: 2 scored, 1 rejected.\n"
        )
    }

    @Test("'-' rejects a 17 MB record whether stdin is a file or a pipe")
    func recordLimitEveryStdin() throws {
        let folder = try TemporaryFolder()
        let long =
            #"{"format": "dazzle.submission/1", "questionnaire": "pre-screen", "candidate": {"id": "big", "name": ""#
            + String(repeating: "x", count: 17 << 20) + #""}, "answers": {}}"#
        try folder.write("in.jsonl", Self.line("first") + "\n" + long + "\n" + Self.line("third") + "\n")
        let fromFile = try runBinary(["score", "-"], in: folder.url, stdin: "in.jsonl")
        #expect(fromFile.status == 2)
        #expect(fromFile.standardError.hasPrefix("rejected: stdin:2: a record longer than 16 MB, which is no form"))
        let fromPipe = try runBinaryThroughPipe(["score", "-"], in: folder.url, stdin: "in.jsonl")
        #expect(fromPipe.status == 2)
        #expect(fromPipe.standardError.hasPrefix("rejected: stdin:2: a record longer than 16 MB, which is no form"))
        #expect(fromPipe.standardError.hasSuffix("Read 3 submissions: 2 scored, 1 rejected.\n"))
    }

    /// Stdin redirected from a file is mapped and read where it lies; from a pipe it is read in
    /// pieces. Both must give the same scorecards, rejections and counts.
    @Test("'-' reads a file and a pipe alike: many blocks, blank lines, Windows line ends, a last line without its end")
    func standardInputFileAndPipeAgree() throws {
        let folder = try TemporaryFolder()
        var lines: [String] = []
        for number in 0..<9_000 {
            switch number % 500 {
            case 7: lines.append("")
            case 8: lines.append(Self.line("crlf-\(number)") + "\r")
            case 9: lines.append("{not json")
            default: lines.append(Self.line("c\(number)"))
            }
        }
        let jsonl = lines.joined(separator: "\n")  // the last line without its line feed
        let csv =
            "candidate_id,work-weekends,years-serving,availability\n"
            + (0..<6_000).map { "k\($0),\($0 % 3 == 0 ? "yes" : "no"),\($0 % 40),month" }.joined(separator: "\n")
            + "\ncand-x,\"Torn"
        for (name, text, arguments) in [
            ("in.jsonl", jsonl, ["score", "-", "--explain", "compact"]),
            ("in.csv", csv, ["score", "-", "-q", "pre-screen"]),
        ] {
            try folder.write(name, text)
            let fromFile = try runBinary(arguments, in: folder.url, stdin: name)
            let fromPipe = try runBinaryThroughPipe(arguments, in: folder.url, stdin: name)
            #expect(fromFile.status == fromPipe.status)
            #expect(fromFile.standardOutput == fromPipe.standardOutput)
            #expect(fromFile.standardError == fromPipe.standardError)
            #expect(fromPipe.standardOutput.split(separator: "\n").count > 5_000)
        }
    }

    @Test("'-' with CSV refuses a row of invalid UTF-8, with a NUL, or a number too large, as JSON does")
    func standardInputCSVLikeJSON() throws {
        let folder = try TemporaryFolder()
        var csv = Array("candidate_id,name,work-weekends,years-serving,seconds\nk1,Ana,yes,5,30\n".utf8)
        csv += Array("k2,B".utf8) + [0xC3, 0x28] + Array(",yes,5,30\n".utf8)
        csv += Array("k3,C".utf8) + [0x00] + Array(",yes,5,30\n".utf8)
        csv += Array("k4,Dee,yes,5,1e999\nk5,Eve,no,2,40\n".utf8)
        try folder.write("in.csv", csv)
        let result = try runBinary(["score", "-", "-q", "pre-screen"], in: folder.url, stdin: "in.csv")
        #expect(result.status == 2)
        #expect(result.standardOutput.split(separator: "\n").count == 2)
        #expect(
            result.standardError == """
                rejected: stdin:3: not valid CSV: invalid UTF-8 (byte 0xC3); save the file as UTF-8
                rejected: stdin:4: not valid CSV: a cell holds a NUL byte (0x00); the file looks binary or corrupted
                rejected: stdin:5: the number '1e999' in seconds is too large to represent; use a value within ±1.8e308
                Read 5 submissions: 2 scored, 3 rejected.

                """)
        var json = Array((Self.line("j1") + "\n").utf8)
        json +=
            Array(
                #"{"format": "dazzle.submission/1", "questionnaire": "pre-screen", "candidate": {"id": "j2", "name": "B"#
                    .utf8) + [0xC3, 0x28] + Array(#""}, "answers": {}}"#.utf8) + [0x0A]
        json +=
            Array(
                #"{"format": "dazzle.submission/1", "questionnaire": "pre-screen", "candidate": {"id": "j3"}, "seconds": 1e999, "answers": {}}"#
                    .utf8) + [0x0A]
        try folder.write("in.jsonl", json)
        let jsonResult = try runBinary(["score", "-"], in: folder.url, stdin: "in.jsonl")
        #expect(
            jsonResult.standardError.hasSuffix("Read 3 submissions: 1 scored, 2 rejected.\n"), "JSON refuses them too")
    }

    @Test("options that write files are a usage error with '-', not silently ignored")
    func streamWithFileOptions() throws {
        let result = runInProcess(["score", "-", "--out", "results", "--report", "html"])
        #expect(result.status == 64)
        #expect(
            result.standardError.hasPrefix(
                "Error: '-' streams scorecards as JSON Lines to stdout; '--out', '--report' apply to files. Score a file instead, or drop the option."
            ))
    }

    @Test("a bad --jobs value is a usage error")
    func badJobs() throws {
        let result = runInProcess(["score", "x.jsonl", "--jobs", "0"])
        #expect(result.status == 64)
        #expect(
            result.standardError.hasPrefix(
                "Error: The value '0' is invalid for '--jobs <n>': give a whole number from 1 to 256."))
    }

    @Test("an existing output is replaced whole, never half-written")
    func atomicReplace() throws {
        let folder = try TemporaryFolder()
        try folder.write("f.jsonl", Self.line("p1") + "\n")
        try folder.write("out/summary.csv", "old contents")
        let result = try runBinary(["score", "f.jsonl", "--out", "out"], in: folder.url)
        #expect(result.status == 0)
        let summary = try String(contentsOf: folder.url.appendingPathComponent("out/summary.csv"), encoding: .utf8)
        #expect(summary.hasPrefix("Rank,Candidate ID"))
        let bytes = try Data(contentsOf: folder.url.appendingPathComponent("out/summary.csv"))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "the byte-order mark Excel needs")
    }
}

/// Text handed from a reading thread to the test.
final class ReceivedText: @unchecked Sendable {
    private let lock = NSLock()
    private var value = ""

    var text: String { lock.withLock { value } }

    func set(_ text: String) { lock.withLock { value = text } }
}

/// `--duplicates` and `--report` as HR uses them.
@Suite("dazzle score: re-submissions and linked reports")
struct ScoreChoicesTests {
    static let forms =
        [
            ScoreCommandTests.line("p1", years: 1), ScoreCommandTests.line("p2"),
            ScoreCommandTests.line("p1", years: 5),
        ].joined(separator: "\n") + "\n"

    @Test(
        "--duplicates picks which of two forms from one candidate is scored", arguments: ["latest", "first", "reject"])
    func duplicates(rule: String) throws {
        let folder = try TemporaryFolder()
        try folder.write("forms.jsonl", Self.forms)
        let result = try runBinary(["score", "forms.jsonl", "--out", "out", "--duplicates", rule], in: folder.url)
        #expect(result.status == 2, "a form not scored is a rejection")
        let summary = try String(contentsOf: folder.url.appendingPathComponent("out/summary.csv"), encoding: .utf8)
        let rejected = try String(contentsOf: folder.url.appendingPathComponent("out/rejected.jsonl"), encoding: .utf8)
        let p1 = summary.split(separator: "\n").first { $0.contains(",p1,") }
        switch rule {
        case "latest":
            #expect(p1?.contains("forms.jsonl:3") == true, "the later form, 5 years")
            #expect(rejected.contains(#""source":"forms.jsonl:1""#))
        case "first":
            #expect(p1?.contains("forms.jsonl:1") == true)
            #expect(rejected.contains(#""source":"forms.jsonl:3""#))
        default:
            #expect(p1 == nil, "neither copy is scored")
            #expect(rejected.split(separator: "\n").count == 2)
        }
        #expect(result.standardOutput.contains("Read 3 submissions:"))
    }

    @Test("--report html writes an index, the batch report, candidate pages and a comparison, linked")
    func linkedReports() throws {
        let folder = try TemporaryFolder()
        try folder.write("forms.jsonl", Self.forms)
        let result = try runBinary(["score", "forms.jsonl", "--out", "out", "--report", "html"], in: folder.url)
        #expect(result.standardOutput.contains("Reports: open out/index.html"))
        let index = try String(contentsOf: folder.url.appendingPathComponent("out/index.html"), encoding: .utf8)
        #expect(index.contains(#"<a href="report.html">Batch report</a>"#))
        #expect(index.contains(#"<a href="candidates/name-p1-p1.html">Name p1</a>"#))
        let page = try String(
            contentsOf: folder.url.appendingPathComponent("out/candidates/name-p1-p1.html"), encoding: .utf8)
        #expect(page.contains(#"<a href="../index.html">All reports</a>"#))
        #expect(page.contains(#"<a href="../comparison.html">Comparison</a>"#))
        let none = try runBinary(
            ["score", "forms.jsonl", "--out", "bare", "--report", "html", "--candidate-reports", "none"], in: folder.url
        )
        #expect(none.status == 2)
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("bare/candidates").path))
    }

    @Test("--candidate-reports without --report is a usage error that says what to add")
    func candidateReportsNeedReport() throws {
        let folder = try TemporaryFolder()
        try folder.write("forms.jsonl", Self.forms)
        let result = try runBinary(
            ["score", "forms.jsonl", "--out", "out", "--candidate-reports", "all"], in: folder.url)
        #expect(result.status == 64)
        #expect(result.standardError.contains("'--candidate-reports' applies with '--report'; add '--report html'."))
    }
}
