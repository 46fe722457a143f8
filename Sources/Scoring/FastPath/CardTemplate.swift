import DazzleJSON
import QuestionnaireEngine
import Submissions

/// The usual scorecard of one shape as constant text around its values, so the stream's fast path
/// copies the text and writes only the values.
///
/// The text is cut from what ``ScoreCardWriter`` itself writes for a card of that shape whose
/// values are marked (``MarkedCard``), so the layout still exists once. It is written twice, with
/// two sets of marks, and kept only when both cut into the same text; a card of any other shape
/// (flags, knockouts, a standing, no overall score) is written by the writer as before.
final class CardTemplate {
    /// What tells the constant text of the usual cards apart: which optional members they have
    /// and their rubric band.
    struct Shape: Equatable {
        var hasEmail: Bool
        var hasRole: Bool
        var hasSubmitted: Bool
        var hasSeconds: Bool
        var band: Int

        /// The shape's place in a table of `bandCount` × 16 shapes.
        func index(bandCount: Int) -> Int? {
            guard band >= 0, band < bandCount else { return nil }
            return band << 4 | (hasEmail ? 8 : 0) | (hasRole ? 4 : 0) | (hasSubmitted ? 2 : 0) | (hasSeconds ? 1 : 0)
        }
    }

    /// A value the card writes between two constant parts.
    enum Hole: Equatable {
        case candidateID, candidateName, email, role, submitted, seconds, overall
        case score(Int)
        case explanation
        case lineNumber
    }

    let text: [UInt8]
    /// The constant parts: `segments[i]` comes before `holes[i]`; the last one after the last
    /// hole, ending with the card's closing brace.
    let segments: [Range<Int>]
    let holes: [Hole]

    private init(text: [UInt8], segments: [Range<Int>], holes: [Hole]) {
        self.text = text
        self.segments = segments
        self.holes = holes
    }

    /// The template of a shape, or `nil` when the writer's text cannot be cut at its values.
    /// - Parameter keyCounts: per dimension, how many keys it has: every one is answered in a
    /// card scored by table, the only kind written from a template.
    convenience init?(shape: Shape, prepared: PreparedScoreCard, sourcePrefix: [UInt8], keyCounts: [Int]) {
        guard let first = Self.cut(shape, prepared, sourcePrefix, keyCounts, mark: 1),
            let second = Self.cut(shape, prepared, sourcePrefix, keyCounts, mark: 2),
            first.holes == second.holes, first.segments.count == second.segments.count,
            zip(first.segments, second.segments).allSatisfy({ first.text[$0] == second.text[$1] }),
            first.text.last == UInt8(ascii: "}")
        else { return nil }
        self.init(text: first.text, segments: first.segments, holes: first.holes)
    }

    /// The writer's text for a card of the shape marked with `mark`, cut at its values.
    private static func cut(
        _ shape: Shape, _ prepared: PreparedScoreCard, _ sourcePrefix: [UInt8], _ keyCounts: [Int], mark: Int
    ) -> (text: [UInt8], segments: [Range<Int>], holes: [Hole])? {
        let marks = MarkedCard.marks(mark)
        var writer = JSONWriter(reservingCapacity: 4096)
        marks.withUnsafeBufferPointer { marks in
            ScoreCardWriter.write(
                MarkedCard(shape: shape, mark: mark, sourcePrefix: sourcePrefix, keyCounts: keyCounts, marks: marks),
                prepared: prepared,
                to: &writer)
        }
        let text = writer.bytes
        // Every hole's mark, to be found exactly once.
        var marked: [(hole: Hole, bytes: [UInt8])] = [
            (.candidateID, MarkedCard.textMark(0, mark: mark)), (.candidateName, MarkedCard.textMark(1, mark: mark)),
            (.seconds, Array(String(MarkedCard.numberMark(0, mark: mark)).utf8)),
            (.overall, Array(String(MarkedCard.numberMark(1, mark: mark)).utf8)),
            (.lineNumber, Array(String(MarkedCard.numberMark(2, mark: mark)).utf8)),
        ]
        if shape.hasEmail { marked.append((.email, MarkedCard.textMark(2, mark: mark))) }
        if shape.hasRole { marked.append((.role, MarkedCard.textMark(3, mark: mark))) }
        if shape.hasSubmitted { marked.append((.submitted, MarkedCard.textMark(4, mark: mark))) }
        if !shape.hasSeconds { marked.removeAll { $0.hole == .seconds } }
        for index in keyCounts.indices {
            marked.append((.score(index), Array(String(MarkedCard.numberMark(100 + index, mark: mark)).utf8)))
        }
        var found: [(hole: Hole, range: Range<Int>)] = []
        for (hole, bytes) in marked {
            guard let range = Self.find(bytes, in: text), Self.find(bytes, in: text, from: range.upperBound) == nil
            else { return nil }
            found.append((hole, range))
        }
        if prepared.detail != .none {
            // A marked card has no explanation of its own: the writer writes an empty one.
            var empty = JSONWriter(reservingCapacity: 64)
            empty.beginObject()
            empty.key("explanation")
            let member = Array(empty.bytes.dropFirst())
            guard let range = Self.find(member + [UInt8(ascii: "["), UInt8(ascii: "]")], in: text),
                Self.find(member, in: text, from: range.upperBound) == nil
            else { return nil }
            found.append((.explanation, (range.lowerBound + member.count)..<range.upperBound))
        }
        found.sort { $0.range.lowerBound < $1.range.lowerBound }
        var segments: [Range<Int>] = []
        var start = 0
        for (_, range) in found {
            guard range.lowerBound >= start else { return nil }
            segments.append(start..<range.lowerBound)
            start = range.upperBound
        }
        segments.append(start..<text.count)
        return (text, segments, found.map(\.hole))
    }

