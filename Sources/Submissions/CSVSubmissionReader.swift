import Dispatch
import Foundation
import QuestionnaireEngine

/// Reads form-tool CSV exports into submissions: one row per submission, columns named by item id
/// or by the exact question text, plus named candidate columns.
///
/// Candidate columns (case and spacing ignored): `candidate_id` or `id`; `name` or
/// `candidate_name`; `email` or `email address`; `role`; `rater` or `interviewer`; `seconds`;
/// `timestamp` or `submitted`; `version`; and `demographic.FIELD` for self-identified fields.
/// Without an id column the email is the id.
public struct CSVSubmissionReader: Sendable {
    public let layout: SubmissionLayout

    public init(layout: SubmissionLayout) {
        self.layout = layout
    }

    /// What a CSV file gave: a result per data row, and notes about the file as a whole.
    public struct Batch: Sendable {
        public var results: [Result<Submission, Rejection>]
        public var warnings: [String]
    }

    package enum Column {
        case item(Int)
        case id, name, email, role, rater, seconds, submitted, version
        case demographic(String)
        case ignored
    }

    /// Reads a whole CSV file.
    /// - Throws: ``Rejection`` when the file as a whole cannot be read (bad CSV, no id column).
    public func read(_ bytes: [UInt8], file: String) throws(Rejection) -> Batch {
        let table = CSVTable(bytes)
        guard let header = table.records.first else {
            throw Rejection(
                source: file, reason: "the CSV file is empty; expected a header row and one row per submission")
        }
        if let problem = header.problem {
            throw Rejection(source: "\(file):\(header.line)", reason: "not valid CSV: \(problem)")
        }
        let layout = try self.header(header.fields, file: file)
        let columns = layout.columns
        // Rows are independent: read them on every core, each thread a contiguous share.
        let rows = Array(table.records.dropFirst())
        let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, rows.count / 512 + 1))
        let shares = ShareSlots<Result<Submission, Rejection>>(count: parts)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let lower = rows.count * part / parts
            let upper = rows.count * (part + 1) / parts
            shares.set(
                part,
                (lower..<upper).map { index in
                    submission(
                        rows[index], columns: columns, header: header.fields, source: "\(file):\(rows[index].line)",
                        row: index + 1)
                })
        }
        return Batch(results: shares.joined, warnings: layout.warning.map { [$0] } ?? [])
    }

    /// A header row, read: what each column holds.
    public struct Header: Sendable {
        public let fields: [String]
        package let columns: [Column]
        /// A note naming the columns that match no item or candidate field, if any.
        public let warning: String?
        /// Per column: how many columns from it on hold items of consecutive slots (0 for a
        /// column that holds no item), when no item has two columns; empty otherwise. The
        /// stream reads such a run of one-digit answers at once.
        package let itemRuns: [Int]

        init(fields: [String], columns: [Column], warning: String?) {
            self.fields = fields
            self.columns = columns
            self.warning = warning
            var slots: [Int] = []
            for case .item(let slot) in columns { slots.append(slot) }
            guard Set(slots).count == slots.count else {
                itemRuns = []
                return
            }
            var runs = [Int](repeating: 0, count: columns.count)
            for column in columns.indices.reversed() {
                guard case .item(let slot) = columns[column] else { continue }
                if column + 1 < columns.count, case .item(let next) = columns[column + 1], next == slot + 1 {
                    runs[column] = runs[column + 1] + 1
                } else {
                    runs[column] = 1
                }
            }
            itemRuns = runs
        }
    }

    /// Reads a header row.
    /// - Throws: ``Rejection`` when no column holds a candidate id or email.
    public func header(_ fields: [String], file: String) throws(Rejection) -> Header {
        let columns = fields.map { column(for: $0) }
        let unknown = zip(fields, columns).filter {
            if case .ignored = $0.1 { return true } else { return false }
        }.map(\.0)
        let warning =
            unknown.isEmpty
            ? nil
            : "\(file): ignored \(unknown.count) column(s) that match no item or candidate field: \(unknown.map { "'\($0)'" }.joined(separator: ", "))"
        let hasID = columns.contains { if case .id = $0 { return true } else { return false } }
        let hasEmail = columns.contains { if case .email = $0 { return true } else { return false } }
        guard hasID || hasEmail else {
            throw Rejection(
                source: "\(file):1",
                reason:
                    "no candidate id column; add a 'candidate_id' (or 'email') column so results can be matched to people"
            )
        }
        return Header(fields: fields, columns: columns, warning: warning)
    }

    func column(for heading: String) -> Column {
        let trimmed = heading.trimmingCharacters(in: .whitespaces)
        if let slot = layout.slots[trimmed] ?? layout.slotsByText[trimmed] { return .item(slot) }
        let key = trimmed.lowercased().replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
        for prefix in ["demographic.", "demographic:", "demographic "] where key.hasPrefix(prefix) {
            return .demographic(String(trimmed.dropFirst(prefix.count)))
        }
        switch key {
        case "candidate id", "id", "candidate": return .id
        case "name", "candidate name", "full name": return .name
        case "email", "email address", "e mail": return .email
        case "role", "position": return .role
        case "rater", "interviewer": return .rater
        case "seconds", "duration seconds", "seconds spent": return .seconds
        case "timestamp", "submitted", "submitted at": return .submitted
        case "version": return .version
        default: return .ignored
        }
    }

    /// One row's bytes (a record found by ``CSVTable/recordEnd(in:from:)``, without its line
    /// end) read under its file's header: how a row read apart from its file is read.
    public func submission(row bytes: [UInt8], header: Header, source: String, row: Int)
        -> Result<Submission, Rejection>
    {
        let table = CSVTable(bytes)
        guard table.records.count == 1, let record = table.records.first else {
            return .failure(
                Rejection(
                    source: source,
                    reason:
                        "row \(row) holds a carriage return that is not part of a line end; save the export with standard line ends"
                ))
        }
        return submission(record, columns: header.columns, header: header.fields, source: source, row: row)
    }

    package func submission(_ record: CSVTable.Record, columns: [Column], header: [String], source: String, row: Int)
        -> Result<Submission, Rejection>
    {
        if let problem = record.problem {
            return .failure(Rejection(source: source, reason: "not valid CSV: \(problem)"))
        }
        var answers: [Answer?] = Array(repeating: nil, count: layout.items.count)
        var id: String?
        var email: String?
        var name: String?
        var role: String?
        var rater: String?
        var seconds: Double?
        var submitted: String?
        var version = layout.questionnaire.version
        var demographics: [String: String] = [:]
        var problems: [String] = []
        if record.fields.count != columns.count {
            return .failure(
                Rejection(
                    source: source,
                    reason:
                        "row \(row) has \(record.fields.count) fields but the header has \(columns.count); check for an unquoted comma"
                ))
        }
        for (value, column) in zip(record.fields, columns) {
            let text = Self.trimmed(value)
            if text.isEmpty { continue }
            if case .item = column, layout.missingCodes.contains(text: text) { continue }
            switch column {
            case .item(let slot):
                // The common case, a whole number on the item's scale, skips the general path.
                if let range = layout.scaleRanges[slot], let number = Int(text), range.contains(number) {
                    answers[slot] = .number(Double(number))
                    continue
                }
                let item = layout.items[slot]
                if let problem = Self.tooLarge(text, column: "'\(item.id)'") {
                    problems.append(problem)
                    continue
                }
                let answer = Self.answer(text, for: item)
                if let problem = Self.problem(cell: text, answer: answer, for: item) {
                    problems.append(problem)
                } else {
                    answers[slot] = answer
                }
            case .id: id = text
            case .name: name = text
            case .email: email = text
            case .role: role = text
            case .rater: rater = text
            case .seconds:
                if let problem = Self.tooLarge(text, column: "seconds") {
                    problems.append(problem)
                } else {
                    seconds = Double(text)
                }
            case .submitted: submitted = text
            case .version: version = text
            case .demographic(let field): demographics[field] = text
            case .ignored: break
            }
        }
        guard let candidateID = id ?? email else {
            return .failure(Rejection(source: source, reason: "row \(row) has no candidate id or email"))
        }
        if let problem = problems.first {
            return .failure(Rejection(source: source, candidateID: candidateID, reason: problem))
        }
        var warnings: [String] = []
        switch AnswerCheck.check(version: version, against: layout.questionnaire) {
        case .same: break
        case .compatible(let warning): warnings.append(warning)
        case .incompatible(let reason):
            return .failure(Rejection(source: source, candidateID: candidateID, reason: reason))
        }
        let candidate = Candidate(
            id: candidateID, name: name ?? candidateID, email: email, role: role, demographics: demographics)
        return .success(
            Submission(
                questionnaireID: layout.questionnaire.id, version: version, candidate: candidate, rater: rater,
                submitted: submitted,
                seconds: seconds, answers: answers, notes: Array(repeating: [], count: layout.items.count),
                source: source,
                warnings: warnings))
    }

    /// A number too large for a double (`1e999`) is refused, as the JSON reader refuses it,
    /// rather than read as infinity.
    static func tooLarge(_ text: String, column: String) -> String? {
        // Written as a number (digits, sign, point, exponent), not a word such as "inf".
        guard let number = Double(text), !number.isFinite,
            text.unicodeScalars.allSatisfy({ "0123456789+-.eE".unicodeScalars.contains($0) })
        else { return nil }
        return "the number '\(text.prefix(40))' in \(column) is too large to represent; use a value within ±1.8e308"
    }

    /// The cell without surrounding spaces and tabs; most cells have none, and are returned as
    /// they are without going through Foundation.
    static func trimmed(_ value: String) -> String {
        guard let first = value.utf8.first, let last = value.utf8.last else { return value }
        let space = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
        guard space(first) || space(last) else { return value }
        return value.trimmingCharacters(in: .whitespaces)
    }

    /// What is wrong with a cell's answer, said in the words of a CSV cell: a yes/no or scale
    /// cell that is neither a number nor a word it takes names the words it takes.
    static func problem(cell: String, answer: Answer, for item: Item) -> String? {
        guard case .text = answer else { return AnswerCheck.problem(with: answer, for: item) }
        switch item.kind {
        case .yesno:
            return "answer '\(cell)' to '\(item.id)' is not yes or no (write yes, y, true or 1; no, n, false or 0)"
        case .likert, .rating:
            guard let scale = item.scale else { break }
            let labels = scale.labels.isEmpty ? "" : " or one of its labels (\(scale.labels.joined(separator: ", ")))"
            return "answer '\(cell)' to '\(item.id)' is neither a number from \(scale.min) to \(scale.max)\(labels)"
        case .choice, .multi, .text, .number:
            break
        }
        return AnswerCheck.problem(with: answer, for: item)
    }

    /// The answer a CSV cell gives: numbers for scales (or a scale label), option ids or texts for
    /// choices, `;` or `, ` separated options for multi items, yes/no words for yes/no items.
    static func answer(_ text: String, for item: Item) -> Answer {
        switch item.kind {
        case .likert, .rating, .number:
            if let number = Double(text), number.isFinite { return .number(number) }
            if let scale = item.scale,
                let index = scale.labels.firstIndex(where: { $0.caseInsensitiveCompare(text) == .orderedSame })
            {
                return .number(Double(scale.min + index))
            }
            return .text(text)
        case .choice(let options):
            return .option(optionID(text, options))
        case .multi(let options, _, _):
            if options.contains(where: { $0.text == text || $0.id == text }) {
                return .options([optionID(text, options)])
            }
            let parts = text.contains(";") ? text.split(separator: ";") : text.split(separator: ",")
            return .options(parts.map { optionID($0.trimmingCharacters(in: .whitespaces), options) })
        case .yesno:
            switch text.lowercased() {
            case "yes", "y", "true", "1": return .bool(true)
            case "no", "n", "false", "0": return .bool(false)
            default: return .text(text)
            }
        case .text:
            return .text(text)
        }
    }

    static func optionID(_ text: String, _ options: [ChoiceOption]) -> String {
        options.first { $0.id == text }?.id ?? options.first { $0.text.caseInsensitiveCompare(text) == .orderedSame }?
            .id ?? text
    }
}
