import DazzleJSON
import Psychometrics
import Scoring

/// The psychometric parts of `summary.json`: every figure exact (shortest round-trip form),
/// `null` when undefined.
extension BatchAnalysis {
    func write(_ interval: Interval?, to writer: inout JSONWriter) {
        guard let interval, interval.isFinite else { return writer.null() }
        writer.beginArray()
        writer.exact(interval.lower)
        writer.exact(interval.upper)
        writer.endArray()
    }

    func write(_ coefficients: AlphaCoefficients?, to writer: inout JSONWriter) {
        guard let coefficients else { return writer.null() }
        writer.beginObject()
        writer.key("alpha")
        writer.exact(coefficients.raw)
        writer.key("standardizedAlpha")
        writer.exact(coefficients.standardized)
        writer.key("guttmanLambda6")
        optional(coefficients.guttmanLambda6, to: &writer)
        writer.key("averageR")
        writer.exact(coefficients.averageCorrelation)
        writer.key("signalToNoise")
        writer.exact(coefficients.signalToNoise)
        writer.key("ase")
        writer.exact(coefficients.standardError)
        writer.key("feldt95")
        write(coefficients.feldt, to: &writer)
        writer.key("duhachek95")
        write(coefficients.duhachek, to: &writer)
        writer.endObject()
    }

    func write(_ omega: Omega?, to writer: inout JSONWriter) {
        guard let omega else { return writer.null() }
        writer.beginObject()
        writer.key("groupFactors")
        writer.integer(omega.groups)
        writer.key("omegaTotal")
        writer.exact(omega.total)
        writer.key("omegaHierarchical")
        writer.exact(omega.hierarchical)
        writer.key("explainedCommonVariance")
        writer.exact(omega.explainedCommonVariance)
        writer.endObject()
    }

