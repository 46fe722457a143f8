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

    /// One synthetic candidate's form.
    struct Form {
        var number: Int
        var gender: String
        var seconds: Int
        var answers: [Int]

        var id: String { "cand-\(number)" }
        var submitted: String { "2026-11-\(10 + number % 18)T09:\(10 + number % 50):00Z" }
    }

    /// `count` forms, the same for the same seed: each candidate answers around a tendency of
    /// their own.
    static func forms(count: Int, seed: UInt64) -> [Form] {
        var generator = Generator(state: seed)
        let genders = ["woman", "man", "nonbinary"]
        return (0..<count).map { number in
            let gender = genders[generator.next(in: 0...2)]
            let seconds = generator.next(in: 90...1500)
            let tendency = generator.next(in: 2...4)
            let answers = (0..<itemCount).map { _ in max(1, min(5, tendency + generator.next(in: -1...1))) }
            return Form(number: number, gender: gender, seconds: seconds, answers: answers)
        }
    }

    /// `count` submissions as JSON Lines, about 700 bytes each, like a form tool's export.
    static func submissionsJSONL(count: Int, seed: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count * 1100)
        for form in forms(count: count, seed: seed) {
            var line = "{\"format\":\"dazzle.submission/1\",\"questionnaire\":\"bench-form\",\"version\":\"1.0.0\","
            line +=
                "\"candidate\":{\"id\":\"\(form.id)\",\"name\":\"Candidate \(form.number)\",\"email\":\"c\(form.number)@example.org\","
            line += "\"role\":\"Front desk\",\"demographics\":{\"gender\":\"\(form.gender)\"}},"
            line += "\"submitted\":\"\(form.submitted)\",\"seconds\":\(form.seconds),\"answers\":{"
            for (item, value) in form.answers.enumerated() {
                line += (item == 0 ? "" : ",") + "\"q\(item + 1)\":\(value)"
            }
            line += "}}\n"
            out.append(contentsOf: line.utf8)
        }
        return out
    }

    /// The same submissions as a form tool's CSV export: a header row, then one row each.
    static func submissionsCSV(count: Int, seed: UInt64) -> [UInt8] {
        var out = Array(
            ("candidate_id,name,email,role,demographic.gender,submitted,seconds,"
                + (1...itemCount).map { "q\($0)" }.joined(separator: ",") + "\n").utf8)
        out.reserveCapacity(count * 220)
        for form in forms(count: count, seed: seed) {
            var row =
                "\(form.id),\"Candidate \(form.number)\",c\(form.number)@example.org,Front desk,\(form.gender),\(form.submitted),\(form.seconds)"
            for value in form.answers { row += ",\(value)" }
            out.append(contentsOf: (row + "\n").utf8)
        }
        return out
    }
}
