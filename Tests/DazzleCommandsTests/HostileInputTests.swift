import Foundation
import Testing

@testable import DazzleCommands

/// Each hostile file gets one clear error naming the file, exit status 1, and no crash or hang.
@Suite("Hostile input to dazzle validate")
struct HostileInputTests {
    func validate(_ name: String, _ bytes: [UInt8]) throws -> RunResult {
        let folder = try TemporaryFolder()
        try folder.write(name, bytes)
        return runInProcess(["validate", name], in: folder.path)
    }

    @Test("an empty file")
    func emptyFile() throws {
        let result = try validate("empty.json", [])
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix("empty.json:1:1: error: The file is empty"))
    }

    @Test("truncated JSON")
    func truncated() throws {
        let result = try validate(
            "cut.json", Array(#"{"format": "dazzle.questionnaire/1", "sections": [{"id": "a""#.utf8))
        #expect(result.status == 1)
        #expect(result.standardError.contains("cut.json:1:"))
        #expect(result.standardError.contains("looks truncated"))
    }

    @Test("invalid UTF-8")
    func invalidUTF8() throws {
        let result = try validate("latin1.json", Array(#"{"title": "Caf"#.utf8) + [0xE9] + Array(#""}"#.utf8))
        #expect(result.status == 1)
        #expect(
            result.standardError.contains(
                "latin1.json:1:15: error: Invalid UTF-8 (byte 0xE9 starts a character that is not completed); save the file as UTF-8."
            ))
    }

    @Test("a NUL byte")
    func nulByte() throws {
        let result = try validate("nul.json", Array("{\"a\": 1,".utf8) + [0] + Array("}".utf8))
        #expect(result.status == 1)
        #expect(result.standardError.contains("nul.json:1:9: error: Unexpected NUL byte (0x00)"))
    }

    @Test("duplicate keys in one object")
    func duplicateKeys() throws {
        let result = try validate("dup.json", Array("{\"id\": \"a\",\n \"id\": \"b\"}".utf8))
        #expect(result.status == 1)
        #expect(
            result.standardError.contains(
                "dup.json:2:2: error: Duplicate key 'id' in one object (first written at 1:2)"))
    }

    /// The size limit is checked before reading, so a 50 MB file is refused at once.
    @Test("a 50 MB file")
    func hugeFile() throws {
        let big = [UInt8](repeating: UInt8(ascii: " "), count: 50 << 20)
        let result = try validate("big.json", big)
        #expect(result.status == 1)
        #expect(
            result.standardError
                == "big.json: error: The file is 50.0 MB, larger than the 8.0 MB this kind of file may be; is it the right file?\n"
        )
    }

    @Test("arrays nested 100,000 deep")
    func deepNesting() throws {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let result = try validate("deep.json", Array(text.utf8))
        #expect(result.status == 1)
        #expect(
            result.standardError.contains("deep.json:1:201: error: Arrays and objects are nested more than 200 deep"))
    }

    @Test("a number like 1e999")
    func hugeNumber() throws {
        let result = try validate("num.json", Array(#"{"minutes": 1e999}"#.utf8))
        #expect(result.status == 1)
        #expect(result.standardError.contains("num.json:1:13: error: The number '1e999' is too large to represent"))
    }

    @Test("a folder with no question sets where files are expected")
    func emptyFolder() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let result = runInProcess(["validate", "sub"], in: folder.path)
        #expect(result.status == 1)
        #expect(
            result.standardError
                == "sub: error: The folder holds no .json files; name a question set file or a folder of them.\n")
    }

    /// `list --dir` expects a folder; given a file it says so.
    @Test("a file passed where a folder is expected")
    func fileForFolder() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.txt", "x")
        let result = runInProcess(["list", "--dir", "a.txt"], in: folder.path)
        #expect(result.status == 1)
        #expect(result.standardError == "a.txt: error: This is a file, not a folder; name a folder of question sets.\n")
    }

    /// Root can read any file, so unreadability is produced by a file whose read fails (EIO).
    @Test("a file that cannot be read")
    func unreadable() {
        let result = runInProcess(["validate", "/proc/self/mem"])
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix("/proc/self/mem: error: The file could not be read: "))
    }

    @Test("a missing file")
    func missingFile() {
        let result = runInProcess(["validate", "no-such.json"], in: "/tmp")
        #expect(result.status == 1)
        #expect(result.standardError == "no-such.json: error: No such file or folder; check the path.\n")
    }
}

@Suite("File reader")
struct FileReaderTests {
    @Test("a folder passed where a file is expected")
    func folderForFile() throws {
        let folder = try TemporaryFolder()
        #expect(throws: FileReadError(path: "given", message: "This is a folder, not a file; name a file inside it.")) {
            try FileReader().read(folder.path, displayPath: "given")
        }
    }

    @Test("a file's bytes are read exactly, whatever its size", arguments: [0, 1, 65_537, (1 << 20) + 3])
    func exactBytes(size: Int) throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/data.bin"
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(try FileReader(maximumBytes: 2 << 20).read(path, displayPath: "data.bin") == bytes)
    }

    @Test("a file over the limit is refused with its size")
    func overLimit() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/big.json"
        try Data(repeating: 0x20, count: 3 << 20).write(to: URL(fileURLWithPath: path))
        #expect(
            throws: FileReadError(
                path: "big.json",
                message:
                    "The file is 3.0 MB, larger than the 2.0 MB this kind of file may be; is it the right file?")
        ) {
            try FileReader(maximumBytes: 2 << 20).read(path, displayPath: "big.json")
        }
    }

    @Test("a device is not read")
    func device() {
        #expect(
            throws: FileReadError(
                path: "/dev/zero", message: "This is not a regular file (it is a device, socket or pipe); name a file.")
        ) {
            try FileReader().read("/dev/zero", displayPath: "/dev/zero")
        }
    }
}
