import DazzleJSON
import QuestionnaireEngine
import Scoring
import Submissions

extension BatchAnalysis {
    /// The format tag of `summary.json`.
    public static let format = "dazzle.summary/1"

    /// Writes `summary.json`: counts, reliability and item statistics, rater agreement, validity
    /// flag counts and adverse impact. Undefined figures are `null` with a note, never NaN.
    public func write(to writer: inout JSONWriter, outcome: BatchScorer.Outcome, plan: ScoringPlan) {
        write(
            to: &writer, read: outcome.read, accepted: outcome.accepted, rejected: outcome.rejections.count, plan: plan)
    }

    /// Writes `summary.json` with the batch's counts given: records read, submissions scored
    /// (`accepted`) and rejected.
    public func write(to writer: inout JSONWriter, read: Int, accepted: Int, rejected: Int, plan: ScoringPlan) {
        writer.beginObject()
        writer.key("format")
        writer.string(Self.format)
        writer.key("questionnaire")
        writer.beginObject()
        writer.key("id")
        writer.string(plan.questionnaire.id)
        writer.key("version")
        writer.string(plan.questionnaire.version)
        writer.endObject()
        writer.key("rubric")
        writer.beginObject()
        writer.key("id")
        writer.string(plan.rubric.id)
        writer.key("version")
        writer.string(plan.rubric.version)
        writer.endObject()
        writer.key("counts")
        writer.beginObject()
        writer.key("read")
        writer.integer(read)
        writer.key("scored")
        writer.integer(accepted)
        writer.key("rejected")
        writer.integer(rejected)
        writer.key("candidates")
        writer.integer(candidates)
        writer.endObject()
        writer.key("decisions")
        writeCounts(decisionCounts, to: &writer)
        writer.key("validityFlags")
        writeCounts(flagCounts, to: &writer)

        writer.key("reliability")
        writer.beginArray()
        for scale in reliability {
            writer.beginObject()
            writer.key("dimension")
            writer.string(scale.dimensionID)
            writer.key("completeCases")
            writer.integer(scale.completeCases)
            writer.key("alpha")
            optional(scale.alpha, to: &writer)
            writer.key("alpha95")
            if let lower = scale.alphaLower, let upper = scale.alphaUpper {
                writer.beginArray()
                writer.exact(lower)
                writer.exact(upper)
                writer.endArray()
            } else {
                writer.null()
            }
            writer.key("scoreMean")
            optional(scale.scoreMean, to: &writer)
            writer.key("scoreSD")
            optional(scale.scoreSD, to: &writer)
            writer.key("sem")
            optional(scale.sem, to: &writer)
            writer.key("listwise")
            write(scale.listwise, to: &writer)
            writer.key("pairwise")
            write(scale.pairwise, to: &writer)
            writer.key("omega")
            write(scale.omega, to: &writer)
            writer.key("notes")
            strings(scale.notes, to: &writer)
            writer.key("items")
            writer.beginArray()
            for item in scale.items {
                writer.beginObject()
                writer.key("item")
                writer.string(item.itemID)
                writer.key("answered")
                writer.integer(item.answered)
                writer.key("missing")
                writer.integer(item.missing)
                writer.key("mean")
                optional(item.mean, to: &writer)
                writer.key("sd")
                optional(item.sd, to: &writer)
                writer.key("rDrop")
                optional(item.correctedItemTotal, to: &writer)
                writer.key("alphaIfDropped")
                optional(item.alphaIfDropped, to: &writer)
                writer.key("frequencies")
                writer.beginObject()
                for frequency in item.frequencies {
                    writer.key(named: frequency.answer)
                    writer.integer(frequency.count)
                }
                writer.endObject()
                writer.key("flag")
                writer.string(item.flag)
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
        }
        writer.endArray()

        writer.key("structure")
        write(structure, to: &writer)

        writer.key("raterAgreement")
        if let agreement = raterAgreement {
            writer.beginObject()
            writer.key("design")
            writer.string(agreement.design)
            writer.key("panels")
            writer.integer(agreement.panels)
            writer.key("ratersPerPanel")
            writer.integer(agreement.ratersPerPanel)
            writer.key("panelSizes")
            writer.beginObject()
            for (size, count) in agreement.panelSizes.sorted(by: { $0.key < $1.key }) {
                writer.key(named: String(size))
                writer.integer(count)
            }
            writer.endObject()
            writer.key("excludedPanels")
            strings(agreement.excluded, to: &writer)
            writer.key("overall")
            if let overall = agreement.overall { write(overall, to: &writer) } else { writer.null() }
            writer.key("dimensions")
            writer.beginArray()
            for icc in agreement.dimensions { write(icc, to: &writer) }
            writer.endArray()
            writer.key("items")
            writer.beginArray()
            for icc in agreement.items { write(icc, to: &writer) }
            writer.endArray()
            writer.key("decisionKappa")
            optional(agreement.decisionKappa, to: &writer)
            writer.key("leniency")
            writer.beginArray()
            for rater in agreement.leniency {
                writer.beginObject()
                writer.key("rater")
                writer.string(rater.rater)
                writer.key("ratings")
                writer.integer(rater.ratings)
                writer.key("meanDifference")
                writer.exact(rater.meanDifference)
                writer.endObject()
            }
            writer.endArray()
            writer.key("disagreements")
            strings(agreement.disagreements, to: &writer)
            writer.key("notes")
            strings(agreement.notes, to: &writer)
            writer.endObject()
        } else {
            writer.null()
        }

        writer.key("adverseImpact")
        writer.beginObject()
        writer.key("advancingDecisions")
        strings(plan.rubric.advancingDecisions, to: &writer)
        writer.key("withoutDemographics")
        writer.integer(withoutDemographics)
        writer.key("fields")
        writer.beginArray()
        for impact in adverseImpact {
            writer.beginObject()
            writer.key("field")
            writer.string(impact.field)
            writer.key("missing")
            writer.integer(impact.missing)
            writer.key("groups")
            writer.beginArray()
            for group in impact.groups {
                writer.beginObject()
                writer.key("group")
                writer.string(group.group)
                writer.key("count")
                writer.integer(group.count)
                writer.key("selected")
                writer.integer(group.selected)
                writer.key("selectionRate")
                writer.exact(group.selectionRate)
                writer.key("impactRatio")
                optional(group.impactRatio, to: &writer)
                writer.key("reference")
                writer.bool(group.group == impact.reference)
                writer.key("fourFifthsFlag")
                writer.bool(group.fourFifthsFlag)
                writer.key("impactRatio95")
                write(group.impactRatioInterval, to: &writer)
                writer.key("fisherP")
                optional(group.fisherP, to: &writer)
                writer.key("z")
                optional(group.z, to: &writer)
                writer.key("zP")
                optional(group.zP, to: &writer)
                writer.key("cohensD")
                write(group.cohensD, to: &writer)
                writer.key("aboveMedianShare")
                writer.exact(group.aboveMedianShare)
                writer.key("aboveMedianRatio")
                optional(group.aboveMedianRatio, to: &writer)
                writer.key("smallGroup")
                writer.bool(group.smallGroup)
                writer.endObject()
            }
            writer.endArray()
            writer.key("notes")
            strings(impact.notes, to: &writer)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        writer.key("dif")
        write(dif, plan: plan, to: &writer)
        writer.key("biasAudit")
        write(biasAudit, to: &writer)
        writer.endObject()
    }

    private func write(_ icc: IntraclassCorrelation, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("id")
        writer.string(icc.id)
        writer.key("panels")
        writer.integer(icc.panels)
        writer.key("single")
        optional(icc.single, to: &writer)
        writer.key("average")
        optional(icc.average, to: &writer)
        writer.key("meanSpread")
        optional(icc.meanSpread, to: &writer)
        writer.key("ratersFor080")
        if let raters = icc.ratersFor080 { writer.integer(raters) } else { writer.null() }
        writer.key("undefined")
        if let reason = icc.undefined { writer.string(reason) } else { writer.null() }
        writer.key("coefficients")
        write(icc.coefficients, to: &writer)
        writer.endObject()
    }

    func optional(_ value: Double?, to writer: inout JSONWriter) {
        if let value, value.isFinite { writer.exact(value) } else { writer.null() }
    }

    func strings(_ values: [String], to writer: inout JSONWriter) {
        writer.beginArray()
        for value in values { writer.string(value) }
        writer.endArray()
    }

    private func writeCounts(_ counts: [String: Int], to writer: inout JSONWriter) {
        writer.beginObject()
        for (key, count) in counts.sorted(by: { $0.key < $1.key }) {
            writer.key(named: key)
            writer.integer(count)
        }
        writer.endObject()
    }
}

extension NormGroup {
    /// Writes the norm group as JSON (`dazzle.norms/1`).
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("format")
        writer.string(Self.format)
        writer.key("questionnaire")
        writer.string(questionnaireID)
        writer.key("rubric")
        writer.string(rubricID)
        writer.key("count")
        writer.integer(count)
        writer.key("date")
        writer.string(date)
        writer.key("distributions")
        writer.beginObject()
        for (id, distribution) in distributions.sorted(by: { $0.key < $1.key }) {
            writer.key(named: id)
            writer.beginObject()
            writer.key("count")
            writer.integer(distribution.count)
            writer.key("mean")
            writer.exact(distribution.mean)
            writer.key("sd")
            writer.exact(distribution.sd)
            writer.key("percentiles")
            writer.beginArray()
            for point in distribution.percentiles { writer.exact(point) }
            writer.endArray()
            writer.endObject()
        }
        writer.endObject()
        writer.endObject()
    }

    /// Reads a norm group file.
    /// - Throws: a sentence saying what is wrong.
    public static func read(_ bytes: [UInt8], file: String) throws(Rejection) -> NormGroup {
        let root: JSONValue
        do {
            root = try JSONReader().read(bytes)
        } catch {
            throw Rejection(source: "\(file):\(error.position)", reason: error.message)
        }
        guard let object = root.objectValue, object["format"]?.stringValue == format else {
            throw Rejection(
                source: file,
                reason:
                    "not a norm group: it must start with \"format\": \"\(format)\"; build one with 'dazzle norms build'"
            )
        }
        var distributions: [String: Distribution] = [:]
        for member in object["distributions"]?.objectValue?.members ?? [] {
            guard let value = member.value.objectValue, let mean = value["mean"]?.numberValue,
                let sd = value["sd"]?.numberValue,
                let points = value["percentiles"]?.arrayValue?.compactMap(\.numberValue), points.count == 101
            else {
                throw Rejection(
                    source: file, reason: "the distribution '\(member.key)' needs 'mean', 'sd' and 101 'percentiles'")
            }
            distributions[member.key] = Distribution(
                count: wholeCount(value["count"]), mean: mean, sd: sd, percentiles: points)
        }
        return NormGroup(
            questionnaireID: object["questionnaire"]?.stringValue ?? "", rubricID: object["rubric"]?.stringValue ?? "",
            count: wholeCount(object["count"]), date: object["date"]?.stringValue ?? "",
            distributions: distributions)
    }
}

/// A count read from a file, kept in range so no input can trap the conversion.
private func wholeCount(_ value: JSONValue?) -> Int {
    guard let number = value?.numberValue, number >= 0, number < 1e12 else { return 0 }
    return Int(number)
}
