@preconcurrency import Glibc

/// Every libc call the commands make, in one place, so the rest of the module stays portable and
/// testable. `@preconcurrency` is confined here: Glibc's globals are not marked `Sendable`.
enum Platform {
    /// Writes all bytes to a descriptor, retrying partial writes and interrupts.
    static func writeAll(_ fd: Int32, _ bytes: some Collection<UInt8>) {
        // Contiguous bytes (arrays, the common case) are written in place, without a copy.
        let written: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            writeAll(fd, UnsafeRawBufferPointer(buffer))
        }
        if written == nil {
            Array(bytes).withUnsafeBytes { writeAll(fd, $0) }
        }
    }

    static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < buffer.count, let base = buffer.baseAddress {
            let written = write(fd, base + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }

    /// Asks for a pipe buffer of up to a megabyte on `fd` when it is a pipe (Linux's
    /// `F_SETPIPE_SZ`; nothing happens otherwise): a stream writes scorecards in blocks of
    /// megabytes, and a 64 KB pipe makes the reader wake for every sixty-fourth of one.
    static func enlargePipeBuffer(_ fd: Int32) {
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFIFO else { return }
        // F_SETPIPE_SZ (1031) is not among the constants Glibc's module imports. A limit below a
        // megabyte (/proc/sys/fs/pipe-max-size) refuses the request, which is harmless.
        _ = fcntl(fd, 1031, Int32(1 << 20))
    }

    /// The index of the first `byte` in `bytes` from `start`, or `nil`; libc's memchr, which
    /// scans many bytes per step.
    static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress else { return nil }
        guard let found = memchr(base + start, Int32(byte), bytes.count - start) else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    /// Whether a read from `fd` would return at once (data or end of input are waiting).
    static func hasInputWaiting(_ fd: Int32) -> Bool {
        var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&request, 1, 0) == 1 && request.revents != 0
    }

    /// Reads up to `count` bytes, retrying interrupts; 0 at end of input, -1 on error.
    static func read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        while true {
            let result = Glibc.read(fd, buffer, count)
            if result < 0 && errno == EINTR { continue }
            return result
        }
    }

    /// Everything left on a descriptor, or `nil` when reading fails.
    static func readAll(_ fd: Int32) -> [UInt8]? {
        var bytes: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = block.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if count < 0 { return nil }
            if count == 0 { return bytes }
            bytes += block[0..<count]
        }
    }

    static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Hands memory freed since to the system: the allocator keeps what a pass over a million
    /// records freed for reuse, and a later pass that allocates in large blocks never reuses it.
    /// Makes every block of 128 KB or more its own mapping, handed back the moment it is freed.
    /// glibc otherwise raises that threshold to the largest block freed so far, so after a pass
    /// that frees arrays of megabytes, later ones of that size stay in the heap when freed and a
    /// batch's peak holds several passes' worth. (`mallopt(M_MMAP_THRESHOLD, …)`, found by name
    /// as below.)
    static func returnLargeBlocksAtOnce() {
        typealias Option = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Option.self)(-3, 128 << 10)
    }

    /// (glibc's `malloc_trim`, which Swift's Glibc module does not declare, so found by name.)
    static func releaseFreedMemory() {
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(nil, "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
    }

    /// A sentence for an errno value, e.g. "Permission denied".
    static func describe(errno code: Int32) -> String {
        String(cString: strerror(code))
    }

    static var currentErrno: Int32 { errno }

    /// The size of a regular file, or `nil` (missing, a folder, a pipe or a terminal).
    static func fileSize(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// The size of what a descriptor reads when it is a regular file (stdin redirected from a
    /// file), or `nil` for a pipe or a terminal.
    static func fileSize(of descriptor: Int32) -> Int? {
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// Moves a file's reading position by `offset` bytes (back, when negative).
    static func moveReadingPosition(_ descriptor: Int32, by offset: Int) {
        _ = lseek(descriptor, off_t(offset), SEEK_CUR)
    }

    /// Creates a new file for writing, or returns -1: fails when anything, a symbolic link
    /// included, already has the name, so nothing outside the folder can be written through it.
    static func createExclusively(_ path: String) -> Int32 {
        open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
    }

    /// Flushes a folder's entries (a rename into it) to the disk; best effort.
    static func syncFolder(_ path: String) {
        let fd = open(path.isEmpty ? "." : path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        _ = Glibc.close(fd)
    }

    static var processID: Int32 { getpid() }

    /// Whether a process with this id exists.
    static func isRunning(_ pid: Int32) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
    }

    /// Writes all bytes, retrying partial writes and interrupts; the errno when a write fails.
    static func writeAllReportingError(_ fd: Int32, _ buffer: UnsafeBufferPointer<UInt8>) -> Int32? {
        var offset = 0
        while offset < buffer.count, let base = buffer.baseAddress {
            let written = write(fd, base + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }

    static func rename(_ from: String, _ to: String) -> Int32? {
        Glibc.rename(from, to) == 0 ? nil : errno
    }

    static func remove(_ path: String) { _ = unlink(path) }

    /// Opens a file for appending (created when missing), or returns -1.
    static func openForAppending(_ path: String) -> Int32 {
        open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
    }

    /// Flushes a file's data to the disk, so a crash or power cut after this loses nothing.
    static func sync(_ fd: Int32) -> Bool { fsync(fd) == 0 }

    static func close(_ fd: Int32) { _ = Glibc.close(fd) }

    /// On SIGINT, SIGTERM or SIGHUP, writes `message` to stderr and exits with 130: the journal
    /// is already on disk, so there is nothing else to save.
    static func exitCalmlyOnSignals(message: String) {
        interruptMessage = Array(message.utf8)
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            Glibc.signal(signal, interruptHandler)
        }
    }
}

/// Set once before the handler is installed and only read by it.
nonisolated(unsafe) private var interruptMessage: [UInt8] = []

private func interruptHandler(_ signal: Int32) {
    interruptMessage.withUnsafeBytes { bytes in
        _ = write(2, bytes.baseAddress, bytes.count)
    }
    _exit(130)
}
