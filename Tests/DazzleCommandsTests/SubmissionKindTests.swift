import Testing

@testable import DazzleCommands

/// What a file holds, by extension, else by its first character (Spark's `part-00000`).
@Suite("Submission file kinds")
struct SubmissionKindTests {
    @Test(
        "extensions decide; without one, content does",
        arguments: [
            ("a.csv", "{\"x\": 1}", SubmissionFiles.Kind.csv),
            ("a.JSONL", "[]", .jsonLines),
            ("a.ndjson", "{}", .jsonLines),
            ("a.json", "{}\n{}\n", .json),
            ("part-00000", "{\"a\": 1}\n{\"a\": 2}\n", .jsonLines),
            ("part-00000", "\u{FEFF}  {\"a\": 1}\n", .json),
            ("part-00000", "{\n  \"a\": 1\n}\n", .json),
            ("part-00000", "[{\"a\": 1}]", .json),
            ("part-00000", "candidate_id,a1\nc1,3\n", .csv),
            ("part-00000", "", .jsonLines),
        ] as [(String, String, SubmissionFiles.Kind)])
    func kinds(_ name: String, _ text: String, _ expected: SubmissionFiles.Kind) {
        #expect(SubmissionFiles.kind(of: name, bytes: Array(text.utf8)) == expected)
    }

    @Test("part files are Spark's and Hadoop's task outputs, not their markers")
    func partFiles() {
        #expect(FolderSearch.isPartFile("part-00000"))
        #expect(FolderSearch.isPartFile("part-m-00003"))
        #expect(FolderSearch.isPartFile("part-00001.jsonl"))
        #expect(!FolderSearch.isPartFile("_SUCCESS"))
        #expect(!FolderSearch.isPartFile("partial"))
        #expect(!FolderSearch.isPartFile("part-notes"))
    }
}
