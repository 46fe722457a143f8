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
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw failure("The file cannot be opened: permission denied or unreadable. Check its permissions.")
        }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: maximumBytes + 1) ?? Data()
            if data.count > maximumBytes {
                throw failure(
                    "The file is larger than the \(megabytes(maximumBytes)) this kind of file may be; is it the right file?"
                )
            }
            return [UInt8](data)
        } catch let error as FileReadError {
            throw error
        } catch {
            let code = (error as NSError).userInfo[NSUnderlyingErrorKey].flatMap { ($0 as? NSError)?.code }
            let reason = code.map { Platform.describe(errno: Int32($0)) } ?? error.localizedDescription
            throw failure("The file could not be read: \(reason).")
        }
    }

    private func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }
}
