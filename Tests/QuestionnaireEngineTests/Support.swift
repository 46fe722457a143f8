import Foundation
import QuestionnaireEngine
import Testing

/// The text of a fixture file in `Fixtures/`.
func fixture(_ name: String) throws -> [UInt8] {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
    return try [UInt8](Data(contentsOf: url))
}

/// Loads a fixture and returns the diagnostics as printed lines.
func diagnosticLines(_ name: String) throws -> [String] {
    QuestionnaireLoader.load(try fixture(name), file: name).diagnostics.map(\.description)
}
