import DazzleCommands
import Foundation
import Testing

/// What a run of `dazzle` produced.
struct RunResult: Equatable {
    var status: Int32
    var standardOutput: String
    var standardError: String
}

/// Runs `dazzle` in-process with captured output.
func runInProcess(
    _ arguments: [String], in folder: String = FileManager.default.currentDirectoryPath,
    environment: [String: String] = [:]
) -> RunResult {
    let output = CapturedOutput()
    let errors = CapturedOutput()
    let context = CommandContext(
        standardOutput: output, standardError: errors, environment: environment, workingDirectory: folder)
    let status = DazzleCLI.main(arguments, context: context)
    return RunResult(status: status, standardOutput: output.text, standardError: errors.text)
}

/// The built `dazzle` binary, beside the test bundle in the build folder.
func dazzleBinary() throws -> URL {
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidates = [bundle, bundle.deletingLastPathComponent()].map { $0.appendingPathComponent("dazzle") }
    return try #require(
        candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }, "build dazzle first: \(candidates)")
}

/// Runs the built binary as a user would, in a folder, and collects what it printed.
func runBinary(_ arguments: [String], in folder: URL, environment: [String: String] = [:], stdin: String? = nil) throws
    -> RunResult
{
    let process = Process()
    process.executableURL = try dazzleBinary()
    process.arguments = arguments
    process.environment = ["PATH": "/usr/bin:/bin"].merging(environment) { $1 }
    if let stdin {
        process.standardInput = try FileHandle(forReadingFrom: folder.appendingPathComponent(stdin))
    } else {
        process.standardInput = FileHandle.nullDevice
    }
    return try collect(process, in: folder)
}

/// Runs the built binary with a file piped to its stdin through `cat`, so stdin is a pipe, not
/// the file itself.
func runBinaryThroughPipe(_ arguments: [String], in folder: URL, stdin: String) throws -> RunResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments =
        ["-c", "file=$1; shift; cat \"$file\" | \"$0\" \"$@\"", try dazzleBinary().path, stdin] + arguments
    process.environment = ["PATH": "/usr/bin:/bin"]
    return try collect(process, in: folder)
}

/// Runs a process in a folder to its end and collects its status and what it printed.
private func collect(_ process: Process, in folder: URL) throws -> RunResult {
    process.currentDirectoryURL = folder
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    let errData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return RunResult(
        status: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self),
        standardError: String(decoding: errData, as: UTF8.self))
}

/// A fresh empty folder, removed when the value is released.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("dazzle-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    var path: String { url.path }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> URL {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        return file
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        try write(name, Array(text.utf8))
    }
}

/// The repository's root folder, for the shipped files.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
