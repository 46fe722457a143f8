import Psychometrics
import QuestionnaireEngine
import Scoring

/// Sentences that connect figures, written once for the digest and the batch report.
extension BatchAnalysis {
    /// Per demographic field and group tested for DIF: its impact ratio and the items that work
    /// differently for it, e.g. "By gender: impact ratio 0.74 for woman; 2 items show DIF against
    /// woman: “…” (joy-2, Mantel–Haenszel C), …".
    public func difFindings(plan: ScoringPlan) -> [String] {
        guard let dif else { return [] }
        var lines: [String] = []
        for field in adverseImpact where !field.field.contains(" × ") {
            let tested = Set(dif.items.filter { $0.field == field.field }.map(\.focal))
            for group in field.groups where tested.contains(group.group) {
                let flagged = dif.flagged(field: field.field, group: group.group)
                let ratio = group.impactRatio.map { "impact ratio \(twoDecimals($0)) for \(group.group)" }
                var line = "By \(field.field): \(ratio ?? group.group)"
                if flagged.isEmpty {
                    line +=
                        "; matched against \(field.reference ?? "the reference group") on each dimension, no item shows DIF."
                } else {
                    let against = flagged.filter { $0.againstFocal == true }
                    let favour = flagged.filter { $0.againstFocal != true }
                    for (items, direction) in [(against, "against"), (favour, "in favour of")] where !items.isEmpty {
                        let named = items.map { item -> String in
                            let text = plan.questionnaire.item(withID: item.itemID).map { Self.short($0.text) }
                            let method =
                                item.mantelHaenszel.map(DifferentialItemFunctioning.isFlagged) == true
                                ? "Mantel–Haenszel C" : "ordinal logistic"
                            return "“\(text ?? item.itemID)” (\(item.itemID), \(method))"
                        }
                        line +=
                            "; \(items.count == 1 ? "1 item shows" : "\(items.count) items show") DIF \(direction) \(group.group): \(named.joined(separator: ", "))"
                    }
                    line += ". Read those items before relying on the dimension for this group."
                }
                lines.append(line)
            }
        }
        return lines
    }

    /// The bias audit in one line: the lowest impact ratio in each table.
    public var biasAuditLine: String? {
        guard let biasAudit, !biasAudit.tables.isEmpty else { return nil }
        let parts = biasAudit.tables.compactMap { table -> String? in
            let included = table.categories.filter { !$0.excluded }
            guard let lowest = included.min(by: { ($0.selectionImpactRatio ?? 1) < ($1.selectionImpactRatio ?? 1) }),
                let ratio = lowest.selectionImpactRatio
            else { return nil }
            return "\(table.title) lowest \(twoDecimals(ratio)) (\(lowest.name))"
        }
        guard !parts.isEmpty else { return nil }
        return
            "Bias audit (NYC Local Law 144 selection impact ratios, categories under 2% left out): \(parts.joined(separator: "; "))."
    }

    /// ω hierarchical of the whole instrument, in one line.
    public var structureLine: String? {
        guard let structure, let omega = structure.omega else { return nil }
        return
            "Instrument: ω hierarchical \(twoDecimals(omega.hierarchical)) (the share of the total score's variance one general factor explains), ω total \(twoDecimals(omega.total)), from \(structure.completeCases) complete answers to \(structure.items) items."
    }
}