    func write(_ structure: InstrumentStructure?, to writer: inout JSONWriter) {
        guard let structure else { return writer.null() }
        writer.beginObject()
        writer.key("items")
        writer.integer(structure.items)
        writer.key("completeCases")
        writer.integer(structure.completeCases)
        writer.key("omega")
        write(structure.omega, to: &writer)
        writer.key("note")
        if let note = structure.note { writer.string(note) } else { writer.null() }
        writer.key("dimensionCorrelations")
        writer.beginArray()
        for pair in structure.correlations {
            writer.beginObject()
            writer.key("dimensions")
            writer.beginArray()
            writer.string(pair.first)
            writer.string(pair.second)
            writer.endArray()
            writer.key("cases")
            writer.integer(pair.cases)
            writer.key("r")
            writer.exact(pair.r)
            writer.key("disattenuated")
            optional(pair.disattenuated, to: &writer)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
    }

    func write(_ coefficients: IntraclassCorrelations?, to writer: inout JSONWriter) {
        guard let coefficients else { return writer.null() }
        writer.beginObject()
        let all: [(String, IntraclassCorrelations.Coefficient)] = [
            ("ICC(1,1)", coefficients.single1), ("ICC(2,1)", coefficients.single2), ("ICC(3,1)", coefficients.single3),
            ("ICC(1,k)", coefficients.average1), ("ICC(2,k)", coefficients.average2),
            ("ICC(3,k)", coefficients.average3),
        ]
        for (name, coefficient) in all {
            writer.key(named: name)
            writer.beginObject()
            writer.key("icc")
            writer.exact(coefficient.value)
            writer.key("f")
            optional(coefficient.f, to: &writer)
            writer.key("df1")
            writer.exact(coefficient.df1)
            writer.key("df2")
            writer.exact(coefficient.df2)
            writer.key("p")
            writer.exact(coefficient.p)
            writer.key("ci95")
            write(coefficient.interval, to: &writer)
            writer.endObject()
        }
        writer.endObject()
    }

    func write(_ effect: GroupComparison.EffectSize?, to writer: inout JSONWriter) {
        guard let effect else { return writer.null() }
        writer.beginObject()
        writer.key("d")
        writer.exact(effect.d)
        writer.key("ci95")
        write(effect.interval, to: &writer)
        writer.key("n")
        writer.beginArray()
        writer.integer(effect.n1)
        writer.integer(effect.n2)
        writer.endArray()
        writer.endObject()
    }

    func write(_ dif: DifferentialItemFunctioning?, plan: ScoringPlan, to writer: inout JSONWriter) {
        guard let dif else { return writer.null() }
        writer.beginObject()
        writer.key("criteria")
        writer.string(
            "flagged: Mantel–Haenszel C-size (ETS: |Δ| ≥ 1.5 and significantly above 1), or ordinal logistic p(1–3) < \(DifferentialItemFunctioning.flagLogisticP) with a McFadden R² change ≥ \(DifferentialItemFunctioning.flagR2Change)"
        )
        writer.key("items")
        writer.beginArray()
        for item in dif.items {
            writer.beginObject()
            writer.key("item")
            writer.string(item.itemID)
            writer.key("dimension")
            writer.string(item.dimensionID)
            writer.key("field")
            writer.string(item.field)
            writer.key("focal")
            writer.string(item.focal)
            writer.key("reference")
            writer.string(item.reference)
            writer.key("flagged")
            writer.bool(item.flagged)
            writer.key("againstFocal")
            if let against = item.againstFocal { writer.bool(against) } else { writer.null() }
            writer.key("mantelHaenszel")
            if let mh = item.mantelHaenszel {
                writer.beginObject()
                writer.key("oddsRatio")
                writer.exact(mh.commonOddsRatio)
                writer.key("chiSquare")
                writer.exact(mh.chiSquare)
                writer.key("p")
                writer.exact(mh.p)
                writer.key("delta")
                writer.exact(mh.delta)
                writer.key("size")
                writer.string(mh.size.rawValue)
                writer.key("strata")
                writer.integer(mh.strata)
                writer.endObject()
            } else {
                writer.null()
            }
            writer.key("logistic")
            if let model = item.logistic {
                writer.beginObject()
                writer.key("cases")
                writer.integer(model.cases)
                for (name, chi, p) in [
                    ("12", model.chiSquare12, model.p12), ("13", model.chiSquare13, model.p13),
                    ("23", model.chiSquare23, model.p23),
                ] {
                    writer.key(named: "chiSquare" + name)
                    writer.exact(chi)
                    writer.key(named: "p" + name)
                    writer.exact(p)
                }
                writer.key("r2Change12")
                writer.exact(model.r2Change12)
                writer.key("r2Change13")
                writer.exact(model.r2Change13)
                writer.key("r2Change23")
                writer.exact(model.r2Change23)
                writer.key("groupCoefficient")
                writer.exact(model.groupCoefficient)
                writer.endObject()
            } else {
                writer.null()
            }
            writer.endObject()
        }
        writer.endArray()
        writer.key("notes")
        strings(dif.notes, to: &writer)
        writer.endObject()
    }

    func write(_ audit: BiasAudit?, to writer: inout JSONWriter) {
        guard let audit else { return writer.null() }
        writer.beginObject()
        writer.key("sexField")
        if let field = audit.sexField { writer.string(field) } else { writer.null() }
        writer.key("raceEthnicityField")
        if let field = audit.raceField { writer.string(field) } else { writer.null() }
        writer.key("tables")
        writer.beginArray()
        for table in audit.tables {
            writer.beginObject()
            writer.key("title")
            writer.string(table.title)
            writer.key("unknown")
            writer.integer(table.unknown)
            writer.key("categories")
            writer.beginArray()
            for category in table.categories {
                writer.beginObject()
                writer.key("category")
                writer.string(category.name)
                writer.key("count")
                writer.integer(category.count)
                writer.key("selected")
                writer.integer(category.selected)
                writer.key("selectionRate")
                writer.exact(category.selectionRate)
                writer.key("selectionImpactRatio")
                optional(category.selectionImpactRatio, to: &writer)
                writer.key("scoredAboveMedian")
                writer.integer(category.scoredAbove)
                writer.key("scoringRate")
                writer.exact(category.scoringRate)
                writer.key("scoringImpactRatio")
                optional(category.scoringImpactRatio, to: &writer)
                writer.key("excludedUnder2Percent")
                writer.bool(category.excluded)
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
        }
        writer.endArray()
        writer.key("notes")
        strings(audit.notes, to: &writer)
        writer.endObject()
    }
}
