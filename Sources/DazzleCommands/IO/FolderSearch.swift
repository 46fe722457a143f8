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

    /// Question set files.
    static let questionSets = FolderSearch(
        extensions: ["json"],
        emptyFolderMessage: "The folder holds no .json files; name a question set file or a folder of them.")

    /// Submission files of every supported kind.
    static let submissions = FolderSearch(
        extensions: ["json", "jsonl", "csv"],
        emptyFolderMessage: "The folder holds no .json, .jsonl, .csv or part-NNNNN files.", partFiles: true)

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
                if (relative as NSString).lastPathComponent.hasPrefix(".") {
                    enumerator?.skipDescendants()
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
