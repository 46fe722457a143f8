import Dispatch
import Foundation
import Hashing

/// Writes files so that readers see the old contents or the new, never half of either: the bytes
/// go to a new temporary file in the same folder, which is flushed to disk and then renamed over
/// the target, and the folder is flushed after.
enum AtomicFile {
    struct WriteError: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "\(path): error: could not be written: \(reason)" }
    }

    /// Writes `bytes` to `path` atomically; returns what was written (size and SHA-256).
    @discardableResult
    static func write(_ bytes: [UInt8], to path: String) throws(WriteError) -> WrittenFile {
        let file = try AtomicFileWriter(path: path)
        try bytes.withUnsafeBufferPointer { buffer throws(WriteError) in try file.write(buffer) }
        return try file.commit()
    }

    @discardableResult
    static func write(_ text: String, to path: String) throws(WriteError) -> WrittenFile {
        try write(Array(text.utf8), to: path)
    }

    /// Creates a folder and its parents; fine when it exists, an error when a file is in the way.
    static func makeFolder(_ path: String) throws(WriteError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            if isFolder.boolValue { return }
            throw WriteError(path: path, reason: "a file is in the way of the output folder")
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    /// The suffix of every temporary file: `.NAME.PID-RANDOM.dazzle-tmp`.
    static let temporarySuffix = ".dazzle-tmp"

    /// Removes the temporary files that runs killed before they finished left in `folder` (their
    /// process is gone); returns their names. A running process's files are left alone.
    static func removeLeftovers(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var removed: [String] = []
        for name in names.sorted() where name.hasPrefix(".") && name.hasSuffix(temporarySuffix) {
            let stem = name.dropLast(temporarySuffix.count)
            guard let owner = stem.split(separator: ".").last?.split(separator: "-").first.flatMap({ Int32($0) }),
                !Platform.isRunning(owner)
            else { continue }
            Platform.remove((folder as NSString).appendingPathComponent(name))
            removed.append(name)
        }
        return removed
    }
}

/// What was put in place: where, how many bytes, and their SHA-256.
struct WrittenFile: Sendable, Equatable {
    var path: String
    var byteCount: Int
    var sha256: String
}

/// A file written piece by piece and put in place whole: the pieces go to a temporary file
/// beside the target, `commit` flushes it, renames it over the target and flushes the folder; a
/// writer dropped before `commit` removes its temporary file, leaving the target as it was.
///
/// The temporary file gets an unpredictable name and is created exclusively, never following a
/// symbolic link, so a link planted in a shared folder cannot redirect the write. The SHA-256 of
/// the content is computed on another thread as the pieces are written, unless the writer is
/// told nobody needs it.
final class AtomicFileWriter {
    let path: String
    /// Where the pieces go until `commit`.
    let temporary: String
    private var descriptor: Int32
    private var committed = false
    private var byteCount = 0
    private let hasher: BackgroundHasher?

    /// - Parameter hashing: whether `commit` is to return the content's SHA-256 (for a manifest);
    ///   without it, ``WrittenFile/sha256`` is empty and no thread spends time hashing.
    init(path: String, hashing: Bool = true) throws(AtomicFile.WriteError) {
        self.path = path
        hasher = hashing ? BackgroundHasher() : nil
        let folder = (path as NSString).deletingLastPathComponent
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        temporary = (folder as NSString).appendingPathComponent(
            ".\((path as NSString).lastPathComponent).\(Platform.processID)-\(random)\(AtomicFile.temporarySuffix)")
        descriptor = Platform.createExclusively(temporary)
        if descriptor < 0 {
            throw AtomicFile.WriteError(path: path, reason: Platform.describe(errno: Platform.currentErrno))
        }
    }

    func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(AtomicFile.WriteError) {
        if let code = Platform.writeAllReportingError(descriptor, bytes) {
            throw AtomicFile.WriteError(path: path, reason: Platform.describe(errno: code))
        }
        byteCount += bytes.count
        hasher?.add(bytes)
    }

    /// Puts the file in place, flushed to disk.
    @discardableResult
    func commit() throws(AtomicFile.WriteError) -> WrittenFile {
        let synced = Platform.sync(descriptor)
        let syncError = Platform.currentErrno
        Platform.close(descriptor)
        descriptor = -1
        guard synced else { throw AtomicFile.WriteError(path: path, reason: Platform.describe(errno: syncError)) }
        if let code = Platform.rename(temporary, path) {
            throw AtomicFile.WriteError(path: path, reason: Platform.describe(errno: code))
        }
        committed = true
        Platform.syncFolder((path as NSString).deletingLastPathComponent)
        return WrittenFile(path: path, byteCount: byteCount, sha256: hasher?.finish() ?? "")
    }

    deinit {
        if descriptor >= 0 { Platform.close(descriptor) }
        if !committed { Platform.remove(temporary) }
    }
}

/// SHA-256 of a file's pieces, computed on a serial background queue while the writer goes on.
private final class BackgroundHasher: @unchecked Sendable {
    private var hasher = SHA256()
    private let queue = DispatchQueue(label: "dazzle.hash")
    /// Pieces copied and not yet hashed, at most 4: a writer faster than the hash waits for it
    /// rather than holding gigabytes of copies.
    private let inFlight = DispatchSemaphore(value: 4)

    /// Hashes a copy of the piece (the caller reuses its buffer).
    func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        inFlight.wait()
        let copy = Array(bytes)
        queue.async {
            self.hasher.update(copy)
            self.inFlight.signal()
        }
    }

    func finish() -> String {
        queue.sync { SHA256.hexDigits(hasher.finalize()) }
    }
}
