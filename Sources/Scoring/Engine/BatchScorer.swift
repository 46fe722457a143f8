import Dispatch
import Foundation
import Submissions

/// Scores a batch: groups submissions by candidate (an interview panel's ratings become one
/// scorecard), refuses duplicates, and accounts for every input.
public enum BatchScorer {
    /// The outcome of a batch. `read == accepted + rejections.count` always holds.
    public struct Outcome: Sendable {
        /// One per candidate, in the order candidates first appear.
        public var scorecards: [ScoreCard]
        /// The submissions behind each scorecard, in the same order (a panel's are several).
        public var groups: [[Submission]]
        public var rejections: [Rejection]
        /// Inputs read.
        public var read: Int
        /// Submissions scored (a panel of three counts three).
        public var accepted: Int
        /// The scorecards' item scores and answer counts, row for row, when gathered as they
        /// were made; `nil` for scorecards from elsewhere (the analyses read them back then).
        public var items: ItemTable?

        public init(
            scorecards: [ScoreCard], groups: [[Submission]], rejections: [Rejection], read: Int, accepted: Int
        ) {
            self.scorecards = scorecards
            self.groups = groups
            self.rejections = rejections
            self.read = read
            self.accepted = accepted
        }
    }

    /// Scores read submissions and rejections from reading.
    ///
    /// A second submission for the same candidate from the same rater (or a second self-report
    /// form) is settled by `duplicates` (see ``DuplicatePolicy``); every copy not kept is
    /// rejected, naming the one kept, so `read == accepted + rejections.count` still holds.
    public static func score(
        _ inputs: [Result<Submission, Rejection>], plan: ScoringPlan, duplicates: DuplicatePolicy = .latest
    ) -> Outcome {
        var rejections: [Rejection] = []
        var groups: [[Submission]] = []
        var groupIndex: [String: Int] = [:]
        // Where each (candidate, rater) submission sits: its group and place in the group.
        var kept: [String: (group: Int, member: Int)] = [:]
        var refused: [String: [Submission]] = [:]
        for input in inputs {
            switch input {
            case .failure(let rejection):
                rejections.append(rejection)
            case .success(let submission):
                let id = submission.candidate.id
                let key = id + "\u{0}" + (submission.rater ?? "")
                let who = submission.rater.map { "rater '\($0)' for candidate '\(id)'" } ?? "candidate '\(id)'"
                if let place = kept[key] {
                    let earlier = groups[place.group][place.member]
                    switch duplicates {
                    case .first:
                        rejections.append(
                            Rejection(
                                source: submission.source, candidateID: id,
                                reason:
                                    "duplicate: \(who) was already submitted at \(earlier.source), which is kept (--duplicates first); remove one, or pass --duplicates latest to keep this one"
                            ))
                    case .latest:
                        let (winner, loser) =
                            DuplicatePolicy.isLater(submission, than: earlier)
                            ? (submission, earlier) : (earlier, submission)
                        groups[place.group][place.member] = winner
                        rejections.append(
                            Rejection(
                                source: loser.source, candidateID: id,
                                reason:
                                    "superseded: \(who) was submitted again at \(winner.source), which is kept as the latest (--duplicates latest); pass --duplicates first to keep the first"
                            ))
                    case .reject:
                        refused[key, default: [earlier]].append(submission)
                    }
                    continue
                }
                if let index = groupIndex[id] {
                    kept[key] = (index, groups[index].count)
                    groups[index].append(submission)
                } else {
                    kept[key] = (groups.count, 0)
                    groupIndex[id] = groups.count
                    groups.append([submission])
                }
            }
        }
        if !refused.isEmpty {
            (groups, rejections) = refuse(refused, groups: groups, rejections: rejections)
        }
        let (cards, items) = scoreInParallel(groups, plan: plan)
        var outcome = Outcome(
            scorecards: cards, groups: groups, rejections: rejections, read: inputs.count,
            accepted: inputs.count - rejections.count)
        outcome.items = items
        return outcome
    }

    /// Takes every copy of a duplicated submission out of its group (a group left empty goes)
    /// and rejects each copy, naming the others (`--duplicates reject`).
    static func refuse(
        _ refused: [String: [Submission]], groups: [[Submission]], rejections: [Rejection]
    ) -> (groups: [[Submission]], rejections: [Rejection]) {
        var rejections = rejections
        for copies in refused.values.sorted(by: { $0[0].source < $1[0].source }) {
            for copy in copies {
                let others = copies.filter { $0.source != copy.source }.map(\.source).joined(separator: ", ")
                let who =
                    copy.rater.map { "rater '\($0)' for candidate '\(copy.candidate.id)'" }
                    ?? "candidate '\(copy.candidate.id)'"
                rejections.append(
                    Rejection(
                        source: copy.source, candidateID: copy.candidate.id,
                        reason:
                            "duplicate: \(who) was also submitted at \(others), so none is scored (--duplicates reject); keep one, or pass --duplicates latest"
                    ))
            }
        }
        let groups = groups.compactMap { group -> [Submission]? in
            let left = group.filter { refused[$0.candidate.id + "\u{0}" + ($0.rater ?? "")] == nil }
            return left.isEmpty ? nil : left
        }
        return (groups, rejections)
    }

    /// Scores groups on every core, each thread taking a contiguous share, keeping input order;
    /// each scorecard's row of the item table is taken as it is made.
    static func scoreInParallel(_ groups: [[Submission]], plan: ScoringPlan) -> ([ScoreCard], ItemTable) {
        let scorer = Scorer(plan: plan)
        let keys = plan.keyCount
        let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, groups.count / 512 + 1))
        let shares = ShareSlots<ScoreCard>(count: parts)
        let tables = ShareSlots<ItemTable>(count: parts)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let lower = groups.count * part / parts
            let upper = groups.count * (part + 1) / parts
            var table = ItemTable(keys: keys)
            table.reserve(rows: upper - lower)
            shares.set(
                part,
                groups[lower..<upper].map { group in
                    let card = scorer.score(group)
                    table.append(card.explanation)
                    return card
                })
            tables.set(part, [table])
        }
        var items = ItemTable(keys: keys)
        for table in tables.joined { items.append(contentsOf: table) }
        return (shares.joined, items)
    }
}
