import DazzleJSON
import QuestionnaireEngine
import Submissions

/// Scores JSON Lines submissions (and CSV rows) one record at a time, straight into scorecard
/// JSON: the engine of `dazzle score -`. One per thread; it reuses its buffers from record to
/// record.
///
/// **The fast path and its invariant.** The usual form (every answer a number, this question
/// set's version, plain ASCII text, no rater) is read into a ``ScoreSheet`` and its scorecard
/// written from the sheet through the one writer (``SheetCard``, ``ScoreCardWriter``), so nothing
/// is allocated for it unless a flag or knockout fires. Any other record goes the general way,
/// through ``SubmissionDecoder`` (or ``CSVSubmissionReader``), ``Scorer`` and ``ScoreCard``.
/// *For every input, the fast path writes exactly the bytes the general path writes, or the
/// general path is taken.* Debug builds check this on every scorecard the fast path writes
/// (``generalResult(line:lineNumber:)``); the tests check it on fixed, random and mutated
/// records, and the differential fuzzer (`Fuzz/`) on whatever it finds.
public struct LineScorer {
    public let plan: ScoringPlan
    public let decoder: SubmissionDecoder
    public let scorer: Scorer
    var sheet: ScoreSheet
    let sourceLabel: String
    /// How many lines took the fast way so far.
    public internal(set) var fastLines = 0
    /// Each scorecard's standing from its overall score (against a norm group), when set; a
    /// stream has no batch to stand in otherwise.
    public var standing: (@Sendable (Double) -> Standing?)?
    /// `"stdin:` as the `sources` entry starts, escaped once.
    let sourcePrefix: [UInt8]
    /// The format, question set id and version a plain form names, as bytes.
    let expected: (format: [UInt8], questionnaireID: [UInt8], version: [UInt8])
    /// The usual cards' templates by shape (``CardTemplate/Shape/index(bandCount:)``).
    var cardTemplates: [TemplateSlot] = []

    enum TemplateSlot {
        case unmade
        case none
        case made(CardTemplate)
    }

    /// - Parameters:
    ///   - sourceLabel: names the input in each scorecard's `sources`, as in `stdin:12`.
    ///   - explanation: how much of the explanation each scorecard carries.
    public init(plan: ScoringPlan, sourceLabel: String, explanation: ExplanationDetail = .full) {
        self.plan = plan
        decoder = SubmissionDecoder(plan: plan)
        scorer = Scorer(plan: plan, explanation: explanation)
        sheet = ScoreSheet(plan: plan)
        self.sourceLabel = sourceLabel
        var writer = JSONWriter(reservingCapacity: 64)
        writer.string(sourceLabel + ":")
        // Without the closing quote: the line number goes there.
        sourcePrefix = writer.bytes.dropLast()
        expected = (
            Array(SubmissionDecoder.format.utf8), Array(plan.questionnaire.id.utf8),
            Array(plan.questionnaire.version.utf8)
        )
    }

    /// Scores one line and appends its scorecard to `writer` (no newline); returns the rejection
    /// instead when the line cannot be scored.
    public mutating func score(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int, to writer: inout JSONWriter)
        -> Rejection?
    {
        sheet.clearPoints()
        var parser = FastSubmissionParser(bytes: line, decoder: decoder)
        // The fast read knows nothing of missing codes: with codes, every line goes the general way.
        if plan.layout.missingCodes.isEmpty, let fields = parser.parseNumbers(into: &sheet.numbers),
            isPlain(fields, line)
        {
            let start = writer.byteCount
            write(fields, line: line, lineNumber: lineNumber, to: &writer)
            fastLines += 1
            #if DEBUG
                checkFastPath(writer, from: start, against: generalResult(line: line, lineNumber: lineNumber))
            #endif
            return nil
        }
        switch decoder.decode(Array(line), source: "\(sourceLabel):\(lineNumber)") {
        case .success(let submission):
            scorer.write(withStanding(scorer.score([submission], on: &sheet)), to: &writer)
            return nil
        case .failure(let rejection):
            return rejection
        }
    }

    /// Whether the fast read is a form the general way would accept as it is, without a warning.
    /// Its answers were checked as they were read (see ``ScoreSheet/set(_:number:)``).
    func isPlain(_ fields: FastSubmissionParser.Fields, _ line: UnsafeBufferPointer<UInt8>) -> Bool {
        func equal(_ range: Range<Int>?, _ expected: [UInt8]) -> Bool {
            guard let range, range.count == expected.count else { return false }
            for (offset, byte) in expected.enumerated() where line[range.lowerBound + offset] != byte { return false }
            return true
        }
        guard fields.hasAnswers, fields.rater == nil, let id = fields.candidateID, !id.isEmpty else { return false }
        // A record that starts with the plan's own head was compared whole as it was read.
        return fields.hasPlanHead
            || (equal(fields.format, expected.format) && equal(fields.questionnaire, expected.questionnaireID)
                && (fields.version == nil || equal(fields.version, expected.version)))
    }

