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
    }

    /// Scores read submissions and rejections from reading.
    ///
    /// A second submission for the same candidate from the same rater (or a second self-report
    /// form) is rejected as a duplicate, naming the first.
    public static func score(_ inputs: [Result<Submission, Rejection>], plan: ScoringPlan) -> Outcome {
        var rejections: [Rejection] = []
        var groups: [[Submission]] = []
        var groupIndex: [String: Int] = [:]
        var firstSource: [String: String] = [:]
        for input in inputs {
            switch input {
            case .failure(let rejection):
                rejections.append(rejection)
            case .success(let submission):
                let id = submission.candidate.id
                let duplicateKey = id + "\u{0}" + (submission.rater ?? "")
                if let first = firstSource[duplicateKey] {
                    let who = submission.rater.map { "rater '\($0)' for candidate '\(id)'" } ?? "candidate '\(id)'"
                    rejections.append(
                        Rejection(
                            source: submission.source, candidateID: id,
                            reason: "duplicate: \(who) was already submitted at \(first); remove one"))
                    continue
                }
                firstSource[duplicateKey] = submission.source
                if let index = groupIndex[id] {
                    groups[index].append(submission)
                } else {
                    groupIndex[id] = groups.count
                    groups.append([submission])
                }
            }
        }
        let cards = scoreInParallel(groups, plan: plan)
        return Outcome(
            scorecards: cards, groups: groups, rejections: rejections, read: inputs.count,
            accepted: inputs.count - rejections.count)
    }

    /// Scores groups on every core, each thread taking a contiguous share, keeping input order.
    static func scoreInParallel(_ groups: [[Submission]], plan: ScoringPlan) -> [ScoreCard] {
        let scorer = Scorer(plan: plan)
        let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, groups.count / 512 + 1))
        guard parts > 1 else { return groups.map { scorer.score($0) } }
        let shares = ShareSlots<ScoreCard>(count: parts)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let lower = groups.count * part / parts
            let upper = groups.count * (part + 1) / parts
            shares.set(part, groups[lower..<upper].map { scorer.score($0) })
        }
        return shares.joined
    }
}
