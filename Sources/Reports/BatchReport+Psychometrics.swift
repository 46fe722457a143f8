import Analytics
import Psychometrics
import Scoring
import Templating

/// The batch report's psychometric figures beyond alpha: the instrument's structure, every ICC
/// with its test and interval, group differences, DIF and the LL144 bias-audit tables.
extension BatchReport {
    static func interval(_ interval: Interval?) -> String {
        guard let interval, interval.isFinite else { return "—" }
        return "\(ReportNumber.twoDecimals(interval.lower))–\(ReportNumber.twoDecimals(interval.upper))"
    }

    static func structure(_ analysis: BatchAnalysis, names: [String: String]) -> TemplateValue {
        guard let structure = analysis.structure else { return .null }
        return [
            "hasOmega": .bool(structure.omega != nil),
            "hierarchical": .string(ReportNumber.twoDecimals(structure.omega?.hierarchical)),
            "total": .string(ReportNumber.twoDecimals(structure.omega?.total)),
            "ecv": .string(ReportNumber.twoDecimals(structure.omega?.explainedCommonVariance)),
            "groups": .number(Double(structure.omega?.groups ?? 0)),
            "cases": .number(Double(structure.completeCases)), "items": .number(Double(structure.items)),
            "note": structure.note.map(TemplateValue.string) ?? .null,
            "correlations": .array(
                structure.correlations.map { pair in
                    [
                        "first": .string(names[pair.first] ?? pair.first),
                        "second": .string(names[pair.second] ?? pair.second),
                        "r": .string(ReportNumber.twoDecimals(pair.r)),
                        "disattenuated": .string(ReportNumber.twoDecimals(pair.disattenuated)),
                        "cases": .number(Double(pair.cases)),
                        "indistinct": .bool((pair.disattenuated ?? 0) >= 0.9),
                    ]
                }),
            "hasCorrelations": .bool(!structure.correlations.isEmpty),
            "fewCases": .bool(
                (structure.correlations.map(\.cases).max() ?? 0) < BatchAnalysis.fewestCasesForAlpha),
            "fewestCases": .number(Double(BatchAnalysis.fewestCasesForAlpha)),
        ]
    }

    /// Every ICC of the overall score: Shrout & Fleiss's six, as pingouin prints them.
    static func intraclassRows(_ agreement: RaterAgreement) -> TemplateValue {
        guard let coefficients = agreement.overall?.coefficients else { return .array([]) }
        let rows: [(String, String, IntraclassCorrelations.Coefficient)] = [
            ("ICC(1,1)", "one rater, raters differ by candidate", coefficients.single1),
            ("ICC(2,1)", "one rater, the same raters, absolute agreement", coefficients.single2),
            ("ICC(3,1)", "one rater, the same raters, consistency", coefficients.single3),
            ("ICC(1,k)", "the panel's mean, raters differ", coefficients.average1),
            ("ICC(2,k)", "the panel's mean, absolute agreement", coefficients.average2),
            ("ICC(3,k)", "the panel's mean, consistency", coefficients.average3),
        ]
        return .array(
            rows.map { name, meaning, coefficient in
                [
                    "name": .string(name), "meaning": .string(meaning),
                    "value": .string(ReportNumber.twoDecimals(coefficient.value)),
                    "interval": .string(interval(coefficient.interval)),
                    "f": .string(ReportNumber.twoDecimals(coefficient.f)),
                    "df": .string(
                        "\(ReportNumber.fixed(coefficient.df1, places: 0)), \(ReportNumber.fixed(coefficient.df2, places: 0))"
                    ),
                    "p": .string(ReportNumber.pValue(coefficient.p)),
                ]
            })
    }

    static func groupTests(_ group: GroupImpact) -> [String: TemplateValue] {
        [
            "ratioInterval": .string(group.smallGroup ? "—" : interval(group.impactRatioInterval)),
            "zP": .string(group.smallGroup ? "—" : ReportNumber.pValue(group.zP)),
            "d": .string(
                group.smallGroup
                    ? "—"
                    : group.cohensD.map { "\(ReportNumber.twoDecimals($0.d)) (\(interval($0.interval)))" } ?? "—"),
        ]
    }

    static func biasAudit(_ analysis: BatchAnalysis) -> TemplateValue {
        guard let audit = analysis.biasAudit, !audit.tables.isEmpty else { return .null }
        return [
            "tables": .array(
                audit.tables.map { table in
                    [
                        "title": .string(table.title), "unknown": .number(Double(table.unknown)),
                        "categories": .array(
                            table.categories.map { category in
                                [
                                    "name": .string(category.name), "count": .number(Double(category.count)),
                                    "selected": .number(Double(category.selected)),
                                    "selectionRate": .string(ReportNumber.twoDecimals(category.selectionRate)),
                                    "selectionRatio": .string(
                                        category.excluded
                                            ? "excluded" : ReportNumber.twoDecimals(category.selectionImpactRatio)),
                                    "scoringRate": .string(ReportNumber.twoDecimals(category.scoringRate)),
                                    "scoringRatio": .string(
                                        category.excluded
                                            ? "excluded" : ReportNumber.twoDecimals(category.scoringImpactRatio)),
                                    "excluded": .bool(category.excluded),
                                ]
                            }),
                    ]
                }),
            "notes": .array(audit.notes.map(TemplateValue.string)), "hasNotes": .bool(!audit.notes.isEmpty),
        ]
    }
}
