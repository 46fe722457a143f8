import Foundation
import Glibc

/// `dazzle-bench scale N DIR`: whole processes of the `dazzle` binary beside this one, with their
/// wall time and peak memory (GNU time's `%e %M`, so `/usr/bin/time` must be there):
/// a one-machine `score FILE --out`, the same forms in four parts through `score - --state`, and
/// `summary merge` of the parts, whose summary.json must equal the one-machine one.
enum ScaleBenchmark {
    struct Run {
        var seconds: Double
        var peakMegabytes: Double
        var status: Int32
    }

    /// Runs `dazzle` with `arguments`, stdin from `input` (or /dev/null), stdout and stderr to
    /// /dev/null, under GNU time, which reports the child's peak resident set. (A child spawned
    /// from this process directly would report this process's own peak: `posix_spawn` shares the
    /// parent's memory until `exec`, and the kernel keeps that high-water mark.)
    static func run(_ dazzle: String, _ arguments: [String], input: String? = nil) -> Run {
        let report = NSTemporaryDirectory() + "dazzle-bench-time-\(getpid()).txt"
        defer { unlink(report) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = (["/usr/bin/time", "-o", report, "-f", "%e %M", dazzle] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/usr/bin/time", &actions, nil, argv, environ) == 0 else {
            return Run(seconds: 0, peakMegabytes: 0, status: -1)
        }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        // The last line: GNU time writes "Command exited with non-zero status N" before it.
        let fields =
            ((try? String(contentsOfFile: report, encoding: .utf8)) ?? "").split(separator: "\n").last?
            .split(separator: " ") ?? []
        guard fields.count == 2, let seconds = Double(fields[0]), let kilobytes = Double(fields[1]) else {
            return Run(seconds: 0, peakMegabytes: 0, status: exit)
        }
        return Run(seconds: seconds, peakMegabytes: kilobytes / 1024, status: exit)
    }

    static func main(count: Int, folder: String) throws {
        let dazzle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("dazzle").path
        guard FileManager.default.isExecutableFile(atPath: dazzle) else {
            print("error: no dazzle binary beside dazzle-bench (\(dazzle)); build both: swift build -c release")
            exit(1)
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let forms = (folder as NSString).appendingPathComponent("forms.jsonl")
        let questionnaire = forms + ".questionnaire.json"
        let data = SyntheticData.submissionsJSONL(count: count, seed: 42)
        try Data(data).write(to: URL(fileURLWithPath: forms))
        try Data(SyntheticData.questionnaireJSON().utf8).write(to: URL(fileURLWithPath: questionnaire))
        // Four parts at line ends, as a job's partitions.
        var parts: [String] = []
        var start = 0
        for part in 0..<4 {
            var end = part == 3 ? data.count : data.count * (part + 1) / 4
            while end < data.count, data[end - 1] != 0x0A { end += 1 }
            let path = (folder as NSString).appendingPathComponent("part-\(part).jsonl")
            try Data(data[start..<end]).write(to: URL(fileURLWithPath: path))
            parts.append(path)
            start = end
        }
        let one = (folder as NSString).appendingPathComponent("one")
        let merged = (folder as NSString).appendingPathComponent("merged")
        for output in [one, merged] { try? FileManager.default.removeItem(atPath: output) }
        print(
            "Scale: \(count) forms of \(SyntheticData.itemCount) items (\(data.count >> 20) MB), whole `dazzle` processes:"
        )
        func show(_ label: String, _ run: Run, extra: String = "") {
            print(
                "  \(label.padding(toLength: 46, withPad: " ", startingAt: 0)) \(String(format: "%7.2f s %8.0f MB peak", run.seconds, run.peakMegabytes))  exit \(run.status)\(extra)"
            )
        }
        show("score FILE --out (all analytics)", run(dazzle, ["score", forms, "-q", questionnaire, "--out", one]))
        show(
            "score - (stream, no state) part 1 of 4", run(dazzle, ["score", "-", "-q", questionnaire], input: parts[0]))
        var states: [String] = []
        var stateBytes = 0
        for (index, part) in parts.enumerated() {
            let state = part + ".state"
            states.append(state)
            let result = run(dazzle, ["score", "-", "-q", questionnaire, "--state", state], input: part)
            stateBytes += (try? FileManager.default.attributesOfItem(atPath: state)[.size] as? Int) ?? 0
            show("score - --state FILE, part \(index + 1) of 4", result)
        }
        let merge = run(dazzle, ["summary", "merge"] + states + ["-q", questionnaire, "--out", merged])
        let same =
            (try? Data(contentsOf: URL(fileURLWithPath: one + "/summary.json")))
            == (try? Data(contentsOf: URL(fileURLWithPath: merged + "/summary.json")))
        show(
            "summary merge of the 4 states", merge,
            extra: same ? "  (summary.json identical)" : "  (summary.json DIFFERS)")
        print("  states: \(stateBytes >> 20) MB, \(stateBytes / max(count, 1)) bytes per candidate")
    }
}
