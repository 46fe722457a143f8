/// A batch's self-identified demographics coded once: per field, every person's value as an
/// index into the field's values, so grouping a hundred thousand people by a field or by two
/// fields' intersection counts into arrays instead of hashing a string per person.
struct DemographicColumns {
    /// The fields any person has, in name order.
    let fields: [String]
    /// Per field, its values in order (String's `<`).
    let values: [[String]]
    /// Per field, per person, the index of their value in `values`, or -1 without one.
    let codes: [[Int32]]
    let count: Int

    init(_ people: [[String: String]]) {
        var fieldIndex: [String: Int] = [:]
        var firstSeen: [[String: Int32]] = []
        var seenCodes: [[Int32]] = []
        for (person, demographics) in people.enumerated() {
            for (field, value) in demographics {
                let column: Int
                if let known = fieldIndex[field] {
                    column = known
                } else {
                    column = firstSeen.count
                    fieldIndex[field] = column
                    firstSeen.append([:])
                    seenCodes.append([Int32](repeating: -1, count: people.count))
                }
                let code: Int32
                if let known = firstSeen[column][value] {
                    code = known
                } else {
                    code = Int32(firstSeen[column].count)
                    firstSeen[column][value] = code
                }
                seenCodes[column][person] = code
            }
        }
        // Codes renumbered so that a value's code is its place in value order.
        let columns = fieldIndex.sorted { $0.key < $1.key }
        fields = columns.map(\.key)
        var values: [[String]] = []
        var codes: [[Int32]] = []
        for (_, column) in columns {
            let sorted = firstSeen[column].sorted { $0.key < $1.key }
            var renumber = [Int32](repeating: -1, count: sorted.count)
            for (place, entry) in sorted.enumerated() { renumber[Int(entry.value)] = Int32(place) }
            values.append(sorted.map(\.key))
            codes.append(seenCodes[column].map { $0 < 0 ? -1 : renumber[Int($0)] })
        }
        self.values = values
        self.codes = codes
        count = people.count
    }

    /// A table's demographics, its rows taken in `order`.
    init(_ table: AnalysisTable, order: [Int]) {
        let columns = table.demographicFields.indices.sorted {
            table.demographicFields[$0] < table.demographicFields[$1]
        }
        fields = columns.map { table.demographicFields[$0] }
        var values: [[String]] = []
        var codes: [[Int32]] = []
        for column in columns {
            let seen = table.demographicValues[column]
            let sorted = seen.indices.sorted { seen[$0] < seen[$1] }
            var renumber = [Int32](repeating: -1, count: sorted.count)
            for (place, code) in sorted.enumerated() { renumber[code] = Int32(place) }
            values.append(sorted.map { seen[$0] })
            let rows = table.demographicCodes[column]
            codes.append(order.map { rows[$0] < 0 ? -1 : renumber[Int(rows[$0])] })
        }
        self.values = values
        self.codes = codes
        count = order.count
    }

    /// The people grouped by one field's value; with `emptyIsMissing`, an empty value counts
    /// as none.
    func grouping(_ field: String, emptyIsMissing: Bool) -> Grouping? {
        guard let column = fields.firstIndex(of: field) else { return nil }
        guard emptyIsMissing, let empty = values[column].firstIndex(of: "") else {
            return Grouping(labels: values[column], codes: codes[column])
        }
        let labels = values[column].filter { !$0.isEmpty }
        let gone = Int32(empty)
        return Grouping(
            labels: labels, codes: codes[column].map { $0 < 0 || $0 == gone ? -1 : ($0 > gone ? $0 - 1 : $0) })
    }

    /// The people grouped by two fields' values together, labelled `a × b`; people without
    /// either value have none.
    func intersection(_ first: String, _ second: String) -> Grouping? {
        guard let a = fields.firstIndex(of: first), let b = fields.firstIndex(of: second) else { return nil }
        let width = Int32(values[b].count)
        var used = [Bool](repeating: false, count: values[a].count * values[b].count)
        var pairs = [Int32](repeating: -1, count: count)
        for person in 0..<count {
            let x = codes[a][person]
            let y = codes[b][person]
            guard x >= 0, y >= 0 else { continue }
            pairs[person] = x * width + y
            used[Int(x * width + y)] = true
        }
        let labelled = used.indices.filter { used[$0] }.map { pair in
            (pair: pair, label: "\(values[a][pair / Int(width)]) × \(values[b][pair % Int(width)])")
        }
        .sorted { $0.label < $1.label }
        var renumber = [Int32](repeating: -1, count: used.count)
        for (place, entry) in labelled.enumerated() { renumber[entry.pair] = Int32(place) }
        return Grouping(labels: labelled.map(\.label), codes: pairs.map { $0 < 0 ? -1 : renumber[Int($0)] })
    }
}

/// People in groups: each person's group as an index into `labels` (in label order), or -1.
struct Grouping {
    var labels: [String]
    var codes: [Int32]

    /// Per group: how many people, how many selected, how many scored above `median`.
    func tally(selected: [Bool], overall: [Double?], median: Double?, missingBelow: Double) -> [Tally] {
        var tallies = [Tally](repeating: Tally(), count: labels.count)
        for (person, code) in codes.enumerated() where code >= 0 {
            tallies[Int(code)].count += 1
            if selected[person] { tallies[Int(code)].selected += 1 }
            if let median, (overall[person] ?? missingBelow) > median { tallies[Int(code)].above += 1 }
        }
        return tallies
    }

    /// The overall scores of one group's people, in person order.
    func scores(of group: Int, overall: [Double?]) -> [Double] {
        codes.indices.compactMap { codes[$0] == Int32(group) ? overall[$0] : nil }
    }

    struct Tally {
        var count = 0
        var selected = 0
        var above = 0
    }
}
