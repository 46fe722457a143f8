import DazzleJSON
import QuestionnaireEngine
import Submissions

extension ScoreCard {
    /// The format tag of a scorecard file.
    public static let format = "dazzle.scorecard/1"

    /// Writes the scorecard as one JSON object (no trailing newline).
    public func write(to writer: inout JSONWriter) {
        write(to: &writer, fragments: nil)
    }

    /// Writes the scorecard, using a plan's cached explanation fragments when they match.
    func write(to writer: inout JSONWriter, fragments: ExplanationFragments?) {
        writer.beginObject()
        writer.key("format")
        writer.string(Self.format)
        writer.key("candidate")
        writer.beginObject()
        writer.key("id")
        writer.string(candidateID)
        writer.key("name")
        writer.string(candidateName)
        if let candidateEmail {
            writer.key("email")
            writer.string(candidateEmail)
        }
        if let role {
            writer.key("role")
            writer.string(role)
        }
        writer.endObject()
        Self.write(
            questionnaire: (questionnaireID, questionnaireVersion), rubric: (rubricID, rubricVersion), raters: raters,
            to: &writer)
        writer.key("submitted")
        writer.string(submitted)
        writer.key("seconds")
        if let seconds { writer.number(seconds, decimals: 1) } else { writer.null() }
        writer.key("overall")
        if let overall { writer.number(overall, decimals: 2) } else { writer.null() }
        if let standing {
            writer.key("standing")
            writer.beginObject()
            writer.key("reference")
            writer.string(standing.reference)
            writer.key("percentile")
            writer.number(standing.percentile, decimals: 1)
            writer.key("z")
            if let z = standing.z { writer.number(z, decimals: 2) } else { writer.null() }
            writer.key("t")
            if let t = standing.t { writer.number(t, decimals: 1) } else { writer.null() }
            writer.endObject()
        }
        writer.key("label")
        writer.string(label)
        writer.key("decision")
        writer.string(decision)
        writer.key("dimensions")
        writer.beginArray()
        for dimension in dimensions {
            Self.writeDimension(
                id: dimension.id, name: dimension.name, weight: dimension.weight, score: dimension.score,
                answered: dimension.answered, total: dimension.total, to: &writer)
        }
        writer.endArray()
        Self.write(knockouts: knockouts, flags: flags, to: &writer)
        writer.key("explanation")
        writer.beginArray()
        if let fragments, fragments.matches(explanation) {
            for (index, line) in explanation.enumerated() {
                fragments.writeLine(
                    index, answer: line.answer, score: line.itemScore, contribution: line.contribution, to: &writer)
            }
        } else {
            for line in explanation {
                writer.beginObject()
                writer.key("item")
                writer.string(line.itemID)
                writer.key("dimension")
                writer.string(line.dimensionID)
                writer.key("answer")
                writeAnswer(line.answer, to: &writer)
                writer.key("score")
                if let score = line.itemScore { writer.number(score) } else { writer.null() }
                writer.key("weight")
                writer.number(line.weight)
                writer.key("contribution")
                writer.number(line.contribution)
                writer.endObject()
            }
        }
        writer.endArray()
        if !ratings.isEmpty {
            writer.key("ratings")
            writer.beginArray()
            for rating in ratings {
                writer.beginObject()
                writer.key("rater")
                writer.string(rating.rater)
                writer.key("item")
                writer.string(rating.itemID)
                writer.key("value")
                writer.number(rating.value)
                writer.key("notes")
                writer.beginArray()
                for note in rating.notes { writer.string(note) }
                writer.endArray()
                writer.endObject()
            }
            writer.endArray()
        }
        writer.key("warnings")
        writer.beginArray()
        for warning in warnings { writer.string(warning) }
        writer.endArray()
        writer.key("sources")
        writer.beginArray()
        for source in sources { writer.string(source) }
        writer.endArray()
        writer.endObject()
    }
}

extension ScoreCard {
    /// One entry of `dimensions`; the stream scorer writes dimensions with it too.
    static func writeDimension(
        id: String, name: String, weight: Double, score: Double?, answered: Int, total: Int,
        to writer: inout JSONWriter
    ) {
        writer.beginObject()
        writer.key("id")
        writer.string(id)
        writer.key("name")
        writer.string(name)
        writer.key("weight")
        writer.number(weight)
        writer.key("score")
        if let score { writer.number(score, decimals: 2) } else { writer.null() }
        writer.key("answered")
        writer.integer(answered)
        writer.key("total")
        writer.integer(total)
        writer.endObject()
    }

    /// The `questionnaire`, `rubric` and `raters` members.
    static func write(
        questionnaire: (id: String, version: String), rubric: (id: String, version: String), raters: [String],
        to writer: inout JSONWriter
    ) {
        func write(_ source: (id: String, version: String)) {
            writer.beginObject()
            writer.key("id")
            writer.string(source.id)
            writer.key("version")
            writer.string(source.version)
            writer.endObject()
        }
        writer.key("questionnaire")
        write(questionnaire)
        writer.key("rubric")
        write(rubric)
        writer.key("raters")
        writer.beginArray()
        for rater in raters { writer.string(rater) }
        writer.endArray()
    }

