import Foundation
import Hashing

/// A file of lines read in pieces of a few megabytes, never held whole, and single lines read
/// back later by where they were: how `summary merge` reads states larger than memory.
struct LineFile {
    /// The absolute path.
    let path: String
    /// The path as the user gave it, for messages.
    let displayPath: String

    /// Bytes read at a time.
    static let pieceBytes = 4 << 20

    /// A line and where it is: its first byte's offset and its length, without the newline.
    struct Place: Sendable {
        var offset: Int
        var length: Int
    }

    /// Calls `body` with every line (without its newline), its number from 1 and its place.
    /// - Returns: the file's size and SHA-256 (`sha256:` and hex digits).
    func forEachLine<Failure: Error>(
        _ body: (ArraySlice<UInt8>, _ number: Int, _ place: Place) throws(Failure) -> Void
    ) throws(LineFileError<Failure>) -> (bytes: Int, sha256: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .read(
                FileReadError(
                    path: displayPath,
                    message: "The file cannot be opened: \(Platform.describe(errno: errno)). Check its permissions."))
        }
        defer { close(descriptor) }
        var hash = SHA256()
        var piece = [UInt8](repeating: 0, count: Self.pieceBytes)
        // The bytes of a line begun in an earlier piece.
        var carried: [UInt8] = []
        var number = 0
        var offset = 0
        var total = 0
        while true {
            let count = piece.withUnsafeMutableBytes { Platform.read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                throw .read(
                    FileReadError(
                        path: displayPath,
                        message: "The file could not be read: \(Platform.describe(errno: Platform.currentErrno))."))
            }
            guard count > 0 else { break }
            piece.withUnsafeBufferPointer { hash.update(UnsafeBufferPointer(rebasing: $0[0..<count])) }
            total += count
            var start = 0
            while let end = piece[start..<count].firstIndex(of: 0x0A) {
                number += 1
                do {
                    if carried.isEmpty {
                        try body(piece[start..<end], number, Place(offset: offset, length: end - start))
                    } else {
                        carried += piece[start..<end]
                        try body(carried[...], number, Place(offset: offset, length: carried.count))
                        carried.removeAll(keepingCapacity: true)
                    }
                } catch {
                    throw .line(error)
                }
                offset = total - count + end + 1
                start = end + 1
            }
            carried += piece[start..<count]
        }
        if !carried.isEmpty {
            number += 1
            do {
                try body(carried[...], number, Place(offset: offset, length: carried.count))
            } catch {
                throw .line(error)
            }
        }
        return (total, "sha256:" + SHA256.hexDigits(hash.finalize()))
    }

    /// How many lines start with `prefix`: a quick pass (no hashing, no parsing) to size what
    /// a later pass fills; `nil` when the file cannot be read.
    func countLines(startingWith prefix: [UInt8]) -> Int? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var piece = [UInt8](repeating: 0, count: Self.pieceBytes)
        // The start of a line begun in an earlier piece, as far as the prefix reaches.
        var head: [UInt8] = []
        var atLineStart = true
        var count = 0
        while true {
            let read = piece.withUnsafeMutableBytes { Platform.read(descriptor, $0.baseAddress!, $0.count) }
            if read < 0 { return nil }
            guard read > 0 else { break }
            var start = 0
            while start < read {
                let end = piece[start..<read].firstIndex(of: 0x0A) ?? read
                if head.count < prefix.count {
                    head += piece[start..<min(end, start + prefix.count - head.count)]
                }
                atLineStart = false
                if end < read {
                    if head.starts(with: prefix) { count += 1 }
                    head.removeAll(keepingCapacity: true)
                    atLineStart = true
                }
                start = end + 1
            }
        }
        if !atLineStart, head.starts(with: prefix) { count += 1 }
        return count
    }

    /// The bytes of one line found earlier.
    func line(at place: Place) throws(FileReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FileReadError(
                path: displayPath,
                message:
                    "The file cannot be opened again: \(Platform.describe(errno: errno)). Was it moved during the run?")
        }
        defer { close(descriptor) }
        return try Self.line(at: place, descriptor: descriptor, displayPath: displayPath)
    }

    /// The bytes of one line found earlier, from an open descriptor.
    static func line(at place: Place, descriptor: Int32, displayPath: String) throws(FileReadError) -> [UInt8] {
        var failed: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: place.length) { buffer, initialized in
            while initialized < place.length {
                let count = pread(
                    descriptor, buffer.baseAddress! + initialized, place.length - initialized,
                    off_t(place.offset + initialized))
                if count < 0 && errno == EINTR { continue }
                if count < 0 { failed = errno }
                if count <= 0 { break }
                initialized += count
            }
        }
        guard failed == 0, bytes.count == place.length else {
            throw FileReadError(
                path: displayPath,
                message: failed != 0
                    ? "The file could not be read again: \(Platform.describe(errno: failed))."
                    : "The file is shorter than when it was first read; was it changed during the run?")
        }
        return bytes
    }
}

/// Files of lines kept open while their lines are read back, by many threads at once (each
/// read says where it starts, so they share a descriptor); closed when no longer used.
final class OpenLineFiles: Sendable {
    let files: [LineFile]
    /// -1 for a file that could not be opened again.
    private let descriptors: [Int32]

    init(_ files: [LineFile]) {
        self.files = files
        descriptors = files.map { open($0.path, O_RDONLY | O_CLOEXEC) }
    }

    deinit {
        for descriptor in descriptors where descriptor >= 0 { close(descriptor) }
    }

    /// The bytes of one line of file `index` found earlier.
    func line(_ index: Int, at place: LineFile.Place) throws(FileReadError) -> [UInt8] {
        guard descriptors[index] >= 0 else {
            throw FileReadError(
                path: files[index].displayPath,
                message: "The file cannot be opened again. Was it moved during the run?")
        }
        return try LineFile.line(at: place, descriptor: descriptors[index], displayPath: files[index].displayPath)
    }
}

/// Why a file of lines could not be read through: the file, or what the caller found in a line.
enum LineFileError<Failure: Error>: Error {
    case read(FileReadError)
    case line(Failure)
}
