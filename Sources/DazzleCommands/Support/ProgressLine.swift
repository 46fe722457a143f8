import Foundation

/// A one-line progress display on stderr (count, rate), redrawn at most ten times a second, and
/// only when stderr is a terminal: pipes and logs stay clean.
final class ProgressLine: @unchecked Sendable {
    private let output: any TextOutput
    private let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(context: CommandContext) {
        output = context.standardError
        enabled = (context.standardError as? FileDescriptorOutput).map { Platform.isTerminal($0.descriptor) } ?? false
    }

    func update(count: Int, label: String) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(start), 0.001)
        output.write("\r\u{1B}[2K\(count) \(label) · \(Int(Double(count) / elapsed))/s")
        drawn = true
    }

    func finish() {
        if drawn { output.write("\r\u{1B}[2K") }
    }
}
