import Foundation
import Testing

/// These run the built `dazzle` binary as a user would, from a folder outside the repository.
@Suite("dazzle binary end to end")
struct EndToEndTests {
    @Test("list works from any folder, with the shipped sets carried in the binary")
    func listAnywhere() throws {
        let folder = try TemporaryFolder()
        let result = try runBinary(["list"], in: folder.url)
        #expect(result.status == 0)
        #expect(result.standardError.isEmpty)
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.first?.hasPrefix("ID") == true)
        #expect(
            lines.dropFirst().map { String($0.prefix { $0 != " " }) } == [
                "human-being-lovers-interview", "pre-screen", "recovery-judgment-test", "service-orientation-inventory",
            ])
    }

    @Test("validate reports a broken file with its place and exits 1")
    func validateBroken() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "set.json",
            #"{"format": "dazzle.questionnaire/1", "id": "x", "version": "1", "title": "X", "audience": "candidate", "sectons": []}"#
        )
        let result = try runBinary(["validate", "set.json"], in: folder.url)
        #expect(result.status == 1)
        #expect(
            result.standardError == """
                set.json:1:1: error: Missing 'sections': a question set holds its items in sections; add "sections": [ … ].
                set.json:1:104: error: Unknown key 'sectons' in a question set. Did you mean 'sections'? (at sectons)

                """)
        #expect(result.standardOutput == "Checked 1 file: 2 errors, 0 warnings.\n")
    }

    @Test("usage errors exit 64 and --version exits 0")
    func exitCodes() throws {
        let folder = try TemporaryFolder()
        #expect(try runBinary(["validate", "--strict"], in: folder.url).status == 64)
        let version = try runBinary(["--version"], in: folder.url)
        #expect(version.status == 0 && version.standardOutput.hasSuffix("\n"))
    }
}
