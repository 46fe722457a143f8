/// Numbers as reports print them: one decimal for scores, two for statistics, whole percentiles
/// with their suffix. Every function takes any double, NaN and infinities included, and never
/// traps: no integer conversion happens outside the range it is safe in.
enum ReportNumber {
    /// A value with `places` decimals (at most 6), or `—` when there is none or it is not finite;
    /// a magnitude of 1e12 or more is written in exponent form.
    static func fixed(_ value: Double?, places: Int) -> String {
        guard let value, value.isFinite else { return "—" }
        guard abs(value) < 1e12 else { return value.description }
        let places = min(max(places, 0), 6)
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let units = (abs(value) * scale).rounded()
        let whole = Int64(units / scale)
        let fraction = Int64(units - Double(whole) * scale)
        let sign = value < 0 && units > 0 ? "−" : ""
        guard places > 0 else { return "\(sign)\(whole)" }
        let digits = String(fraction)
        return "\(sign)\(whole).\(String(repeating: "0", count: max(0, places - digits.count)))\(digits)"
    }

    /// A score: one decimal.
    static func score(_ value: Double?) -> String { fixed(value, places: 1) }

    /// A statistic: two decimals.
    static func twoDecimals(_ value: Double?) -> String { fixed(value, places: 2) }

    /// A p-value: three decimals, `< 0.001` below that.
    static func pValue(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return value < 0.001 ? "< 0.001" : fixed(value, places: 3)
    }

    /// A percentile with its suffix: `90th`.
    static func ordinal(_ value: Double) -> String {
        let whole = value.isFinite ? Int(min(max(value.rounded(), 0), 100)) : 0
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

    /// A whole count of pixels or units for a drawing, clamped to `range` (NaN gives its lower end).
    static func clamped(_ value: Double, to range: ClosedRange<Int>) -> Int {
        guard value.isFinite else { return value > 0 ? range.upperBound : range.lowerBound }
        return Int(min(max(value.rounded(), Double(range.lowerBound)), Double(range.upperBound)))
    }
}
