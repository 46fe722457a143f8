import DazzleJSON
import Foundation

/// Answers that mean "not answered": `NA` as R's `write.csv` writes it, `-99` or `999` as SPSS
/// and SAS exports code it. An answer equal to a code, as text (trimmed, exactly) or as a
/// number (`-99` matches -99 and -99.0), is read as missing, like a blank cell.
public struct MissingCodes: Sendable, Hashable {
    public let texts: Set<String>
    public let numbers: Set<Double>

    public init(_ codes: [String]) {
        texts = Set(codes.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        numbers = Set(texts.compactMap { Double($0) }.filter(\.isFinite))
    }

    public var isEmpty: Bool { texts.isEmpty }

    /// Whether a cell or answer text is a missing code.
    public func contains(text: String) -> Bool {
        !texts.isEmpty && (texts.contains(text) || Double(text).map { numbers.contains($0) } ?? false)
    }

    /// Whether a numeric answer is a missing code.
    public func contains(number: Double) -> Bool { numbers.contains(number) }

    /// Whether a JSON answer is a missing code (a string or a number; never `null` or a list).
    func isMissing(_ value: JSONValue) -> Bool {
        guard !texts.isEmpty else { return false }
        switch value.kind {
        case .string(let text): return contains(text: text.trimmingCharacters(in: .whitespaces))
        case .number(let number): return contains(number: number)
        default: return false
        }
    }
}
