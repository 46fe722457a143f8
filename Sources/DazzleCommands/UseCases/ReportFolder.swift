import Analytics
import Audit
import Foundation
import QuestionnaireEngine
import Reports
import Scoring
import Submissions
import Templating

/// The linked reports of one question set in an output folder: the batch report, a page per
/// candidate (or per candidate the batch report names), a comparison of the top candidates (and
/// a blind one when asked), and the `index` that links them, in each format asked for.
///
/// The batch report links each shortlisted name to its page, candidate pages link back to the
/// batch report, comparison and index; a blind comparison links nowhere.
struct ReportFolder {
    /// Which candidates get a page of their own.
    enum CandidatePages: String, CaseIterable {
        /// Every scored candidate.
        case all
        /// The candidates the batch report names: its shortlist and the ones to act on first.
        case shortlist
        /// None: the batch report only.
        case none
    }

    /// How many top candidates the comparison puts side by side.
    static let comparedCount = 6

    var formats: [ReportFormat]
    var candidatePages: CandidatePages = .shortlist
    var blindComparison = false
    var date: String?
    var templates: ReportRenderer
    /// The latest human decision per candidate (the folder's decisions log), shown beside the rubric's.
    var decisions: [String: DecisionLog.Entry] = [:]

    /// Writes every report through `write` (bytes and a path relative to the folder) and returns
    /// the folder's index entry with HTML links, for an index one level up.
    /// - Parameter files: the set's other files worth a link from the index, by label.
    func write(
        _ outcome: BatchScorer.Outcome, analysis: BatchAnalysis, plan: ScoringPlan,
        files: [(label: String, href: String)],
        context: CommandContext, write: (_ bytes: [UInt8], _ name: String) throws(AtomicFile.WriteError) -> Void
    ) throws(AtomicFile.WriteError) -> IndexReport.Entry {
        let ranked = SummaryTable.ranked(outcome.scorecards)
        let paged: [ScoreCard]
        switch candidatePages {
        case .all: paged = ranked
        case .shortlist:
            let named = BatchReport.namedCandidates(outcome.scorecards, analysis: analysis)
            paged = ranked.filter { named.contains($0.candidateID) }
        case .none: paged = []
        }
        let pageNames = Self.pageNames(paged)
        let compared = Array(ranked.prefix(Self.comparedCount))
        let hasComparison = compared.count >= 2
        var entry = IndexReport.Entry(title: plan.questionnaire.title)
        for format in formats {
            let ext = format.fileExtension
            let links = ReportLinks(
                index: "index.\(ext)", batch: "report.\(ext)", comparison: hasComparison ? "comparison.\(ext)" : nil,
                candidates: pageNames.mapValues { "candidates/\($0).\(ext)" })
            func render(_ kind: ReportKind, _ model: TemplateValue, to name: String) throws(AtomicFile.WriteError) {
                do {
                    try write(try templates.render(kind, format: format, model: model), name)
                } catch let error as AtomicFile.WriteError {
                    throw error
                } catch {
                    throw AtomicFile.WriteError(path: name, reason: "\(error)")
                }
            }
            let batchContext = ReportCommand.context(date: date, links: links, decisions: decisions, context: context)
            try render(
                .batch, BatchReport.model(outcome, analysis: analysis, plan: plan, context: batchContext),
                to: "report.\(ext)")
            let pageContext = ReportCommand.context(
                date: date, links: links.fromSubfolder, decisions: decisions, context: context)
            for card in paged {
                guard let name = pageNames[card.candidateID] else { continue }
                try render(
                    .candidate, CandidateReport.model(card, plan: plan, context: pageContext),
                    to: "candidates/\(name).\(ext)")
            }
            if hasComparison {
                try render(
                    .comparison,
                    ComparisonReport.model(compared, plan: plan, blind: false, context: batchContext),
                    to: "comparison.\(ext)")
                if blindComparison {
                    try render(
                        .comparison,
                        ComparisonReport.model(compared, plan: plan, blind: true, context: batchContext),
                        to: "comparison-blind.\(ext)")
                }
            }
            let formatEntry = IndexReport.Entry(
                title: plan.questionnaire.title, batch: links.batch, comparison: links.comparison,
                blindComparison: hasComparison && blindComparison ? "comparison-blind.\(ext)" : nil,
                candidates: paged.compactMap { card in links.candidates[card.candidateID].map { (card, $0) } },
                withoutPages: ranked.count - paged.count, files: files)
            try render(
                .index,
                IndexReport.model(
                    title: "Reports: \(plan.questionnaire.title)", entries: [formatEntry], context: batchContext),
                to: "index.\(ext)")
            if format == .html || formats.count == 1 { entry = formatEntry }
        }
        return entry
    }

    /// Each candidate's page name, a slug of name and id (see ``IndexReport/fileName(for:)``),
    /// made unique by `-2`, `-3`… in id order, so the same batch always gives the same names.
    static func pageNames(_ cards: [ScoreCard]) -> [String: String] {
        var names: [String: String] = [:]
        var taken: Set<String> = []
        for card in cards.sorted(by: { $0.candidateID < $1.candidateID }) where names[card.candidateID] == nil {
            let base = IndexReport.fileName(for: card)
            var name = base
            var number = 2
            while !taken.insert(name.lowercased()).inserted {
                name = "\(base)-\(number)"
                number += 1
            }
            names[card.candidateID] = name
        }
        return names
    }
}
