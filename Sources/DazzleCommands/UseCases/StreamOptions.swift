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
    /// A file whose first record is the CSV header of header-less input (a partition of a CSV).
    var headerFrom: String?

    /// The variables Spark's `pipe` (for an RDD read from files, both) and Hadoop Streaming
    /// (`mapreduce_map_input_file`) set to the input file of the task, in the order tried.
    static let inputFileVariables = ["mapreduce_map_input_file", "map_input_file"]

    /// The input's name from the job's environment, when it sets one.
    static func source(from environment: [String: String]) -> String? {
        inputFileVariables.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
    }
}
