import Audit
import Foundation
import QuestionnaireEngine
import Scoring
import Submissions
import Templating

/// What every report shows besides its data: when it was made, by which Dazzle, and where the
/// reports around it are, for links.
public struct ReportContext: Sendable {
    /// The report date (`--date` or `SOURCE_DATE_EPOCH`), so the same inputs give the same bytes.
    public var date: String
    public var dazzleVersion: String
    /// Where the other reports of the same folder are, relative to this report; empty when it
    /// stands alone.
    public var links: ReportLinks
    /// The latest human decision about each candidate (`dazzle decide`), by candidate id: shown
    /// beside the rubric's.
    public var decisions: [String: DecisionLog.Entry]

    public init(
        date: String, dazzleVersion: String, links: ReportLinks = ReportLinks(),
        decisions: [String: DecisionLog.Entry] = [:]
    ) {
        self.date = date
        self.dazzleVersion = dazzleVersion
        self.links = links
        self.decisions = decisions
    }

    /// A table cell's note of a human decision: `decided hire by Ana Diaz` or `confirmed by Ana
    /// Diaz`; `nil` when nobody has decided.
    func humanNote(for card: ScoreCard) -> TemplateValue {
        guard let entry = decisions[card.candidateID] else { return .null }
        return .string(entry.isOverride ? "decided \(entry.decision) by \(entry.by)" : "confirmed by \(entry.by)")
    }

    /// The verdict's human part: who decided what, on which day, why, and whether it overrides
    /// the rubric; `nil` when nobody has.
    func humanDecision(for card: ScoreCard) -> TemplateValue {
        guard let entry = decisions[card.candidateID] else { return .null }
        return [
            "decision": .string(entry.decision), "rubricDecision": .string(entry.rubricDecision),
            "by": .string(entry.by), "date": .string(String(entry.at.prefix(10))), "reason": .string(entry.reason),
            "override": .bool(entry.isOverride),
        ]
    }
}

/// The reports of one output folder, as relative links from the report being written.
public struct ReportLinks: Sendable, Hashable {
    /// The folder's `index.html`.
    public var index: String?
    /// The batch report.
    public var batch: String?
    /// The comparison (blind or not).
    public var comparison: String?
    /// Each candidate's report by candidate id. Never given for a blind report.
    public var candidates: [String: String]

    public init(
        index: String? = nil, batch: String? = nil, comparison: String? = nil, candidates: [String: String] = [:]
    ) {
        self.index = index
        self.batch = batch
        self.comparison = comparison
        self.candidates = candidates
    }

    /// The same links seen from a folder one level down (`candidates/`).
    public var fromSubfolder: ReportLinks {
        func up(_ path: String?) -> String? { path.map { "../" + $0 } }
        return ReportLinks(
            index: up(index), batch: up(batch), comparison: up(comparison),
            candidates: candidates.mapValues { ($0 as NSString).lastPathComponent })
    }
}
