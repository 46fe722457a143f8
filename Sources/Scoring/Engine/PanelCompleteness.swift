import Submissions

/// Whether a candidate's interview panel is complete: every expected rater's ratings sealed.
/// One rule for `dazzle panel status` (which reads the journals and files) and for the
/// scorecards, reports and comparisons built from a panel (which say "provisional" until then).
public struct PanelCompleteness: Sendable, Hashable {
    /// Where one rater's ratings stand.
    public enum State: Sendable, Hashable {
        /// The finished interview's submission, its seal intact.
        case sealed
        /// Ratings without a seal: another tool's export, or an interview before sealing existed.
        case unsealed
        /// The interview is under way: answered of the questions asked so far.
        case open(answered: Int, questions: Int)
        /// A sealed submission or its journal changed after sealing, with what differs.
        case changed(String)
        /// An expected rater with nothing here yet.
        case missing
    }

    /// One rater and where their ratings stand.
    public struct Rater: Sendable, Hashable {
        public var name: String
        public var state: State
    }

    /// Each rater, expected ones first in the order given, then any others in name order.
    public var raters: [Rater]

    public init(expected: [String], found: [String: State]) {
        var raters = expected.map { Rater(name: $0, state: found[$0] ?? .missing) }
        raters += found.keys.filter { !expected.contains($0) }.sorted().map {
            Rater(name: $0, state: found[$0] ?? .missing)
        }
        self.raters = raters
    }

    /// Every rater's ratings sealed and unchanged (a rater outside the expected list counts too).
    public var isComplete: Bool {
        raters.allSatisfy { rater in
            if case .sealed = rater.state { true } else { false }
        }
    }

    /// Some sealed ratings changed afterwards.
    public var isChanged: Bool {
        raters.contains { rater in
            if case .changed = rater.state { true } else { false }
        }
    }

    /// `3 of 3 raters sealed`, or `2 of 3 raters sealed; still open: Sam Lee (9 of 16 answered);
    /// no ratings yet: Ana Diaz`.
    public var summary: String {
        let sealed = raters.filter { rater in
            if case .sealed = rater.state { true } else { false }
        }
        var parts = ["\(sealed.count) of \(raters.count) rater\(raters.count == 1 ? "" : "s") sealed"]
        func names(_ label: String, _ matches: (State) -> String?) {
            let listed = raters.compactMap { rater in matches(rater.state).map { rater.name + $0 } }
            if !listed.isEmpty { parts.append("\(label): " + listed.joined(separator: ", ")) }
        }
        names("changed after sealing") { state in
            if case .changed(let what) = state { " (\(what))" } else { nil }
        }
        names("still open") { state in
            if case .open(let answered, let questions) = state {
                " (\(answered) of \(questions) answered)"
            } else {
                nil
            }
        }
        names("not sealed") { state in
            if case .unsealed = state { "" } else { nil }
        }
        names("no ratings yet") { state in
            if case .missing = state { "" } else { nil }
        }
        return parts.joined(separator: "; ")
    }

    /// The completeness of a scored panel: its submissions' raters and seals, against `expected`.
    public init(group: [Submission], expected: [String]) {
        var found: [String: State] = [:]
        for submission in group {
            guard let rater = submission.rater else { continue }
            found[rater] = submission.seal == nil ? .unsealed : .sealed
        }
        self.init(expected: expected, found: found)
    }
}

extension BatchScorer.Outcome {
    /// Marks each panel's scorecard provisional whose expected raters have not all sealed
    /// (``ScoreCard/provisional``). Scorecards without raters (self-report forms) are left alone.
    public mutating func markProvisional(expectedRaters expected: [String]) {
        for (index, group) in groups.enumerated() where group.contains(where: { $0.rater != nil }) {
            let completeness = PanelCompleteness(group: group, expected: expected)
            scorecards[index].provisional = completeness.isComplete ? nil : "Provisional: " + completeness.summary + "."
        }
    }
}
