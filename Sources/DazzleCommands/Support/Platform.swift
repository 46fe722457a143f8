@preconcurrency import Glibc

/// Every libc call the commands make, in one place, so the rest of the module stays portable and
/// testable. `@preconcurrency` is confined here: Glibc's globals are not marked `Sendable`.
enum Platform {
    /// Writes all bytes to a descriptor, retrying partial writes and interrupts.
    static func writeAll(_ fd: Int32, _ bytes: some Collection<UInt8>) {
        var buffer = Array(bytes)
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeMutableBytes { raw in
                write(fd, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
        buffer.removeAll()
    }

    /// Reads up to `count` bytes, retrying interrupts; 0 at end of input, -1 on error.
    static func read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        while true {
            let result = Glibc.read(fd, buffer, count)
            if result < 0 && errno == EINTR { continue }
            return result
        }
    }

    static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// A sentence for an errno value, e.g. "Permission denied".
    static func describe(errno code: Int32) -> String {
        String(cString: strerror(code))
    }

    static var currentErrno: Int32 { errno }
}
