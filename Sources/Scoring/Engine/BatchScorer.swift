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
        let grouping = Grouping(
            inputs.map { input in
                switch input {
                case .success(let submission): .submission(id: submission.candidate.id, rater: submission.rater)
                case .failure(let rejection): .rejected(rejection)
                }
            },
            duplicates: duplicates
        ) { ordinal in
            guard case .success(let submission) = inputs[ordinal] else { preconditionFailure("not a submission") }
            return submission
        }
        let groups = (0..<grouping.count).map { group in
            grouping.members(of: group).map { ordinal -> Submission in
                guard case .success(let submission) = inputs[ordinal] else { preconditionFailure("not a submission") }
                return submission
            }
        }
        let (cards, items) = scoreInParallel(groups, plan: plan)
        var outcome = Outcome(
            scorecards: cards, groups: groups, rejections: grouping.rejections, read: inputs.count,
            accepted: inputs.count - grouping.rejections.count)
        outcome.items = items
        return outcome
    }

    /// Which inputs make up each candidate's group, in the order candidates first appear, and
    /// which are rejected: the batch's one rule, for submissions held in memory and for a batch
    /// read from files a piece at a time (which holds only each input's id and rater here).
    ///
    /// A group is its inputs' ordinals; most groups are one input, so only panels' further
    /// members are kept apart.
    public struct Grouping: Sendable {
        /// What the grouping reads of an input.
        public enum Input: Sendable {
            case submission(id: String, rater: String?)
            /// Not read: rejected as it is.
            case rejected(Rejection)
        }

        /// Every rejection, in the order the batch meets them.
        public private(set) var rejections: [Rejection] = []
        /// Per group, its first member's ordinal.
        private var first: [Int32] = []
        /// The further members of groups with more than one.
        private var more: [Int: [Int32]] = [:]

        /// Groups.
        public var count: Int { first.count }

        /// A group's inputs, in the order they joined it (a replaced duplicate keeps its place).
        public func members(of group: Int) -> [Int] {
            [Int(first[group])] + (more[group] ?? []).map(Int.init)
        }

        /// Groups `inputs`; `submission` gives an input's submission when a duplicate needs its
        /// time or source (rarely).
        public init(
            _ inputs: [Input], duplicates: DuplicatePolicy, submission: (Int) -> Submission
        ) {
            // Sized for every input at once: a million entries grown by doubling would move twice.
            var groupIndex: [String: Int32] = [:]
            groupIndex.reserveCapacity(inputs.count)
            // Where each (candidate, rater) submission sits: its group and place in the group.
            var kept: [String: (group: Int32, member: Int32)] = [:]
            kept.reserveCapacity(inputs.count)
            first.reserveCapacity(inputs.count)
            var refused: [String: [Int]] = [:]
            for (ordinal, input) in inputs.enumerated() {
                switch input {
                case .rejected(let rejection):
                    rejections.append(rejection)
                case .submission(let id, let rater):
                    let key = id + "\u{0}" + (rater ?? "")
                    if let place = kept[key] {
                        let latest = submission(ordinal)
                        let earlierOrdinal = member(Int(place.member), of: Int(place.group))
                        let earlier = submission(earlierOrdinal)
                        let who = rater.map { "rater '\($0)' for candidate '\(id)'" } ?? "candidate '\(id)'"
                        switch duplicates {
                        case .first:
                            rejections.append(
                                Rejection(
                                    source: latest.source, candidateID: id,
                                    reason:
                                        "duplicate: \(who) was already submitted at \(earlier.source), which is kept (--duplicates first); remove one, or pass --duplicates latest to keep this one"
                                ))
                        case .latest:
                            let later = DuplicatePolicy.isLater(latest, than: earlier)
                            let (winner, loser) = later ? (latest, earlier) : (earlier, latest)
                            if later { setMember(Int(place.member), of: Int(place.group), to: ordinal) }
                            rejections.append(
                                Rejection(
                                    source: loser.source, candidateID: id,
                                    reason:
                                        "superseded: \(who) was submitted again at \(winner.source), which is kept as the latest (--duplicates latest); pass --duplicates first to keep the first"
                                ))
                        case .reject:
                            refused[key, default: [earlierOrdinal]].append(ordinal)
                        }
                        continue
                    }
                    if let index = groupIndex[id] {
                        kept[key] = (index, Int32(1 + (more[Int(index)]?.count ?? 0)))
                        more[Int(index), default: []].append(Int32(ordinal))
                    } else {
                        kept[key] = (Int32(first.count), 0)
                        groupIndex[id] = Int32(first.count)
                        first.append(Int32(ordinal))
                    }
                }
            }
            if !refused.isEmpty { refuse(refused, submission: submission) }
        }

        private func member(_ place: Int, of group: Int) -> Int {
            place == 0 ? Int(first[group]) : Int(more[group]![place - 1])
        }

        private mutating func setMember(_ place: Int, of group: Int, to ordinal: Int) {
            if place == 0 { first[group] = Int32(ordinal) } else { more[group]![place - 1] = Int32(ordinal) }
        }

        /// Takes every copy of a duplicated submission out of its group (a group left empty goes)
        /// and rejects each copy, naming the others (`--duplicates reject`).
        private mutating func refuse(_ refused: [String: [Int]], submission: (Int) -> Submission) {
            let copies = refused.values.map { $0.map { (ordinal: $0, submission: submission($0)) } }
            var gone: Set<Int> = []
            for group in copies.sorted(by: { $0[0].submission.source < $1[0].submission.source }) {
                for copy in group {
                    gone.insert(copy.ordinal)
                    let others = group.filter { $0.submission.source != copy.submission.source }
                        .map(\.submission.source).joined(separator: ", ")
                    let who =
                        copy.submission.rater.map { "rater '\($0)' for candidate '\(copy.submission.candidate.id)'" }
                        ?? "candidate '\(copy.submission.candidate.id)'"
                    rejections.append(
                        Rejection(
                            source: copy.submission.source, candidateID: copy.submission.candidate.id,
                            reason:
                                "duplicate: \(who) was also submitted at \(others), so none is scored (--duplicates reject); keep one, or pass --duplicates latest"
                        ))
                }
            }
            var keptFirst: [Int32] = []
            var keptMore: [Int: [Int32]] = [:]
            for group in first.indices {
                let left = members(of: group).filter { !gone.contains($0) }
                guard let head = left.first else { continue }
                if left.count > 1 { keptMore[keptFirst.count] = left.dropFirst().map { Int32($0) } }
                keptFirst.append(Int32(head))
            }
            first = keptFirst
            more = keptMore
        }
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
