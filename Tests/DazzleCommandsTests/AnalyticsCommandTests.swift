import DazzleJSON
import Foundation
import Testing

@Suite("Batch analytics end to end")
struct AnalyticsCommandTests {
    /// Twelve inventory forms: candidate n answers n % 5 + 1 to every statement, give or take one
    /// on alternate items, so dimensions vary together; half say "woman", half "man".
    static func forms() throws -> String {
        let inventory = try String(
            contentsOf: repositoryRoot.appendingPathComponent("questionnaires/service-orientation-inventory.json"),
            encoding: .utf8)
        let set = try JSONReader().read(inventory)
        let ids = (set.objectValue?["sections"]?.arrayValue ?? []).flatMap {
            $0.objectValue?["items"]?.arrayValue ?? []
        }
        .compactMap { $0.objectValue?["id"]?.stringValue }
        return (0..<12).map { n in
            let answers = ids.enumerated().map { index, id in
                "\"\(id)\": \(min(5, max(1, n % 5 + 1 + (index % 2 == 0 ? 0 : (n % 3) - 1))))"
            }.joined(separator: ", ")
            return
                #"{"format": "dazzle.submission/1", "questionnaire": "service-orientation-inventory", "version": "1.0.0", "candidate": {"id": "c\#(n)", "name": "C\#(n)", "demographics": {"gender": "\#(n % 2 == 0 ? "woman" : "man")"}}, "seconds": 600, "answers": {\#(answers)}}"#
        }.joined(separator: "\n") + "\n"
    }

