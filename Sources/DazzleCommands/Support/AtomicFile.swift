import Foundation

/// Writes files so that readers see the old contents or the new, never half of either: the bytes
/// go to a temporary file in the same folder, which is then renamed over the target.
enum AtomicFile {
    struct WriteError: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "\(path): error: could not be written: \(reason)" }
    }

    static func write(_ bytes: [UInt8], to path: String) throws(WriteError) {
        let file = try AtomicFileWriter(path: path)
        try bytes.withUnsafeBufferPointer { buffer throws(WriteError) in try file.write(buffer) }
        try file.commit()
    }

    static func write(_ text: String, to path: String) throws(WriteError) {
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
}

/// A file written piece by piece and put in place whole: the pieces go to a temporary file
/// beside the target, `commit` renames it over the target, and a writer dropped before `commit`
/// removes its temporary file, leaving the target as it was. Large outputs such as a batch's
/// scorecards are written in pieces this way instead of being held whole in memory.
final class AtomicFileWriter {
    let path: String
    private let temporary: String
    private var descriptor: Int32
    private var committed = false

    init(path: String) throws(AtomicFile.WriteError) {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        temporary = (folder as NSString).appendingPathComponent(
            ".\((path as NSString).lastPathComponent).\(getpid()).tmp")
        descriptor = Platform.create(temporary)
        if descriptor < 0 {
            throw AtomicFile.WriteError(path: path, reason: Platform.describe(errno: Platform.currentErrno))
        }
    }

    func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(AtomicFile.WriteError) {
        if let code = Platform.writeAllReportingError(descriptor, bytes) {
            throw AtomicFile.WriteError(path: path, reason: Platform.describe(errno: code))
        }
    }

    /// Puts the file in place.
    func commit() throws(AtomicFile.WriteError) {
        Platform.close(descriptor)
        descriptor = -1
        if let code = Platform.rename(temporary, path) {
            throw AtomicFile.WriteError(path: path, reason: Platform.describe(errno: code))
        }
        committed = true
    }

    deinit {
        if descriptor >= 0 { Platform.close(descriptor) }
        if !committed { Platform.remove(temporary) }
    }
}
