import Analytics
import Audit
import DazzleJSON
import Foundation
import QuestionnaireEngine
import Scoring
import Submissions
import Templating
import Testing

@testable import Reports

@Suite("Reports")
struct ReportTests {
    let context = ReportContext(date: "2026-11-25", dazzleVersion: "test")

    /// The links of a folder written by `score --report`: the batch report links each candidate.
    static let folderLinks = ReportLinks(
        index: "index.html", batch: "report.html", comparison: "comparison.html",
        candidates: ["c1": "candidates/c1.html", "c2": "candidates/c2.html", "c3": "candidates/c3.html"])

    func render(_ kind: ReportKind, _ format: ReportFormat, links: ReportLinks = folderLinks) throws -> String {
        let plan = try interviewPlan()
        var outcome = sampleOutcome(plan)
        let analysis = BatchAnalysis.analyse(outcome, plan: plan)
        analysis.annotate(&outcome.scorecards)
        let context = ReportContext(date: "2026-11-25", dazzleVersion: "test", links: links)
        let model: TemplateValue
        switch kind {
        case .candidate:
            model = CandidateReport.model(
                outcome.scorecards[0], plan: plan,
                context: ReportContext(date: "2026-11-25", dazzleVersion: "test", links: links.fromSubfolder))
        case .comparison: model = ComparisonReport.model(outcome.scorecards, plan: plan, blind: false, context: context)
        case .batch: model = BatchReport.model(outcome, analysis: analysis, plan: plan, context: context)
        case .index:
            let entry = IndexReport.Entry(
                title: plan.questionnaire.title, batch: links.batch, comparison: links.comparison,
                candidates: SummaryTable.ranked(outcome.scorecards).compactMap { card in
                    links.candidates[card.candidateID].map { (card, $0) }
                }, files: [("summary.csv", "summary.csv")])
            model = IndexReport.model(title: "Reports", entries: [entry], context: context)
        case .explanation:
            // Notes shown (the opt-in) so their hostile text goes through the escaping too; a
            // person's override on record.
            var explained = context
            explained.decisions = [
                outcome.scorecards[0].candidateID: DecisionLog.Entry(
                    seq: 1, at: "2026-11-26T09:00:00Z", candidateID: outcome.scorecards[0].candidateID,
                    questionnaireID: plan.questionnaire.id, rubricDecision: outcome.scorecards[0].decision,
                    decision: "hire", reason: "Two strong references; " + Hostile.attribute, by: "Ana Diaz")
            ]
            model = ExplanationReport.model(
                outcome.scorecards[0], plan: plan, context: explained,
                options: ExplanationReport.Options(contact: "write to jobs@example.org", includeNotes: true))
        case .card:
            var writer = JSONWriter()
            analysis.write(to: &writer, outcome: outcome, plan: plan)
            model = InstrumentCard.model(
                plan: plan,
                sources: InstrumentCard.Sources(
                    summary: try JSONReader().read(writer.bytes), summaryHash: "sha256:test",
                    rubricHash: "sha256:rubric",
                    dazzleVersion: "test"))
        }
        return String(decoding: try ReportRenderer().render(kind, format: format, model: model), as: UTF8.self)
    }

    static let all: [(ReportKind, ReportFormat)] = ReportKind.allCases.flatMap { kind in
        ReportFormat.allCases.map { (kind, $0) }
    }

    @Test("every report matches its golden file", arguments: all)
    func golden(kind: ReportKind, format: ReportFormat) throws {
        try expectSnapshot(try render(kind, format), named: "\(kind.rawValue).\(format.fileExtension)")
    }

    @Test("the same inputs give byte-identical reports", arguments: all)
    func deterministic(kind: ReportKind, format: ReportFormat) throws {
        #expect(try render(kind, format) == (try render(kind, format)))
    }

