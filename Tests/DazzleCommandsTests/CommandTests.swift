import Foundation
import Testing

@testable import DazzleCommands

@Suite("validate and list, in process")
struct CommandTests {
    @Test("validate of the shipped folder is clean")
    func validateShipped() {
        let result = runInProcess(["validate", "questionnaires"], in: repositoryRoot.path)
        #expect(result.status == 0)
        #expect(result.standardOutput == "Checked 5 files: 0 errors, 0 warnings.\n")
        #expect(result.standardError.isEmpty)
    }

    @Test("validate prints compiler-style diagnostics and a count, exit 1 on errors")
    func validateBroken() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "sets/bad.json",
            """
            {"format": "dazzle.questionnaire/1", "id": "b", "version": "1", "title": "B",
             "audience": "candidate", "sections": [{"id": "s", "title": "S", "items": [
               {"id": "q", "type": "rating", "text": "Q", "scale": {"min": 1, "max": 5}, "anchors": {"3": "Mid"}}]}]}
            """)
        try folder.write(
            "sets/good.json",
            String(
                decoding: try Data(contentsOf: repositoryRoot.appendingPathComponent("questionnaires/pre-screen.json")),
                as: UTF8.self))
        let result = runInProcess(["validate", "sets"], in: folder.path)
        #expect(result.status == 0, "a warning alone does not fail")
        #expect(
            result.standardError
                == "sets/bad.json:3:89: warning: The anchors do not describe both ends of the scale (1 and 5); raters agree better when the extremes are anchored. (at sections[0].items[0].anchors)\n"
        )
        #expect(result.standardOutput == "Checked 2 files: 0 errors, 1 warning.\n")
    }

    @Test("list shows shipped sets and valid sets from --dir, and names the invalid ones")
    func listWithFolder() throws {
        let folder = try TemporaryFolder()
        let shipped = try String(
            contentsOf: repositoryRoot.appendingPathComponent("questionnaires/pre-screen.json"), encoding: .utf8)
        try folder.write(
            "mine/custom.json",
            shipped.replacingOccurrences(of: "\"id\": \"pre-screen\"", with: "\"id\": \"custom-screen\""))
        try folder.write("mine/broken.json", "{")
        let result = runInProcess(["list", "--dir", "mine"], in: folder.path)
        #expect(result.status == 1)
        #expect(
            result.standardOutput.contains(
                "custom-screen                  1.0.0    candidate    9      Pre-screen                                mine/custom.json"
            ))
        #expect(result.standardOutput.contains("service-orientation-inventory  1.0.0    candidate    45"))
        #expect(
            result.standardError.hasPrefix(
                "mine/broken.json:1:2: error: The JSON text ends inside the object opened at 1:1"))
        #expect(
            result.standardError.hasSuffix(
                "Some files in 'mine' were not listed; run 'dazzle validate mine' for details.\n"))
    }

    @Test("--version prints the version")
    func version() {
        let result = runInProcess(["--version"])
        #expect(result == RunResult(status: 0, standardOutput: "\(DazzleCLI.version)\n", standardError: ""))
    }

    @Test("help for a command, three ways, is the same text")
    func helpForms() {
        let byFlag = runInProcess(["list", "--help"])
        #expect(byFlag.status == 0)
        #expect(byFlag.standardOutput.hasPrefix("OVERVIEW: List the question sets available."))
        #expect(runInProcess(["help", "list"]) == byFlag)
        #expect(runInProcess(["list", "-h"]) == byFlag)
    }

    @Test("a usage error goes to stderr with exit 64")
    func usageError() {
        let result = runInProcess(["lsit"])
        #expect(result.status == 64)
        #expect(result.standardOutput.isEmpty)
        #expect(
            result.standardError
                == "Error: Unknown command 'lsit'. Did you mean 'list'?\nUsage: dazzle <subcommand>\n  See 'dazzle --help' for more information.\n"
        )
    }

    @Test("dazzle without a command shows help and exits 64")
    func noCommand() {
        let result = runInProcess([])
        #expect(result.status == 64)
        #expect(result.standardError.contains("SUBCOMMANDS:"))
        #expect(result.standardError.hasSuffix("Error: Missing a command; name one of the subcommands above.\n"))
    }
}