    /// Where `needle` first occurs in `text` from `start`.
    private static func find(_ needle: [UInt8], in text: [UInt8], from start: Int = 0) -> Range<Int>? {
        guard !needle.isEmpty, text.count >= needle.count, start <= text.count - needle.count else { return nil }
        for at in start...(text.count - needle.count) where text[at] == needle[0] {
            if text[at..<(at + needle.count)].elementsEqual(needle) { return at..<(at + needle.count) }
        }
        return nil
    }

    /// Writes a card of this template's shape: the constant text, and the card's values where
    /// the marks were. The same bytes as ``ScoreCardWriter/write(_:prepared:to:)`` for the card.
    func write(_ card: SheetCard, prepared: PreparedScoreCard, to writer: inout JSONWriter) {
        text.withUnsafeBufferPointer { text in
            for (index, hole) in holes.enumerated() {
                writer.fragment(UnsafeBufferPointer(rebasing: text[segments[index]]))
                switch hole {
                case .candidateID: card.candidateID.writeBare(to: &writer)
                case .candidateName: card.candidateName.writeBare(to: &writer)
                case .email: card.candidateEmail?.writeBare(to: &writer)
                case .role: card.candidateRole?.writeBare(to: &writer)
                case .submitted: card.submitted?.writeBare(to: &writer)
                case .seconds: writer.exact(card.seconds ?? .nan)
                case .overall: writer.exact(card.overallScore)
                case .score(let dimension): writer.exact(card.dimensionScores[dimension])
                case .lineNumber: writer.integer(card.lineNumber)
                case .explanation:
                    switch prepared.detail {
                    case .compact: prepared.fragments.writeCompact(of: card, to: &writer)
                    case .full:
                        writer.beginArray()
                        prepared.fragments.writeLines(of: card, to: &writer)
                        writer.endArray()
                    case .none: break
                    }
                }
            }
            // The closing brace as the writer ends an object, so what follows is separated alike.
            let last = segments[segments.count - 1]
            writer.fragment(UnsafeBufferPointer(rebasing: text[last.lowerBound..<(last.upperBound - 1)]))
            writer.endObject()
        }
    }
}

extension ScoreCardText {
    /// The text's bytes without quotes: only for plain text (copied as it is).
    func writeBare(to writer: inout JSONWriter) {
        switch self {
        case .plain(let bytes): writer.fragment(bytes)
        case .string(let text):
            // Fast-path cards hold plain text only; a string would need its escapes.
            preconditionFailure("a template writes plain text only, not \(text)")
        }
    }
}

/// A card of one shape whose values are marks: text values are a control byte, a letter for the
/// value and the mark (bytes no written JSON string holds as they are), numbers are
/// ten-digit whole numbers. ``CardTemplate`` finds them in the writer's text. The answered
/// counts are not marked: a card written from a template was scored by table, every key answered.
struct MarkedCard: PlainFormCard {
    let shape: CardTemplate.Shape
    let mark: Int
    let sourcePrefix: [UInt8]
    /// Per dimension, its answered count: all its keys.
    let keyCounts: [Int]
    /// The text marks, four bytes each, borrowed from the template's builder.
    private let marks: UnsafeBufferPointer<UInt8>

    init(
        shape: CardTemplate.Shape, mark: Int, sourcePrefix: [UInt8], keyCounts: [Int],
        marks: UnsafeBufferPointer<UInt8>
    ) {
        self.shape = shape
        self.mark = mark
        self.sourcePrefix = sourcePrefix
        self.keyCounts = keyCounts
        self.marks = marks
    }

    /// The five text marks of a set, one after another.
    static func marks(_ mark: Int) -> [UInt8] {
        (0..<5).flatMap { [0x01, 0x61 + UInt8($0), 0x30 + UInt8(mark), 0x01] }
    }

    static func textMark(_ index: Int, mark: Int) -> [UInt8] { Array(marks(mark)[(index * 4)..<(index * 4 + 4)]) }
    static func numberMark(_ index: Int, mark: Int) -> Int { mark * 1_000_000_000 + 1_000_000 + index }
    private func numberMark(_ index: Int) -> Int { Self.numberMark(index, mark: mark) }

    private func text(_ index: Int) -> ScoreCardText {
        .plain(UnsafeBufferPointer(rebasing: marks[(index * 4)..<(index * 4 + 4)]))
    }

    var candidateID: ScoreCardText { text(0) }
    var candidateName: ScoreCardText { text(1) }
    var candidateEmail: ScoreCardText? { shape.hasEmail ? text(2) : nil }
    var candidateRole: ScoreCardText? { shape.hasRole ? text(3) : nil }
    var submitted: ScoreCardText? { shape.hasSubmitted ? text(4) : nil }
    var seconds: Double? { shape.hasSeconds ? Double(numberMark(0)) : nil }
    var overall: Double? { Double(numberMark(1)) }
    var standing: Standing? { nil }
    var label: String { "" }
    var decision: String { "" }
    var band: Int? { shape.band }
    func planDimension(_ index: Int) -> (score: Double?, answered: Int) {
        (Double(numberMark(100 + index)), keyCounts[index])
    }
    var knockouts: [String] { [] }
    var flags: [ValidityFlag] { [] }
    func explanationFollows(_ fragments: ExplanationFragments) -> Bool { false }
    func planLine(_ index: Int) -> (answer: LineAnswer, score: Double, contribution: Double) { (.point(.nan), .nan, 0) }
    var preparedLines: UnsafeBufferPointer<Int32>? { nil }
    func writeSources(to writer: inout JSONWriter) {
        sourcePrefix.withUnsafeBufferPointer { SheetCard.writeSource(prefix: $0, line: numberMark(2), to: &writer) }
    }
}
