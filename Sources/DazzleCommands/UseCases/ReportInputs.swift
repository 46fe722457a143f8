import Analytics
import DazzleJSON
import Foundation
import Hashing
import Reports
import Scoring
import Submissions

/// Scorecards for the report commands: read from scorecard files written by `dazzle score`, or
/// scored here from submissions, with the plan they were scored with.
struct ReportInputs {
    var plan: ScoringPlan
    var cards: [ScoreCard]
    /// The batch analysis, when the cards were scored here (for SEMs and standings).
    var analysis: BatchAnalysis?
    /// How many inputs were rejected (each already printed with its reason).
    var rejected = 0
    /// Each file read, with its size and SHA-256, for the audit log.
    var files: [(path: String, bytes: Int, sha256: String)] = []

    /// `someRejected` when inputs were rejected, so scripts can tell, as with `dazzle score`.
    var exitStatus: Int32 { rejected == 0 ? ExitStatus.success : ExitStatus.someRejected }

    static func load(
        _ inputs: [String], questionnaire: String?, rubric: String?, missing: [String]? = nil,
        expectedRaters: [String] = [], context: CommandContext
    ) throws(ScoringSetLoader.Failure) -> ReportInputs {
        let files = SubmissionFiles(context: context, jobs: 2)
        let paths: [String]
        do {
            paths = try files.expand(inputs, scorecards: true)
        } catch {
            throw ScoringSetLoader.Failure(lines: ["\(error)"])
        }
        // The first record decides: scorecards are read here; anything else sends the inputs to be
        // scored as submissions, so a large submission file is not parsed twice. Once scorecards
        // are found, every record that is not one is named rather than left out of the reports.
        var cards: [ScoreCard] = []
        var problems: [String] = []
        var sawScorecard = false
        var digests: [(path: String, bytes: Int, sha256: String)] = []
        files: for path in paths {
            let bytes: [UInt8]
            do {
                bytes = try files.bytes(of: path)
            } catch {
                problems.append("\(error)")
                if sawScorecard { continue } else { break }
            }
            digests.append((path, bytes.count, "sha256:" + SHA256.hex(bytes)))
            let kind = SubmissionFiles.kind(of: path, bytes: bytes)
            guard kind != .csv else {
                problems.append("\(path): error: A CSV file holds submissions, not scorecards.")
                if sawScorecard { continue } else { break }
            }
            // A file of an output folder whose run did not finish, or that another run changed.
            if let problem = OutputSet.problem(with: bytes, path: path, resolved: context.resolve(path)) {
                throw ScoringSetLoader.Failure(lines: [problem])
            }
            let isLines = kind == .jsonLines
            let records = isLines ? JSONLines.records(bytes) : [(text: bytes[...], line: 0)]
            for record in records {
                let source = isLines ? "\(path):\(record.line)" : path
                let value: JSONValue
                do {
                    value = try JSONReader().read(Array(record.text))
                } catch {
                    let place = isLines ? source : "\(path):\(error.position)"
                    problems.append("\(place): error: Not valid JSON: \(error.message)")
                    if sawScorecard { continue } else { break files }
                }
                for element in isLines ? [value] : (value.arrayValue ?? [value]) {
                    guard element.objectValue?["format"]?.stringValue == ScoreCard.format else {
                        problems.append(
                            "\(source): error: Not a scorecard; report on scorecards or on submissions, not both.")
                        if sawScorecard { continue } else { break files }
                    }
                    sawScorecard = true
                    do {
                        cards.append(try ScoreCard.read(element, source: source))
                    } catch {
                        problems.append("\(error)")
                    }
                }
            }
        }
        guard sawScorecard else {
            var loaded = try BatchInput.load(
                inputs, questionnaire: questionnaire, rubric: rubric, missing: missing, expectedRaters: expectedRaters,
                jobs: 2, context: context)
            for rejection in loaded.outcome.rejections { context.standardError.write("rejected: \(rejection)\n") }
            let analysis = BatchAnalysis.analyse(loaded.outcome, plan: loaded.plan)
            analysis.annotate(&loaded.outcome.scorecards)
            return ReportInputs(
                plan: loaded.plan, cards: loaded.outcome.scorecards, analysis: analysis,
                rejected: loaded.outcome.rejections.count, files: loaded.files)
        }
        if !problems.isEmpty { throw ScoringSetLoader.Failure(lines: problems) }
        let ids = Set(cards.map(\.questionnaireID))
        guard ids.count == 1, let id = ids.first else {
            throw ScoringSetLoader.Failure(lines: [
                "error: The scorecards come from different question sets (\(ids.sorted().joined(separator: ", "))); report on one at a time."
            ])
        }
        let plan = try ScoringSetLoader(context: context).plan(questionnaire: questionnaire ?? id, rubric: rubric)
        // Names, labels and norms come from the rubric: one the scorecards were not scored with
        // would mislabel them.
        if let other = cards.first(where: { $0.rubricID != plan.rubric.id }) {
            throw ScoringSetLoader.Failure(lines: [
                "error: The scorecard for '\(other.candidateID)' was scored with rubric '\(other.rubricID)', not '\(plan.rubric.id)'; pass the rubric it used with --rubric."
            ])
        }
        // Compact scorecards (`score --explain compact`) get the rubric's items back.
        let expanded = cards.map { card in
            var card = card
            card.expandExplanation(with: plan)
            return card
        }
        return ReportInputs(plan: plan, cards: expanded, analysis: nil, files: digests)
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