    /// The `knockouts` and `flags` members.
    static func write(knockouts: [String], flags: [ValidityFlag], to writer: inout JSONWriter) {
        writer.key("knockouts")
        writer.beginArray()
        for knockout in knockouts { writer.string(knockout) }
        writer.endArray()
        writer.key("flags")
        writer.beginArray()
        for flag in flags {
            writer.beginObject()
            writer.key("kind")
            writer.string(flag.kind)
            writer.key("message")
            writer.string(flag.message)
            writer.endObject()
        }
        writer.endArray()
    }
}

/// Writes an answer, or `null` when unanswered; whole numbers without floating-point work.
func writeAnswer(_ answer: Answer?, to writer: inout JSONWriter) {
    switch answer {
    case nil: writer.null()
    case .number(let value)?: writer.wholeOrNumber(value)
    case let answer?: answer.write(to: &writer)
    }
}

extension Rejection {
    /// Writes the rejection as one JSON object: source, candidate (when known) and reason.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("source")
        writer.string(source)
        writer.key("candidate")
        writer.string(candidateID)
        writer.key("reason")
        writer.string(reason)
        writer.endObject()
    }
}

/// The constant parts of a plan's explanation lines, escaped once: per keyed item,
/// `{"item":"q1","dimension":"d1","answer":` and `,"weight":1,"contribution":`. A class: one
/// shared, immutable copy per scorer, used without copying its arrays for every line.
final class ExplanationFragments: Sendable {
    let itemIDs: [String]
    /// Every fragment in one buffer, so writing them costs no reference counting.
    let storage: [UInt8]
    /// Per key: `,{"item":…,"answer":` (the first line skips the comma).
    let prefixes: [Range<Int>]
    /// Per key: `,"weight":1,"contribution":`.
    let weights: [Range<Int>]
    let scoreKey: Range<Int>
    let close: Range<Int>
    /// Per key: where its prepared whole lines are, for items on a whole-number scale.
    let wholeLines: [WholeLines?]
    /// Per prepared line: its text (with a leading comma), item score and contribution.
    let lineRanges: [Range<Int>]
    let lineScores: [Double]
    let lineContributions: [Double]

    struct WholeLines {
        var first: Int
        var low: Int
        var count: Int
    }

    /// Writes line `index` of an explanation: a prepared whole line when one reads exactly as
    /// the line would be written (same answer, bit-for-bit the same item score and
    /// contribution), else the prepared parts around the numbers.
    func writeLine(
        _ index: Int, answer: Answer?, score: Double?, contribution: Double, to writer: inout JSONWriter
    ) {
        storage.withUnsafeBufferPointer { storage in
            writeLine(index, answer: answer, score: score, contribution: contribution, from: storage, to: &writer)
        }
    }

    /// Writes a whole explanation from a sheet whose answers are all numbers (or missing).
    func writeLines(of sheet: ScoreSheet, slots: [Int], to writer: inout JSONWriter) {
        storage.withUnsafeBufferPointer { storage in
            for index in 0..<slots.count {
                let point = sheet.points[slots[index]]
                let score = sheet.keyScores[index]
                let contribution = sheet.contributions[index]
                // The usual line, a whole point on a scale, without going through `Answer`.
                if let range = preparedLine(index, point: point, score: score, contribution: contribution) {
                    writer.fragment(part(range, index, storage))
                    continue
                }
                writeParts(
                    index, answer: point.isNaN ? nil : .number(point), score: score.isNaN ? nil : score,
                    contribution: contribution, from: storage, to: &writer)
            }
        }
    }

    /// The prepared whole line for a point, when it reads exactly as the line would be written:
    /// bit for bit the same item score and contribution.
    @inline(__always)
    private func preparedLine(_ index: Int, point: Double, score: Double, contribution: Double) -> Range<Int>? {
        // Tables exist for scales of at most 101 points; NaN and far-off points fail the bounds test.
        guard let table = wholeLines[index], point >= -1e9, point <= 1e9 else { return nil }
        let whole = Int(point)
        guard Double(whole) == point else { return nil }
        let offset = whole - table.low
        guard offset >= 0, offset < table.count else { return nil }
        let prepared = table.first + offset
        guard lineScores[prepared] == score, lineContributions[prepared] == contribution else { return nil }
        return lineRanges[prepared]
    }

    /// A prepared part; each starts with a comma, which the first line leaves out.
    @inline(__always)
    private func part(_ range: Range<Int>, _ index: Int, _ storage: UnsafeBufferPointer<UInt8>)
        -> UnsafeBufferPointer<UInt8>
    {
        UnsafeBufferPointer(
            rebasing: storage[(index == 0 ? range.lowerBound + 1 : range.lowerBound)..<range.upperBound])
    }

