import DazzleJSON
import QuestionnaireEngine
import Submissions

/// Scores JSON Lines submissions one line at a time, straight into scorecard JSON: the engine of
/// `dazzle score -`. One per thread; it reuses its buffers from line to line.
///
/// The usual form (every answer a number, this question set's version, plain ASCII text, no
/// rater) is read into a ``ScoreSheet`` and its scorecard written from the sheet, so nothing is
/// allocated for it unless a flag or knockout fires. Any other line goes the general way, through
/// ``SubmissionDecoder``, ``Scorer`` and ``ScoreCard``. Both ways write the same bytes; a test
/// holds them to it line by line.
public struct LineScorer {
    public let plan: ScoringPlan
    public let decoder: SubmissionDecoder
    public let scorer: Scorer
    var sheet: ScoreSheet
    let sourceLabel: String
    /// How many lines took the fast way so far.
    public internal(set) var fastLines = 0
    let constants: Constants

    /// What every scorecard of the plan shares, prepared once.
    struct Constants {
        let format: [UInt8]
        let questionnaireID: [UInt8]
        let version: [UInt8]
        /// From `,"questionnaire":` to `"submitted":`, raters empty.
        let middle: [UInt8]
        /// `,"warnings":[],"sources":["LABEL:`.
        let sources: [UInt8]
        /// Per dimension, its entry in `dimensions` around the score and the answered count, cut
        /// from what ``ScoreCard`` writes: `,{"id":…,"score":` (the first without the comma) and
        /// `,"total":10}`.
        let dimensionHeads: [[UInt8]]
        let dimensionTails: [[UInt8]]

