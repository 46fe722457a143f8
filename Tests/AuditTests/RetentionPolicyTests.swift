import Testing

@testable import Audit

@Suite("Retention policy")
struct RetentionPolicyTests {
    @Test("periods in days, weeks, calendar months and years, or a date; anything else is refused")
    func periods() {
        #expect(RetentionPolicy.deleteAfter("28d", from: "2026-12-01") == "2026-12-29")
        #expect(RetentionPolicy.deleteAfter("6w", from: "2026-12-01") == "2027-01-12")
        #expect(RetentionPolicy.deleteAfter("1m", from: "2026-01-31") == "2026-02-28", "the month's last day")
        #expect(RetentionPolicy.deleteAfter("2y", from: "2024-02-29") == "2026-02-28")
        #expect(RetentionPolicy.deleteAfter("2027-06-30", from: "2026-12-01") == "2027-06-30")
        for bad in ["3x", "d", "-5d", "0d", "2027-13-01", "soon"] {
            #expect(RetentionPolicy.deleteAfter(bad, from: "2026-12-01") == nil, "\(bad)")
        }
    }

    @Test("due the day after its last day, never under a hold; written and read back the same")
    func due() {
        var policy = RetentionPolicy(purpose: "Spring hiring", created: "2026-12-01", deleteAfter: "2026-12-29")
        #expect(!policy.isDue(today: "2026-12-29") && policy.isDue(today: "2026-12-30"))
        policy.hold = .init(reason: "Claim 17", since: "2026-12-20")
        #expect(!policy.isDue(today: "2027-06-01"))
        #expect(RetentionPolicy.read(policy.json) == policy)
        #expect(RetentionPolicy.read(Array(#"{"format": "dazzle.retention/1"}"#.utf8)) == nil)
    }
}
