import DazzleJSON
import Foundation
import Glibc
import Testing

@Suite("Output sets", .serialized)
struct OutputSetTests {
    static var inventory: String {
        repositoryRoot.appendingPathComponent("questionnaires/samples/inventory.jsonl").path
    }

    func manifest(_ folder: URL) throws -> JSONObject {
        let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent("manifest.json")))
        return try #require(try JSONReader().read(bytes).objectValue)
    }

    @Test("score --out writes a complete manifest listing every file with its size and SHA-256")
    func manifestLists() throws {
        let folder = try TemporaryFolder()
        let result = try runBinary(["score", Self.inventory, "--out", "out", "--report", "html"], in: folder.url)
        #expect(result.status == 2, "one sample form is rejected on purpose")
        let object = try manifest(folder.url.appendingPathComponent("out"))
        #expect(object["complete"]?.boolValue == true)
        let names = (object["files"]?.arrayValue ?? []).compactMap { $0.objectValue?["name"]?.stringValue }
        let pages = names.filter { $0.hasPrefix("candidates/") }
        #expect(
            names.filter { !$0.hasPrefix("candidates/") } == [
                "comparison.html", "index.html", "rejected.jsonl", "report.html", "scorecards.jsonl", "summary.csv",
                "summary.json",
            ])
        #expect(pages.count == 12, "the shortlist of 15 holds all 12 candidates: \(pages)")
        for entry in (object["files"]?.arrayValue ?? []).compactMap(\.objectValue) {
            let name = try #require(entry["name"]?.stringValue)
            let data = try Data(contentsOf: folder.url.appendingPathComponent("out/\(name)"))
            #expect(entry["bytes"]?.numberValue == Double(data.count), "\(name)")
            #expect(entry["sha256"]?.stringValue == sha256sum(folder.url.appendingPathComponent("out/\(name)")))
        }
    }

    @Test("report refuses the files of a set whose run did not finish, and a file changed since")
    func refusesBrokenSets() throws {
        let folder = try TemporaryFolder()
        _ = try runBinary(["score", Self.inventory, "--out", "out"], in: folder.url)
        let manifestURL = folder.url.appendingPathComponent("out/manifest.json")
        let complete = try String(contentsOf: manifestURL, encoding: .utf8)
        try complete.replacingOccurrences(of: #""complete":true"#, with: #""complete":false"#)
            .write(to: manifestURL, atomically: true, encoding: .utf8)
        let incomplete = try runBinary(["report", "out/scorecards.jsonl", "--out", "r"], in: folder.url)
        #expect(incomplete.status == 1)
        #expect(incomplete.standardError.contains("did not finish (out/manifest.json says the set is incomplete)"))
        try complete.write(to: manifestURL, atomically: true, encoding: .utf8)
        let handle = try FileHandle(forWritingTo: folder.url.appendingPathComponent("out/scorecards.jsonl"))
        handle.seekToEndOfFile()
        handle.write(Data("\n".utf8))
        try handle.close()
        let changed = try runBinary(["compare", "out/scorecards.jsonl", "-o", "c.html"], in: folder.url)
        #expect(changed.status == 1)
        #expect(changed.standardError.contains("is not the one out/manifest.json lists"))
    }

    @Test("a symbolic link in the output folder never redirects a write outside it")
    func symlinkPlanted() throws {
        let folder = try TemporaryFolder()
        try folder.write("outside.txt", "keep me\n")
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("out"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: folder.url.appendingPathComponent("out/summary.csv").path,
            withDestinationPath: folder.url.appendingPathComponent("outside.txt").path)
        _ = try runBinary(["score", Self.inventory, "--out", "out"], in: folder.url)
        #expect(
            try String(contentsOf: folder.url.appendingPathComponent("outside.txt"), encoding: .utf8) == "keep me\n")
        let attributes = try FileManager.default.attributesOfItem(
            atPath: folder.url.appendingPathComponent("out/summary.csv").path)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
    }

    @Test("temporary files left by a killed run are removed by the next run; a live run's are kept")
    func leftovers() throws {
        let folder = try TemporaryFolder()
        let dead = Process()
        dead.executableURL = URL(fileURLWithPath: "/bin/true")
        try dead.run()
        dead.waitUntilExit()
        try folder.write("out/.scorecards.jsonl.\(dead.processIdentifier)-1f2e.dazzle-tmp", "half a file")
        try folder.write("out/.summary.csv.\(getpid())-aa.dazzle-tmp", "someone else's")
        let result = try runBinary(["score", Self.inventory, "--out", "out"], in: folder.url)
        #expect(
            result.standardError.contains(
                "note: removed out/.scorecards.jsonl.\(dead.processIdentifier)-1f2e.dazzle-tmp"))
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.url.appendingPathComponent("out").path)
        #expect(names.filter { $0.hasSuffix(".dazzle-tmp") } == [".summary.csv.\(getpid())-aa.dazzle-tmp"])
    }

    /// Kills `score --out` at random moments; after each kill the folder is either a whole set
    /// (every file as the manifest lists it) or one that `report` refuses, and the next run
    /// leaves no temporary file behind.
    @Test("SIGKILL during score --out leaves a whole set or one that is refused, never a mix")
    func killDuringWrite() throws {
        let folder = try TemporaryFolder()
        // 15,000 forms: the first sample form under new candidate ids.
        let sample = try String(contentsOfFile: Self.inventory, encoding: .utf8).split(separator: "\n")[0]
        let id = try #require(sample.firstRange(of: #""id": "inv-101""#))
        let forms = (0..<15_000).map { sample.replacingCharacters(in: id, with: #""id": "c\#($0)""#) }
        try folder.write("forms.jsonl", forms.joined(separator: "\n") + "\n")
        var generator = SystemRandomNumberGenerator()
        for round in 0..<6 {
            let process = Process()
            process.executableURL = try dazzleBinary()
            process.arguments = ["score", "forms.jsonl", "--out", "out"]
            process.currentDirectoryURL = folder.url
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 200_000...2_500_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let out = folder.url.appendingPathComponent("out")
            guard FileManager.default.fileExists(atPath: out.appendingPathComponent("manifest.json").path) else {
                continue
            }
            let object = try manifest(out)
            if object["complete"]?.boolValue == true {
                for entry in (object["files"]?.arrayValue ?? []).compactMap(\.objectValue) {
                    let name = try #require(entry["name"]?.stringValue)
                    #expect(
                        entry["sha256"]?.stringValue == sha256sum(out.appendingPathComponent(name)),
                        "round \(round): \(name) is not the file the manifest lists")
                }
            } else if FileManager.default.fileExists(atPath: out.appendingPathComponent("scorecards.jsonl").path) {
                let report = try runBinary(["report", "out/scorecards.jsonl", "--out", "r"], in: folder.url)
                #expect(report.status == 1 && report.standardError.contains("did not finish"), "round \(round)")
            }
        }
        let final = try runBinary(
            ["score", "forms.jsonl", "--out", "out"], in: folder.url)
        #expect(final.status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.url.appendingPathComponent("out").path)
        #expect(!names.contains { $0.hasSuffix(".dazzle-tmp") }, "no temporary file is left after a finished run")
        #expect(try manifest(folder.url.appendingPathComponent("out"))["complete"]?.boolValue == true)
    }
}

/// The SHA-256 of a file as coreutils' sha256sum computes it: an independent reference.
func sha256sum(_ file: URL) -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    process.arguments = [file.path]
    let output = Pipe()
    process.standardOutput = output
    guard (try? process.run()) != nil else { return nil }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init)
}
