import Analytics
import Dispatch
import Foundation
import Hashing
import Scoring
import Submissions

/// Analysis states read for `summary merge` and `norms build`: files, folders (a job's output)
/// or `-` for stdin, the question set found from the parts when none is named, every part
/// checked and merged.
struct StateInputs {
    var plan: ScoringPlan
    var state: AnalysisState
    /// Each file read, with its size and SHA-256, for the audit log.
    var files: [(path: String, bytes: Int, sha256: String)]
    /// Lines that were not state lines (scorecards and rejection records among them).
    var otherLines: Int
    /// Files that hold no state at all, said as warnings: a part scored without `--state`, or
    /// whose task failed, would otherwise be missing from the summary without a word.
    var warnings: [String] = []

    /// Whether the inputs hold analysis states: a file whose last line is a state's closing part
    /// line (only each file's end is read, so large submission files cost nothing here).
    static func holdStates(_ inputs: [String], context: CommandContext) -> Bool {
        guard let files = try? FolderSearch.states.files(in: inputs, context: context) else { return false }
        return files.contains { file in
            tail(of: context.resolve(file)).flatMap(AnalysisState.partIdentity) != nil
        }
    }

    /// The state inputs and the plan their parts were scored by: files, or stdin read whole.
    /// - Throws: the lines to print when stdin cannot be read, no input holds a state or the
    ///   question set cannot be loaded.
    static func locate(
        _ inputs: [String], questionnaire: String?, rubric: String?, missing: [String]?, context: CommandContext
    ) throws(ScoringSetLoader.Failure) -> (plan: ScoringPlan, sources: [(file: String, bytes: [UInt8]?)]) {
        // Each file is read when it is parsed and its bytes let go: a job's output can be larger
        // than memory would hold twice. Stdin is read once, here.
        var sources: [(file: String, bytes: [UInt8]?)] = []
        if inputs == ["-"] {
            guard let descriptor = context.standardInput.descriptor else {
                throw ScoringSetLoader.Failure(lines: ["error: '-' reads standard input, which this run does not have."]
                )
            }
            guard let bytes = Platform.readAll(descriptor) else {
                throw ScoringSetLoader.Failure(lines: [
                    "stdin: error: could not be read: \(Platform.describe(errno: Platform.currentErrno))."
                ])
            }
            sources.append(("stdin", bytes))
        } else {
            do {
                sources = try FolderSearch.states.files(in: inputs, context: context).map { ($0, nil) }
            } catch {
                throw ScoringSetLoader.Failure(lines: ["\(error)"])
            }
        }
        // The rules, from the first part line found (a part line closes each part, so only each
        // file's end is read).
        var named: AnalysisState.Identity?
        for index in sources.indices where named == nil {
            if let tail = sources[index].bytes {
                named = AnalysisState.partIdentity(in: tail)?.identity
            } else {
                named = tail(of: context.resolve(sources[index].file)).flatMap(AnalysisState.partIdentity)?.identity
            }
        }
        guard let named else {
            let what = sources.count == 1 ? "\(sources[0].file) holds" : "These \(sources.count) files hold"
            throw ScoringSetLoader.Failure(lines: [
                "error: \(what) no analysis state; score each part with 'dazzle score - --state FILE' (or --state stdout), then read what they wrote."
            ])
        }
        let plan: ScoringPlan
        do {
            plan = try ScoringSetLoader(context: context, missingCodes: missing ?? named.missingCodes).plan(
                questionnaire: questionnaire ?? named.questionnaireID, rubric: rubric)
        } catch {
            var lines = error.lines
            if questionnaire == nil {
                lines.append(
                    "The parts were scored with question set '\(named.questionnaireID)' \(named.questionnaireVersion); name the file they were scored with: --questionnaire FILE (and --rubric FILE when they used one)."
                )
            }
            throw ScoringSetLoader.Failure(lines: lines)
        }
        return (plan, sources)
    }

    /// - Throws: the lines to print when a file cannot be read, holds no state, a part cannot be
    ///   merged or the question set cannot be loaded.
    static func load(
        _ inputs: [String], questionnaire: String?, rubric: String?, missing: [String]?, context: CommandContext
    ) throws(ScoringSetLoader.Failure) -> StateInputs {
        let (plan, sources) = try locate(
            inputs, questionnaire: questionnaire, rubric: rubric, missing: missing, context: context)
        // Files read and parsed on every core, merged in the order given (the rejections keep it).
        typealias Read = (state: AnalysisState, otherLines: Int, bytes: Int, sha256: String)
        let reads = ShareSlots<Result<Read, ScoringSetLoader.Failure>>(count: sources.count)
        let given = sources
        let paths = sources.map { context.resolve($0.file) }
        DispatchQueue.concurrentPerform(iterations: given.count) { index in
            let file = given[index].file
            let result = Result { () throws(ScoringSetLoader.Failure) -> Read in
                let contents: [UInt8]
                do {
                    contents =
                        try given[index].bytes
                        ?? FileReader(maximumBytes: SubmissionFiles.maximumBytes).read(paths[index], displayPath: file)
                } catch {
                    throw ScoringSetLoader.Failure(lines: ["\(error)"])
                }
                do {
                    let part = try AnalysisState.read(contents, file: file, plan: plan)
                    return (part.state, part.otherLines, contents.count, "sha256:" + SHA256.hex(contents))
                } catch {
                    throw ScoringSetLoader.Failure(lines: ["\(error)"])
                }
            }
            reads.set(index, [result])
        }
        var merged = AnalysisState()
        var otherLines = 0
        var warnings: [String] = []
        var digests: [(path: String, bytes: Int, sha256: String)] = []
        for (index, read) in reads.joined.enumerated() {
            let part = try read.get()
            if part.state.parts == 0 {
                warnings.append(
                    "warning: \(sources[index].file) holds no analysis state, so none of its \(part.otherLines) lines are in this summary; was that part scored without --state, or did its task fail?"
                )
            }
            do {
                try merged.merge(part.state)
            } catch {
                throw ScoringSetLoader.Failure(lines: ["\(error)"])
            }
            otherLines += part.otherLines
            digests.append((sources[index].file, part.bytes, part.sha256))
        }
        return StateInputs(plan: plan, state: merged, files: digests, otherLines: otherLines, warnings: warnings)
    }

    /// The last few kilobytes of a file, where a part's closing line is.
    static func tail(of path: String) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > 4096 ? size - 4096 : 0)
        return [UInt8](handle.readDataToEndOfFile())
    }
}
