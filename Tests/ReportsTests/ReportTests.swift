import Analytics
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

    func render(_ kind: ReportKind, _ format: ReportFormat) throws -> String {
        let plan = try interviewPlan()
        let outcome = sampleOutcome(plan)
        let analysis = BatchAnalysis.analyse(outcome, plan: plan)
        let context = ReportContext(date: "2026-11-25", dazzleVersion: "test", analysis: analysis)
        let model: TemplateValue
        switch kind {
        case .candidate: model = CandidateReport.model(outcome.scorecards[0], plan: plan, context: context)
        case .comparison: model = ComparisonReport.model(outcome.scorecards, plan: plan, blind: false, context: context)
        case .batch: model = BatchReport.model(outcome, analysis: analysis, plan: plan, context: context)
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

    @Test("HTML reports escape every candidate-provided string", arguments: ReportKind.allCases)
    func htmlEscaping(kind: ReportKind) throws {
        let html = try render(kind, .html)
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img src=x"))
        #expect(!html.contains("\"><img"))
        if kind != .batch { #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;")) }
    }

    /// Looks at the markup itself, not at escaped text: every tag is read, and none may load
    /// anything or run anything; the only address in a tag is the SVG namespace.
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
            let lower = tag.lowercased()
            for forbidden in ["<script", "<link", "<iframe", "<img", "<object", " src=", " href=", "url(", " on"] {
                #expect(!lower.contains(forbidden), "\(forbidden) in \(tag)")
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
        #expect(!html.contains("href="))
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
        let card = sampleOutcome(plan).scorecards[0]
        let sems = Dictionary(uniqueKeysWithValues: card.dimensions.map { ($0.id, 4.0) })
        let combined = ReportContext(date: "d", dazzleVersion: "v", sem: sems).overallSEM(for: card)
        let weights = card.dimensions.map(\.weight)
        let total = weights.reduce(0, +)
        let expected = (weights.map { ($0 / total) * ($0 / total) * 16 }.reduce(0, +)).squareRoot()
        #expect(abs((combined ?? 0) - expected) < 1e-12)
        #expect(ReportContext(date: "d", dazzleVersion: "v").overallSEM(for: card) == nil, "unknown without a batch")
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
        let svg = SVGChart.bars(title: "<t>", rows: [("<b>&", 50), ("none", nil)])
        #expect(svg.contains("&lt;b&gt;&amp;") && !svg.contains("<b>"))
        #expect(svg.contains("<title id=\"bars-title\">&lt;t&gt;</title>"))
        #expect(svg.contains("none: insufficient"))
    }
}
