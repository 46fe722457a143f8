import DazzleJSON
import QuestionnaireEngine
import Submissions

extension ScoreCard {
    /// The format tag of a scorecard file.
    public static let format = "dazzle.scorecard/1"

    /// Writes the scorecard as one JSON object (no trailing newline).
    public func write(to writer: inout JSONWriter) {
        ScoreCardWriter.write(CardContent(card: self), prepared: nil, to: &writer)
    }
}

extension Scorer {
    /// Writes a scorecard of this scorer's plan, faster than ``ScoreCard/write(to:)`` because the
    /// constant parts of the layout are prepared once per plan.
    public func write(_ card: ScoreCard, to writer: inout JSONWriter) {
        ScoreCardWriter.write(CardContent(card: card), prepared: prepared, to: &writer)
    }
}

/// A text field of a scorecard: a string, or bytes of the input already known to be valid JSON
/// string content (printable ASCII without quotes or backslashes), copied as they are.
enum ScoreCardText {
    case string(String)
    case plain(UnsafeBufferPointer<UInt8>)

    func write(to writer: inout JSONWriter) {
        switch self {
        case .string(let text): writer.string(text)
        case .plain(let bytes): writer.string(unescaped: bytes)
        }
    }
}

/// What the one scorecard writer reads: a decoded ``ScoreCard`` (``CardContent``), or the
/// stream's sheet and the bytes of the form it read (``SheetCard``, the fast path).
protocol ScoreCardContent {
    var candidateID: ScoreCardText { get }
    var candidateName: ScoreCardText { get }
    var candidateEmail: ScoreCardText? { get }
    var candidateRole: ScoreCardText? { get }
    /// The question set, rubric and raters; `nil` for the plan's own with no raters.
    var provenance:
        (questionnaire: (id: String, version: String), rubric: (id: String, version: String), raters: [String])?
    { get }
    var submitted: ScoreCardText? { get }
    var seconds: Double? { get }
    var overall: Double? { get }
    var standing: Standing? { get }
    var sem: Double? { get }
    var label: String { get }
    var decision: String { get }
    /// The rubric band whose label and decision the card has, when known: the writer copies
    /// them prepared.
    var band: Int? { get }
    /// The card's own dimension entries; `nil` when they are the plan's, in its order, read
    /// with ``planDimension(_:)``.
    var ownDimensions: [DimensionScore]? { get }
    func planDimension(_ index: Int) -> (score: Double?, answered: Int)
    var knockouts: [String] { get }
    var flags: [ValidityFlag] { get }
    /// Whether the explanation lists the plan's keys in the plan's order, so
    /// ``planLine(_:)`` gives each line's values.
    func explanationFollows(_ fragments: ExplanationFragments) -> Bool
    func planLine(_ index: Int) -> (answer: LineAnswer, score: Double, contribution: Double)
    /// Per key, its prepared line (a line of ``WholePointTable``), when the card is known to read
    /// exactly as its prepared lines: the fast path scored it by looking each answer up there.
    var preparedLines: UnsafeBufferPointer<Int32>? { get }
    /// The card's own explanation, written when it does not follow the plan.
    var ownExplanation: [ItemExplanation] { get }
    var ratings: [RaterRating] { get }
    var raterResults: [RaterResult] { get }
    var provisional: String? { get }
    var structures: [RaterStructure] { get }
    var warnings: [String] { get }
    func writeSources(to writer: inout JSONWriter)
}

/// An explanation line's answer: a point on the sheet (NaN when unanswered), or a decoded answer.
enum LineAnswer {
    case point(Double)
    case answer(Answer?)

    /// The scale point a prepared line is kept for: a number answer, NaN for anything else.
    var point: Double {
        switch self {
        case .point(let value): value
        case .answer(.number(let value)?): value
        case .answer: .nan
        }
    }
}

