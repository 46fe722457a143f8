/// One logical line of a ``LiveRegion``: wrapped to the terminal's width when drawn.
public struct ScreenLine: Sendable, Equatable {
    public var text: String
    /// Spaces before every row of the line.
    public var indent: Int
    /// Written before the first row (e.g. a `❯ ` cursor); continuation rows get as many spaces.
    public var marker: String
    /// Extra spaces before continuation rows (e.g. to align under a choice's text).
    public var hanging: Int
    /// SGR parameters for the whole line (e.g. `1;36`), used only when colour is on.
    public var style: String?

    public init(_ text: String, indent: Int = 0, marker: String = "", hanging: Int = 0, style: String? = nil) {
        self.text = text
        self.indent = indent
        self.marker = marker
        self.hanging = hanging
        self.style = style
    }
}

/// The block at the bottom of the terminal that shows the current question: a fixed part
/// printed once (the question) and a live part redrawn in place (choices, notes, clock, hint),
/// optionally ending in a line being edited. Nothing above the block is touched, so the
/// scrollback keeps one copy of each question; ``commit(_:)`` turns the live part into a
/// summary line and leaves the block behind for good.
///
/// Lines are wrapped here to one column less than the width, so the terminal never wraps them
/// itself. After a resize, ``redrawAll()`` moves up by the rows the live lines take at the new
/// width (terminals that reflow, such as tmux, VTE and iTerm2, re-wrap them that way) and draws
/// them again.
public final class LiveRegion {
    let terminal: Terminal
    let color: Bool
    let environment: [String: String]
    private var fixed: [ScreenLine] = []
    private var live: [ScreenLine] = []
    private var editor: (prompt: String, characters: [Character], cursor: Int)?
    /// Columns of each row drawn so far, fixed part first.
    private var fixedRows: [Int] = []
    private var liveRows: [Int] = []
    /// Whether the cursor sits on the last row (an editor) rather than below the block.
    private var cursorOnLastRow = false

    public init(terminal: Terminal, color: Bool, environment: [String: String]) {
        self.terminal = terminal
        self.color = color
        self.environment = environment
    }

    var width: Int { max(terminal.size(environment: environment).columns, 20) }

    /// Starts a new block below whatever is on the terminal.
    public func begin(fixed lines: [ScreenLine]) {
        fixed = lines
        live = []
        editor = nil
        liveRows = []
        cursorOnLastRow = false
        var text = ""
        fixedRows = render(lines, into: &text)
        terminal.write(text)
    }

    /// Replaces the live part. With `editor`, the last row is a line being edited and the
    /// cursor is put at its position there.
    public func update(_ lines: [ScreenLine], editor: (prompt: String, characters: [Character], cursor: Int)? = nil) {
        live = lines
        self.editor = editor
        var text = moveToStart(rows: liveRows.count)
        liveRows = render(lines, into: &text)
        drawEditor(into: &text)
        terminal.write(text)
    }

    /// Draws the live part again at the terminal's new width. The fixed part is left to the
    /// terminal: those that reflow (tmux, VTE, iTerm2) re-wrap it themselves, and a reflow may
    /// already have pushed its top into the scrollback, where no cursor movement reaches.
    public func redrawAll() {
        let newWidth = width
        func reflowed(_ rows: [Int]) -> [Int] {
            rows.flatMap { columns -> [Int] in
                guard columns > newWidth else { return [columns] }
                let full = columns / newWidth
                return Array(repeating: newWidth, count: full) + (columns % newWidth > 0 ? [columns % newWidth] : [])
            }
        }
        fixedRows = reflowed(fixedRows)
        var text = moveToStart(rows: reflowed(liveRows).count)
        liveRows = render(live, into: &text)
        drawEditor(into: &text)
        terminal.write(text)
    }

    /// Replaces the live part with `summary` and ends the block: what is on screen stays.
    public func commit(_ summary: [ScreenLine]) {
        editor = nil
        update(summary)
        fixed = []
        live = []
        fixedRows = []
        liveRows = []
    }

    /// Erases the block from the screen, for a screen that should leave nothing behind.
    public func discard() {
        let rows = fixedRows.count + liveRows.count - (cursorOnLastRow ? 1 : 0)
        var text = moveToStart(rows: fixedRows.count + liveRows.count)
        text += String(repeating: "\u{1B}[2K\n", count: max(rows, 0))
        if rows > 0 { text += "\u{1B}[\(rows)A" }
        terminal.write(text)
        fixed = []
        live = []
        editor = nil
        fixedRows = []
        liveRows = []
    }

    /// Moves the cursor up to the first of `rows` rows (the cursor being below them, or on the last
    /// when an editor is showing). Rows are then overwritten one by one (each cleared first) and
    /// what is left below cleared after them: clearing from the top-left corner instead would
    /// make some terminals (tmux's scroll-on-clear) copy the old block into the scrollback.
    private func moveToStart(rows: Int) -> String {
        let count = rows - (cursorOnLastRow ? 1 : 0)

        cursorOnLastRow = false
        return "\r" + (count > 0 ? "\u{1B}[\(count)A" : "")
    }

    private func render(_ lines: [ScreenLine], into text: inout String) -> [Int] {
        let available = width - 1
        var rows: [Int] = []
        for line in lines {
            let lead = String(repeating: " ", count: line.indent)
            let markerWidth = TextWidth.columns(line.marker)
            let first = TextWidth.wrap(line.text, width: available - line.indent - markerWidth)
            // Continuation rows are narrower by the hanging indent: wrap the rest again.
            var pieces = Array(first.prefix(1))
            if first.count > 1 {
                let rest = first.dropFirst().joined(separator: " ")
                pieces += TextWidth.wrap(rest, width: available - line.indent - markerWidth - line.hanging)
            }
            for (index, piece) in pieces.enumerated() {
                let continuation = String(repeating: " ", count: markerWidth + line.hanging)
                let row = lead + (index == 0 ? line.marker : continuation) + piece
                rows.append(TextWidth.columns(row))
                text += "\u{1B}[2K" + styled(row, line.style) + "\n"
            }
        }
        return rows
    }

    private func drawEditor(into text: inout String) {
        text += "\u{1B}[J"
        guard let editor else { return }
        let promptWidth = TextWidth.columns(editor.prompt)
        let shown = editor.characters.map { $0 == "\n" ? "↵" : $0 }
        let window = TextWidth.window(shown, cursor: editor.cursor, width: width - 1 - promptWidth)
        text += editor.prompt + window.text + "\u{1B}[K\r"
        let column = promptWidth + window.cursor
        if column > 0 { text += "\u{1B}[\(column)C" }
        liveRows.append(promptWidth + TextWidth.columns(window.text))
        cursorOnLastRow = true
    }

    private func styled(_ text: String, _ style: String?) -> String {
        guard color, let style else { return text }
        return "\u{1B}[\(style)m\(text)\u{1B}[0m"
    }
}
