@preconcurrency import Glibc

/// A regular file mapped read-only into memory: stdin redirected from a file is scored where it
/// lies in the page cache instead of being copied into a buffer first.
///
/// A mapped file that another program shrinks while it is read makes the system stop the
/// process at the first page past the new end (SIGBUS): mapping a file installs a handler that
/// says so on stderr and exits with status 1, rather than dying without a word.
final class MappedFile: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>

    /// Maps what `descriptor` reads when it is a non-empty regular file; `nil` for a pipe, a
    /// terminal, an empty file, or when the system refuses.
    init?(descriptor: Int32) {
        guard let size = Platform.fileSize(of: descriptor), size > 0,
            let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED
        else { return nil }
        _ = madvise(address, size, MADV_SEQUENTIAL)
        bytes = UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: size)
        // The message is made before the handler can need it.
        _ = shrunkMessage.utf8CodeUnitCount
        Glibc.signal(SIGBUS, shrunkHandler)
    }

    /// How much of the front has been handed back to the system.
    private var released = 0

    /// Hands back the pages before `offset` (already read, never read again), so the process
    /// holds a window of the file, not all of it it has seen: constant memory, as when reading.
    /// Done a few megabytes at a time.
    func release(upTo offset: Int) {
        let page = 1 << 22
        let end = offset / page * page
        guard end > released, let base = bytes.baseAddress else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + released), end - released, MADV_DONTNEED)
        released = end
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
    }

    /// Where the descriptor's reading position is now.
    static func position(of descriptor: Int32) -> Int? {
        let offset = lseek(descriptor, 0, SEEK_CUR)
        return offset < 0 ? nil : Int(offset)
    }
}

/// The message for a mapped file that shrank under the reader, in bytes a signal handler can write.
private let shrunkMessage: StaticString =
    "stdin: error: the file shrank while it was read (another program changed it); scoring stopped. Score a copy that nothing writes to.\n"

private func shrunkHandler(_ signal: Int32) {
    _ = write(2, shrunkMessage.utf8Start, shrunkMessage.utf8CodeUnitCount)
    _exit(1)
}