    /// The instrument card holds no candidate data: only the set, the rubric and the batch's figures.
    @Test("HTML reports escape every candidate-provided string", arguments: ReportKind.allCases.filter { $0 != .card })
    func htmlEscaping(kind: ReportKind) throws {
        let html = try render(kind, .html)
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img src=x"))
        #expect(!html.contains("\"><img"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    /// Looks at the markup itself, not at escaped text: every tag is read, and none may load
    /// anything or run anything; the only address in a tag is the SVG namespace, and links lead
    /// only to the folder's own files (relative, no scheme, never up out of the output folder).
    @Test("HTML reports are self-contained: no scripts, no external resources", arguments: ReportKind.allCases)
    func selfContained(kind: ReportKind) throws {
        let html = try render(kind, .html)
        var tags: [Substring] = []
        var rest = html[...]
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            tags.append(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        #expect(tags.count > 50)
        for tag in tags {
            // `url(#id)` points inside the page (an SVG pattern); any other `url(` would fetch.
            let lower = tag.lowercased().replacingOccurrences(of: "url(#", with: "")
            for forbidden in ["<script", "<link", "<iframe", "<img", "<object", " src=", "url(", " on"] {
                #expect(!lower.contains(forbidden), "\(forbidden) in \(tag)")
            }
            if let range = lower.range(of: " href=\"") {
                let target = lower[range.upperBound...].prefix { $0 != "\"" }
                #expect(lower.hasPrefix("<a "), "\(tag)")
                #expect(
                    !target.contains(":") && !target.hasPrefix("/") && !target.hasPrefix("../..")
                        && (target.hasSuffix(".html") || target.hasSuffix(".csv") || target.hasSuffix(".json")),
                    "\(tag)")
            }
            if lower.contains("http") { #expect(lower.contains("xmlns=\"http://www.w3.org/2000/svg\""), "\(tag)") }
        }
        #expect(!html.contains("@import"))
    }

    /// Every table row keeps its column count whatever the text: pipes and line breaks are escaped.
    @Test("Markdown tables stay valid with hostile text", arguments: ReportKind.allCases)
    func markdownTables(kind: ReportKind) throws {
        let markdown = try render(kind, .markdown)
        var columns: Int?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("|") else {
                columns = nil
                continue
            }
            let cells = line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
            if let columns { #expect(cells == columns, "row with \(cells) pipes after \(columns): \(line)") }
            columns = cells
        }
        #expect(!markdown.contains("<script>"))
        #expect(
            !markdown.replacingOccurrences(of: "\\](", with: "").contains("]("), "candidate text cannot make a link")
    }

    @Test("candidate reports carry notes, raters and emoji and right-to-left text intact")
    func textSurvives() throws {
        let html = try render(.candidate, .html)
        #expect(html.contains("javascript:alert(1) | a | b |"), "shown as text, never as a link")
        #expect(!html.contains("href=\"javascript"))
        let comparison = try render(.comparison, .html)
        #expect(comparison.contains("Zoë 🌟 O&#39;Brien"))
        #expect(comparison.contains(Hostile.rightToLeft))
    }

    @Test("blind comparisons show stable pseudonyms and no names or emails")
    func blind() throws {
        let plan = try interviewPlan()
        let cards = sampleOutcome(plan).scorecards
        let forward = ComparisonReport.model(cards, plan: plan, blind: true, context: context)
        let backward = ComparisonReport.model(cards.reversed(), plan: plan, blind: true, context: context)
        let renderer = try ReportRenderer()
        let one = String(decoding: try renderer.render(.comparison, format: .html, model: forward), as: UTF8.self)
        let two = String(decoding: try renderer.render(.comparison, format: .html, model: backward), as: UTF8.self)
        #expect(one == two, "input order does not change the letters")
        #expect(
            ComparisonReport.pseudonyms(for: cards) == ["c1": "Candidate A", "c2": "Candidate B", "c3": "Candidate C"])
        #expect(
            !one.contains("Zoë") && !one.contains("&lt;script") && !one.contains("example.org")
                && !one.contains("woman"))
    }

    @Test("the overall SEM combines the dimension SEMs as independent errors")
    func overallSEM() throws {
        let plan = try interviewPlan()
        var dimensions = sampleOutcome(plan).scorecards[0].dimensions
        #expect(BatchAnalysis.overallSEM(dimensions) == nil, "unknown without a batch")
        for index in dimensions.indices { dimensions[index].sem = 4 }
        let weights = dimensions.map(\.weight)
        let total = weights.reduce(0, +)
        let expected = (weights.map { ($0 / total) * ($0 / total) * 16 }.reduce(0, +)).squareRoot()
        #expect(abs((BatchAnalysis.overallSEM(dimensions) ?? 0) - expected) < 1e-12)
    }

    /// The binary carries the templates; after editing reports/, run scripts/embed-resources.
    @Test("the carried templates equal reports/")
    func carriedTemplates() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("reports")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasSuffix(".mustache")
        }.sorted()
        #expect(ReportRenderer.defaultTemplates.map(\.name) == names)
        for file in ReportRenderer.defaultTemplates {
            #expect(
                file.contents == (try String(contentsOf: folder.appendingPathComponent(file.name), encoding: .utf8)),
                "\(file.name): run scripts/embed-resources")
        }
    }

    @Test("charts escape their labels and describe themselves")
    func chartEscaping() {
        let svg = SVGChart.bars(title: "<t>", id: "bars", rows: [("<b>&", 50, 4), ("none", nil, nil)], layout: .wide)
        #expect(svg.contains("&lt;b&gt;&amp;") && !svg.contains("<b>"))
        #expect(svg.contains("<title id=\"bars-title\">&lt;t&gt;</title>"))
        #expect(svg.contains("&lt;b&gt;&amp;: 50.0 ± 4.0; none: insufficient"))
    }
}
