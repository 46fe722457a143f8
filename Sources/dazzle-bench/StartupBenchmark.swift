import Foundation
import Glibc

/// `dazzle-bench startup [DAZZLE]`: how long a whole `dazzle` process takes for the two
/// commands a person types first, `dazzle validate questionnaires` (run from the repository,
/// where that folder is) and `dazzle --help`: medians and minima of 30 runs each, output to
/// /dev/null. DAZZLE defaults to the binary beside this one; pass the relocatable build
/// (`.build/static/release/dazzle`) to time what ships.
enum StartupBenchmark {
    static func main(dazzle: String?) {
        let binary =
            dazzle
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("dazzle").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            print("error: \(binary) is not an executable; build it: swift build -c release --product dazzle")
            exit(1)
        }
        print("Start-up of \(binary), whole processes, 30 runs each:")
        for arguments in [["validate", "questionnaires"], ["--help"]] {
            var times: [Double] = []
            var failed = false
            for _ in 0..<30 {
                guard let time = run(binary, arguments) else {
                    failed = true
                    break
                }
                times.append(time)
            }
            let label = ("dazzle " + arguments.joined(separator: " ")).padding(
                toLength: 34, withPad: " ", startingAt: 0)
            guard !failed, !times.isEmpty else {
                print("  \(label) failed (run it by hand to see why)")
                continue
            }
            times.sort()
            print(
                "  \(label) median \(String(format: "%.1f", times[times.count / 2] * 1000)) ms, fastest \(String(format: "%.1f", times[0] * 1000)) ms"
            )
        }
    }

    /// Wall seconds of one run, or `nil` when it could not start or did not exit 0.
    static func run(_ binary: String, _ arguments: [String]) -> Double? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        var pid: pid_t = 0
        guard posix_spawn(&pid, binary, &actions, nil, argv, environ) == 0 else { return nil }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        var end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &end)
        guard status == 0 else { return nil }
        return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
    }
}
