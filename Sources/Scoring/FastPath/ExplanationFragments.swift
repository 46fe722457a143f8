import DazzleJSON
import QuestionnaireEngine
import Submissions

/// The constant parts of a plan's scorecards, prepared once per plan and shared by every thread:
/// the members from `questionnaire` to `"submitted":` for a form without raters, each dimension's
/// entry around its score and answered count, and the explanation's fragments. Every part is cut
/// from what ``ScoreCardWriter`` itself writes, so the layout exists once.
final class PreparedScoreCard: Sendable {
    /// Every part in one buffer, so writing them costs no reference counting.
    let storage: [UInt8]
    /// From `,"questionnaire":` to `"submitted":`, raters empty.
    let middle: Range<Int>
    /// Per dimension: `,{"id":…,"score":` (the first without the comma) and `,"total":10}`.
    let dimensionHeads: [Range<Int>]
    let dimensionTails: [Range<Int>]
    let fragments: ExplanationFragments
    let detail: ExplanationDetail

    init(plan: ScoringPlan, detail: ExplanationDetail = .full) {
        self.detail = detail
        var storage: [UInt8] = []
        func add(_ bytes: some Collection<UInt8>) -> Range<Int> {
            storage += bytes
            return (storage.count - bytes.count)..<storage.count
        }
        var writer = JSONWriter(reservingCapacity: 256)
        writer.beginObject()
        writer.key("candidate")
        writer.null()
        ScoreCardWriter.writeProvenance(
            (plan.questionnaire.id, plan.questionnaire.version), (plan.rubric.id, plan.rubric.version), [],
            to: &writer)
        writer.key("submitted")
        middle = add(writer.bytes.dropFirst(#"{"candidate":null"#.utf8.count))
        var heads: [Range<Int>] = []
        var tails: [Range<Int>] = []
        let marker = Array(#"null,"answered":0"#.utf8)
        for (index, compiled) in plan.dimensions.enumerated() {
            writer.reset()
            ScoreCardWriter.writeDimension(
                id: compiled.dimension.id, name: compiled.dimension.name, weight: compiled.dimension.weight,
                score: nil, answered: 0, total: compiled.keys.count, to: &writer)
            let bytes = writer.bytes
            // The marker is the only `null` in an entry whose strings are escaped.
            let cut = bytes.firstRange(of: marker)!
            heads.append(add((index == 0 ? [] : [UInt8(ascii: ",")]) + bytes[..<cut.lowerBound]))
            tails.append(add(bytes[cut.upperBound...]))
        }
        dimensionHeads = heads
        dimensionTails = tails
        self.storage = storage
        fragments = ExplanationFragments(plan: plan)
    }
}

/// The constant parts of a plan's explanation lines, cut from ``ExplanationLine``: per keyed
/// item, `{"item":"q1","dimension":"d1","answer":` and `,"weight":1,"contribution":`; and, for
/// items on a whole-number scale, every line in full as it reads when the candidate answered
/// every item (the usual case), copied whole when the numbers match bit for bit.
final class ExplanationFragments: Sendable {
    let itemIDs: [String]
    var keyCount: Int { itemIDs.count }
    /// Every fragment in one buffer, so writing them costs no reference counting.
    let storage: [UInt8]
    /// Per key: `,{"item":…,"answer":` (the first line skips the comma).
    let prefixes: [Range<Int>]
    /// Per key: `,"weight":1,"contribution":`.
    let weights: [Range<Int>]
    let scoreKey: Range<Int>
    let close: Range<Int>
    /// Per key: where its prepared whole lines are, for items on a whole-number scale (none
    /// for other items: a count of 0).
    let wholeLines: [WholeLines]
    /// Per prepared line: its text (with a leading comma).
    let lineRanges: [Range<Int>]
    /// Per prepared line: the same numbers as a compact line, `[answer,score,contribution]`.
    let compactLines: [Range<Int>]
    /// Per prepared line: its item score and contribution, with the compact line in a fixed slot,
    /// so the usual card's explanation is copied a slot at a time.
    let compactSlots: [CompactSlot]

    struct WholeLines {
        var first: Int
        var low: Int
        var count: Int
    }

    /// A compact line's text in four words (little-endian, zero-padded), copied whole.
    struct CompactSlot {
        static let width = 32
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        /// How many of the bytes are the line's; 0 when it is longer than a slot.
        var length = 0
        var score: Double
        var contribution: Double

        init(text: [UInt8], score: Double, contribution: Double) {
            self.score = score
            self.contribution = contribution
            guard text.count <= Self.width else { return }
            let padded = text + [UInt8](repeating: 0, count: Self.width - text.count)
            withUnsafeMutableBytes(of: &words) { $0.copyBytes(from: padded) }
            length = text.count
        }
    }

    init(plan: ScoringPlan) {
        var ids: [String] = []
        var storage: [UInt8] = []
        var prefixes: [Range<Int>] = []
        var weights: [Range<Int>] = []
        var scoreKey = 0..<0
        var close = 0..<0
        func add(_ bytes: ArraySlice<UInt8>) -> Range<Int> {
            storage += bytes
            return (storage.count - bytes.count)..<storage.count
        }
        // The line written with `null` for each value: the bytes between them are the fragments.
        for compiled in plan.dimensions {
            for key in compiled.keys {
                var writer = JSONWriter(reservingCapacity: 128)
                var cuts: [Int] = []
                let placeholder = { (writer: inout JSONWriter) in
                    cuts.append(writer.byteCount)
                    writer.null()
                }
                ExplanationLine.write(
                    itemID: key.itemID, dimensionID: compiled.dimension.id, weight: key.weight, to: &writer,
                    answer: placeholder, score: placeholder, contribution: placeholder)
                let bytes = writer.bytes
                let null = 4
                if ids.isEmpty {
                    // The same for every key.
                    scoreKey = add(bytes[(cuts[0] + null)..<cuts[1]])
                    close = add(bytes[(cuts[2] + null)...])
                }
                ids.append(key.itemID)
                prefixes.append(add([UInt8(ascii: ",")] + bytes[..<cuts[0]]))
                weights.append(add(bytes[(cuts[1] + null)..<cuts[2]]))
            }
        }
        self.scoreKey = scoreKey
        self.close = close

        var tables: [WholeLines] = []
        var lines: [Range<Int>] = []
        var compact: [Range<Int>] = []
        var slots: [CompactSlot] = []
        let allDimensions = plan.dimensions.reduce(0.0) { $0 + $1.dimension.weight }
        for compiled in plan.dimensions {
            for key in compiled.keys {
                guard case .linear(let low, let high, _) = key.rule, low == low.rounded(), high == high.rounded(),
                    high > low, high - low <= 100, abs(low) < 1e6
                else {
                    tables.append(WholeLines(first: lines.count, low: 0, count: 0))
                    continue
                }
                tables.append(WholeLines(first: lines.count, low: Int(low), count: Int(high - low) + 1))
                for point in Int(low)...Int(high) {
                    let answer = Answer.number(Double(point))
                    let score = ScoringPlan.score(answer, key.rule) ?? 0
                    let contribution = ScoreSheet.contribution(
                        dimensionWeight: compiled.dimension.weight, scoredWeight: allDimensions,
                        keyWeight: key.weight, answeredWeight: compiled.totalWeight, itemScore: score)
                    var writer = JSONWriter(reservingCapacity: 128)
                    ExplanationLine.write(
                        itemID: key.itemID, dimensionID: compiled.dimension.id, weight: key.weight, to: &writer,
                        answer: { writeAnswer(answer, to: &$0) }, score: { $0.number(score) },
                        contribution: { $0.number(contribution) })
                    lines.append(add([UInt8(ascii: ",")] + writer.bytes[...]))
                    var triple = JSONWriter(reservingCapacity: 32)
                    CompactLine.write(
                        to: &triple, answer: { writeAnswer(answer, to: &$0) }, score: { $0.number(score) },
                        contribution: { $0.number(contribution) })
                    compact.append(add(triple.bytes[...]))
                    slots.append(CompactSlot(text: triple.bytes, score: score, contribution: contribution))
                }
            }
        }
        wholeLines = tables
        lineRanges = lines
        compactLines = compact
        compactSlots = slots
        itemIDs = ids
        self.storage = storage
        self.prefixes = prefixes
        self.weights = weights
    }

    /// Whether the explanation lists the plan's keys in plan order.
    func matches(_ explanation: [ItemExplanation]) -> Bool {
        guard explanation.count == itemIDs.count else { return false }
        for (line, id) in zip(explanation, itemIDs) where line.itemID != id { return false }
        return true
    }

    /// Writes the card's explanation, one line per key of the plan with the values
    /// ``ScoreCardContent/planLine(_:)`` gives (the score NaN when unscored): each as a prepared
    /// whole line when one reads exactly as it would be written, else from the prepared parts
    /// around the numbers.
    func writeLines<Content: ScoreCardContent>(of card: Content, to writer: inout JSONWriter) {
        storage.withUnsafeBufferPointer { storage in
            for index in 0..<itemIDs.count {
                let (answer, score, contribution) = card.planLine(index)
                let point = answer.point
                if let range = preparedLine(index, point: point, score: score, contribution: contribution) {
                    writer.fragment(part(range, index, storage))
                    continue
                }
                writer.fragment(part(prefixes[index], index, storage))
                switch answer {
                case .point(let value): writeAnswer(value.isNaN ? nil : .number(value), to: &writer)
                case .answer(let value): writeAnswer(value, to: &writer)
                }
                writer.fragment(UnsafeBufferPointer(rebasing: storage[scoreKey]))
                if score.isNaN { writer.null() } else { writer.number(score) }
                writer.fragment(UnsafeBufferPointer(rebasing: storage[weights[index]]))
                writer.number(contribution)
                writer.fragment(UnsafeBufferPointer(rebasing: storage[close]))
            }
        }
    }

    /// Writes the card's explanation compactly (``ExplanationDetail/compact``): one
    /// `[answer,score,contribution]` per key in plan order, each a prepared line when one reads
    /// exactly as it would be written, from the same values as the full lines.
    func writeCompact<Content: ScoreCardContent>(of card: Content, to writer: inout JSONWriter) {
        writer.beginArray()
        let keyCount = keyCount
        var index = 0
        // The usual card: every line prepared, each copied from its slot, up to the first that is not.
        wholeLines.withUnsafeBufferPointer { tables in
            compactSlots.withUnsafeBufferPointer { slots in
                writer.rawValues(maximum: keyCount * (CompactSlot.width + 1)) { room, needsComma in
                    var at = 0
                    while index < keyCount {
                        let (answer, score, contribution) = card.planLine(index)
                        guard let prepared = Self.preparedIndex(tables[index], point: answer.point) else { break }
                        let slot = slots[prepared]
                        guard slot.length > 0, slot.score == score, slot.contribution == contribution else { break }
                        if at > 0 || needsComma {
                            room[at] = UInt8(ascii: ",")
                            at += 1
                        }
                        let target = UnsafeMutableRawPointer(room + at)
                        target.storeBytes(of: slot.words.0, as: UInt64.self)
                        target.storeBytes(of: slot.words.1, toByteOffset: 8, as: UInt64.self)
                        target.storeBytes(of: slot.words.2, toByteOffset: 16, as: UInt64.self)
                        target.storeBytes(of: slot.words.3, toByteOffset: 24, as: UInt64.self)
                        at += slot.length
                        index += 1
                    }
                    return at
                }
            }
        }
        guard index < keyCount else { return writer.endArray() }
        storage.withUnsafeBufferPointer { storage in
            for index in index..<keyCount {
                let (answer, score, contribution) = card.planLine(index)
                let point = answer.point
                if let prepared = preparedIndex(index, point: point, score: score, contribution: contribution) {
                    writer.raw(UnsafeBufferPointer(rebasing: storage[compactLines[prepared]]))
                    continue
                }
                CompactLine.write(
                    to: &writer,
                    answer: { writer in
                        switch answer {
                        case .point(let value): writeAnswer(value.isNaN ? nil : .number(value), to: &writer)
                        case .answer(let value): writeAnswer(value, to: &writer)
                        }
                    },
                    score: { writer in if score.isNaN { writer.null() } else { writer.number(score) } },
                    contribution: { $0.number(contribution) })
            }
        }
        writer.endArray()
    }

    /// The prepared whole line for a point, when it reads exactly as the line would be written:
    /// bit for bit the same item score and contribution.
    @inline(__always)
    private func preparedLine(_ index: Int, point: Double, score: Double, contribution: Double) -> Range<Int>? {
        preparedIndex(index, point: point, score: score, contribution: contribution).map { lineRanges[$0] }
    }

    /// The index of that prepared line.
    @inline(__always)
    private func preparedIndex(_ index: Int, point: Double, score: Double, contribution: Double) -> Int? {
        guard let prepared = Self.preparedIndex(wholeLines[index], point: point),
            compactSlots[prepared].score == score, compactSlots[prepared].contribution == contribution
        else { return nil }
        return prepared
    }

    /// Where the prepared line for a point is, whatever its numbers.
    @inline(__always)
    private static func preparedIndex(_ table: WholeLines, point: Double) -> Int? {
        // Tables exist for scales of at most 101 points; NaN and far-off points fail the bounds test.
        guard point >= -1e9, point <= 1e9 else { return nil }
        let whole = Int(point)
        guard Double(whole) == point else { return nil }
        let offset = whole - table.low
        guard offset >= 0, offset < table.count else { return nil }
        return table.first + offset
    }

    /// A prepared part; each starts with a comma, which the first line leaves out.
    @inline(__always)
    private func part(_ range: Range<Int>, _ index: Int, _ storage: UnsafeBufferPointer<UInt8>)
        -> UnsafeBufferPointer<UInt8>
    {
        UnsafeBufferPointer(
            rebasing: storage[(index == 0 ? range.lowerBound + 1 : range.lowerBound)..<range.upperBound])
    }
}

/// One compact explanation line, written once: `[answer,score,contribution]`.
enum CompactLine {
    static func write(
        to writer: inout JSONWriter, answer: (inout JSONWriter) -> Void, score: (inout JSONWriter) -> Void,
        contribution: (inout JSONWriter) -> Void
    ) {
        writer.beginArray()
        answer(&writer)
        score(&writer)
        contribution(&writer)
        writer.endArray()
    }
}
