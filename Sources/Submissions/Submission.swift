import QuestionnaireEngine

/// The person being assessed.
public struct Candidate: Sendable, Hashable {
    public var id: String
    public var name: String
    public var email: String?
    public var role: String?
    /// Self-identified fields (e.g. gender, ethnicity), used only for adverse-impact statistics and
    /// never shown on scorecards or to raters.
    public var demographics: [String: String]

    public init(
        id: String, name: String, email: String? = nil, role: String? = nil, demographics: [String: String] = [:]
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.role = role
        self.demographics = demographics
    }
}

/// One filled-in form, or one interviewer's ratings, with answers aligned to the items of the
/// ``ScoringPlan`` it was read for.
public struct Submission: Sendable, Hashable {
    public var questionnaireID: String
    public var version: String
    public var candidate: Candidate
    /// Who rated, for interview question sets.
    public var rater: String?
    /// When it was submitted, as written in the input (ISO 8601 or the form tool's timestamp).
    public var submitted: String?
    /// Time spent filling it in, when the form tool recorded it.
    public var seconds: Double?
    /// One slot per item of the question set, in its order (``SubmissionLayout``); `nil` when unanswered.
    public var answers: [Answer?]
    /// Notes attached to answers (an interviewer's evidence), per item slot, in order.
    public var notes: [[String]]
    /// Where it came from, e.g. `forms.jsonl:17`, for messages and provenance.
    public var source: String
    /// Things accepted but worth knowing, e.g. an unknown item that was ignored.
    public var warnings: [String]
    /// The seal of a rater's finished interview (`sha256:…`), checked against the bytes when read.
    public var seal: String?
    /// How far the interview behind these ratings kept its structure (`dazzle interview` records it).
    public var structure: StructureSummary?

    public init(
        questionnaireID: String, version: String, candidate: Candidate, rater: String? = nil, submitted: String? = nil,
        seconds: Double? = nil, answers: [Answer?], notes: [[String]], source: String, warnings: [String] = [],
        seal: String? = nil
    ) {
        self.questionnaireID = questionnaireID
        self.version = version
        self.candidate = candidate
        self.rater = rater
        self.submitted = submitted
        self.seconds = seconds
        self.answers = answers
        self.notes = notes
        self.source = source
        self.warnings = warnings
        self.seal = seal
    }
}

/// An input that could not be scored, with the reason, so nothing is dropped silently.
public struct Rejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the input was, e.g. `forms.jsonl:17` or `export.csv: record 4`.
    public var source: String
    /// The candidate id, when it could be read.
    public var candidateID: String?
    /// One sentence: what is wrong and what to do.
    public var reason: String

    public init(source: String, candidateID: String? = nil, reason: String) {
        self.source = source
        self.candidateID = candidateID
        self.reason = reason
    }

    public var description: String { "\(source): \(reason)" }
}

/// An interview's structure score as its submission carries it: components met of those
/// observed, and the names of the ones not met.
public struct StructureSummary: Sendable, Hashable {
    public var met: Int
    public var of: Int
    public var notMet: [String]

    public init(met: Int, of: Int, notMet: [String]) {
        self.met = met
        self.of = of
        self.notMet = notMet
    }
}
