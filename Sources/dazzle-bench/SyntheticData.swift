/// Deterministic synthetic question sets and submissions for benchmarks: the same seed gives the
/// same bytes on every machine.
struct SyntheticData {
    /// A small, fast, seedable generator (SplitMix64).
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func next(in range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.count))
        }
    }

    static let itemCount = 58
    static let dimensionCount = 6

    /// A 58-item likert question set (a third reverse-keyed) with an embedded rubric.
    static func questionnaireJSON() -> String {
        var items: [String] = []
        for index in 0..<itemCount {
            let reverse = index % 3 == 2 ? ", \"reverse\": true" : ""
            items.append(
                "{\"id\": \"q\(index + 1)\", \"type\": \"likert\", \"text\": \"Statement \(index + 1)\", \"scale\": \"agree5\"\(reverse)}"
            )
        }
        var dimensions: [String] = []
        for dimension in 0..<dimensionCount {
            let ids = stride(from: dimension, to: itemCount, by: dimensionCount).map { "\"q\($0 + 1)\"" }
            dimensions.append(
                "{\"id\": \"d\(dimension + 1)\", \"name\": \"Dimension \(dimension + 1)\", \"items\": [\(ids.joined(separator: ", "))]}"
            )
        }
        return """
            {"format": "dazzle.questionnaire/1", "id": "bench-form", "version": "1.0.0", "title": "Benchmark form",
             "audience": "candidate",
             "scales": {"agree5": {"min": 1, "max": 5}},
             "sections": [{"id": "all", "title": "All", "items": [\(items.joined(separator: ",\n"))]}],
             "rubric": {"id": "bench", "dimensions": [\(dimensions.joined(separator: ",\n"))],
               "bands": [{"from": 70, "to": 100, "label": "Advance", "decision": "advance"},
                         {"from": 0, "to": 70, "label": "Hold", "decision": "hold"}],
               "validity": {"longString": 10, "minimumSeconds": 120,
                 "consistency": {"pairs": [["q1", "q7"], ["q2", "q8"]], "maxGap": 2}}}}
            """
    }

    /// `count` submissions as JSON Lines, about 1 KB each, like a form tool's export.
    static func submissionsJSONL(count: Int, seed: UInt64) -> [UInt8] {
        var generator = Generator(state: seed)
        var out: [UInt8] = []
        out.reserveCapacity(count * 1100)
        let genders = ["woman", "man", "nonbinary"]
        for number in 0..<count {
            var line = "{\"format\":\"dazzle.submission/1\",\"questionnaire\":\"bench-form\",\"version\":\"1.0.0\","
            line +=
                "\"candidate\":{\"id\":\"cand-\(number)\",\"name\":\"Candidate \(number)\",\"email\":\"c\(number)@example.org\","
            line += "\"role\":\"Front desk\",\"demographics\":{\"gender\":\"\(genders[generator.next(in: 0...2)])\"}},"
            line +=
                "\"submitted\":\"2026-11-\(10 + number % 18)T09:\(10 + number % 50):00Z\",\"seconds\":\(generator.next(in: 90...1500)),\"answers\":{"
            let tendency = generator.next(in: 2...4)
            for item in 0..<itemCount {
                let value = max(1, min(5, tendency + generator.next(in: -1...1)))
                line += (item == 0 ? "" : ",") + "\"q\(item + 1)\":\(value)"
            }
            line += "}}\n"
            out.append(contentsOf: line.utf8)
        }
        return out
    }
}
