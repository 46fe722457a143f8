import DazzleJSON
import Scoring
import Submissions

/// How `score -` names its input and where its rejections go: what a job split across
/// machines (Spark's `pipe`, Hadoop Streaming) needs so every record can be traced and counted.
struct StreamOptions: Sendable {
    /// Where rejections are written.
    enum Rejections: Sendable, Equatable {
        /// `rejected: SOURCE: reason` lines on standard error (the default, for people).
        case standardError
        /// `dazzle.rejection/1` records in the output stream, in input order, beside the
        /// scorecards: read = scored + rejected holds in the job's own output.
        case standardOutput
        /// `dazzle.rejection/1` records in this file, written atomically at the end.
        case file(String)
    }

    /// Names the input in `sources` and rejections: `NAME:LINE`.
    var source = "stdin"
    /// The line number of the input's first line (a partition that starts further into a file).
    var firstLine = 1
    var rejections = Rejections.standardError
    /// Exit 0 when every record was scored or rejected; non-zero only when the run itself failed.
    var exitZeroOnRejections = false
    /// Whether a candidate's consecutive records are one panel (`--panels`).
    var panels = false
    /// The raters every panel needs (`--raters`): a panel without all of them sealed is provisional.
    var expectedRaters: [String] = []
    /// How much of the explanation each scorecard carries (`--explain`).
    var explanation: ExplanationDetail = .full
    /// A file whose first record is the CSV header of header-less input (a partition of a CSV).
    var headerFrom: String?
    /// Where the part's analysis state goes (`--state`), when asked.
    var state: StreamState.Target?

    /// The variables Spark's `pipe` (for an RDD read from files, both) and Hadoop Streaming
    /// (`mapreduce_map_input_file`) set to the input file of the task, in the order tried.
    static let inputFileVariables = ["mapreduce_map_input_file", "map_input_file"]

    /// The input's name from the job's environment, when it sets one.
    static func source(from environment: [String: String]) -> String? {
        inputFileVariables.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
    }
}

/// Where a stream's rejections go, by ``StreamOptions/Rejections``: lines on stderr, records on
/// stdout, or records gathered for a file written atomically at the end.
struct StreamRejections: ~Copyable {
    let options: StreamOptions
    private var file = JSONWriter()

    init(options: StreamOptions) { self.options = options }

    /// - Parameters:
    ///   - alreadyInOutput: the records were written among the scorecards, in order.
    ///   - line: the line to record when a rejection's source does not end in one.
    mutating func report(_ rejections: [Rejection], alreadyInOutput: Bool, line: Int, context: CommandContext) {
        switch options.rejections {
        case .standardError:
            for rejection in rejections { context.standardError.write("rejected: \(rejection)\n") }
        case .standardOutput:
            guard !alreadyInOutput else { return }
            var record = JSONWriter()
            for rejection in rejections {
                rejection.writeRecord(line: Self.lineNumber(of: rejection.source) ?? line, to: &record)
                record.endLine()
            }
            record.withBytes { Platform.writeAll(1, UnsafeRawBufferPointer($0)) }
        case .file:
            for rejection in rejections {
                rejection.writeRecord(line: Self.lineNumber(of: rejection.source) ?? line, to: &file)
                file.endLine()
            }
        }
    }

    /// Writes the file of records, when there is one; `false` (with the error said) when it
    /// cannot be written.
    func finish(context: CommandContext) -> Bool {
        guard case .file(let path) = options.rejections else { return true }
        do {
            try AtomicFile.write(file.bytes, to: context.resolve(path))
            return true
        } catch {
            context.standardError.write("error: \(error)\n")
            return false
        }
    }

    /// The line number at the end of a rejection's source (`NAME:LINE`).
    static func lineNumber(of source: String) -> Int? {
        source.split(separator: ":").last.flatMap { Int($0) }
    }
}
