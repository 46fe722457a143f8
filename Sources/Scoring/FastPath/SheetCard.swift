import DazzleJSON
import QuestionnaireEngine
import Submissions

/// A scorecard as the stream's fast path holds it: the numbers on the sheet and the text of the
/// form it read (byte ranges of the line, valid JSON string content), for ``ScoreCardWriter``.
/// Nothing is copied into a ``ScoreCard``.
struct SheetCard: PlainFormCard {
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
    var submitted: ScoreCardText? { fields.submitted.map(text) }
    var seconds: Double? { fields.seconds }
    var overall: Double? { overallScore.isNaN ? nil : overallScore }
    var label: String { verdict.label }
    var decision: String { verdict.decision }
    var band: Int? { verdict.band }
    func planDimension(_ index: Int) -> (score: Double?, answered: Int) {
        (dimensionScores[index].isNaN ? nil : dimensionScores[index], answeredCounts[index])
    }
    func explanationFollows(_ fragments: ExplanationFragments) -> Bool { true }
    @inline(__always)
    func planLine(_ index: Int) -> (answer: LineAnswer, score: Double, contribution: Double) {
        (.point(points[keySlots[index]]), keyScores[index], contributions[index])
    }
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

/// A card of one plain form as the stream's fast path writes it (``SheetCard``, and the
/// ``MarkedCard`` its templates are cut from): no panel, no provenance or measurement error, the
/// plan's own dimensions and explanation, nothing to warn of. What such a card never has is said
/// here once.
protocol PlainFormCard: ScoreCardContent {}

extension PlainFormCard {
    var provenance:
        (questionnaire: (id: String, version: String), rubric: (id: String, version: String), raters: [String])?
    { nil }
    var sem: Double? { nil }
    var ownDimensions: [DimensionScore]? { nil }
    var ownExplanation: [ItemExplanation] { [] }
    var ratings: [RaterRating] { [] }
    var raterResults: [RaterResult] { [] }
    var provisional: String? { nil }
    var structures: [RaterStructure] { [] }
    var warnings: [String] { [] }
}
