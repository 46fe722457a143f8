import Foundation

/// Expands command-line paths into the files they name: files are kept as given; folders are
/// searched recursively for files with the wanted extensions, sorted, hidden files and folders
/// skipped.
struct FolderSearch {
    /// Lower-case file extensions, without the dot, that a folder's files are kept by.
    let extensions: Set<String>
    /// The error's sentence when a folder holds no such file.
    let emptyFolderMessage: String
    /// Whether a folder's `part-NNNNN` files count too: what Spark and Hadoop write, without an
    /// extension (their `_SUCCESS` marker and hidden `.crc` files never do).
    var partFiles = false
    /// File names a folder's search leaves out (a file named on the command line is always read).
    var skips: @Sendable (String) -> Bool = { _ in false }

    /// Question set files.
    static let questionSets = FolderSearch(
        extensions: ["json"],
        emptyFolderMessage: "The folder holds no .json files; name a question set file or a folder of them.")

    /// Submission files of every supported kind, without the files Dazzle writes beside them
    /// (an interview's journal and scorecard, a results folder's logs, summaries and manifest).
    static let submissions = FolderSearch(
        extensions: ["json", "jsonl", "csv"],
        emptyFolderMessage: "The folder holds no .json, .jsonl, .csv or part-NNNNN files.", partFiles: true,
        skips: { isDazzleLog($0) || isScorecardFile($0) })

    /// Submissions or scorecards, for the commands that read either (`report`, `compare`, `norms`).
    static let submissionsOrScorecards = FolderSearch(
        extensions: ["json", "jsonl", "csv"],
        emptyFolderMessage: "The folder holds no .json, .jsonl, .csv or part-NNNNN files.", partFiles: true,
        skips: isDazzleLog)

    /// Analysis states (`score - --state`): `.jsonl` files, and a Spark or Hadoop job's part
    /// files, where the state lines sit among the scorecards.
    static let states = FolderSearch(
        extensions: ["jsonl"],
        emptyFolderMessage: "The folder holds no .jsonl or part-NNNNN files, where 'score - --state' writes states.",
        partFiles: true, skips: isDazzleLog)

    /// A file Dazzle writes that holds neither submissions nor scorecards: a journal, a
    /// calibration, a log, a summary, a manifest, the rejections.
    static func isDazzleLog(_ name: String) -> Bool {
        [".journal.jsonl", ".calibration.jsonl", ".calibration.json"].contains { name.hasSuffix($0) }
            || ["audit.jsonl", "decisions.jsonl", "manifest.json", "summary.json", "summary.csv", "rejected.jsonl"]
                .contains(name)
    }

    /// A scorecard file as Dazzle names it.
    static func isScorecardFile(_ name: String) -> Bool {
        name.hasSuffix(".scorecard.json") || ["scorecards.jsonl", "scorecards.json", "scorecards.csv"].contains(name)
    }

    /// - Throws: when a path does not exist, or a folder holds no wanted file.
    func files(in paths: [String], context: CommandContext) throws(FileReadError) -> [String] {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            let absolute = context.resolve(path)
            guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder) else {
                throw FileReadError(path: path, message: "No such file or folder; check the path.")
            }
            guard isFolder.boolValue else {
                files.append(path)
                continue
            }
            let enumerator = FileManager.default.enumerator(atPath: absolute)
            var found: [String] = []
            while let relative = enumerator?.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    enumerator?.skipDescendants()
                } else if skips(name) {
                    continue
                } else if extensions.contains((relative as NSString).pathExtension.lowercased())
                    || (partFiles && Self.isPartFile((relative as NSString).lastPathComponent))
                {
                    found.append((path as NSString).appendingPathComponent(relative))
                }
            }
            if found.isEmpty {
                throw FileReadError(path: path, message: emptyFolderMessage)
            }
            files += found.sorted()
        }
        return files
    }
}

extension FolderSearch {
    /// `part-00000`, `part-m-00003`, `part-00001.jsonl`: one output file of a Spark or Hadoop task.
    static func isPartFile(_ name: String) -> Bool {
        guard name.hasPrefix("part-") else { return false }
        let stem = (name as NSString).deletingPathExtension
        return stem.last?.isNumber == true
    }
}
