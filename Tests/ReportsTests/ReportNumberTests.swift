import Testing

@testable import Reports
@testable import Scoring

/// Numbers as people read them: no value, however absurd, traps a report (the ICC of −1.06e27
/// once did).
@Suite("Numbers in reports")
struct ReportNumberTests {
    static let hostile: [Double] = [
        .nan, .infinity, -.infinity, 1e300, -1e300, -1.06e27, 9.3e18, .greatestFiniteMagnitude,
        .leastNonzeroMagnitude, -0.0,
    ]

    @Test("every formatter takes NaN, ±∞, 1e300 and the largest double without trapping", arguments: hostile)
    func hostileNumbers(_ value: Double) {
        for places in [0, 1, 2, 6, 99, -3] { _ = ReportNumber.fixed(value, places: places) }
        _ = ReportNumber.pValue(value)
        _ = ReportNumber.ordinal(value)
        _ = ReportNumber.clamped(value, to: 0...100)
        _ = SummaryTable.fixed(value)
    }

    @Test("not-finite values print as a dash; huge ones in exponent form")
    func dashAndExponent() {
        #expect(ReportNumber.fixed(.nan, places: 2) == "—")
        #expect(ReportNumber.fixed(-.infinity, places: 2) == "—")
        #expect(ReportNumber.fixed(-1.06e27, places: 2) == "-1.06e+27")
        #expect(SummaryTable.fixed(.nan) == "")
        #expect(SummaryTable.fixed(1e300) == "1e+300")
    }

    @Test("rounding by hand: 2.345 → 2.35 (it is 2.34500000000000019540 as a double), −0.004 → 0.00, 0.9996 → 1.000")
    func rounding() {
        #expect(ReportNumber.fixed(2.345, places: 2) == "2.35")
        #expect(ReportNumber.fixed(-0.004, places: 2) == "0.00")
        #expect(ReportNumber.fixed(-0.25, places: 1) == "−0.3")
        #expect(ReportNumber.fixed(0.9996, places: 3) == "1.000")
        #expect(ReportNumber.pValue(2.3e-16) == "< 0.001")
    }

    @Test("summary.csv keeps the sign of small negatives: −0.4 → -0.4, −0.04 → 0.0, 72.45 → 72.5")
    func summaryTableSigns() {
        #expect(SummaryTable.fixed(-0.4) == "-0.4")
        #expect(SummaryTable.fixed(-0.04) == "0.0")
        #expect(SummaryTable.fixed(72.45) == "72.5")
    }
}
