import Foundation
import Testing

@testable import Hashing

@Suite("Sealed lines")
struct SealedLineTests {
    let line = Array(#"{"format":"dazzle.submission/1","answers":{"a":3}}"#.utf8) + [0x0A]

    @Test("the seal is the SHA-256 of the line as it was, appended as its last member")
    func seal() throws {
        let (sealed, seal) = SealedLine.seal(line)
        #expect(seal == "sha256:" + SHA256.hex(line))
        let text = String(decoding: sealed, as: UTF8.self)
        #expect(text == #"{"format":"dazzle.submission/1","answers":{"a":3},"seal":"\#(seal ?? "")"}"# + "\n")
        #expect(SealedLine.check(sealed[...]) == .intact(seal: try #require(seal)))
    }

    @Test("a changed answer breaks the seal, naming what the bytes hash to now")
    func changed() throws {
        let (sealed, seal) = SealedLine.seal(line)
        var edited = String(decoding: sealed, as: UTF8.self)
        edited = edited.replacingOccurrences(of: #""a":3"#, with: #""a":5"#)
        let editedLine = Array(#"{"format":"dazzle.submission/1","answers":{"a":5}}"#.utf8) + [0x0A]
        #expect(
            SealedLine.check(Array(edited.utf8)[...])
                == .broken(recorded: try #require(seal), actual: "sha256:" + SHA256.hex(editedLine)))
    }

    @Test("a changed seal, a reformatted file and an unsealed line are told apart")
    func otherChanges() throws {
        let (sealed, _) = SealedLine.seal(line)
        var text = String(decoding: sealed, as: UTF8.self)
        let last = text.index(text.endIndex, offsetBy: -4)
        text.replaceSubrange(last...last, with: text[last] == "0" ? "1" : "0")
        guard case .broken = SealedLine.check(Array(text.utf8)[...]) else {
            Issue.record("an edited seal was not found broken")
            return
        }
        // Spaces added: the bytes differ, so the seal does not hold.
        let spaced = String(decoding: sealed, as: UTF8.self).replacingOccurrences(of: ",", with: ", ")
        guard case .broken = SealedLine.check(Array(spaced.utf8)[...]) else {
            Issue.record("a respaced file kept its seal")
            return
        }
        // Pretty-printed: the seal is no longer where sealing put it.
        let pretty = String(decoding: sealed, as: UTF8.self).replacingOccurrences(of: "}\n", with: "\n}\n")
        #expect(SealedLine.check(Array(pretty.utf8)[...]) == .unsealed)
        #expect(SealedLine.check(line[...]) == .unsealed)
    }

    @Test("an empty object is sealed without a leading comma, and only whole compact lines are sealed")
    func edges() throws {
        let empty = Array("{}\n".utf8)
        let (sealed, seal) = SealedLine.seal(empty)
        #expect(String(decoding: sealed, as: UTF8.self) == #"{"seal":"\#(seal ?? "")"}"# + "\n")
        #expect(SealedLine.check(sealed[...]) == .intact(seal: try #require(seal)))
        #expect(SealedLine.seal(Array("[1]\n".utf8)).seal == nil)
        #expect(SealedLine.seal(Array("{}".utf8)).seal == nil, "no newline: not a line as written")
    }
}
