/// How many terminal columns text takes, and text wrapped to a width, so lines never wrap on
/// their own (a line the terminal wraps cannot be redrawn in place).
public enum TextWidth {
    /// Columns a character takes: 2 for wide East Asian characters and emoji, 0 for combining
    /// marks and zero-width joiners, else 1.
    public static func columns(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        let value = first.value
        if value < 0x300 { return value < 0x20 ? 0 : 1 }
        if first.properties.generalCategory == .nonspacingMark || value == 0x200D { return 0 }
        if first.properties.isEmojiPresentation { return 2 }
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// Columns a string takes on one line.
    public static func columns(_ text: some StringProtocol) -> Int { text.reduce(0) { $0 + columns($1) } }

    /// Words packed into lines of at most `width` columns; a word longer than a line is cut.
    public static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(width, 1)
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        for word in text.split(separator: " ") {
            let wordWidth = columns(word)
            if lineWidth > 0, lineWidth + 1 + wordWidth > width {
                lines.append(line)
                line = ""
                lineWidth = 0
            }
            if lineWidth > 0 {
                line += " "
                lineWidth += 1
            }
            for character in word {
                let characterWidth = columns(character)
                if lineWidth + characterWidth > width, lineWidth > 0 {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                }
                line.append(character)
                lineWidth += characterWidth
            }
        }
        lines.append(line)
        return lines
    }

    /// The last part of `text` that fits in `width` columns, with the cursor's column in it: a
    /// long line being edited scrolls sideways instead of wrapping.
    public static func window(_ characters: [Character], cursor: Int, width: Int) -> (text: String, cursor: Int) {
        let width = max(width, 2)
        var start = 0
        var used = characters[..<cursor].reduce(0) { $0 + columns($1) }
        while used > width - 1, start < cursor {
            used -= columns(characters[start])
            start += 1
        }
        var text = ""
        var total = 0
        for character in characters[start...] {
            let characterWidth = columns(character)
            if total + characterWidth > width - 1 { break }
            text.append(character)
            total += characterWidth
        }
        return (text, used)
    }
}
