import DazzleJSON
import QuestionnaireEngine
import Scoring
import Submissions

/// A part of a batch, kept for analysis and merged with the other parts: what
/// `dazzle score - --state` writes for each partition of a job and `dazzle summary merge` joins,
/// so the summary of a batch scored on many machines is the summary of one machine.
///
/// A state holds each candidate's scorecard (compact), their self-identified demographics (which
/// scorecards never carry), a panel's submissions (rater agreement scores each rater alone), the
/// rejections and how many records were read. Merging is concatenation; the analysis reads
/// candidates in order of id (``BatchAnalysis/analyse(_:plan:norms:auditFields:)``), so the
/// figures do not depend on how the batch was cut into parts or in which order they arrive.
///
/// On disk a state is JSON Lines, every line tagged `"format": "dazzle.analysis-state/1"`: one
/// line per candidate, one per rejection and, last, a `part` line with the scoring rules' identity
/// and the counts, which lets a reader tell a complete part from a cut one. The lines may sit among
/// scorecards in one stream (`--state stdout`); readers skip every other line.
public struct AnalysisState: Sendable {
    /// The format tag of every state line. A later version that changes what a line means gets a
    /// new tag; readers refuse tags they do not know.
    public static let format = "dazzle.analysis-state/1"

    /// Records read: `read == members' submissions + rejections.count` for a whole part.
    public var read = 0
    public var rejections: [Rejection] = []
    public var members: [Member] = []
    /// The scoring rules every part was scored by; `nil` until a part is added.
    public var identity: Identity?
    /// How many parts went in.
    public var parts = 0

    /// One candidate.
    public struct Member: Sendable {
        public var card: ScoreCard
        /// The candidate's self-identified fields as submitted.
        public var demographics: [String: String]
        /// A panel's submissions, answers only (no notes); empty for one submission.
        public var panel: [Submission]

        public init(card: ScoreCard, demographics: [String: String], panel: [Submission]) {
            self.card = card
            self.demographics = demographics
            self.panel = panel
        }

        /// The member of a scored candidate and the submissions behind the scorecard.
        public init(card: ScoreCard, group: [Submission]) {
            self.init(
                card: card, demographics: group.first?.candidate.demographics ?? [:],
                panel: group.count >= 2 ? group : [])
        }
    }

    /// What a part was scored by: question set and rubric (with their hashes) and missing codes.
    public struct Identity: Sendable, Hashable {
        public var questionnaireID: String
        public var questionnaireVersion: String
        public var questionnaireHash: String
        public var rubricID: String
        public var rubricVersion: String
        public var rubricHash: String
        public var missingCodes: [String]

        /// The identity of a plan's rules.
        public init(plan: ScoringPlan) {
            questionnaireID = plan.questionnaire.id
            questionnaireVersion = plan.questionnaire.version
            questionnaireHash = plan.questionnaire.contentHash
            rubricID = plan.rubric.id
            rubricVersion = plan.rubric.version
            rubricHash = plan.rubricHash ?? "unhashed"
            missingCodes = plan.layout.missingCodes.texts.sorted()
        }

        init(
            questionnaireID: String, questionnaireVersion: String, questionnaireHash: String, rubricID: String,
            rubricVersion: String, rubricHash: String, missingCodes: [String]
        ) {
            self.questionnaireID = questionnaireID
            self.questionnaireVersion = questionnaireVersion
            self.questionnaireHash = questionnaireHash
            self.rubricID = rubricID
            self.rubricVersion = rubricVersion
            self.rubricHash = rubricHash
            self.missingCodes = missingCodes
        }
    }

    public init() {}

    /// A state of one scored batch.
    public init(_ outcome: BatchScorer.Outcome, plan: ScoringPlan) {
        read = outcome.read
        rejections = outcome.rejections
        members = zip(outcome.scorecards, outcome.groups).map { Member(card: $0, group: $1) }
        identity = Identity(plan: plan)
        parts = 1
    }

    /// Adds another state's parts. Both must have been scored by the same rules.
    public mutating func merge(_ other: AnalysisState) throws(StateError) {
        if let mine = identity, let theirs = other.identity, mine != theirs {
            throw StateError(file: "", line: 0, reason: Self.mismatch(mine, theirs))
        }
        identity = identity ?? other.identity
        read += other.read
        rejections += other.rejections
        members += other.members
        parts += other.parts
    }

    /// The batch as one run over all its inputs gives it, candidates in order of id.
    public func outcome(plan: ScoringPlan) -> BatchScorer.Outcome {
        let ordered = AnalysisTable.canonicalOrder(ids: members.map(\.card.candidateID)) {
            AnalysisTable.sourceKey(members[$0].card.sources)
        }.map { members[$0] }
        let slots = plan.items.count
        let groups = ordered.map { member -> [Submission] in
            if !member.panel.isEmpty { return member.panel }
            let card = member.card
            return [
                Submission(
                    questionnaireID: card.questionnaireID, version: card.questionnaireVersion,
                    candidate: Candidate(
                        id: card.candidateID, name: card.candidateName, demographics: member.demographics),
                    rater: card.raters.first, submitted: card.submitted, seconds: card.seconds,
                    answers: [Answer?](repeating: nil, count: slots), notes: [[String]](repeating: [], count: slots),
                    source: card.sources.first ?? "")
            ]
        }
        let accepted = ordered.reduce(0) { $0 + max($1.panel.count, 1) }
        return BatchScorer.Outcome(
            scorecards: ordered.map(\.card), groups: groups, rejections: rejections, read: read, accepted: accepted)
    }

    /// Why two parts cannot be merged, in a sentence naming what differs.
    package static func mismatch(_ first: Identity, _ second: Identity) -> String {
        if first.questionnaireID != second.questionnaireID || first.questionnaireVersion != second.questionnaireVersion
            || first.questionnaireHash != second.questionnaireHash
        {
            return
                "the parts were scored with different question sets (\(first.questionnaireID) \(first.questionnaireVersion) \(first.questionnaireHash.prefix(15))… and \(second.questionnaireID) \(second.questionnaireVersion) \(second.questionnaireHash.prefix(15))…); merge only parts of one job"
        }
        if first.rubricHash != second.rubricHash || first.rubricID != second.rubricID {
            return
                "the parts were scored with different rubrics (\(first.rubricID) \(first.rubricVersion) \(first.rubricHash.prefix(15))… and \(second.rubricID) \(second.rubricVersion) \(second.rubricHash.prefix(15))…); merge only parts of one job"
        }
        return
            "the parts were scored with different missing codes (\(first.missingCodes) and \(second.missingCodes)); score every part with the same --missing"
    }
}

/// A state line that cannot be read or merged: where, and what to do.
public struct StateError: Error, Sendable, CustomStringConvertible {
    public var file: String
    /// 0 when the problem is the file as a whole.
    public var line: Int
    public var reason: String

    public init(file: String, line: Int, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String {
        let place = line > 0 ? "\(file):\(line)" : file
        return place.isEmpty ? "error: \(reason)." : "\(place): error: \(reason)."
    }
}
