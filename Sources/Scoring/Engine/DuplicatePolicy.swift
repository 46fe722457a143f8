import Foundation
import Submissions

/// What a batch does with a second submission for the same candidate from the same rater (or a
/// second self-report form): form tools keep every re-submission, so the batch must choose.
public enum DuplicatePolicy: String, Sendable, CaseIterable {
    /// Keep the latest and reject the others as superseded: the default, since a re-submission
    /// is usually a correction. The latest is the one with the later `submitted` time when both
    /// carry an ISO 8601 time, else the one that comes later in the inputs (files in the order
    /// given, folders by name, rows in order: form tools append re-submissions).
    case latest
    /// Keep the first and reject the later ones.
    case first
    /// Keep none of them: every copy is rejected, naming the others, for a person to sort out.
    case reject

    /// Whether `candidate` replaces `kept` under ``latest``.
    static func isLater(_ candidate: Submission, than kept: Submission) -> Bool {
        guard let new = candidate.submitted.flatMap(instant), let old = kept.submitted.flatMap(instant) else {
            return true
        }
        return new >= old
    }

    /// An ISO 8601 date-time with a zone (`2026-11-30T10:12:33Z`, `…+01:00`, fractions allowed),
    /// or `nil` for anything else: a time without a zone cannot be ordered against another.
    static func instant(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
