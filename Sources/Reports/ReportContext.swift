import Analytics
import QuestionnaireEngine
import Scoring
import Submissions

/// What every report shows besides its data: when it was made, by which Dazzle, and the batch's
/// measurement precision when a batch was analysed.
public struct ReportContext: Sendable {
    /// The report date (`--date` or `SOURCE_DATE_EPOCH`), so the same inputs give the same bytes.
    public var date: String
    public var dazzleVersion: String
    /// Standard errors of measurement per dimension id, from a batch analysis.
    public var sem: [String: Double]

    public init(date: String, dazzleVersion: String, sem: [String: Double] = [:]) {
        self.date = date
        self.dazzleVersion = dazzleVersion
        self.sem = sem
    }

    /// SEMs from a batch analysis.
    public init(date: String, dazzleVersion: String, analysis: BatchAnalysis) {
        var sem: [String: Double] = [:]
        for scale in analysis.reliability {
            if let value = scale.sem { sem[scale.dimensionID] = value }
        }
        self.init(date: date, dazzleVersion: dazzleVersion, sem: sem)
    }

    /// The overall score's SEM: the dimensions' errors combined as independent, weighted like the
    /// overall score, over the dimensions that were scored. `nil` when any is unknown.
    func overallSEM(for card: ScoreCard) -> Double? {
        let scored = card.dimensions.filter { $0.score != nil }
        let totalWeight = scored.reduce(0) { $0 + $1.weight }
        guard totalWeight > 0 else { return nil }
        var variance = 0.0
        for dimension in scored {
            guard let sem = sem[dimension.id] else { return nil }
            let share = dimension.weight / totalWeight
            variance += share * share * sem * sem
        }
        return variance.squareRoot()
    }
}

/// Numbers as reports print them: one decimal for scores, whole percentiles with their suffix.
enum ReportNumber {
    static func score(_ value: Double?) -> String {
        value.map(SVGChart.score) ?? "—"
    }

    static func ordinal(_ value: Double) -> String {
        let whole = Int(min(max(value.rounded(), 0), 100))
        let suffix: String
        switch (whole % 10, whole % 100) {
        case (_, 11...13): suffix = "th"
        case (1, _): suffix = "st"
        case (2, _): suffix = "nd"
        case (3, _): suffix = "rd"
        default: suffix = "th"
        }
        return "\(whole)\(suffix)"
    }

    static func twoDecimals(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        let hundredths = Int((value * 100).rounded())
        return
            "\(hundredths < 0 ? "-" : "")\(abs(hundredths) / 100).\(abs(hundredths) % 100 < 10 ? "0" : "")\(abs(hundredths) % 100)"
    }
}