        init(plan: ScoringPlan, sourceLabel: String) {
            format = Array(SubmissionDecoder.format.utf8)
            questionnaireID = Array(plan.questionnaire.id.utf8)
            version = Array(plan.questionnaire.version.utf8)
            var writer = JSONWriter(reservingCapacity: 256)
            writer.beginObject()
            writer.key("candidate")
            writer.null()
            ScoreCard.write(
                questionnaire: (plan.questionnaire.id, plan.questionnaire.version),
                rubric: (plan.rubric.id, plan.rubric.version), raters: [], to: &writer)
            writer.key("submitted")
            middle = Array(writer.bytes.dropFirst(#"{"candidate":null"#.utf8.count))
            writer.reset()
            writer.beginObject()
            writer.key("warnings")
            writer.beginArray()
            writer.endArray()
            writer.key("sources")
            writer.beginArray()
            writer.string(sourceLabel + ":")
            // Drops the opening brace and the closing quote: the line number goes there.
            sources = [UInt8(ascii: ",")] + writer.bytes.dropFirst().dropLast()
            var heads: [[UInt8]] = []
            var tails: [[UInt8]] = []
            let marker = Array(#"null,"answered":0"#.utf8)
            for (index, compiled) in plan.dimensions.enumerated() {
                writer.reset()
                ScoreCard.writeDimension(
                    id: compiled.dimension.id, name: compiled.dimension.name, weight: compiled.dimension.weight,
                    score: nil, answered: 0, total: compiled.keys.count, to: &writer)
                let bytes = writer.bytes
                // The marker is the only `null` in an entry whose strings are escaped.
                let cut = bytes.firstRange(of: marker)!
                heads.append((index == 0 ? [] : [UInt8(ascii: ",")]) + bytes[..<cut.lowerBound])
                tails.append(Array(bytes[cut.upperBound...]))
            }
            dimensionHeads = heads
            dimensionTails = tails
        }
    }

    /// - Parameter sourceLabel: names the input in each scorecard's `sources`, as in `stdin:12`.
    public init(plan: ScoringPlan, sourceLabel: String) {
        self.plan = plan
        decoder = SubmissionDecoder(plan: plan)
        scorer = Scorer(plan: plan)
        sheet = ScoreSheet(plan: plan)
        self.sourceLabel = sourceLabel
        constants = Constants(plan: plan, sourceLabel: sourceLabel)
    }

    /// Scores one line and appends its scorecard to `writer` (no newline); returns the rejection
    /// instead when the line cannot be scored.
    public mutating func score(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int, to writer: inout JSONWriter)
        -> Rejection?
    {
        sheet.clearPoints()
        var parser = FastSubmissionParser(bytes: line, decoder: decoder)
        if let fields = parser.parse(into: &sheet), isPlain(fields, line) {
            write(fields, line: line, lineNumber: lineNumber, to: &writer)
            fastLines += 1
            return nil
        }
        switch decoder.decode(Array(line), source: "\(sourceLabel):\(lineNumber)") {
        case .success(let submission):
            scorer.write(scorer.score([submission], on: &sheet), to: &writer)
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
        guard fields.hasAnswers, fields.rater == nil, let id = fields.candidateID, !id.isEmpty,
            equal(fields.format, constants.format), equal(fields.questionnaire, constants.questionnaireID),
            fields.version == nil || equal(fields.version, constants.version)
        else { return false }
        return true
    }

    /// Scores the sheet and writes the scorecard in the layout of ``ScoreCard/write(to:)``.
    mutating func write(
        _ fields: FastSubmissionParser.Fields, line: UnsafeBufferPointer<UInt8>, lineNumber: Int,
        to writer: inout JSONWriter
    ) {
        sheet.scorePoints(plan: plan)
        sheet.total(plan: plan)
        let points = sheet.points
        let answer: (Int) -> Answer? = { points[$0].isNaN ? nil : .number(points[$0]) }
        var knockouts: [String] = []
        var firstKnockout: Knockout?
        for knockout in plan.knockouts where knockout.fires(answer: answer) {
            knockouts.append(knockout.knockout.label)
            if firstKnockout == nil { firstKnockout = knockout.knockout }
        }
        let flags = scorer.validityFlags(sheet: &sheet, seconds: fields.seconds, answer: answer)
        let verdict = scorer.verdict(overall: sheet.overall, firstKnockout: firstKnockout)

        func text(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: line[range]) }
        writer.beginObject()
        writer.key("format")
        writer.string(ScoreCard.format)
        writer.key("candidate")
        writer.beginObject()
        writer.key("id")
        writer.string(unescaped: text(fields.candidateID!))
        writer.key("name")
        writer.string(unescaped: text(fields.name ?? fields.candidateID!))
        if let email = fields.email {
            writer.key("email")
            writer.string(unescaped: text(email))
        }
        if let role = fields.role {
            writer.key("role")
            writer.string(unescaped: text(role))
        }
        writer.endObject()
        constants.middle.withUnsafeBufferPointer { writer.fragment($0) }
        if let submitted = fields.submitted { writer.string(unescaped: text(submitted)) } else { writer.null() }
        writer.key("seconds")
        if let seconds = fields.seconds { writer.number(seconds, decimals: 1) } else { writer.null() }
        writer.key("overall")
        if sheet.overall.isNaN { writer.null() } else { writer.number(sheet.overall, decimals: 2) }
        writer.key("label")
        writer.string(verdict.label)
        writer.key("decision")
        writer.string(verdict.decision)
        writer.key("dimensions")
        writer.beginArray()
        for index in 0..<constants.dimensionHeads.count {
            constants.dimensionHeads[index].withUnsafeBufferPointer { writer.fragment($0) }
            if let score = sheet.dimensionScore(index) { writer.number(score, decimals: 2) } else { writer.null() }
            writer.fragment(#","answered":"#)
            writer.integer(sheet.answeredCounts[index])
            constants.dimensionTails[index].withUnsafeBufferPointer { writer.fragment($0) }
        }
        writer.endArray()
        ScoreCard.write(knockouts: knockouts, flags: flags, to: &writer)
        writer.key("explanation")
        writer.beginArray()
        scorer.fragments.writeLines(of: sheet, slots: plan.keySlots, to: &writer)
        writer.endArray()
        constants.sources.withUnsafeBufferPointer { writer.fragment($0) }
        writer.integer(lineNumber)
        writer.fragment(#""]}"#)
    }
}
