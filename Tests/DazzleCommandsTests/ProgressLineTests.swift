import Testing

@testable import DazzleCommands

@Suite("Progress line")
struct ProgressLineTests {
    @Test("count and rate, then share done and time left once the total is known")
    func text() {
        #expect(ProgressLine.text(count: 1200, label: "read", elapsed: 2, fraction: nil) == "1200 read · 600/s")
        #expect(
            ProgressLine.text(count: 120_000, label: "scored", elapsed: 3, fraction: 0.04)
                == "120000 scored · 40000/s · 4% · 1:12 left")
        #expect(
            ProgressLine.text(count: 10, label: "scored", elapsed: 1, fraction: 0) == "10 scored · 10/s",
            "nothing done yet: no guess at the time left")
        #expect(
            ProgressLine.text(count: 1, label: "scored", elapsed: 0.001, fraction: 0.000_001) == "1 scored · 1000/s",
            "too early for the rate to mean anything")
    }
}
