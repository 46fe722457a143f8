import DazzleJSON
import Foundation
import TemplateData
import Testing

@testable import Templating

/// The official Mustache specification, read from `../shared/mustache-spec` beside the repository
/// (never downloaded). The command-line kit runs the same files through `dazzle template render`;
/// these run them in-process, and add the lambda tests, which need host code.
@Suite("Mustache specification")
struct SpecTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/mustache-spec")

    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var name: String
        var template: String
        var data: TemplateValue
        var partials: [String: String]
        var expected: String
        var testDescription: String { "\(file): \(name)" }
    }

    static func cases(_ files: [String]) -> [Case] {
        var cases: [Case] = []
        for file in files {
            guard let data = try? Data(contentsOf: folder.appendingPathComponent("\(file).json")),
                let root = try? JSONReader().read([UInt8](data)).objectValue,
                let tests = root["tests"]?.arrayValue
            else { continue }
            for test in tests.compactMap(\.objectValue) {
                var partials: [String: String] = [:]
                for member in test["partials"]?.objectValue?.members ?? [] {
                    partials[member.key] = member.value.stringValue
                }
                cases.append(
                    Case(
                        file: file, name: test["name"]?.stringValue ?? "",
                        template: test["template"]?.stringValue ?? "",
                        data: test["data"].map(TemplateValue.init(json:)) ?? .null, partials: partials,
                        expected: test["expected"]?.stringValue ?? ""))
            }
        }
        return cases
    }

    static let all = cases([
        "comments", "delimiters", "interpolation", "inverted", "partials", "sections", "~inheritance", "~dynamic-names",
    ])

    /// Whether the kit is beside this clone; a clone elsewhere skips these tests (and says so).
    static let available = FileManager.default.fileExists(atPath: folder.appendingPathComponent("sections.json").path)

    @Test(
        "all 184 core and optional spec tests are found",
        .enabled(if: available, "../shared/mustache-spec is not beside this clone"))
    func specPresent() {
        #expect(Self.all.count == 184, "expected the spec under \(Self.folder.path)")
    }

    @Test(
        "every core and optional spec test passes",
        .enabled(if: available, "../shared/mustache-spec is not beside this clone"), arguments: all)
    func specCase(_ test: Case) throws {
        let library = try TemplateLibrary(sources: test.partials)
        let output = try Template(test.template, name: test.name).render(test.data, library: library)
        #expect(output == test.expected)
    }

    /// A counter lambdas can share across threads.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int {
            lock.withLock {
                value += 1; return value
            }
        }
    }

    static let lambdas: [String: TemplateValue] = [
        "Interpolation": ["lambda": .lambda(TemplateLambda { _ in "world" })],
        "Interpolation - Expansion": ["planet": "world", "lambda": .lambda(TemplateLambda { _ in "{{planet}}" })],
        "Interpolation - Alternate Delimiters": [
            "planet": "world", "lambda": .lambda(TemplateLambda { _ in "|planet| => {{planet}}" }),
        ],
        "Escaping": ["lambda": .lambda(TemplateLambda { _ in ">" })],
        "Section": ["x": "Error!", "lambda": .lambda(TemplateLambda { $0 == "{{x}}" ? "yes" : "no" })],
        "Section - Expansion": ["planet": "Earth", "lambda": .lambda(TemplateLambda { $0 + "{{planet}}" + $0 })],
        "Section - Alternate Delimiters": [
            "planet": "Earth", "lambda": .lambda(TemplateLambda { $0 + "{{planet}} => |planet|" + $0 }),
        ],
        "Section - Multiple Calls": ["lambda": .lambda(TemplateLambda { "__" + $0 + "__" })],
        "Inverted Section": ["static": "static", "lambda": .lambda(TemplateLambda { _ in "" })],
    ]

    @Test(
        "lambda spec tests pass with Swift closures",
        .enabled(if: available, "../shared/mustache-spec is not beside this clone"),
        arguments: cases(["~lambdas"]).filter { lambdas[$0.name] != nil || $0.name == "Interpolation - Multiple Calls" }
    )
    func lambda(_ test: Case) throws {
        var data = Self.lambdas[test.name] ?? .null
        if test.name == "Interpolation - Multiple Calls" {
            let counter = Counter()
            data = ["lambda": .lambda(TemplateLambda { _ in String(counter.next()) })]
        }
        #expect(try Template(test.template).render(data) == test.expected)
    }
}
