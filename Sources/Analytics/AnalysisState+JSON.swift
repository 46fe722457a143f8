import DazzleJSON
import QuestionnaireEngine
import Scoring
import Submissions

extension AnalysisState {
    /// Writes one candidate's state line: the scorecard without its explanation (written by
    /// `scorer`, which must have ``ExplanationDetail/none``), each key's `[answer, score,
    /// contribution]` in the rubric's order at full precision (a scorecard shows them to 4
    /// places; the analyses need the numbers themselves), the demographics and a panel's answers.
    public static func writeMember(_ member: Member, scorer: Scorer, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("format")
        writer.string(format)
        writer.key("candidate")
        scorer.write(member.card, to: &writer)
        writer.key("items")
        writer.beginArray()
        for line in member.card.explanation {
            writer.beginArray()
            writeExactAnswer(line.answer, to: &writer)
            if let score = line.itemScore { writer.exact(score) } else { writer.null() }
            writer.exact(line.contribution)
            writer.endArray()
        }
        writer.endArray()
        writer.key("demographics")
        writer.beginObject()
        for (field, value) in member.demographics.sorted(by: { $0.key < $1.key }) {
            writer.key(named: field)
            writer.string(value)
        }
        writer.endObject()
        if !member.panel.isEmpty {
            writer.key("panel")
            writer.beginArray()
            for submission in member.panel {
                writer.beginObject()
                writer.key("rater")
                writer.string(submission.rater)
                writer.key("submitted")
                writer.string(submission.submitted)
                writer.key("seconds")
                if let seconds = submission.seconds { writer.exact(seconds) } else { writer.null() }
                writer.key("source")
                writer.string(submission.source)
                writer.key("answers")
                writer.beginArray()
                for answer in submission.answers { writeExactAnswer(answer, to: &writer) }
                writer.endArray()
                writer.endObject()
            }
            writer.endArray()
        }
        writer.endObject()
    }

    /// An answer as a scorecard writes it, numbers at full precision.
    static func writeExactAnswer(_ answer: Answer?, to writer: inout JSONWriter) {
        if case .number(let value)? = answer {
            writer.exact(value)
        } else {
            writeAnswer(answer, to: &writer)
        }
    }

    /// Writes a rejection's state line.
    public static func writeRejection(_ rejection: Rejection, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("format")
        writer.string(format)
        writer.key("rejection")
        rejection.write(to: &writer)
        writer.endObject()
    }

    /// Writes the line that closes a part: the rules it was scored by and its counts.
    public static func writePart(
        identity: Identity, read: Int, candidates: Int, rejections: Int, to writer: inout JSONWriter
    ) {
        writer.beginObject()
        writer.key("format")
        writer.string(format)
        writer.key("part")
        writer.beginObject()
        func source(_ id: String, _ version: String, _ hash: String) {
            writer.beginObject()
            writer.key("id")
            writer.string(id)
            writer.key("version")
            writer.string(version)
            writer.key("hash")
            writer.string(hash)
            writer.endObject()
        }
        writer.key("questionnaire")
        source(identity.questionnaireID, identity.questionnaireVersion, identity.questionnaireHash)
        writer.key("rubric")
        source(identity.rubricID, identity.rubricVersion, identity.rubricHash)
        writer.key("missingCodes")
        writer.beginArray()
        for code in identity.missingCodes { writer.string(code) }
        writer.endArray()
        writer.key("read")
        writer.integer(read)
        writer.key("candidates")
        writer.integer(candidates)
        writer.key("rejected")
        writer.integer(rejections)
        writer.endObject()
        writer.endObject()
    }

    /// Writes the whole state as one part's lines.
    public func write(plan: ScoringPlan, to writer: inout JSONWriter) {
        let scorer = Scorer(plan: plan, explanation: .none)
        for member in members {
            Self.writeMember(member, scorer: scorer, to: &writer)
            writer.endLine()
        }
        for rejection in rejections {
            Self.writeRejection(rejection, to: &writer)
            writer.endLine()
        }
        Self.writePart(
            identity: identity ?? Identity(plan: plan), read: read, candidates: members.count,
            rejections: rejections.count, to: &writer)
        writer.endLine()
    }