    @Test("score writes summary.json with reliability and adverse impact, and prints a digest")
    func summary() throws {
        let folder = try TemporaryFolder()
        try folder.write("forms.jsonl", try Self.forms())
        let result = try runBinary(["score", "forms.jsonl", "--out", "out"], in: folder.url)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("Reliability (Cronbach's α: "))
        #expect(result.standardOutput.contains("Selection by gender: "))
        let summary = try JSONReader().read(
            [UInt8](Data(contentsOf: folder.url.appendingPathComponent("out/summary.json"))))
        let object = try #require(summary.objectValue)
        #expect(object["format"]?.stringValue == "dazzle.summary/1")
        #expect(object["counts"]?.objectValue?["candidates"]?.numberValue == 12)
        let reliability = try #require(object["reliability"]?.arrayValue)
        #expect(
            reliability.compactMap { $0.objectValue?["dimension"]?.stringValue } == [
                "joy", "recovery", "yes", "personal", "simple",
            ])
        #expect(reliability.allSatisfy { $0.objectValue?["alpha"]?.numberValue != nil })
        let fields = try #require(object["adverseImpact"]?.objectValue?["fields"]?.arrayValue)
        #expect(fields.first?.objectValue?["field"]?.stringValue == "gender")
        let text = String(
            decoding: try Data(contentsOf: folder.url.appendingPathComponent("out/summary.json")), as: UTF8.self)
        #expect(!text.contains("nan") && !text.contains("inf"))
        let cards = String(
            decoding: try Data(contentsOf: folder.url.appendingPathComponent("out/scorecards.jsonl")), as: UTF8.self)
        #expect(!cards.contains("woman"), "demographics never reach scorecards")
        #expect(cards.contains(#""standing":{"reference":"this batch (n = 12)""#))
    }

    @Test("norms build names and counts the inputs it rejected, and exits 2 as score does")
    func normsRejection() throws {
        let folder = try TemporaryFolder()
        try folder.write("forms.jsonl", try Self.forms() + "{not json\n")
        let built = try runBinary(["norms", "build", "forms.jsonl", "-o", "norms.json"], in: folder.url)
        #expect(built.status == 2, "\(built.standardError)")
        #expect(built.standardOutput == "Wrote a norm group of 12 candidates to norms.json (1 input rejected).\n")
        #expect(built.standardError.hasPrefix("rejected: forms.jsonl:13: not valid JSON"))
    }

    @Test("norms build reads the scorecards score wrote as well as submissions, to the same norm group")
    func normsFromScorecards() throws {
        let folder = try TemporaryFolder()
        try folder.write("forms.jsonl", try Self.forms())
        let scored = try runBinary(["score", "forms.jsonl", "--out", "out"], in: folder.url)
        #expect(scored.status == 0)
        let fromForms = try runBinary(
            ["norms", "build", "forms.jsonl", "-o", "a.json", "--date", "2026-11-01"], in: folder.url)
        let fromCards = try runBinary(
            ["norms", "build", "out/scorecards.jsonl", "-o", "b.json", "--date", "2026-11-01"], in: folder.url)
        #expect(fromForms.status == 0 && fromCards.status == 0, "\(fromCards.standardError)")
        let a = try Data(contentsOf: folder.url.appendingPathComponent("a.json"))
        let b = try Data(contentsOf: folder.url.appendingPathComponent("b.json"))
        #expect(!a.isEmpty && a == b)
    }

    @Test("norms build saves distributions only, and score --norms reads percentiles against them")
    func norms() throws {
        let folder = try TemporaryFolder()
        try folder.write("forms.jsonl", try Self.forms())
        let built = try runBinary(
            ["norms", "build", "forms.jsonl", "-o", "norms.json", "--date", "2026-11-01"], in: folder.url)
        #expect(built.status == 0, "\(built.standardError)")
        #expect(built.standardOutput == "Wrote a norm group of 12 candidates to norms.json (0 inputs rejected).\n")
        let norms = String(
            decoding: try Data(contentsOf: folder.url.appendingPathComponent("norms.json")), as: UTF8.self)
        #expect(
            norms.hasPrefix(
                #"{"format":"dazzle.norms/1","questionnaire":"service-orientation-inventory","rubric":"service-orientation-default","count":12,"date":"2026-11-01""#
            ))
        #expect(!norms.contains("c1"), "no candidate ids in a norm group")
        let scored = try runBinary(["score", "forms.jsonl", "--out", "out", "--norms", "norms.json"], in: folder.url)
        #expect(scored.status == 0)
        let cards = String(
            decoding: try Data(contentsOf: folder.url.appendingPathComponent("out/scorecards.jsonl")), as: UTF8.self)
        #expect(
            cards.contains(#""standing":{"reference":"norm group service-orientation-default, n = 12, 2026-11-01""#))
    }

    @Test("norms build refuses scorecards scored under another rubric, naming the one they used")
    func normsOtherRubric() throws {
        let folder = try TemporaryFolder()
        try folder.write("forms.jsonl", try Self.forms())
        #expect(try runBinary(["score", "forms.jsonl", "--out", "out"], in: folder.url).status == 0)
        let cards = try String(
            contentsOf: folder.url.appendingPathComponent("out/scorecards.jsonl"), encoding: .utf8)
        try folder.write(
            "other.jsonl",
            cards.replacingOccurrences(
                of: #""rubric":{"id":"service-orientation-default""#, with: #""rubric":{"id":"front-desk-2027""#))
        let built = try runBinary(["norms", "build", "other.jsonl", "-o", "n.json"], in: folder.url)
        #expect(built.status == 1)
        #expect(
            built.standardError
                == "error: The scorecard for 'c0' was scored with rubric 'front-desk-2027', not 'service-orientation-default'; pass the rubric it used with --rubric.\n"
        )
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("n.json").path))
    }

    @Test("norms build without --out is a usage error")
    func normsUsage() throws {
        let result = runInProcess(["norms", "build", "x.jsonl"])
        #expect(result.status == 64)
        #expect(result.standardError.hasPrefix("Error: Missing '--out <file>': name the norm group file to write."))
    }

    /// The case that once trapped: 81 candidates, each rated 3 on every question by the same three
    /// interviewers. Every variance is 0, so every ICC is 0/0: undefined, not a number.
    @Test("a panel with no variance gives ICCs of null with a note, and the HTML report is written")
    func degenerateAgreement() throws {
        let interview = try String(
            contentsOf: repositoryRoot.appendingPathComponent("questionnaires/human-being-lovers-interview.json"),
            encoding: .utf8)
        let set = try JSONReader().read(interview)
        let ids = (set.objectValue?["sections"]?.arrayValue ?? []).flatMap {
            $0.objectValue?["items"]?.arrayValue ?? []
        }
        .compactMap { $0.objectValue?["id"]?.stringValue }
        let answers = ids.map { "\"\($0)\": 3" }.joined(separator: ", ")
        var lines = ""
        for candidate in 0..<81 {
            for rater in ["Ana", "Bo", "Cy"] {
                lines +=
                    #"{"format": "dazzle.submission/1", "questionnaire": "human-being-lovers-interview", "version": "\#(set.objectValue?["version"]?.stringValue ?? "")", "rater": "\#(rater)", "candidate": {"id": "c\#(candidate)", "name": "C \#(candidate)"}, "answers": {\#(answers)}}"#
                    + "\n"
            }
        }
        let folder = try TemporaryFolder()
        try folder.write("panels.jsonl", lines)
        let result = try runBinary(["score", "panels.jsonl", "--out", "out", "--report", "html"], in: folder.url)
        #expect(result.status == 0, "\(result.standardError)")
        let report = folder.url.appendingPathComponent("out/report.html")
        #expect(FileManager.default.fileExists(atPath: report.path))
        let summary = try JSONReader().read(
            try String(contentsOf: folder.url.appendingPathComponent("out/summary.json"), encoding: .utf8))
        let overall = summary.objectValue?["raterAgreement"]?.objectValue?["overall"]?.objectValue
        #expect(overall?["single"]?.typeDescription == "null" && overall?["average"]?.typeDescription == "null")
        #expect(overall?["undefined"]?.stringValue?.contains("every rating is the same") == true)
        #expect(result.standardOutput.contains("Agreement cannot be computed"))
    }

    @Test("--audit-fields names the field the LL144 table reads; a bad map is a usage error")
    func auditFields() throws {
        let folder = try TemporaryFolder()
        try folder.write("forms.jsonl", try Self.forms().replacingOccurrences(of: "\"gender\"", with: "\"g\""))
        let result = try runBinary(
            ["score", "forms.jsonl", "--out", "out", "--audit-fields", "sex=g"], in: folder.url)
        #expect(result.status == 0, "\(result.standardError)")
        let summary = try JSONReader().read(
            try String(contentsOf: folder.url.appendingPathComponent("out/summary.json"), encoding: .utf8))
        let audit = summary.objectValue?["biasAudit"]?.objectValue
        #expect(audit?["sexField"]?.stringValue == "g")
        let sex = audit?["tables"]?.arrayValue?.first?.objectValue
        #expect(sex?["title"]?.stringValue == "sex")
        let bad = try runBinary(["score", "forms.jsonl", "--out", "o2", "--audit-fields", "age=a"], in: folder.url)
        #expect(bad.status == 64)
        #expect(bad.standardError.contains("'--audit-fields' knows 'sex' and 'race', not 'age'"))
    }
}