    /// Scores the sheet and writes its scorecard through the one writer (``ScoreCardWriter``).
    ///
    /// Everything a form is read through here is borrowed, not copied: each copy of an array or
    /// a string counts a reference, an atomic operation that costs more than most of the scoring.
    mutating func write(
        _ fields: FastSubmissionParser.Fields, line: UnsafeBufferPointer<UInt8>, lineNumber: Int,
        to writer: inout JSONWriter
    ) {
        let prepared = scorer.prepared
        let tabled = sheet.scoreWholePoints(prepared.wholePoints, plan: plan)
        if !tabled {
            sheet.scorePoints(plan: plan)
            sheet.total(plan: plan)
        }
        var knockouts: [String] = []
        var firstKnockout: Knockout?
        let flags = sheet.numbers.points.withUnsafeBufferPointer { points in
            let answer: (Int) -> Answer? = { points[$0].isNaN ? nil : .number(points[$0]) }
            if !plan.knockouts.isEmpty {
                for knockout in plan.knockouts where knockout.fires(answer: answer) {
                    knockouts.append(knockout.knockout.label)
                    if firstKnockout == nil { firstKnockout = knockout.knockout }
                }
            }
            return scorer.validityFlags(sheet: sheet, seconds: fields.seconds, answer: answer)
        }
        let overall = sheet.overall
        let hasStanding = standing != nil
        // The usual card: its verdict is its band's, which the template holds.
        if tabled, knockouts.isEmpty, flags.isEmpty, !hasStanding, !overall.isNaN,
            let band = plan.rubric.bandIndex(for: overall), let template = cardTemplate(fields, band: band)
        {
            withCard(fields, line: line, lineNumber: lineNumber, tabled: true, verdict: ("", "", band)) { card in
                template.write(card, prepared: prepared, to: &writer)
            }
            return
        }
        let verdict = scorer.verdict(overall: overall, firstKnockout: firstKnockout)
        withCard(
            fields, line: line, lineNumber: lineNumber, tabled: tabled, knockouts: knockouts, flags: flags,
            verdict: verdict, standing: hasStanding && !overall.isNaN ? standing?(overall) : nil
        ) { card in
            ScoreCardWriter.write(card, prepared: prepared, to: &writer)
        }
    }

    /// The sheet as a card, its arrays borrowed for `body`.
    func withCard(
        _ fields: FastSubmissionParser.Fields, line: UnsafeBufferPointer<UInt8>, lineNumber: Int, tabled: Bool,
        knockouts: [String] = [], flags: [ValidityFlag] = [], verdict: (label: String, decision: String, band: Int?),
        standing: Standing? = nil, _ body: (SheetCard) -> Void
    ) {
        sheet.numbers.points.withUnsafeBufferPointer { points in
            sheet.keyScores.withUnsafeBufferPointer { keyScores in
                sheet.contributions.withUnsafeBufferPointer { contributions in
                    sheet.dimensionScores.withUnsafeBufferPointer { dimensionScores in
                        sheet.answeredCounts.withUnsafeBufferPointer { answeredCounts in
                            plan.keySlots.withUnsafeBufferPointer { keySlots in
                                sourcePrefix.withUnsafeBufferPointer { sourcePrefix in
                                    sheet.preparedLines.withUnsafeBufferPointer { preparedLines in
                                        body(
                                            SheetCard(
                                                points: points, keyScores: keyScores, contributions: contributions,
                                                dimensionScores: dimensionScores, answeredCounts: answeredCounts,
                                                keySlots: keySlots, preparedLines: tabled ? preparedLines : nil,
                                                overallScore: sheet.overall, fields: fields, line: line,
                                                knockouts: knockouts, flags: flags, verdict: verdict,
                                                sourcePrefix: sourcePrefix, lineNumber: lineNumber, standing: standing))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The template of the usual card of this form's shape, made when first needed; `nil` for
    /// a shape the writer's text cannot be cut for.
    mutating func cardTemplate(_ fields: FastSubmissionParser.Fields, band: Int) -> CardTemplate? {
        let shape = CardTemplate.Shape(
            hasEmail: fields.email != nil, hasRole: fields.role != nil, hasSubmitted: fields.submitted != nil,
            hasSeconds: fields.seconds != nil, band: band)
        guard let index = shape.index(bandCount: plan.rubric.bands.count) else { return nil }
        if cardTemplates.isEmpty { cardTemplates = Array(repeating: .unmade, count: plan.rubric.bands.count << 4) }
        switch cardTemplates[index] {
        case .made(let template): return template
        case .none: return nil
        case .unmade:
            let template = CardTemplate(
                shape: shape, prepared: scorer.prepared, sourcePrefix: sourcePrefix,
                keyCounts: plan.dimensionKeys.map(\.count))
            cardTemplates[index] = template.map { .made($0) } ?? .none
            return template
        }
    }

    /// The card with its standing, when the scorer has a rule for it.
    func withStanding(_ card: ScoreCard) -> ScoreCard {
        guard let standing, let overall = card.overall else { return card }
        var card = card
        card.standing = standing(overall)
        return card
    }

    /// What the general path gives for a JSON line: its scorecard's bytes, or its rejection.
    public func generalResult(line: UnsafeBufferPointer<UInt8>, lineNumber: Int) -> Result<[UInt8], Rejection> {
        decoder.decode(Array(line), source: "\(sourceLabel):\(lineNumber)").map { submission in
            var writer = JSONWriter(reservingCapacity: 8 << 10)
            scorer.write(withStanding(scorer.score([submission])), to: &writer)
            return writer.bytes
        }
    }

    /// Debug builds: the scorecard the fast path wrote from `start` must be the general path's.
    func checkFastPath(_ writer: borrowing JSONWriter, from start: Int, against general: Result<[UInt8], Rejection>) {
        let fast = writer.withBytes { Array($0[start...]) }
        guard case .success(let expected) = general, expected == fast else {
            assertionFailure(
                "the fast path wrote \(String(decoding: fast, as: UTF8.self)) where the general path gives \(general)")
            return
        }
    }
}
