import Foundation

/// A one-line progress display on stderr (count, rate and, when the total is known, share done and
/// time left), redrawn at most ten times a second, and only when stderr is a terminal: pipes and
/// logs stay clean.
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

    /// - Parameter fraction: the share of the input done (by bytes), when the total is known.
    func update(count: Int, label: String, fraction: Double? = nil) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        output.write(
            "\r\u{1B}[2K"
                + Self.text(count: count, label: label, elapsed: now.timeIntervalSince(start), fraction: fraction))
        drawn = true
    }

    /// Clears the line: at the end, or before another message is written to stderr.
    func finish() {
        if drawn { output.write("\r\u{1B}[2K") }
        drawn = false
    }

    /// The line: `12000 scored · 310000/s · 40% · 0:03 left`; the time left is the time so far
    /// scaled by what remains, shown after half a second, when the rate has settled.
    static func text(count: Int, label: String, elapsed: TimeInterval, fraction: Double?) -> String {
        let elapsed = max(elapsed, 0.001)
        var text = "\(count) \(label) · \(Int(Double(count) / elapsed))/s"
        if let fraction, fraction > 0, fraction <= 1, elapsed >= 0.5 {
            let left = Int((elapsed * (1 - fraction) / fraction).rounded())
            text += " · \(Int(fraction * 100))% · \(left / 60):\(String(left % 60).leftPadded(to: 2)) left"
        }
        return text
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
