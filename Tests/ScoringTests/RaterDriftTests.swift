import Testing

@testable import Analytics

@Suite("Rater drift")
struct RaterDriftTests {
    @Test("days from civil dates: the epoch, a leap day, a century")
    func days() {
        #expect(RaterDrift.day("1970-01-01") == 0)
        #expect(RaterDrift.day("2000-03-01") == 11017)
        #expect(RaterDrift.day("2024-02-29") == 19782)
        #expect(RaterDrift.day("2024-13-01") == nil && RaterDrift.day("nope") == nil)
    }

    /// Points (day 0, 0), (day 30, 0.3), (day 60, 0.6): a slope of 0.01 a day, 0.3 per 30 days.
    @Test("drift is the least-squares slope per 30 days; undated or same-day points give none")
    func slope() {
        let drift = RaterDrift(
            rater: "Jo",
            points: [
                .init(date: "2026-01-01", difference: 0), .init(date: "2026-01-31", difference: 0.3),
                .init(date: "2026-03-02", difference: 0.6),
            ])
        #expect(abs((drift.driftPer30Days ?? 0) - 0.3) < 1e-12)
        #expect(abs(drift.mean - 0.3) < 1e-12)
        #expect(
            RaterDrift(rater: "Jo", points: [.init(date: nil, difference: 1), .init(date: nil, difference: 2)])
                .driftPer30Days == nil)
        #expect(
            RaterDrift(
                rater: "Jo",
                points: [.init(date: "2026-01-01", difference: 1), .init(date: "2026-01-01", difference: 2)]
            ).driftPer30Days == nil)
    }
}
