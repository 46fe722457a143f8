import Analytics
import DazzleCommands
import DazzleJSON
import Dispatch
import Foundation
import Hashing
import QuestionnaireEngine
import Scoring
import Submissions
import Templating

// `dazzle-bench`: figures for the README, measured in-process on deterministic data.
//   dazzle-bench                      run every benchmark (default 100,000 submissions)
//   dazzle-bench --count N            use N submissions
//   dazzle-bench generate N FILE      write N synthetic submissions as JSON Lines (as a CSV
//                                     export when FILE ends in .csv), and the question set
//                                     beside it (FILE.questionnaire.json)
//   dazzle-bench scale N DIR          whole `dazzle` processes over N forms written in DIR: time
//                                     and peak memory of score --out, score - --state in 4
//                                     parts and summary merge (see ScaleBenchmark)
//   dazzle-bench startup [DAZZLE]     start-up of whole processes: `validate questionnaires` and
//                                     `--help`, 30 runs each (see StartupBenchmark)

#if DEBUG
    print("warning: dazzle-bench is a debug build; figures are meaningless. Use: swift run -c release dazzle-bench")
#endif

func seconds(_ work: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    work()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func rate(_ count: Int, _ time: Double) -> String {
    String(format: "%10.0f /s", Double(count) / time)
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "generate", arguments.count == 3, let count = Int(arguments[1]) {
    let file = arguments[2]
    let forms =
        file.hasSuffix(".csv")
        ? SyntheticData.submissionsCSV(count: count, seed: 42) : SyntheticData.submissionsJSONL(count: count, seed: 42)
    try Data(forms).write(to: URL(fileURLWithPath: file))
    try Data(SyntheticData.questionnaireJSON().utf8).write(to: URL(fileURLWithPath: file + ".questionnaire.json"))
    print("wrote \(count) submissions to \(file) and the question set to \(file).questionnaire.json")
    exit(0)
}
if arguments.first == "startup", arguments.count <= 2 {
    StartupBenchmark.main(dazzle: arguments.count == 2 ? arguments[1] : nil)
    exit(0)
}
if arguments.first == "scale", arguments.count == 3, let count = Int(arguments[1]) {
    try ScaleBenchmark.main(count: count, folder: arguments[2])
    exit(0)
}
var count = 100_000
if let flag = arguments.firstIndex(of: "--count"), flag + 1 < arguments.count, let value = Int(arguments[flag + 1]) {
    count = value
}

let loaded = QuestionnaireLoader.load(Array(SyntheticData.questionnaireJSON().utf8), file: "bench-form")
guard let questionnaire = loaded.questionnaire, let rubricSource = loaded.rubricSource,
    let rubric = RubricLoader.load(rubricSource, file: "bench-form", for: questionnaire, embedded: true).rubric
else {
    print("error: the synthetic question set did not load: \(loaded.diagnostics)")
    exit(1)
}
let plan = ScoringPlan(questionnaire: questionnaire, rubric: rubric)
let data = SyntheticData.submissionsJSONL(count: count, seed: 42)
let megabytes = Double(data.count) / 1_048_576
print(
    "Batch scoring: \(count) submissions of a \(SyntheticData.itemCount)-item form, \(String(format: "%.1f", megabytes)) MB of JSON Lines"
)

let lines = JSONLines.records(data)
let decoder = SubmissionDecoder(plan: plan)
let scorer = Scorer(plan: plan)
for jobs in [1, ProcessInfo.processInfo.activeProcessorCount] {
    let stream = StreamScorer(plan: plan, jobs: jobs)
    let workers = StreamWorkers(plan: plan, count: jobs)
    var outputBytes = 0
    var rejected = 0
    let time = seconds {
        // Blocks of 4 MB ending at a line end, as `dazzle score -` reads them.
        data.withUnsafeBufferPointer { bytes in
            var start = 0
            var line = 1
            while start < bytes.count {
                var end = min(start + StreamScorer.blockSize, bytes.count)
                while end < bytes.count, bytes[end - 1] != 0x0A { end += 1 }
                let outcome = stream.score(
                    UnsafeBufferPointer(rebasing: bytes[start..<end]), firstLine: line, workers: workers
                ) { outputBytes += $0.count }
                rejected += outcome.rejections.count
                line += outcome.lines
                start = end
            }
        }
    }
    print(
        "  JSON Lines → scorecards JSON Lines, \(jobs) thread\(jobs == 1 ? " " : "s"): \(rate(count, time))  (\(String(format: "%.0f", megabytes / time)) MB/s in, \(outputBytes / count) bytes out each, \(rejected) rejected)"
    )
}

let decodeTime = seconds {
    for line in lines { _ = decoder.decode(Array(line.text), source: "") }
}
print("  decode only (fast path), 1 thread:             \(rate(count, decodeTime))")
let sample = Array(lines.prefix(20_000))
let preciseTime = seconds {
    for line in sample { _ = try? JSONReader().read(Array(line.text)) }
}
print(
    "  position-aware JSONReader (tree), 1 thread:    \(rate(sample.count, preciseTime))  (\(String(format: "%.0f", Double(sample.reduce(0) { $0 + $1.text.count }) / 1_048_576 / preciseTime)) MB/s)"
)
let foundationTime = seconds {
    for line in sample { _ = try? JSONSerialization.jsonObject(with: Data(line.text)) }
}
print("  Foundation JSONSerialization, 1 thread:        \(rate(sample.count, foundationTime))  (reference)")

let submissions = lines.prefix(20_000).compactMap { try? decoder.decode(Array($0.text), source: "").get() }
var overallSum = 0.0
let scoreTime = seconds {
    for submission in submissions { overallSum += scorer.score([submission]).overall ?? 0 }
}
print("  score only (decoded → ScoreCard), 1 thread:    \(rate(submissions.count, scoreTime))")
if let card = submissions.first.map({ scorer.score([$0]) }) {
    var writer = JSONWriter(reservingCapacity: 1 << 20)
    let writeTime = seconds {
        for _ in 0..<submissions.count {
            scorer.write(card, to: &writer)
            writer.endLine()
            if writer.byteCount > 1 << 20 { writer.reset() }
        }
    }
    print("  write only (ScoreCard → JSON), 1 thread:       \(rate(submissions.count, writeTime))")
}

// The same submissions as a form tool's CSV export: a header row, then one row each.
let csvBytes = SyntheticData.submissionsCSV(count: min(count, 50_000), seed: 42)
var csvRows = 0
let csvTime = seconds {
    if let batch = try? CSVSubmissionReader(plan: plan).read(csvBytes, file: "bench.csv") {
        csvRows = batch.results.count
    }
}
print(
    "  CSV export → submissions (read and decode), all cores: \(rate(csvRows, csvTime))  (\(String(format: "%.1f", Double(csvBytes.count) / 1_048_576)) MB)"
)
// The same export streamed as `dazzle score - < export.csv` does: rows straight to scorecards.
if let headerEnd = csvBytes.firstIndex(of: 0x0A),
    let fields = CSVTable(Array(csvBytes[...headerEnd])).records.first?.fields,
    let header = try? CSVSubmissionReader(plan: plan).header(fields, file: "bench.csv")
{
    let jobs = ProcessInfo.processInfo.activeProcessorCount
    let stream = StreamScorer(plan: plan, jobs: jobs, format: .csv(header))
    let workers = StreamWorkers(plan: plan, count: jobs)
    var streamed = 0
    var rejected = 0
    let time = seconds {
        csvBytes.withUnsafeBufferPointer { bytes in
            var start = headerEnd + 1
            while start < bytes.count {
                var end = min(start + StreamScorer.blockSize / 4, bytes.count)
                while end < bytes.count, bytes[end - 1] != 0x0A { end += 1 }
                let outcome = stream.score(
                    UnsafeBufferPointer(rebasing: bytes[start..<end]), firstLine: 2, workers: workers
                ) { _ in }
                streamed += outcome.records
                rejected += outcome.rejections.count
                start = end
            }
        }
    }
    print(
        "  CSV rows → scorecards JSON Lines, \(jobs) threads:    \(rate(streamed, time))  (\(rejected) rejected)")
}

// Batch analytics on top of batch scoring: the same submissions decoded, grouped and scored as a
// file batch, then analysed; each step timed three times and the median kept (allocation-heavy
// steps vary from run to run).
func median(_ work: () -> Void) -> Double {
    let times = (0..<3).map { _ in seconds(work) }.sorted()
    return times[1]
}
var batchInputs: [Result<Submission, Rejection>] = []
let batchDecodeTime = median { batchInputs = lines.map { decoder.decode($0.text, source: "bench") } }
var batchOutcome: BatchScorer.Outcome?
let batchTime = median { batchOutcome = BatchScorer.score(batchInputs, plan: plan) }
if let batchOutcome {
    let analysisTime = median { _ = BatchAnalysis.analyse(batchOutcome, plan: plan) }
    let scoringTime = batchDecodeTime + batchTime
    print(
        "Batch analytics (reliability, standings, rater agreement, adverse impact) on \(batchOutcome.scorecards.count) scorecards, medians of 3:"
    )
    print(
        "  scoring (decode \(String(format: "%.2f", batchDecodeTime)) s + group and score \(String(format: "%.2f", batchTime)) s) \(String(format: "%.2f", scoringTime)) s; analytics \(String(format: "%.2f", analysisTime)) s = \(String(format: "%.0f", 100 * analysisTime / scoringTime))% of scoring (\(String(format: "%.0f", 100 * analysisTime / batchTime))% of group and score alone)"
    )
}

if let template = try? Template(TemplateBenchmark.template, name: "report"),
    let library = try? TemplateLibrary(sources: TemplateBenchmark.partials)
{
    let data = TemplateBenchmark.data()
    let renders = 20_000
    var bytes = 0
    let time = seconds {
        for _ in 0..<renders { bytes += (try? template.renderBytes(data, library: library))?.count ?? 0 }
    }
    // The yardstick: the same bytes appended by hand-written code from typed values.
    var handBytes = 0
    var handOutput: [UInt8] = []
    let handTime = seconds {
        for _ in 0..<renders {
            handOutput.removeAll(keepingCapacity: true)
            TemplateBenchmark.handWritten(TemplateBenchmark.report, into: &handOutput)
            handBytes += handOutput.count
        }
    }
    let same = handOutput == (try? template.renderBytes(data, library: library))
    let engineRate = Double(bytes) / 1_048_576 / time
    let handRate = Double(handBytes) / 1_048_576 / handTime
    print("Templating: a 60-row report template with partials and escaping, \(bytes / renders) bytes each")
    print(
        "  renders, 1 thread:                             \(rate(renders, time))  (\(String(format: "%.0f", engineRate)) MB/s)"
    )
    print(
        "  hand-written [UInt8] appends of the same bytes:\(rate(renders, handTime))  (\(String(format: "%.0f", handRate)) MB/s; the engine takes \(String(format: "%.2f", handRate / engineRate))x its time)\(same ? "" : "  WARNING: the outputs differ")"
    )
}

// Content hashes: output manifests hash every file a run writes.
let hashInput = [UInt8](repeating: 0x61, count: 64 << 20)
var digest: [UInt8] = []
let hashTime = seconds {
    var hasher = SHA256()
    hasher.update(hashInput)
    digest = hasher.finalize()
}
print(
    "SHA-256, 1 thread:                               \(String(format: "%10.0f MB/s", 64 / hashTime))  (\(digest.count) bytes)"
)
