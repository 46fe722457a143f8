import DazzleJSON
import Foundation

/// What an output folder is for and until when its candidate data may be kept
/// (`retention.json`), with any legal hold that stops its deletion.
public struct RetentionPolicy: Sendable, Hashable {
    public static let format = "dazzle.retention/1"
    public static let fileName = "retention.json"

    /// A legal hold: the data stays, whatever the date, until released.
    public struct Hold: Sendable, Hashable {
        public var reason: String
        /// `YYYY-MM-DD`.
        public var since: String

        public init(reason: String, since: String) {
            self.reason = reason
            self.since = since
        }
    }

    public var purpose: String
    /// `YYYY-MM-DD`: when the folder was first given a policy.
    public var created: String
    /// `YYYY-MM-DD`: the last day its candidate data may be kept.
    public var deleteAfter: String
    public var hold: Hold?

    public init(purpose: String, created: String, deleteAfter: String, hold: Hold? = nil) {
        self.purpose = purpose
        self.created = created
        self.deleteAfter = deleteAfter
        self.hold = hold
    }

    /// Whether the candidate data is past its date on `today` and not held.
    public func isDue(today: String) -> Bool { hold == nil && today > deleteAfter }

    /// The last day to keep data for `spec` from `start`: `28d`, `6w`, `12m`, `2y` (days, weeks,
    /// calendar months, years), or a date `YYYY-MM-DD`; `nil` when `spec` is neither.
    public static func deleteAfter(_ spec: String, from start: String) -> String? {
        let text = spec.trimmingCharacters(in: .whitespaces).lowercased()
        if let date = day(text) { return format(date) }
        guard let unit = text.last, let count = Int(text.dropLast()), count > 0, count <= 100_000,
            let begin = day(start)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let component: Calendar.Component
        var amount = count
        switch unit {
        case "d": component = .day
        case "w":
            component = .day
            amount = count * 7
        case "m": component = .month
        case "y": component = .year
        default: return nil
        }
        return calendar.date(byAdding: component, value: amount, to: begin).map(format)
    }

    /// A `YYYY-MM-DD` date at midnight UTC, or `nil`.
    static func day(_ text: String) -> Date? {
        guard text.count == 10 else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.date(from: text)
    }

    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// The policy as `retention.json` writes it.
    public var json: [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("format")
        writer.string(Self.format)
        writer.key("purpose")
        writer.string(purpose)
        writer.key("created")
        writer.string(created)
        writer.key("deleteAfter")
        writer.string(deleteAfter)
        writer.key("hold")
        if let hold {
            writer.beginObject()
            writer.key("reason")
            writer.string(hold.reason)
            writer.key("since")
            writer.string(hold.since)
            writer.endObject()
        } else {
            writer.null()
        }
        writer.endObject()
        writer.endLine()
        return writer.bytes
    }

    /// Reads `retention.json`; `nil` when it is not one.
    public static func read(_ bytes: [UInt8]) -> RetentionPolicy? {
        guard let object = try? JSONReader().read(bytes).objectValue, object["format"]?.stringValue == format,
            let purpose = object["purpose"]?.stringValue, let created = object["created"]?.stringValue,
            let deleteAfter = object["deleteAfter"]?.stringValue, day(deleteAfter) != nil
        else { return nil }
        let hold = object["hold"]?.objectValue.flatMap { hold -> Hold? in
            guard let reason = hold["reason"]?.stringValue else { return nil }
            return Hold(reason: reason, since: hold["since"]?.stringValue ?? created)
        }
        return RetentionPolicy(purpose: purpose, created: created, deleteAfter: deleteAfter, hold: hold)
    }
}
