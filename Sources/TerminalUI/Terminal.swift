@preconcurrency import Glibc

/// The controlling terminal: raw mode for key-by-key input, writing, and size.
///
/// Raw mode keeps ISIG so Ctrl-C still raises SIGINT; ``restore()`` puts the saved settings back
/// and is safe to call more than once (a signal handler calls it too).
public final class Terminal: @unchecked Sendable {
    public let input: Int32
    public let output: Int32
    private var saved = termios()
    private var raw = false

    public init(input: Int32 = 0, output: Int32 = 1) {
        self.input = input
        self.output = output
    }

    /// Whether both ends are terminals.
    public var isInteractive: Bool { isatty(input) == 1 && isatty(output) == 1 }

    /// Enters raw mode: no echo, no line buffering, no Ctrl-S/Q flow control.
    public func enterRawMode() -> Bool {
        guard tcgetattr(input, &saved) == 0 else { return false }
        var settings = saved
        settings.c_lflag &= ~tcflag_t(ICANON | ECHO | IEXTEN)
        settings.c_iflag &= ~tcflag_t(IXON | ICRNL)
        withUnsafeMutableBytes(of: &settings.c_cc) { bytes in
            bytes[Int(VMIN)] = 1
            bytes[Int(VTIME)] = 0
        }
        guard tcsetattr(input, TCSAFLUSH, &settings) == 0 else { return false }
        raw = true
        signalState.input = input
        signalState.saved = saved
        signalState.raw = settings
        return true
    }

    /// Makes every way out leave the terminal as it was: SIGINT, SIGTERM and SIGHUP restore it,
    /// print `message` and exit 130; Ctrl-Z restores it before suspending and raw mode returns
    /// on resume.
    public static func installSignalHandlers(message: String) {
        signalState.message = Array(message.utf8)
        for signal in [SIGINT, SIGTERM, SIGHUP] { Glibc.signal(signal, exitHandler) }
        Glibc.signal(SIGTSTP, suspendHandler)
        Glibc.signal(SIGCONT, continueHandler)
        Glibc.signal(SIGWINCH, resizeHandler)
    }

    /// Whether the window was resized since the last call (SIGWINCH); the caller redraws.
    public static func takeResize() -> Bool {
        guard signalState.resized != 0 else { return false }
        signalState.resized = 0
        return true
    }

    /// Leaves raw mode, restoring the settings found on entry.
    public func restore() {
        guard raw else { return }
        var copy = saved
        _ = tcsetattr(input, TCSAFLUSH, &copy)
        raw = false
        write("\u{1B}[?25h")
    }

    deinit { restore() }

    /// Reads the next bytes (blocking); empty at end of input. Retries interrupted reads.
    public func read() -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            return count > 0 ? Array(buffer[0..<count]) : []
        }
    }

    /// Whether more input arrives within `milliseconds` (to tell a lone Escape from a sequence).
    public func hasInput(within milliseconds: Int32) -> Bool {
        var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, milliseconds) > 0
    }

    public func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes {
                Glibc.write(output, $0.baseAddress! + offset, $0.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
        bytes.removeAll()
    }

    /// Columns and rows: from the terminal, else `COLUMNS`, else 80 × 24.
    public func size(environment: [String: String]) -> (columns: Int, rows: Int) {
        var window = winsize()
        if ioctl(output, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0 {
            return (Int(window.ws_col), Int(window.ws_row))
        }
        return (environment["COLUMNS"].flatMap(Int.init) ?? 80, 24)
    }
}

/// Whether to colour output: `--color always|never` wins, then `FORCE_COLOR` (not empty or 0),
/// then a non-empty `NO_COLOR` turns it off, then `TERM=dumb` or a non-terminal turns it off.
public enum ColorMode: String, Sendable {
    case always, never, auto

    public func enabled(environment: [String: String], isTerminal: Bool) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            if let force = environment["FORCE_COLOR"], !force.isEmpty, force != "0" { return true }
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
            if environment["TERM"] == "dumb" { return false }
            return isTerminal
        }
    }
}

/// What the signal handlers need, set before they are installed.
private struct SignalState {
    var input: Int32 = 0
    var saved = termios()
    var raw = termios()
    var message: [UInt8] = []
    var resized: sig_atomic_t = 0
}

nonisolated(unsafe) private var signalState = SignalState()

private func exitHandler(_ signal: Int32) {
    _ = tcsetattr(signalState.input, TCSAFLUSH, &signalState.saved)
    let show: StaticString = "\u{1B}[?25h"
    _ = write(1, show.utf8Start, show.utf8CodeUnitCount)
    signalState.message.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    _exit(130)
}

private func suspendHandler(_ signal: Int32) {
    _ = tcsetattr(signalState.input, TCSAFLUSH, &signalState.saved)
    Glibc.signal(SIGTSTP, SIG_DFL)
    // The handler runs with SIGTSTP blocked; unblock it so the default action stops us now,
    // rather than firing again once the handler returns.
    var unblock = sigset_t()
    sigemptyset(&unblock)
    sigaddset(&unblock, SIGTSTP)
    sigprocmask(SIG_UNBLOCK, &unblock, nil)
    raise(SIGTSTP)
    // Back from the stop, or the stop was discarded (an orphaned process group cannot be
    // stopped): either way, raw mode returns so keys keep working.
    _ = tcsetattr(signalState.input, TCSAFLUSH, &signalState.raw)
    Glibc.signal(SIGTSTP, suspendHandler)
}

private func continueHandler(_ signal: Int32) {
    _ = tcsetattr(signalState.input, TCSAFLUSH, &signalState.raw)
    Glibc.signal(SIGTSTP, suspendHandler)
}

private func resizeHandler(_ signal: Int32) {
    signalState.resized = 1
}