    @inline(__always)
    private func writeLine(
        _ index: Int, answer: Answer?, score: Double?, contribution: Double, from storage: UnsafeBufferPointer<UInt8>,
        to writer: inout JSONWriter
    ) {
        if case .number(let value)? = answer, let score,
            let range = preparedLine(index, point: value, score: score, contribution: contribution)
        {
            writer.fragment(part(range, index, storage))
            return
        }
        writeParts(index, answer: answer, score: score, contribution: contribution, from: storage, to: &writer)
    }

    /// A line written from its prepared parts and the numbers between them.
    private func writeParts(
        _ index: Int, answer: Answer?, score: Double?, contribution: Double, from storage: UnsafeBufferPointer<UInt8>,
        to writer: inout JSONWriter
    ) {
        writer.fragment(part(prefixes[index], index, storage))
        writeAnswer(answer, to: &writer)
        writer.fragment(UnsafeBufferPointer(rebasing: storage[scoreKey]))
        if let score { writer.number(score) } else { writer.null() }
        writer.fragment(UnsafeBufferPointer(rebasing: storage[weights[index]]))
        writer.number(contribution)
        writer.fragment(UnsafeBufferPointer(rebasing: storage[close]))
    }

    init(plan: ScoringPlan) {
        var ids: [String] = []
        var storage: [UInt8] = []
        var prefixes: [Range<Int>] = []
        var weights: [Range<Int>] = []
        func add(_ bytes: [UInt8]) -> Range<Int> {
            storage += bytes
            return (storage.count - bytes.count)..<storage.count
        }
        for compiled in plan.dimensions {
            for key in compiled.keys {
                var writer = JSONWriter(reservingCapacity: 128)
                writer.beginObject()
                writer.key("item")
                writer.string(key.itemID)
                writer.key("dimension")
                writer.string(compiled.dimension.id)
                writer.key("answer")
                ids.append(key.itemID)
                prefixes.append(add([UInt8(ascii: ",")] + writer.bytes))
                var weight = JSONWriter(reservingCapacity: 64)
                weight.number(key.weight)
                weights.append(add(Array(#","weight":"#.utf8) + weight.bytes + Array(#","contribution":"#.utf8)))
            }
        }
        scoreKey = add(Array(#","score":"#.utf8))
        close = add([UInt8(ascii: "}")])

        // Whole lines for every point of every scale item, as they read when the candidate
        // answered every item and every dimension counts (the usual case).
        var tables: [WholeLines?] = []
        var lines: [Range<Int>] = []
        var scores: [Double] = []
        var contributions: [Double] = []
        let allDimensions = plan.dimensions.reduce(0.0) { $0 + $1.dimension.weight }
        for compiled in plan.dimensions {
            for key in compiled.keys {
                guard case .linear(let low, let high, _) = key.rule, low == low.rounded(), high == high.rounded(),
                    high > low, high - low <= 100, abs(low) < 1e6
                else {
                    tables.append(nil)
                    continue
                }
                tables.append(WholeLines(first: lines.count, low: Int(low), count: Int(high - low) + 1))
                for point in Int(low)...Int(high) {
                    let answer = Answer.number(Double(point))
                    let score = ScoringPlan.score(answer, key.rule) ?? 0
                    let contribution =
                        100 * (compiled.dimension.weight / allDimensions) * (key.weight / compiled.totalWeight) * score
                    var writer = JSONWriter(reservingCapacity: 128)
                    writer.beginObject()
                    writer.key("item")
                    writer.string(key.itemID)
                    writer.key("dimension")
                    writer.string(compiled.dimension.id)
                    writer.key("answer")
                    writeAnswer(answer, to: &writer)
                    writer.key("score")
                    writer.number(score)
                    writer.key("weight")
                    writer.number(key.weight)
                    writer.key("contribution")
                    writer.number(contribution)
                    writer.endObject()
                    lines.append(add([UInt8(ascii: ",")] + writer.bytes))
                    scores.append(score)
                    contributions.append(contribution)
                }
            }
        }
        wholeLines = tables
        lineRanges = lines
        lineScores = scores
        lineContributions = contributions
        itemIDs = ids
        self.storage = storage
        self.prefixes = prefixes
        self.weights = weights
    }

    /// Whether the explanation lists the plan's keys in plan order, with the plan's weights.
    func matches(_ explanation: [ItemExplanation]) -> Bool {
        guard explanation.count == itemIDs.count else { return false }
        for (line, id) in zip(explanation, itemIDs) where line.itemID != id { return false }
        return true
    }
}

extension Scorer {
    /// Writes a scorecard of this scorer's plan, faster than ``ScoreCard/write(to:)`` because the
    /// constant parts of each explanation line are prepared once.
    public func write(_ card: ScoreCard, to writer: inout JSONWriter) {
        card.write(to: &writer, fragments: fragments)
    }
}
