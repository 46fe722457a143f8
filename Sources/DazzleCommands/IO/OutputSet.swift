import DazzleJSON
import Foundation
import Hashing

/// The files one run writes into an output folder, put there as one set. Before the first file,
/// `manifest.json` is replaced by one that says the set is incomplete; written last, it lists
/// every file with its size and SHA-256. A run killed half way leaves the incomplete manifest,
/// and the commands that read the folder (`report`, `compare`, `norms build`) refuse a file whose
/// set is incomplete or that no longer matches its manifest, instead of mixing two runs.
struct OutputSet {
    static let manifestName = "manifest.json"
    static let format = "dazzle.manifest/1"

    /// The folder as the user gave it, and resolved.
    let folder: String
    let resolved: String
    private(set) var files: [WrittenFile] = []

    /// Opens the folder for a run: creates it, removes temporary files left by killed runs (said
    /// on stderr) and marks the set incomplete.
    init(folder: String, context: CommandContext) throws(AtomicFile.WriteError) {
        self.folder = folder
        resolved = context.resolve(folder)
        try AtomicFile.makeFolder(resolved)
        for name in AtomicFile.removeLeftovers(in: resolved) {
            context.standardError.write(
                "note: removed \((folder as NSString).appendingPathComponent(name)), left by a run that was stopped.\n")
        }
        try AtomicFile.write(Self.manifest(complete: false, files: []), to: path(Self.manifestName))
    }

    /// The absolute path of a file of the set.
    func path(_ name: String) -> String { (resolved as NSString).appendingPathComponent(name) }

    /// Writes one file of the set atomically; `name` may lead into a subfolder (`candidates/…`),
    /// made when missing.
    mutating func write(_ bytes: [UInt8], to name: String) throws(AtomicFile.WriteError) {
        let subfolder = (name as NSString).deletingLastPathComponent
        if !subfolder.isEmpty { try AtomicFile.makeFolder(path(subfolder)) }
        files.append(try AtomicFile.write(bytes, to: path(name)))
    }

    /// Counts a file written another way (piece by piece) into the set.
    mutating func add(_ file: WrittenFile) { files.append(file) }

    /// Writes the complete manifest: the set is whole.
    func commit() throws(AtomicFile.WriteError) {
        try AtomicFile.write(
            Self.manifest(complete: true, files: files.map { ($0, name(of: $0)) }), to: path(Self.manifestName))
    }

    private static func manifest(complete: Bool, files: [(file: WrittenFile, name: String)]) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 1024)
        writer.beginObject()
        writer.key("format")
        writer.string(format)
        writer.key("tool")
        writer.string("dazzle \(DazzleCLI.version)")
        writer.key("complete")
        writer.bool(complete)
        writer.key("files")
        writer.beginArray()
        for (file, name) in files.sorted(by: { $0.name < $1.name }) {
            writer.beginObject()
            writer.key("name")
            writer.string(name)
            writer.key("bytes")
            writer.integer(file.byteCount)
            writer.key("sha256")
            writer.string(file.sha256)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        writer.endLine()
        return writer.bytes
    }

    /// A file's path relative to the set's folder (`summary.csv`, `candidates/…`).
    private func name(of file: WrittenFile) -> String {
        let prefix = resolved.hasSuffix("/") ? resolved : resolved + "/"
        return file.path.hasPrefix(prefix)
            ? String(file.path.dropFirst(prefix.count)) : (file.path as NSString).lastPathComponent
    }

    /// Why a file read from an output folder must not be trusted, or `nil`: its folder's
    /// manifest says the run did not finish, or lists the file with another size or content.
    /// A folder without a manifest (files copied by hand, older versions) is taken as it is.
    static func problem(with bytes: [UInt8], path displayPath: String, resolved: String) -> String? {
        var folder = (resolved as NSString).deletingLastPathComponent
        var name = (resolved as NSString).lastPathComponent
        var shownFolder = (displayPath as NSString).deletingLastPathComponent
        // `--format json` writes one file per candidate into `scorecards/`, listed from the set's folder.
        if (folder as NSString).lastPathComponent == "scorecards" {
            folder = (folder as NSString).deletingLastPathComponent
            name = "scorecards/" + name
            shownFolder = (shownFolder as NSString).deletingLastPathComponent
        }
        let manifestPath = (folder as NSString).appendingPathComponent(manifestName)
        guard let manifest = FileManager.default.contents(atPath: manifestPath),
            let object = (try? JSONReader().read([UInt8](manifest)))?.objectValue,
            object["format"]?.stringValue == format
        else { return nil }
        let manifestShown = shownFolder.isEmpty ? manifestName : "\(shownFolder)/\(manifestName)"
        guard object["complete"]?.boolValue == true else {
            return
                "\(displayPath): error: The run that wrote this folder did not finish (\(manifestShown) says the set is incomplete), so its files may come from different runs; score the forms again."
        }
        guard
            let entry = object["files"]?.arrayValue?.compactMap(\.objectValue).first(where: {
                $0["name"]?.stringValue == name
            })
        else { return nil }
        if entry["bytes"]?.numberValue != Double(bytes.count)
            || entry["sha256"]?.stringValue != SHA256.hex(bytes)
        {
            return
                "\(displayPath): error: This file is not the one \(manifestShown) lists (it was changed, or written by another run); score the forms again."
        }
        return nil
    }
}
