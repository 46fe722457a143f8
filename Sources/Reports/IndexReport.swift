import Foundation
import Hashing
import Scoring
import Templating

/// The index of an output folder (or of the demo across its question sets): links to each
/// batch report, comparison and candidate report, so a reader can move between them.
public enum IndexReport {
    /// One question set's reports in the folder, as relative links.
    public struct Entry: Sendable {
        public var title: String
        public var batch: String?
        public var comparison: String?
        public var blindComparison: String?
        /// `(scorecard, link)` per candidate, in ranked order; empty when there are no candidate pages.
        public var candidates: [(card: ScoreCard, href: String)]
        /// How many scored candidates have no page here (beyond the shortlist).
        public var withoutPages: Int
        /// Other files worth a link (summary.csv, summary.json), by label.
        public var files: [(label: String, href: String)]

        public init(
            title: String, batch: String? = nil, comparison: String? = nil, blindComparison: String? = nil,
            candidates: [(card: ScoreCard, href: String)] = [], withoutPages: Int = 0,
            files: [(label: String, href: String)] = []
        ) {
            self.title = title
            self.batch = batch
            self.comparison = comparison
            self.blindComparison = blindComparison
            self.candidates = candidates
            self.withoutPages = withoutPages
            self.files = files
        }

        /// The same entry seen from one folder up, its reports in `folder`.
        public func inFolder(_ folder: String) -> Entry {
            func inside(_ path: String?) -> String? { path.map { folder + "/" + $0 } }
            return Entry(
                title: title, batch: inside(batch), comparison: inside(comparison),
                blindComparison: inside(blindComparison),
                candidates: candidates.map { ($0.card, folder + "/" + $0.href) }, withoutPages: withoutPages,
                files: files.map { ($0.label, folder + "/" + $0.href) })
        }
    }

    public static func model(title: String, entries: [Entry], context: ReportContext) -> TemplateValue {
        [
            "title": .string(title),
            "sets": .array(
                entries.enumerated().map { number, entry in
                    [
                        "id": .number(Double(number + 1)), "title": .string(entry.title),
                        "batch": entry.batch.map(TemplateValue.string) ?? .null,
                        "comparison": entry.comparison.map(TemplateValue.string) ?? .null,
                        "blindComparison": entry.blindComparison.map(TemplateValue.string) ?? .null,
                        "omitted": entry.withoutPages == 0
                            ? .null
                            : .string(
                                "\(entry.withoutPages) more candidate\(entry.withoutPages == 1 ? " has" : "s have") no page here: see the batch report and summary.csv, or write any candidate's report with dazzle report."
                            ),
                        "candidates": .array(
                            entry.candidates.map { candidate in
                                [
                                    "name": .string(candidate.card.candidateName), "href": .string(candidate.href),
                                    "overall": .string(ReportNumber.score(candidate.card.overall)),
                                    "decision": .string(candidate.card.decision),
                                    "label": .string(candidate.card.label),
                                ]
                            }),
                        "hasCandidates": .bool(!entry.candidates.isEmpty),
                        "files": .array(entry.files.map { ["label": .string($0.label), "href": .string($0.href)] }),
                    ]
                }),
            "provenance": ["dazzleVersion": .string(context.dazzleVersion), "date": .string(context.date)],
        ]
    }

    /// A report file's name for a candidate: a safe, stable slug of the name and the id
    /// (`maya-ortiz-int-001`), ASCII letters, digits and dashes only, accents folded. An id that
    /// is an email address stands as the first 8 hex digits of its SHA-256, so no address is
    /// written into a file name.
    public static func fileName(for card: ScoreCard) -> String {
        let name = slug(card.candidateName)
        let id =
            card.candidateID.contains("@") ? String(SHA256.hex(card.candidateID).prefix(8)) : slug(card.candidateID)
        let joined = id == name || id.isEmpty ? name : name.isEmpty ? id : name + "-" + id
        return joined.isEmpty ? "candidate" : String(joined.prefix(80))
    }

    static func slug(_ text: String) -> String {
        var slug = ""
        for scalar in text.decomposedStringWithCanonicalMapping.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if scalar.properties.generalCategory == .nonspacingMark {
                continue
            } else if !slug.isEmpty && !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug
    }
}
