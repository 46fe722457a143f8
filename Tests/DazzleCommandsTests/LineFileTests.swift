import Foundation
import Testing

@testable import DazzleCommands

@Suite("LineFile")
struct LineFileTests {
    /// Lines of every length up to three pieces, so some straddle one piece's end and some two,
    /// the last without its newline.
    static func lines() -> [[UInt8]] {
        var lines: [[UInt8]] = []
        for (index, length) in [0, 1, LineFile.pieceBytes - 1, 10, LineFile.pieceBytes * 2 + 3, 5, 0, 77].enumerated() {
            lines.append([UInt8](repeating: UInt8(0x21 + index), count: length))
        }
        for index in 0..<2000 {
            lines.append([UInt8](repeating: UInt8(0x30 + index % 40), count: index * 7919 % 3001))
        }
        return lines
    }

    @Test("every line comes back whole, numbered, from a place that reads it again, across pieces")
    func linesAcrossPieces() throws {
        let folder = try TemporaryFolder()
        let lines = Self.lines()
        var bytes = lines.map { $0 + [0x0A] }.joined().map { $0 }
        bytes.removeLast()
        let path = folder.url.appendingPathComponent("lines").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let file = LineFile(path: path, displayPath: "lines")
        var seen: [(line: [UInt8], number: Int, place: LineFile.Place)] = []
        let digest = try file.forEachLine { (line, number, place) throws(LineFileTestError) in
            seen.append((Array(line), number, place))
        }
        #expect(digest.bytes == bytes.count)
        #expect(digest.sha256 == "sha256:" + (try Self.sha256sum(path)))
        #expect(seen.count == lines.count)
        #expect(seen.map(\.line) == lines)
        #expect(seen.map(\.number) == Array(1...lines.count))
        for entry in seen where !entry.line.isEmpty {
            #expect(try file.line(at: entry.place) == entry.line)
        }
    }

    /// coreutils' digest of a file, as an independent reference.
    static func sha256sum(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }

    @Test("a file that cannot be opened is an error naming it")
    func missingFile() {
        let file = LineFile(path: "/nonexistent/states.jsonl", displayPath: "states.jsonl")
        #expect(throws: LineFileError<LineFileTestError>.self) {
            try file.forEachLine { (_, _, _) throws(LineFileTestError) in }
        }
    }
}

struct LineFileTestError: Error {}
