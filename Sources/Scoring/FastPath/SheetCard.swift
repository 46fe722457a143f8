import DazzleJSON
import QuestionnaireEngine
import Submissions

/// A scorecard as the stream's fast path holds it: the numbers on the sheet and the text of the
/// form it read (byte ranges of the line, valid JSON string content), for ``ScoreCardWriter``.
/// Nothing is copied into a ``ScoreCard``.
struct SheetCard: ScoreCardContent {
    /// The sheet's arrays, borrowed for the one write (copying the sheet would retain each).
    let points: UnsafeBufferPointer<Double>
    let keyScores: UnsafeBufferPointer<Double>
    let contributions: UnsafeBufferPointer<Double>
    let dimensionScores: UnsafeBufferPointer<Double>
    let answeredCounts: UnsafeBufferPointer<Int>
    let keySlots: UnsafeBufferPointer<Int>
    let preparedLines: UnsafeBufferPointer<Int32>?
    let overallScore: Double
    let fields: FastSubmissionParser.Fields
    let line: UnsafeBufferPointer<UInt8>
    let knockouts: [String]
    let flags: [ValidityFlag]
    let verdict: (label: String, decision: String, band: Int?)
    let sourcePrefix: UnsafeBufferPointer<UInt8>
    let lineNumber: Int
    let standing: Standing?

    private func text(_ range: Range<Int>) -> ScoreCardText { .plain(UnsafeBufferPointer(rebasing: line[range])) }

    // `isPlain` admitted the form only with a candidate id.
    var candidateID: ScoreCardText { text(fields.candidateID!) }
    var candidateName: ScoreCardText { text(fields.name ?? fields.candidateID!) }
    var candidateEmail: ScoreCardText? { fields.email.map(text) }
    var candidateRole: ScoreCardText? { fields.role.map(text) }
    var provenance:
        (questionnaire: (id: String, version: String), rubric: (id: String, version: String), raters: [String])?
    {
        nil
    }
    var submitted: ScoreCardText? { fields.submitted.map(text) }
    var seconds: Double? { fields.seconds }
    var overall: Double? { overallScore.isNaN ? nil : overallScore }
    var sem: Double? { nil }
    var label: String { verdict.label }
    var decision: String { verdict.decision }
    var band: Int? { verdict.band }
    var ownDimensions: [DimensionScore]? { nil }
    func planDimension(_ index: Int) -> (score: Double?, answered: Int) {
        (dimensionScores[index].isNaN ? nil : dimensionScores[index], answeredCounts[index])
    }
    func explanationFollows(_ fragments: ExplanationFragments) -> Bool { true }
    @inline(__always)
    func planLine(_ index: Int) -> (answer: LineAnswer, score: Double, contribution: Double) {
        (.point(points[keySlots[index]]), keyScores[index], contributions[index])
    }
    var ownExplanation: [ItemExplanation] { [] }
    var ratings: [RaterRating] { [] }
    var raterResults: [RaterResult] { [] }
    var provisional: String? { nil }
    var structures: [RaterStructure] { [] }
    var warnings: [String] { [] }
    func writeSources(to writer: inout JSONWriter) {
        Self.writeSource(prefix: sourcePrefix, line: lineNumber, to: &writer)
    }

    /// A stream's `sources` entry: `"stdin:12"`, the prefix already escaped and quoted.
    static func writeSource(prefix: UnsafeBufferPointer<UInt8>, line: Int, to writer: inout JSONWriter) {
        writer.fragment(prefix)
        writer.integer(line)
        writer.fragment(#"""#)
    }
}
