import Scoring

/// The tables a bias audit under New York City Local Law 144 (6 RCNY § 5-301) publishes for an
/// automated employment decision tool: for sex, race/ethnicity and each intersection of the two,
/// every category's count, selection rate (the rubric's advancing decisions) and scoring rate (the
/// share scoring above the batch's median overall score), each with its impact ratio against the
/// category with the highest rate. Categories under 2% of the people audited are reported but
/// left out of the impact ratios, as the rule allows; people with no category are counted apart.
public struct BiasAudit: Sendable, Hashable {
    public var sexField: String?
    public var raceField: String?
    public var tables: [Table]
    public var notes: [String]

    public struct Table: Sendable, Hashable {
        /// `sex`, `race/ethnicity` or `sex × race/ethnicity`.
        public var title: String
        public var categories: [Category]
        /// People with no value for the table's field (or either field).
        public var unknown: Int
    }

    public struct Category: Sendable, Hashable {
        public var name: String
        public var count: Int
        public var selected: Int
        public var selectionRate: Double
        public var scoredAbove: Int
        public var scoringRate: Double
        /// Rate over the highest rate among the categories included; `nil` when excluded.
        public var selectionImpactRatio: Double?
        public var scoringImpactRatio: Double?
        /// Under 2% of the people audited: reported, left out of the ratios.
        public var excluded: Bool
    }

    static let smallestShare = 0.02

    /// From a list of candidates (tests, small batches): their demographics coded first.
    /// - Parameters:
    ///   - fields: which demographic fields hold sex and race/ethnicity; when a field is not
    ///     named, one called `sex` or `gender` (`race`, `ethnicity` or `race/ethnicity`) is used.
    static func compute(_ candidates: [AdverseImpact.Candidate], fields: BiasAuditFields) -> BiasAudit? {
        compute(
            DemographicColumns(candidates.map(\.demographics)), selected: candidates.map(\.selected),
            overall: candidates.map(\.overall), median: Statistics.median(candidates.compactMap(\.overall)),
            fields: fields)
    }

    /// - Parameters:
    ///   - selected, overall: per person, in the columns' order.
    ///   - median: the batch's median overall score.
    ///   - fields: as above.
    static func compute(
        _ people: DemographicColumns, selected: [Bool], overall: [Double?], median: Double?, fields: BiasAuditFields
    ) -> BiasAudit? {
        let names = Set(people.fields)
        let sex = fields.sex ?? ["sex", "gender"].first { names.contains($0) }
        let race =
            fields.raceEthnicity
            ?? ["race/ethnicity", "race_ethnicity", "ethnicity", "race"].first { names.contains($0) }
        guard sex != nil || race != nil else { return nil }
        var notes: [String] = []
        for (role, field) in [("sex", fields.sex), ("race/ethnicity", fields.raceEthnicity)] {
            if let field, !names.contains(field) {
                notes.append("No submission has the field '\(field)' named for \(role).")
            }
        }
        var tables: [Table] = []
        func table(_ title: String, _ grouping: Grouping?) {
            let grouping = grouping ?? Grouping(labels: [], codes: [Int32](repeating: -1, count: people.count))
            let tallies = grouping.tally(selected: selected, overall: overall, median: median, missingBelow: -.infinity)
            let audited = tallies.reduce(0) { $0 + $1.count }
            var categories = zip(grouping.labels, tallies).map { name, tally -> Category in
                Category(
                    name: name, count: tally.count, selected: tally.selected,
                    selectionRate: Double(tally.selected) / Double(tally.count), scoredAbove: tally.above,
                    scoringRate: Double(tally.above) / Double(tally.count), selectionImpactRatio: nil,
                    scoringImpactRatio: nil, excluded: Double(tally.count) < smallestShare * Double(audited))
            }
            let included = categories.filter { !$0.excluded }
            let bestSelection = included.map(\.selectionRate).max() ?? 0
            let bestScoring = included.map(\.scoringRate).max() ?? 0
            for index in categories.indices where !categories[index].excluded {
                if bestSelection > 0 {
                    categories[index].selectionImpactRatio = categories[index].selectionRate / bestSelection
                }
                if bestScoring > 0 {
                    categories[index].scoringImpactRatio = categories[index].scoringRate / bestScoring
                }
            }
            tables.append(Table(title: title, categories: categories, unknown: people.count - audited))
        }
        if let sex { table("sex", people.grouping(sex, emptyIsMissing: false)) }
        if let race { table("race/ethnicity", people.grouping(race, emptyIsMissing: false)) }
        if let sex, let race { table("sex × race/ethnicity", people.intersection(sex, race)) }
        return BiasAudit(sexField: sex, raceField: race, tables: tables, notes: notes)
    }
}
