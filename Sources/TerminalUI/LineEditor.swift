/// A one-line text editor as a pure value: keys in, text and cursor out.
public struct LineEditor: Sendable, Equatable {
    public private(set) var characters: [Character]
    /// The cursor, 0…count, between characters.
    public private(set) var cursor: Int

    public init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    public var text: String { String(characters) }

    /// What a key did.
    public enum Outcome: Sendable, Equatable {
        case editing
        case submitted(String)
        case cancelled
    }

    /// Applies a key: printable characters insert, Alt-Enter a line break; arrows, Home/End and
    /// Ctrl-A/E move; Backspace,
    /// Delete, Ctrl-U (to the start) and Ctrl-W (the word before) delete; Enter submits; Escape
    /// and Ctrl-C cancel.
    public mutating func apply(_ key: Key) -> Outcome {
        switch key {
        case .character(let character):
            characters.insert(character, at: cursor)
            cursor += 1
        case .altEnter:
            characters.insert("\n", at: cursor)
            cursor += 1
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(characters.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = characters.count
        case .backspace:
            if cursor > 0 {
                characters.remove(at: cursor - 1)
                cursor -= 1
            }
        case .delete, .control("d"):
            if cursor < characters.count { characters.remove(at: cursor) }
        case .control("u"):
            characters.removeSubrange(0..<cursor)
            cursor = 0
        case .control("w"):
            var start = cursor
            while start > 0 && characters[start - 1] == " " { start -= 1 }
            while start > 0 && characters[start - 1] != " " { start -= 1 }
            characters.removeSubrange(start..<cursor)
            cursor = start
        case .enter: return .submitted(text)
        case .escape, .control("c"): return .cancelled
        default: break
        }
        return .editing
    }
}
