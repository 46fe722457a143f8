import DazzleJSON
import Foundation
import Reports
import Scoring

/// Scorecards for the report commands: read from scorecard files written by `dazzle score`, or
/// scored here from submissions, with the plan they were scored with.
struct ReportInputs {
    var plan: ScoringPlan
    var cards: [ScoreCard]
    /// The batch analysis, when the cards were scored here (for SEMs and standings).
    var analysis: BatchAnalysis?

    static func load(
        _ inputs: [String], questionnaire: String?, rubric: String?, context: CommandContext
    ) throws(ScoringSetLoader.Failure) -> ReportInputs {
        let files = SubmissionFiles(context: context, jobs: 2)
        let paths: [String]
        do {
            paths = try files.expand(inputs)
        } catch {
            throw ScoringSetLoader.Failure(lines: ["\(error)"])
        }
        var cards: [ScoreCard] = []
        var problems: [String] = []
        // Records that are not scorecards only matter once scorecards are found: then they would
        // be left out of the reports, so each is named rather than dropped.
        var notScorecards: [String] = []
        var sawScorecard = false
        for path in paths {
            guard !path.lowercased().hasSuffix(".csv") else {
                notScorecards.append("\(path): error: A CSV file holds submissions, not scorecards.")
                continue
            }
            let bytes: [UInt8]
            do {
                bytes = try files.bytes(of: path)
            } catch {
                problems.append("\(error)")
                continue
            }
            var records: [(JSONValue, String)] = []
            if path.lowercased().hasSuffix(".jsonl") {
                for record in JSONLines.records(bytes) {
                    do {
                        records.append((try JSONReader().read(Array(record.text)), "\(path):\(record.line)"))
                    } catch {
                        notScorecards.append("\(path):\(record.line): error: Not valid JSON: \(error.message)")
                    }
                }
            } else {
                do {
                    let value = try JSONReader().read(bytes)
                    records = (value.arrayValue ?? [value]).map { ($0, path) }
                } catch {
                    notScorecards.append("\(path):\(error.position): error: Not valid JSON: \(error.message)")
                }
            }
            for (value, source) in records {
                guard value.objectValue?["format"]?.stringValue == ScoreCard.format else {
                    notScorecards.append(
                        "\(source): error: Not a scorecard; report on scorecards or on submissions, not both.")
                    continue
                }
                sawScorecard = true
                do {
                    cards.append(try ScoreCard.read(value, source: source))
                } catch {
                    problems.append("\(error)")
                }
            }
        }
        guard sawScorecard else {
            var loaded = try BatchInput.load(
                inputs, questionnaire: questionnaire, rubric: rubric, jobs: 2, context: context)
            for rejection in loaded.outcome.rejections { context.standardError.write("rejected: \(rejection)\n") }
            let analysis = BatchAnalysis.analyse(loaded.outcome, plan: loaded.plan)
            for index in loaded.outcome.scorecards.indices {
                loaded.outcome.scorecards[index].standing = analysis.standings[index]
            }
            return ReportInputs(plan: loaded.plan, cards: loaded.outcome.scorecards, analysis: analysis)
        }
        problems += notScorecards
        if !problems.isEmpty { throw ScoringSetLoader.Failure(lines: problems) }
        let ids = Set(cards.map(\.questionnaireID))
        guard ids.count == 1, let id = ids.first else {
            throw ScoringSetLoader.Failure(lines: [
                "error: The scorecards come from different question sets (\(ids.sorted().joined(separator: ", "))); report on one at a time."
            ])
        }
        let plan = try ScoringSetLoader(context: context).plan(questionnaire: questionnaire ?? id, rubric: rubric)
        return ReportInputs(plan: plan, cards: cards, analysis: nil)
    }
}

/// The date reports and norm groups record: `--date`, else `SOURCE_DATE_EPOCH`, else today (UTC).
enum ReportDate {
    static func resolve(_ given: String?, context: CommandContext) -> String {
        if let given { return given }
        let seconds =
            context.environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init) ?? Date().timeIntervalSince1970
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
