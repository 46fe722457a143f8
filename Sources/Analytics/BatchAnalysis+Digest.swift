import Psychometrics
import QuestionnaireEngine
import Scoring
import Submissions

extension BatchAnalysis {
    /// Alpha from fewer complete answers than this is too unstable to judge a scale by.
    public static let fewestCasesForAlpha = 30
    /// Intraclass correlations from fewer panels than this are too unstable to judge by.
    public static let fewestPanelsForAgreement = 10

    /// The decision counts in the rubric's order, best first: `1 hire, 3 advance, 5 hold`.
    public var decisionsInOrder: [(decision: String, count: Int)] {
        decisionOrder.compactMap { decision in decisionCounts[decision].map { (decision, $0) } }
    }

    /// A few lines in plain language for the terminal after `dazzle score`: what to act on
    /// first, then each figure with what it means and a caution when it rests on too few people.
    /// - Parameter details: where the full figures are (the batch report, else summary.json).
    public func digest(plan: ScoringPlan, details: String?) -> String {
        var lines: [String] = []
        let decisions = decisionsInOrder.map { "\($0.count) \($0.decision)" }.joined(separator: ", ")
        lines.append("Decisions: \(decisions.isEmpty ? "none" : decisions).")
        if !actFirst.isEmpty {
            let shown = actFirst.prefix(5).map { "\($0.name), \($0.reason)" }
            lines.append(
                "Look first at: \(shown.joined(separator: "; "))\(actFirst.count > 5 ? "; and \(actFirst.count - 5) more" : "")."
            )
        }
        let names = Dictionary(plan.rubric.dimensions.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        if !reliability.isEmpty {
            let meaning =
                "Cronbach's α: how consistently a dimension's items agree; 0.70 or more is usual, from \(Self.fewestCasesForAlpha) or more complete answers"
            let values = reliability.map { scale in
                "\(names[scale.dimensionID] ?? scale.dimensionID) \(scale.alpha.map(twoDecimals) ?? "n/a")"
            }
            let few = reliability.filter { $0.completeCases < Self.fewestCasesForAlpha }
            if few.count == reliability.count, let cases = reliability.map(\.completeCases).max() {
                lines.append(
                    "Reliability (\(meaning)): too few to judge, \(cases) complete answer\(cases == 1 ? "" : "s") at most; for the record, \(values.joined(separator: ", "))."
                )
            } else {
                let shown = reliability.map { scale in
                    let value =
                        "\(names[scale.dimensionID] ?? scale.dimensionID) \(scale.alpha.map(twoDecimals) ?? "n/a")"
                    return scale.completeCases < Self.fewestCasesForAlpha
                        ? "\(value) (too few to judge: \(scale.completeCases))" : value
                }
                lines.append("Reliability (\(meaning)): \(shown.joined(separator: ", ")).")
            }
        }
        if let structureLine { lines.append(structureLine) }
        let concerns = reliability.flatMap { scale in scale.items.filter { $0.concern != nil } }
        for statistic in concerns.prefix(5) {
            guard let concern = statistic.concern else { continue }
            let item = plan.questionnaire.item(withID: statistic.itemID)
            lines.append(
                "Item to review: “\(item.map { Self.short($0.text) } ?? statistic.itemID)” (\(statistic.itemID)). \(concern.advice(for: item))"
            )
        }
        if concerns.count > 5 { lines.append("… and \(concerns.count - 5) more items to review.") }
        let flags = flagCounts.sorted { $0.key < $1.key }.map { entry in
            "\(entry.value) \(ValidityFlag.Kind(rawValue: entry.key)?.name.lowercased() ?? entry.key)"
        }
        if !flags.isEmpty {
            lines.append("Validity flags (they never change a score): \(flags.joined(separator: ", ")).")
        }
        if let agreement = raterAgreement { lines.append(agreement.digestLine) }
        for impact in adverseImpact where !impact.field.contains(" × ") { lines.append(impact.digestLine) }
        lines += difFindings(plan: plan)
        if let biasAuditLine { lines.append(biasAuditLine) }
        if let details { lines.append("Full figures, with what each means: \(details).") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A question's text, cut to fit a line.
    static func short(_ text: String) -> String { text.count <= 70 ? text : String(text.prefix(69)) + "…" }
}

extension RaterAgreement {
    /// Every panel counted, with how many raters each had, and which could not enter the ICCs.
    var digestLine: String {
        let sizes = panelSizes.sorted { $0.key < $1.key }.map { "\($0.value) of \($0.key) raters" }
        var line = "Panels: \(panels) candidates rated by more than one interviewer (\(sizes.joined(separator: ", ")))."
        if let average = overall?.average, let used = overall?.panels {
            let name = design == "two-way" ? "ICC(2,k)" : "ICC(1,k)"
            let shown = design == "two-way" ? overall?.coefficients?.average2 : overall?.coefficients?.average1
            let interval =
                shown.map {
                    $0.interval.isFinite
                        ? " (95% CI \(twoDecimals($0.interval.lower))–\(twoDecimals($0.interval.upper)))" : ""
                }
                ?? ""
            let caution =
                used < BatchAnalysis.fewestPanelsForAgreement
                ? ", too few panels to judge (needs \(BatchAnalysis.fewestPanelsForAgreement))" : ""
            line +=
                " Agreement of the panels' mean ratings (\(name): 1 is perfect, 0.75 or more is good): \(twoDecimals(average))\(interval) over \(used) panel\(used == 1 ? "" : "s") of \(ratersPerPanel)\(caution)."
            if let projection {
                line += " " + projection
            }
        } else {
            line += " Agreement cannot be computed: \(notes.first ?? "too few panels")"
        }
        for panel in excluded { line += " \(panel)" }
        if !disagreements.isEmpty {
            line +=
                " \(disagreements.count) rating\(disagreements.count == 1 ? "" : "s") 2 or more points apart to discuss."
        }
        return line
    }
}

extension AdverseImpact {
    /// The selection rates in plain words: compared with the reference group, small groups shown
    /// but not compared.
    var digestLine: String {
        let rates = groups.filter { !$0.smallGroup }.map { group -> String in
            let share = "\(group.selected) of \(group.count)"
            if group.group == reference { return "\(group.group) \(share) (the reference)" }
            guard let ratio = group.impactRatio else { return "\(group.group) \(share)" }
            return
                "\(group.group) \(share), ratio \(twoDecimals(ratio))\(group.fourFifthsFlag ? " — below four-fifths" : "")"
        }
        let small = groups.filter(\.smallGroup).map { "\($0.group) (\($0.count))" }
        var line = "Selection by \(field): "
        if reference == nil {
            line += notes.first ?? "no group is large enough to compare."
        } else {
            line += rates.joined(separator: "; ") + "."
        }
        if !small.isEmpty {
            line += " Too small to compare (under 5 people or 2% of the batch): \(small.joined(separator: ", "))."
        }
        return line
    }
}
