import Foundation
import QuestionnaireEngine
import Reports
import Scoring
import Submissions
import Templating
import Testing

/// The shipped interview's plan.
func interviewPlan() throws -> ScoringPlan { try shippedPlan("human-being-lovers-interview") }

/// Names and notes that try to break out of every context a report puts text in.
enum Hostile {
    static let script = "<script>alert(1)</script>"
    static let attribute = "\"><img src=x onerror=alert(1)>"
    static let link = "javascript:alert(1)"
    static let table = "| a | b |"
    static let code = "`rm -rf` **bold** [x](http://evil.example)"
    static let longWord = String(repeating: "Supercalifragilistic", count: 12)
    static let emoji = "Zoë 🌟 O'Brien"
    static let rightToLeft = "مرحبا بالعالم"
}

/// A deterministic batch: a three-rater panel with hostile names and notes, and two others.
func sampleOutcome(_ plan: ScoringPlan) -> BatchScorer.Outcome {
    let decoder = SubmissionDecoder(plan: plan)
    func line(_ id: String, _ name: String, rater: String, level: Int, note: String, gender: String) -> [UInt8] {
        var answers: [String] = []
        for (index, item) in plan.items.enumerated() {
            let value = max(1, min(5, level + (index % 3) - 1))
            answers.append(
                index == 0
                    ? #""\#(item.id)": {"value": \#(value), "note": \#(json(note))}"# : #""\#(item.id)": \#(value)"#)
        }
        return Array(
            #"{"format": "dazzle.submission/1", "questionnaire": "human-being-lovers-interview", "version": "1.0.0", "rater": \#(json(rater)), "submitted": "2026-11-20T10:00:00Z", "candidate": {"id": "\#(id)", "name": \#(json(name)), "email": "x@example.org", "demographics": {"gender": "\#(gender)"}}, "answers": {\#(answers.joined(separator: ", "))}}"#
                .utf8)
    }
    let inputs = [
        decoder.decode(
            line(
                "c1", Hostile.script, rater: Hostile.attribute, level: 4, note: Hostile.link + " " + Hostile.table,
                gender: "woman"), source: "s:1"),
        decoder.decode(
            line("c1", Hostile.script, rater: "Sam Lee", level: 5, note: Hostile.code, gender: "woman"), source: "s:2"),
        decoder.decode(
            line("c1", Hostile.script, rater: "Ana Ruiz", level: 3, note: Hostile.longWord, gender: "woman"),
            source: "s:3"),
        decoder.decode(
            line("c2", Hostile.emoji, rater: "Sam Lee", level: 3, note: Hostile.rightToLeft, gender: "man"),
            source: "s:4"),
        decoder.decode(
            line("c3", Hostile.rightToLeft, rater: "Ana Ruiz", level: 2, note: "Plain note.", gender: "man"),
            source: "s:5"),
    ]
    return BatchScorer.score(inputs, plan: plan)
}

func json(_ text: String) -> String {
    var escaped = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": escaped += "\\\""
        case "\\": escaped += "\\\\"
        default: escaped.unicodeScalars.append(scalar)
        }
    }
    return escaped + "\""
}

/// Compares output with a golden file in `Snapshots/`; `DAZZLE_RECORD_SNAPSHOTS=1` rewrites it.
func expectSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = folder.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["DAZZLE_RECORD_SNAPSHOTS"] == "1" {
        try Data(text.utf8).write(to: file)
        return
    }
    let expected = try #require(
        try? String(contentsOf: file, encoding: .utf8), "no snapshot \(name); record with DAZZLE_RECORD_SNAPSHOTS=1",
        sourceLocation: sourceLocation)
    #expect(text == expected, "\(name) differs from its snapshot", sourceLocation: sourceLocation)
}
