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
    /// Per rubric band: its `"label":…,"decision":…` members.
    let verdicts: [Range<Int>]
    let fragments: ExplanationFragments
    let detail: ExplanationDetail
    /// The usual form's numbers, which the fast path scores by and the prepared lines show.
    let wholePoints: WholePointTable

    init(plan: ScoringPlan, detail: ExplanationDetail = .full) {
        self.detail = detail
        let wholePoints = WholePointTable(plan: plan)
        self.wholePoints = wholePoints
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
        verdicts = plan.rubric.bands.map { band in
            writer.reset()
            writer.beginObject()
            ScoreCardWriter.writeVerdict(label: band.label, decision: band.decision, to: &writer)
            return add(writer.bytes.dropFirst())
        }
        self.storage = storage
        fragments = ExplanationFragments(plan: plan, wholePoints: wholePoints)
    }
}

/// The constant parts of a plan's explanation lines, cut from ``ExplanationLine``: per keyed
/// item, `{"item":"q1","dimension":"d1","answer":` and `,"weight":1,"contribution":`; and, for
/// items on a whole-number scale, every line in full as it reads when the candidate answered
/// every item (the usual case, with the numbers of ``WholePointTable``), copied whole when the
/// numbers match bit for bit.
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
    /// The prepared lines' keys and numbers: a line of the table is a prepared line here.
    let wholePoints: WholePointTable
    /// Per prepared line: its text (with a leading comma).
    let lineRanges: [Range<Int>]
    /// Per prepared line: the same numbers as a compact line, `[answer,score,contribution]`.
    let compactLines: [Range<Int>]
    /// Per prepared line: the compact line after a comma in a fixed slot, so the usual card's
    /// explanation is copied a slot at a time.
    let compactSlots: [CompactSlot]
    /// Whether every prepared line fits its slot (none is longer than a slot's width).
    let everySlotFilled: Bool

    /// A compact line's text with its leading comma in four words (little-endian,
    /// zero-padded), copied whole.
    struct CompactSlot {
        static let width = 32
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        /// How many of the bytes are the line's; 0 when it is longer than a slot.
        var length = 0

        init(text: [UInt8]) {
            guard text.count <= Self.width else { return }
            let padded = text + [UInt8](repeating: 0, count: Self.width - text.count)
            withUnsafeMutableBytes(of: &words) { $0.copyBytes(from: padded) }
            length = text.count
        }

        /// Stores the line with its comma at `target` (room for a whole slot); returns its length.
        @inline(__always)
        func store(at target: UnsafeMutableRawPointer) -> Int {
            target.storeBytes(of: words.0, as: UInt64.self)
            target.storeBytes(of: words.1, toByteOffset: 8, as: UInt64.self)
            target.storeBytes(of: words.2, toByteOffset: 16, as: UInt64.self)
            target.storeBytes(of: words.3, toByteOffset: 24, as: UInt64.self)
            return length
        }

        /// Stores the line without its comma (the first of an array); returns its length.
        func storeFirst(at target: UnsafeMutableRawPointer) -> Int {
            withUnsafeBytes(of: words) { target.copyMemory(from: $0.baseAddress! + 1, byteCount: length - 1) }
            return length - 1
        }
    }

    init(plan: ScoringPlan, wholePoints: WholePointTable) {
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

        var lines: [Range<Int>] = []
        var compact: [Range<Int>] = []
        var slots: [CompactSlot] = []
        var position = 0
        for compiled in plan.dimensions {
            for key in compiled.keys {
                let table = wholePoints.keys[position]
                position += 1
                for offset in 0..<table.pointCount {
                    let answer = Answer.number(table.low + Double(offset))
                    let numbers = wholePoints.lines[table.first + offset]
                    var writer = JSONWriter(reservingCapacity: 128)
                    ExplanationLine.write(
                        itemID: key.itemID, dimensionID: compiled.dimension.id, weight: key.weight, to: &writer,
                        answer: { writeAnswer(answer, to: &$0) }, score: { $0.number(numbers.score) },
                        contribution: { $0.number(numbers.contribution) })
                    lines.append(add([UInt8(ascii: ",")] + writer.bytes[...]))
                    var triple = JSONWriter(reservingCapacity: 32)
                    CompactLine.write(
                        to: &triple, answer: { writeAnswer(answer, to: &$0) }, score: { $0.number(numbers.score) },
                        contribution: { $0.number(numbers.contribution) })
                    compact.append(add(triple.bytes[...]))
                    slots.append(CompactSlot(text: [UInt8(ascii: ",")] + triple.bytes))
                }
            }
        }
        self.wholePoints = wholePoints
        lineRanges = lines
        compactLines = compact
        compactSlots = slots
        everySlotFilled = slots.allSatisfy { $0.length > 0 }
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
            if let prepared = card.preparedLines {
                for index in 0..<itemIDs.count {
                    writer.fragment(part(lineRanges[Int(prepared[index])], index, storage))
                }
                return
            }
            for index in 0..<itemIDs.count {
                let (answer, score, contribution) = card.planLine(index)
                let point = answer.point
                if let line = preparedLine(index, point: point, score: score, contribution: contribution) {
                    writer.fragment(part(lineRanges[line], index, storage))
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
        compactSlots.withUnsafeBufferPointer { slots in
            writer.rawValues(maximum: keyCount * CompactSlot.width) { room, needsComma in
                var at = 0
                if let prepared = card.preparedLines, everySlotFilled, keyCount > 0 {
                    // Every line prepared and in its slot: nothing to compare or check.
                    let first = slots[Int(prepared[0])]
                    at = needsComma ? first.store(at: room) : first.storeFirst(at: room)
                    for line in prepared[1..<keyCount] {
                        at &+= slots[Int(line)].store(at: UnsafeMutableRawPointer(room + at))
                    }
                    index = keyCount
                    return at
                }
                while index < keyCount {
                    let (answer, score, contribution) = card.planLine(index)
                    guard let line = preparedLine(index, point: answer.point, score: score, contribution: contribution),
                        slots[line].length > 0
                    else { break }
                    let target = UnsafeMutableRawPointer(room + at)
                    at += at == 0 && !needsComma ? slots[line].storeFirst(at: target) : slots[line].store(at: target)
                    index += 1
                }
                return at
            }
        }
        guard index < keyCount else { return writer.endArray() }
        storage.withUnsafeBufferPointer { storage in
            for index in index..<keyCount {
                let (answer, score, contribution) = card.planLine(index)
                if let line = preparedLine(index, point: answer.point, score: score, contribution: contribution) {
                    writer.raw(UnsafeBufferPointer(rebasing: storage[compactLines[line]]))
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

    /// The prepared line for a key's values, when one reads exactly as the line would be written:
    /// a point on its scale, bit for bit the same item score and contribution.
    @inline(__always)
    private func preparedLine(_ index: Int, point: Double, score: Double, contribution: Double) -> Int? {
        guard let line = WholePointTable.line(wholePoints.keys[index], point: point),
            wholePoints.lines[line].score.bitPattern == score.bitPattern,
            wholePoints.lines[line].contribution.bitPattern == contribution.bitPattern
        else { return nil }
        return line
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
