import Foundation

/// Why a file could not be read, as a value the commands print with the path.
public struct FileReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path as the user gave it.
    public var path: String
    /// What went wrong and what to do.
    public var message: String

    public var description: String { "\(path): error: \(message)" }
}

/// Reads whole files for the loaders, refusing folders, special files and files too large for
/// their purpose before reading a byte of them.
public struct FileReader: Sendable {
    /// Files larger than this are refused; question sets and rubrics are a few kilobytes.
    public var maximumBytes: Int

    public init(maximumBytes: Int = 8 << 20) {
        self.maximumBytes = maximumBytes
    }

    /// Reads a file.
    /// - Parameters:
    ///   - path: the absolute path to open.
    ///   - displayPath: the path as the user gave it, for the message.
    /// - Throws: ``FileReadError`` saying what is wrong in a sentence.
    public func read(_ path: String, displayPath: String) throws(FileReadError) -> [UInt8] {
        func failure(_ message: String) -> FileReadError {
            FileReadError(path: displayPath, message: message)
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw failure("No such file; check the path.")
        }
        if isFolder.boolValue {
            throw failure("This is a folder, not a file; name a file inside it.")
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let type = attributes?[.type] as? FileAttributeType, type != .typeRegular {
            throw failure("This is not a regular file (it is a device, socket or pipe); name a file.")
        }
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        if size > maximumBytes {
            throw failure(
                "The file is \(megabytes(size)), larger than the \(megabytes(maximumBytes)) this kind of file may be; is it the right file?"
            )
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw failure("The file cannot be opened: \(Platform.describe(errno: errno)). Check its permissions.")
        }
        defer { close(descriptor) }
        // Read straight into the array, sized by the file's length (one byte more shows a file
        // that grew since): no second copy of a large file.
        let capacity = min(size, maximumBytes) + 1
        var failed: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            while initialized < capacity {
                let count = Platform.read(descriptor, buffer.baseAddress! + initialized, capacity - initialized)
                if count < 0 { failed = errno }
                if count <= 0 { break }
                initialized += count
            }
        }
        // A file that grew since its length was read: the rest in blocks, up to the limit.
        let grew = bytes.count == capacity
        var block = [UInt8](repeating: 0, count: grew ? 1 << 16 : 0)
        while grew && failed == 0 && bytes.count <= maximumBytes {
            let count = block.withUnsafeMutableBytes { Platform.read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 { failed = errno }
            if count <= 0 { break }
            bytes += block[0..<count]
        }
        if failed != 0 { throw failure("The file could not be read: \(Platform.describe(errno: failed)).") }
        if bytes.count > maximumBytes {
            throw failure(
                "The file is larger than the \(megabytes(maximumBytes)) this kind of file may be; is it the right file?"
            )
        }
        return bytes
    }

    private func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }
}
