import Scoring
import Submissions

/// Submission files read and scored for the batch commands (`score`, `norms build`): inputs
/// expanded, the question set found, every record decoded and grouped.
struct BatchInput {
    var plan: ScoringPlan
    var outcome: BatchScorer.Outcome
    /// Each file read, with its size and SHA-256, for the audit log.
    var files: [(path: String, bytes: Int, sha256: String)] = []

    static let unknownQuestionnaire =
        "error: Could not tell which question set the submissions answer; name it with --questionnaire (see 'dazzle list')."

    /// The input files (folders searched) and the plan they are scored by.
    /// - Throws: the lines to print when the inputs or the question set cannot be found.
    static func locate(
        _ inputs: [String], questionnaire: String?, rubric: String?, missing: [String]? = nil, context: CommandContext
    ) throws(ScoringSetLoader.Failure) -> (plan: ScoringPlan, paths: [String]) {
        let files = SubmissionFiles(context: context)
        let paths: [String]
        do {
            paths = try files.expand(inputs)
        } catch {
            throw ScoringSetLoader.Failure(lines: ["\(error)"])
        }
        guard let reference = questionnaire ?? files.sniffQuestionnaire(in: paths) else {
            throw ScoringSetLoader.Failure(lines: [unknownQuestionnaire])
        }
        let plan = try ScoringSetLoader(context: context, missingCodes: missing).plan(
            questionnaire: reference, rubric: rubric)
        return (plan, paths)
    }

    /// - Throws: the lines to print when the inputs or the question set cannot be loaded.
    static func load(
        _ inputs: [String], questionnaire: String?, rubric: String?, missing: [String]? = nil,
        duplicates: DuplicatePolicy = .latest, expectedRaters: [String] = [], jobs: Int, context: CommandContext
    ) throws(ScoringSetLoader.Failure) -> BatchInput {
        let (plan, paths) = try locate(
            inputs, questionnaire: questionnaire, rubric: rubric, missing: missing, context: context)
        return try load(
            paths, plan: plan, duplicates: duplicates, expectedRaters: expectedRaters, jobs: jobs, context: context)
    }

    /// Reads, groups and scores located files, every submission held.
    static func load(
        _ paths: [String], plan: ScoringPlan, duplicates: DuplicatePolicy, expectedRaters: [String], jobs: Int,
        context: CommandContext
    ) throws(ScoringSetLoader.Failure) -> BatchInput {
        let files = SubmissionFiles(context: context, jobs: jobs)
        var results: [Result<Submission, Rejection>] = []
        let progress = ProgressLine(context: context)
        let sizes = paths.map { Platform.fileSize(context.resolve($0)) ?? 0 }
        let total = sizes.reduce(0, +)
        var done = 0
        var digests: [(path: String, bytes: Int, sha256: String)] = []
        for (path, size) in zip(paths, sizes) {
            let before = results.count
            let read = files.read(path, plan: plan) { records, inFile in
                let share = Double(records) / Double(max(inFile, 1))
                progress.update(
                    count: before + records, label: "read",
                    fraction: total > 0 ? (Double(done) + share * Double(size)) / Double(total) : nil)
            }
            results += read.results
            if let digest = read.digest { digests.append((path, digest.bytes, digest.sha256)) }
            if !read.warnings.isEmpty { progress.finish() }
            for warning in read.warnings { context.standardError.write("warning: \(warning)\n") }
            done += size
            progress.update(
                count: results.count, label: "read", fraction: total > 0 ? Double(done) / Double(total) : nil)
        }
        progress.finish()
        var outcome = BatchScorer.score(results, plan: plan, duplicates: duplicates)
        if !expectedRaters.isEmpty { outcome.markProvisional(expectedRaters: expectedRaters) }
        return BatchInput(plan: plan, outcome: outcome, files: digests)
    }
}