    /// Reads the state lines of one file (JSON Lines; scorecards and other lines among them are
    /// skipped) for `plan`.
    /// - Throws: ``StateError`` naming the line: a state line that cannot be read, a part scored
    ///   by other rules than `plan`'s, or candidate and rejection lines that do not add up to the
    ///   parts' counts (a part cut short, or lines without their part).
    /// - Returns: the state and how many lines were not state lines.
    public static func read(_ bytes: [UInt8], file: String, plan: ScoringPlan) throws(StateError) -> (
        state: AnalysisState, otherLines: Int
    ) {
        // The rules first: a part scored by others is refused before its candidates are read by these.
        if let named = partIdentity(in: bytes), named.identity != Identity(plan: plan) {
            throw StateError(file: file, line: named.line, reason: mismatch(named.identity, Identity(plan: plan)))
        }
        var reader = StateReader(file: file, plan: plan)
        var members: [Member] = []
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            defer { start = end + 1 }
            if let member = try reader.read(line: bytes[start..<end]) { members.append(member) }
        }
        var state = try reader.finish()
        state.members = members
        return (state, reader.otherLines)
    }

    /// The rules the first part line of a file names, to load them when none are given.
    public static func partIdentity(in bytes: [UInt8]) -> (identity: Identity, line: Int)? {
        var start = 0
        var line = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            line += 1
            defer { start = end + 1 }
            // A part line names its kind early; candidate lines are skipped unparsed.
            guard end - start < 4096, mayBeStateLine(bytes[start..<end]),
                contains(Array(#""part""#.utf8), in: bytes[start..<min(end, start + 100)]),
                case .success(let object) = object(Array(bytes[start..<end])),
                object["format"]?.stringValue == format, let part = object["part"]?.objectValue
            else { continue }
            return (identity(part), line)
        }
        return nil
    }

    /// Whether a line can be a state line: it names the state format near its start.
    static func mayBeStateLine(_ line: ArraySlice<UInt8>) -> Bool {
        contains(Array("dazzle.analysis-state/".utf8), in: line.prefix(64))
    }

    static func contains(_ needle: [UInt8], in window: ArraySlice<UInt8>) -> Bool {
        guard window.count >= needle.count else { return false }
        var index = window.startIndex
        while index + needle.count <= window.endIndex {
            if window[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    /// A line as a JSON object, or why it is not one.
    @inline(never)
    static func object(_ bytes: [UInt8]) -> Result<JSONObject, LineProblem> {
        do {
            guard let object = try JSONReader().read(bytes).objectValue else {
                return .failure(LineProblem(reason: "a state line must be a JSON object"))
            }
            return .success(object)
        } catch {
            return .failure(LineProblem(reason: "not valid JSON: \(error.message)"))
        }
    }

    struct LineProblem: Error {
        var reason: String
    }

    static func identity(_ part: JSONObject) -> Identity {
        let questionnaire = part["questionnaire"]?.objectValue
        let rubric = part["rubric"]?.objectValue
        return Identity(
            questionnaireID: questionnaire?["id"]?.stringValue ?? "",
            questionnaireVersion: questionnaire?["version"]?.stringValue ?? "",
            questionnaireHash: questionnaire?["hash"]?.stringValue ?? "", rubricID: rubric?["id"]?.stringValue ?? "",
            rubricVersion: rubric?["version"]?.stringValue ?? "", rubricHash: rubric?["hash"]?.stringValue ?? "",
            missingCodes: (part["missingCodes"]?.arrayValue ?? []).compactMap(\.stringValue))
    }

    static func panel(_ value: JSONValue?, card: ScoreCard, demographics: [String: String], plan: ScoringPlan)
        -> [Submission]
    {
        let slots = plan.items.count
        return (value?.arrayValue ?? []).compactMap(\.objectValue).map { entry in
            var answers = (entry["answers"]?.arrayValue ?? []).map(ScoreCard.answer)
            answers = Array(answers.prefix(slots)) + [Answer?](repeating: nil, count: max(0, slots - answers.count))
            return Submission(
                questionnaireID: card.questionnaireID, version: card.questionnaireVersion,
                candidate: Candidate(id: card.candidateID, name: card.candidateName, demographics: demographics),
                rater: entry["rater"]?.stringValue, submitted: entry["submitted"]?.stringValue,
                seconds: entry["seconds"]?.numberValue, answers: answers,
                notes: [[String]](repeating: [], count: slots), source: entry["source"]?.stringValue ?? "")
        }
    }

    static func count(_ value: JSONValue?) -> Int {
        guard let number = value?.numberValue, number >= 0, number < 1e15, number == number.rounded() else { return 0 }
        return Int(number)
    }
}

/// Reads a file's state lines one at a time, so a file of a million candidates is never held
/// whole: candidates are handed back as they are read; rejections, counts and the part lines'
/// promises are kept and checked at the end (``finish()``).
public struct StateReader {
    public let file: String
    let plan: ScoringPlan
    let expected: AnalysisState.Identity
    /// The state so far, without its members (which ``read(line:)`` hands back).
    private var state = AnalysisState()
    /// Lines that were not state lines.
    public private(set) var otherLines = 0
    /// Lines read so far.
    public private(set) var lineNumber = 0
    private var counted = (candidates: 0, rejections: 0)
    // What the part lines promise, checked against the lines found.
    private var promised = (candidates: 0, rejections: 0)

    public init(file: String, plan: ScoringPlan) {
        self.file = file
        self.plan = plan
        expected = AnalysisState.Identity(plan: plan)
    }

    /// Reads the next line (without its newline).
    /// - Returns: the candidate the line holds; `nil` for any other line.
    public mutating func read(line: ArraySlice<UInt8>) throws(StateError) -> AnalysisState.Member? {
        lineNumber += 1
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return nil }
        // Cheap test first: most lines of a job's output are scorecards.
        guard AnalysisState.mayBeStateLine(line) else {
            otherLines += 1
            return nil
        }
        let object: JSONObject
        switch AnalysisState.object(Array(line)) {
        case .success(let value): object = value
        case .failure(let problem): throw StateError(file: file, line: lineNumber, reason: problem.reason)
        }
        guard let tag = object["format"]?.stringValue, tag.hasPrefix("dazzle.analysis-state/") else {
            otherLines += 1
            return nil
        }
        guard tag == AnalysisState.format else {
            throw StateError(
                file: file, line: lineNumber,
                reason:
                    "a state line of format '\(tag)', which this version of Dazzle does not read (it reads '\(AnalysisState.format)'); merge with the version that wrote it"
            )
        }
        if let candidate = object["candidate"] {
            counted.candidates += 1
            return try AnalysisState.member(candidate, object: object, file: file, line: lineNumber, plan: plan)
        } else if let rejection = object["rejection"]?.objectValue {
            state.rejections.append(
                Rejection(
                    source: rejection["source"]?.stringValue ?? "",
                    candidateID: rejection["candidate"]?.stringValue,
                    reason: rejection["reason"]?.stringValue ?? ""))
            counted.rejections += 1
        } else if let part = object["part"]?.objectValue {
            let identity = AnalysisState.identity(part)
            guard identity == expected else {
                throw StateError(file: file, line: lineNumber, reason: AnalysisState.mismatch(identity, expected))
            }
            state.identity = identity
            state.parts += 1
            state.read += AnalysisState.count(part["read"])
            promised.candidates += AnalysisState.count(part["candidates"])
            promised.rejections += AnalysisState.count(part["rejected"])
        } else {
            throw StateError(
                file: file, line: lineNumber,
                reason: "a state line that is neither a candidate, a rejection nor a part; it was changed by hand?")
        }
        return nil
    }

    /// Reads the next line, but a candidate's line as ``AnalysisState/writeMember(_:scorer:to:)``
    /// writes it is only counted, for the caller to parse (``AnalysisState/member(line:file:lineNumber:plan:)``),
    /// on another core perhaps.
    /// - Returns: whether the line is a candidate's, left to the caller.
    public mutating func readDeferringCandidates(line: ArraySlice<UInt8>) throws(StateError) -> Bool {
        if line.starts(with: Self.candidatePrefix) {
            lineNumber += 1
            counted.candidates += 1
            return true
        }
        return try read(line: line) != nil
    }

    /// How every candidate line written by Dazzle starts.
    package static let candidatePrefix = Array(#"{"format":"\#(AnalysisState.format)","candidate":"#.utf8)

    /// The file's state without its members, once every line is read.
    /// - Throws: when the candidate and rejection lines do not add up to what the part lines say.
    public func finish() throws(StateError) -> AnalysisState {
        guard state.parts > 0 || counted.candidates + counted.rejections == 0 else {
            throw StateError(
                file: file, line: 0,
                reason:
                    "\(counted.candidates) candidate and \(counted.rejections) rejection lines, but no closing part line: the part was cut short; score that part again"
            )
        }
        guard counted.candidates == promised.candidates,
            counted.rejections == promised.rejections
        else {
            let parts = state.parts == 1 ? "its part counts" : "its \(state.parts) parts count"
            throw StateError(
                file: file, line: 0,
                reason:
                    "\(parts) \(promised.candidates) candidates and \(promised.rejections) rejections, but \(counted.candidates) and \(counted.rejections) lines are here: a part was cut short or its closing line is missing; score that part again"
            )
        }
        return state
    }
}

extension AnalysisState {
    /// A candidate line's member: the scorecard with its explanation expanded by the rubric, the
    /// demographics and a panel's submissions.
    /// - Parameters: file, line: where the line is, for messages.
    static func member(_ candidate: JSONValue, object: JSONObject, file: String, line: Int, plan: ScoringPlan)
        throws(StateError) -> Member
    {
        let card: ScoreCard
        do {
            card = try ScoreCard.read(candidate, source: "\(file):\(line)")
        } catch {
            throw StateError(file: file, line: line, reason: error.reason)
        }
        var expanded = card
        let lines = (object["items"]?.arrayValue ?? []).compactMap(\.arrayValue)
        expanded.compactExplanation = CompactExplanation(
            answers: lines.map { $0.first.flatMap(ScoreCard.answer) },
            scores: lines.map { $0.count > 1 ? $0[1].numberValue : nil },
            points: lines.map { $0.count > 2 ? $0[2].numberValue ?? 0 : 0 })
        expanded.expandExplanation(with: plan)
        guard expanded.compactExplanation == nil else {
            throw StateError(
                file: file, line: line,
                reason:
                    "the candidate's items do not match the rubric's \(plan.rubric.dimensions.reduce(0) { $0 + $1.keys.count }) keys; the state was written for another rubric"
            )
        }
        var demographics: [String: String] = [:]
        for member in object["demographics"]?.objectValue?.members ?? [] {
            if let value = member.value.stringValue { demographics[member.key] = value }
        }
        let panel = panel(object["panel"], card: expanded, demographics: demographics, plan: plan)
        return Member(card: expanded, demographics: demographics, panel: panel)
    }

    /// A member read back from one state line, found again by where it is (see ``StateReader``).
    /// - Throws: when the line is not a candidate's state line any more.
    public static func member(line: [UInt8], file: String, lineNumber: Int, plan: ScoringPlan) throws(StateError)
        -> Member
    {
        guard case .success(let object) = object(line), let candidate = object["candidate"] else {
            throw StateError(
                file: file, line: lineNumber,
                reason:
                    "this line held a candidate's state when it was first read and does not now; was the file changed during the merge?"
            )
        }
        return try member(candidate, object: object, file: file, line: lineNumber, plan: plan)
    }
}