/// The scorecard layout, written once: both ways of scoring write their scorecards here.
enum ScoreCardWriter {
    static func write<Content: ScoreCardContent>(
        _ card: Content, prepared: PreparedScoreCard?, to writer: inout JSONWriter
    ) {
        writer.beginObject()
        ScoreCardWriter.opening.withUnsafeBufferPointer { writer.fragment($0) }
        card.candidateID.write(to: &writer)
        writer.key("name")
        card.candidateName.write(to: &writer)
        if let email = card.candidateEmail {
            writer.key("email")
            email.write(to: &writer)
        }
        if let role = card.candidateRole {
            writer.key("role")
            role.write(to: &writer)
        }
        writer.endObject()
        if let provenance = card.provenance {
            writeProvenance(provenance.questionnaire, provenance.rubric, provenance.raters, to: &writer)
            writer.key("submitted")
        } else if let prepared {
            prepared.storage.withUnsafeBufferPointer {
                writer.fragment(UnsafeBufferPointer(rebasing: $0[prepared.middle]))
            }
        } else {
            preconditionFailure("a scorecard of the plan's own provenance is written with the plan's layout")
        }
        if let submitted = card.submitted { submitted.write(to: &writer) } else { writer.null() }
        writer.key("seconds")
        if let seconds = card.seconds { writer.exact(seconds) } else { writer.null() }
        writer.key("overall")
        if let overall = card.overall { writer.exact(overall) } else { writer.null() }
        if let sem = card.sem {
            writer.key("sem")
            writer.exact(sem)
        }
        if let standing = card.standing {
            writer.key("standing")
            writer.beginObject()
            writer.key("reference")
            writer.string(standing.reference)
            writer.key("percentile")
            writer.exact(standing.percentile)
            writer.key("z")
            if let z = standing.z { writer.exact(z) } else { writer.null() }
            writer.key("t")
            if let t = standing.t { writer.exact(t) } else { writer.null() }
            writer.endObject()
        }
        if let prepared, let band = card.band {
            prepared.storage.withUnsafeBufferPointer {
                writer.members(UnsafeBufferPointer(rebasing: $0[prepared.verdicts[band]]))
            }
        } else {
            writeVerdict(label: card.label, decision: card.decision, to: &writer)
        }
        writer.key("dimensions")
        writer.beginArray()
        if let own = card.ownDimensions {
            for dimension in own {
                writeDimension(
                    id: dimension.id, name: dimension.name, weight: dimension.weight, score: dimension.score,
                    answered: dimension.answered, total: dimension.total, sem: dimension.sem, to: &writer)
            }
        } else if let prepared {
            prepared.storage.withUnsafeBufferPointer { storage in
                for index in prepared.dimensionHeads.indices {
                    let (score, answered) = card.planDimension(index)
                    writer.fragment(UnsafeBufferPointer(rebasing: storage[prepared.dimensionHeads[index]]))
                    if let score { writer.exact(score) } else { writer.null() }
                    writer.fragment(#","answered":"#)
                    writer.integer(answered)
                    writer.fragment(UnsafeBufferPointer(rebasing: storage[prepared.dimensionTails[index]]))
                }
            }
        }
        writer.endArray()
        writer.key("knockouts")
        writer.beginArray()
        for knockout in card.knockouts { writer.string(knockout) }
        writer.endArray()
        writer.key("flags")
        writer.beginArray()
        for flag in card.flags {
            writer.beginObject()
            writer.key("kind")
            writer.string(flag.kind.rawValue)
            writer.key("message")
            writer.string(flag.message)
            writer.endObject()
        }
        writer.endArray()
        switch prepared?.detail ?? .full {
        case .none:
            // No explanation key at all: a reader takes its absence as none.
            break
        case .compact where prepared.map { card.explanationFollows($0.fragments) } ?? false:
            writer.key("explanation")
            prepared?.fragments.writeCompact(of: card, to: &writer)
        case .compact, .full:
            // A card whose explanation does not follow the plan is written in full even in
            // compact mode: the arrays would have no item to belong to.
            writer.key("explanation")
            writer.beginArray()
            if let prepared, card.explanationFollows(prepared.fragments) {
                prepared.fragments.writeLines(of: card, to: &writer)
            } else {
                for line in card.ownExplanation {
                    ExplanationLine.write(
                        itemID: line.itemID, dimensionID: line.dimensionID, weight: line.weight, to: &writer,
                        answer: { writeAnswer(line.answer, to: &$0) },
                        score: { writer in
                            if let score = line.itemScore { writer.number(score) } else { writer.null() }
                        },
                        contribution: { $0.number(line.contribution) })
                }
            }
            writer.endArray()
        }
        if !card.ratings.isEmpty {
            writer.key("ratings")
            writer.beginArray()
            for rating in card.ratings {
                writer.beginObject()
                writer.key("rater")
                writer.string(rating.rater)
                writer.key("item")
                writer.string(rating.itemID)
                writer.key("value")
                writer.exact(rating.value)
                writer.key("notes")
                writer.beginArray()
                for note in rating.notes { writer.string(note) }
                writer.endArray()
                writer.endObject()
            }
            writer.endArray()
        }
        if !card.raterResults.isEmpty {
            writer.key("raterResults")
            writer.beginArray()
            for result in card.raterResults {
                writer.beginObject()
                writer.key("rater")
                writer.string(result.rater)
                writer.key("overall")
                if let overall = result.overall { writer.exact(overall) } else { writer.null() }
                writer.key("label")
                writer.string(result.label)
                writer.key("decision")
                writer.string(result.decision)
                writer.endObject()
            }
            writer.endArray()
        }
        if let provisional = card.provisional {
            writer.key("provisional")
            writer.string(provisional)
        }
        if !card.structures.isEmpty {
            writer.key("structure")
            writer.beginArray()
            for structure in card.structures {
                writer.beginObject()
                writer.key("rater")
                writer.string(structure.rater)
                writer.key("met")
                writer.integer(structure.summary.met)
                writer.key("of")
                writer.integer(structure.summary.of)
                writer.key("notMet")
                writer.beginArray()
                for name in structure.summary.notMet { writer.string(name) }
                writer.endArray()
                writer.endObject()
            }
            writer.endArray()
        }
        writer.key("warnings")
        writer.beginArray()
        for warning in card.warnings { writer.string(warning) }
        writer.endArray()
        writer.key("sources")
        writer.beginArray()
        card.writeSources(to: &writer)
        writer.endArray()
        writer.endObject()
    }

    /// `"format":…,"candidate":{"id":`, the same for every scorecard.
    static let opening: [UInt8] = {
        var writer = JSONWriter(reservingCapacity: 64)
        writer.beginObject()
        writer.key("format")
        writer.string(ScoreCard.format)
        writer.key("candidate")
        writer.beginObject()
        writer.key("id")
        return Array(writer.bytes.dropFirst())
    }()

    /// The `label` and `decision` members.
    static func writeVerdict(label: String, decision: String, to writer: inout JSONWriter) {
        writer.key("label")
        writer.string(label)
        writer.key("decision")
        writer.string(decision)
    }

    /// One entry of `dimensions`.
    static func writeDimension(
        id: String, name: String, weight: Double, score: Double?, answered: Int, total: Int, sem: Double? = nil,
        to writer: inout JSONWriter
    ) {
        writer.beginObject()
        writer.key("id")
        writer.string(id)
        writer.key("name")
        writer.string(name)
        writer.key("weight")
        writer.exact(weight)
        writer.key("score")
        if let score { writer.exact(score) } else { writer.null() }
        writer.key("answered")
        writer.integer(answered)
        writer.key("total")
        writer.integer(total)
        if let sem {
            writer.key("sem")
            writer.exact(sem)
        }
        writer.endObject()
    }

    /// The `questionnaire`, `rubric` and `raters` members.
    static func writeProvenance(
        _ questionnaire: (id: String, version: String), _ rubric: (id: String, version: String), _ raters: [String],
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
}

/// The layout of one explanation line, written once. Each value is written by its closure, so the
/// stream's prepared lines and fragments (``ExplanationFragments``) are cut from this very layout.
enum ExplanationLine {
    static func write(
        itemID: String, dimensionID: String, weight: Double, to writer: inout JSONWriter,
        answer: (inout JSONWriter) -> Void, score: (inout JSONWriter) -> Void,
        contribution: (inout JSONWriter) -> Void
    ) {
        writer.beginObject()
        writer.key("item")
        writer.string(itemID)
        writer.key("dimension")
        writer.string(dimensionID)
        writer.key("answer")
        answer(&writer)
        writer.key("score")
        score(&writer)
        writer.key("weight")
        writer.exact(weight)
        writer.key("contribution")
        contribution(&writer)
        writer.endObject()
    }
}

/// A decoded scorecard, as the writer reads it.
struct CardContent: ScoreCardContent {
    let card: ScoreCard

    var candidateID: ScoreCardText { .string(card.candidateID) }
    var candidateName: ScoreCardText { .string(card.candidateName) }
    var candidateEmail: ScoreCardText? { card.candidateEmail.map(ScoreCardText.string) }
    var candidateRole: ScoreCardText? { card.role.map(ScoreCardText.string) }
    var provenance:
        (questionnaire: (id: String, version: String), rubric: (id: String, version: String), raters: [String])?
    {
        ((card.questionnaireID, card.questionnaireVersion), (card.rubricID, card.rubricVersion), card.raters)
    }
    var submitted: ScoreCardText? { card.submitted.map(ScoreCardText.string) }
    var seconds: Double? { card.seconds }
    var overall: Double? { card.overall }
    var standing: Standing? { card.standing }
    var sem: Double? { card.sem }
    var label: String { card.label }
    var decision: String { card.decision }
    var band: Int? { nil }
    var ownDimensions: [DimensionScore]? { card.dimensions }
    func planDimension(_ index: Int) -> (score: Double?, answered: Int) {
        (card.dimensions[index].score, card.dimensions[index].answered)
    }
    var knockouts: [String] { card.knockouts }
    var flags: [ValidityFlag] { card.flags }
    func explanationFollows(_ fragments: ExplanationFragments) -> Bool { fragments.matches(card.explanation) }
    func planLine(_ index: Int) -> (answer: LineAnswer, score: Double, contribution: Double) {
        let line = card.explanation[index]
        return (.answer(line.answer), line.itemScore ?? .nan, line.contribution)
    }
    var preparedLines: UnsafeBufferPointer<Int32>? { nil }
    var ownExplanation: [ItemExplanation] { card.explanation }
    var ratings: [RaterRating] { card.ratings }
    var raterResults: [RaterResult] { card.raterResults }
    var provisional: String? { card.provisional }
    var structures: [RaterStructure] { card.structures }
    var warnings: [String] { card.warnings }
    func writeSources(to writer: inout JSONWriter) {
        for source in card.sources { writer.string(source) }
    }
}

/// Writes an answer, or `null` when unanswered; whole numbers without floating-point work.
public func writeAnswer(_ answer: Answer?, to writer: inout JSONWriter) {
    switch answer {
    case nil: writer.null()
    case .number(let value)?: writer.wholeOrNumber(value)
    case let answer?: answer.write(to: &writer)
    }
}

extension Rejection {
    /// The format a rejection record names when it travels among scorecards.
    public static let recordFormat = "dazzle.rejection/1"

    /// Writes the rejection as a record of a stream: format, source, line, candidate (when
    /// known) and reason, so a job's output alone accounts for every input line.
    public func writeRecord(line: Int, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("format")
        writer.string(Self.recordFormat)
        writer.key("source")
        writer.string(source)
        writer.key("line")
        writer.integer(line)
        writer.key("candidate")
        writer.string(candidateID)
        writer.key("reason")
        writer.string(reason)
        writer.endObject()
    }

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
