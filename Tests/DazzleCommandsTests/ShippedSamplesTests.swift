import Foundation
import Testing

@testable import DazzleCommands

@Suite("Shipped samples")
struct ShippedSamplesTests {
    /// The binary carries exactly the files in `questionnaires/samples/` (the demo's inputs);
    /// after editing them, run scripts/embed-resources.
    @Test("the embedded samples equal questionnaires/samples/")
    func embeddedSamplesMatch() throws {
        let folder = repositoryRoot.appendingPathComponent("questionnaires/samples")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }
        #expect(ShippedSamples.files.map(\.name) == names.sorted())
        for file in ShippedSamples.files {
            let onDisk = try String(contentsOf: folder.appendingPathComponent(file.name), encoding: .utf8)
            #expect(file.contents == onDisk, "\(file.name) differs: run scripts/embed-resources")
        }
    }

    @Test("the embedded gold packs equal questionnaires/gold/")
    func embeddedGoldPacksMatch() throws {
        let folder = repositoryRoot.appendingPathComponent("questionnaires/gold")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }
        #expect(ShippedGoldPacks.files.map(\.name) == names.sorted())
        for file in ShippedGoldPacks.files {
            let onDisk = try String(contentsOf: folder.appendingPathComponent(file.name), encoding: .utf8)
            #expect(file.contents == onDisk, "\(file.name) differs: run scripts/embed-resources")
        }
    }
}
