import Psychometrics
import Scoring
import Submissions

/// Selection rates by self-identified group, the figures a regulator asks for: impact ratios
/// with the four-fifths rule (29 CFR 1607.4(D)), Fisher's exact test beside it (the 4/5 rule is
/// not a significance test), and the share scoring above the median (as NYC Local Law 144 audits
/// report). Demographic fields are used here only.
public struct AdverseImpact: Sendable, Hashable {
    /// A demographic field (`gender`), or two joined with ` × ` for their intersection.
    public var field: String
    public var groups: [GroupImpact]
    /// Candidates without a value for the field (or either field).
    public var missing: Int
    /// The group the others are compared with: the highest selection rate among the groups
    /// large enough to compare (at least 5 people and 2% of the batch); `nil` when no group is.
    public var reference: String?
    public var notes: [String]
}

public struct GroupImpact: Sendable, Hashable {
    public var group: String
    public var count: Int
    public var selected: Int
    public var selectionRate: Double
    /// The group's rate over the reference group's rate.
    public var impactRatio: Double?
    /// Whether the ratio is below 0.8, for a group large enough to compare (a small group is
    /// never flagged: its rate moves by a whole person at a time).
    public var fourFifthsFlag: Bool
    /// Two-sided Fisher's exact test of this group against the reference group.
    public var fisherP: Double?
    /// The 95% interval of the impact ratio (log method).
    public var impactRatioInterval: Interval?
    /// The two-proportion z test against the reference group (pooled; the "two standard
    /// deviations" test): |z| > 1.96 is the usual threshold.
    public var z: Double?
    public var zP: Double?
    /// Cohen's d of the group's overall scores against the reference group's (negative: lower).
    public var cohensD: GroupComparison.EffectSize?
    /// The share of the group scoring above the batch's median overall score, and its ratio to
    /// the highest share.
    public var aboveMedianShare: Double
    public var aboveMedianRatio: Double?
    /// Under 5 people or under 2% of the batch: shown, with a caution, never hidden, and never
    /// the reference (NYC Local Law 144 lets categories under 2% be left out of impact ratios).
    public var smallGroup: Bool
}

extension AdverseImpact {
    /// One entry per candidate: their demographics, whether they advanced, their overall score.
    struct Candidate {
        var demographics: [String: String]
        var selected: Bool
        var overall: Double?
    }

    /// From a list of candidates (tests, small batches): their demographics coded first.
    static func compute(_ candidates: [Candidate]) -> [AdverseImpact] {
        compute(
            DemographicColumns(candidates.map(\.demographics)), selected: candidates.map(\.selected),
            overall: candidates.map(\.overall), median: Statistics.median(candidates.compactMap(\.overall)))
    }

    /// - Parameters:
    ///   - selected, overall: per person, in the columns' order.
    ///   - median: the batch's median overall score.
    static func compute(_ people: DemographicColumns, selected: [Bool], overall: [Double?], median: Double?)
        -> [AdverseImpact]
    {
        var results: [AdverseImpact] = []
        for field in people.fields {
            guard let grouping = people.grouping(field, emptyIsMissing: true) else { continue }
            results.append(
                analyse(field: field, grouping: grouping, selected: selected, overall: overall, median: median))
        }
        for (index, first) in people.fields.enumerated() {
            for second in people.fields[(index + 1)...] {
                guard let grouping = people.intersection(first, second) else { continue }
                results.append(
                    analyse(
                        field: "\(first) × \(second)", grouping: grouping, selected: selected, overall: overall,
                        median: median))
            }
        }
        return results
    }

    static func analyse(
        field: String, grouping: Grouping, selected: [Bool], overall: [Double?], median: Double?
    ) -> AdverseImpact {
        let tallies = grouping.tally(selected: selected, overall: overall, median: median, missingBelow: -1)
        let missing = grouping.codes.count - tallies.reduce(0) { $0 + $1.count }
        var notes: [String] = []
        let total = grouping.codes.count
        var groups: [GroupImpact] = zip(grouping.labels, tallies).map { name, tally in
            GroupImpact(
                group: name, count: tally.count, selected: tally.selected,
                selectionRate: Double(tally.selected) / Double(tally.count),
                impactRatio: nil, fourFifthsFlag: false, fisherP: nil, impactRatioInterval: nil, z: nil, zP: nil,
                cohensD: nil,
                aboveMedianShare: Double(tally.above) / Double(tally.count), aboveMedianRatio: nil,
                smallGroup: tally.count < 5 || Double(tally.count) < 0.02 * Double(total))
        }
        // The reference: the highest rate among groups large enough to compare, the larger group
        // on a tie, so one person in a group of their own cannot set the bar for everyone.
        let reference = groups.filter { !$0.smallGroup }.max {
            ($0.selectionRate, $0.count, $1.group) < ($1.selectionRate, $1.count, $0.group)
        }
        if let reference, reference.selectionRate > 0 {
            let referenceScores = grouping.scores(
                of: groups.firstIndex { $0.group == reference.group } ?? 0, overall: overall)
            for index in groups.indices {
                let ratio = groups[index].selectionRate / reference.selectionRate
                groups[index].impactRatio = ratio
                groups[index].fourFifthsFlag = ratio < 0.8 && !groups[index].smallGroup
                if groups[index].group != reference.group {
                    let group = groups[index]
                    groups[index].fisherP = Distributions.fisherExact(
                        group.selected, group.count - group.selected, reference.selected,
                        reference.count - reference.selected)
                    groups[index].impactRatioInterval = GroupComparison.rateRatioInterval(
                        selected1: group.selected, of: group.count, selected2: reference.selected, of: reference.count)
                    if let test = GroupComparison.proportionsZTest(
                        selected1: group.selected, of: group.count, selected2: reference.selected, of: reference.count)
                    {
                        groups[index].z = test.z
                        groups[index].zP = test.p
                    }
                    groups[index].cohensD = GroupComparison.cohensD(
                        grouping.scores(of: index, overall: overall), referenceScores)
                }
            }
        } else if reference == nil {
            notes.append(
                "Every group is smaller than 5 people or 2% of the batch, so none is a fair reference: rates are shown, impact ratios are not."
            )
        } else {
            notes.append(
                "Nobody in the groups large enough to compare was selected, so selection rates cannot be compared.")
        }
        if let best = groups.map(\.aboveMedianShare).max(), best > 0 {
            for index in groups.indices { groups[index].aboveMedianRatio = groups[index].aboveMedianShare / best }
        }
        for small in groups where small.smallGroup {
            notes.append(
                "'\(small.group)' has \(small.count) \(small.count == 1 ? "person" : "people"): too few for a stable rate; read its figures with caution."
            )
        }
        if missing > 0 {
            notes.append(
                "\(missing) candidate\(missing == 1 ? " has" : "s have") no value for \(field) and \(missing == 1 ? "is" : "are") not counted in any group."
            )
        }
        return AdverseImpact(
            field: field, groups: groups, missing: missing,
            reference: reference.flatMap { $0.selectionRate > 0 ? $0.group : nil }, notes: notes)
    }
}
