import Foundation
import Testing

@testable import DazzleCommands

@Suite("Atomic files")
struct AtomicFileTests {
    func write(_ text: String, to path: String, hashing: Bool) throws -> WrittenFile {
        let writer = try AtomicFileWriter(path: path, hashing: hashing)
        try Array(text.utf8).withUnsafeBufferPointer { bytes throws(AtomicFile.WriteError) in try writer.write(bytes) }
        return try writer.commit()
    }

    @Test("a writer puts the whole content in place and names its SHA-256 (the FIPS 180-4 'abc' example)")
    func hashesWhatItWrites() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("a.txt").path
        let written = try write("abc", to: path, hashing: true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "abc")
        #expect(written.byteCount == 3)
        #expect(written.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("a writer told nobody needs the hash writes the same content and leaves the hash empty")
    func skipsTheHash() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("state.jsonl").path
        let written = try write("abc", to: path, hashing: false)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "abc")
        #expect(written.byteCount == 3 && written.sha256.isEmpty)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.url.path)
        #expect(left == ["state.jsonl"], "no temporary file is left")
    }
}
