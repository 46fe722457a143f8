import Testing

@testable import TerminalUI

@Suite("Key decoding")
struct KeyDecoderTests {
    @Test("arrows, Home/End, Delete, Enter, Backspace and control keys")
    func keys() {
        var decoder = KeyDecoder()
        let bytes: [UInt8] = [
            0x1B, 0x5B, 0x41, 0x1B, 0x5B, 0x42, 0x1B, 0x4F, 0x43, 0x1B, 0x5B, 0x44, 0x1B, 0x5B, 0x48, 0x1B, 0x5B, 0x34,
            0x7E, 0x1B, 0x5B, 0x33, 0x7E, 0x0D, 0x7F, 0x15, 0x17,
        ]
        #expect(
            decoder.feed(bytes) == [
                .up, .down, .right, .left, .home, .end, .delete, .enter, .backspace, .control("u"), .control("w"),
            ])
    }

    @Test("a sequence split across reads waits for its end")
    func split() {
        var decoder = KeyDecoder()
        #expect(decoder.feed([0x1B]).isEmpty)
        #expect(decoder.feed([0x5B]).isEmpty)
        #expect(decoder.feed([0x41]) == [.up])
        #expect(decoder.feed([0xC3]).isEmpty, "half of é")
        #expect(decoder.feed([0xA9]) == [.character("é")])
    }

    @Test("Alt-Enter is one key, a line break in notes")
    func altEnter() {
        var decoder = KeyDecoder()
        #expect(decoder.feed([0x61, 0x1B, 0x0D, 0x62]) == [.character("a"), .altEnter, .character("b")])
        var editor = LineEditor()
        for key in [Key.character("a"), .altEnter, .character("b")] { _ = editor.apply(key) }
        #expect(editor.apply(.enter) == .submitted("a\nb"))
    }

    @Test("a lone Escape is reported when nothing follows")
    func loneEscape() {
        var decoder = KeyDecoder()
        #expect(decoder.feed([0x1B]).isEmpty)
        #expect(decoder.flush() == [.escape])
    }
}

@Suite("Line editor")
struct LineEditorTests {
    func type(_ keys: [Key], into editor: inout LineEditor) {
        for key in keys { _ = editor.apply(key) }
    }

    @Test("insert in the middle, delete, home and end")
    func editing() {
        var editor = LineEditor("helo")
        type(
            [
                .left, .character("l"), .home, .delete, .character("H"), .end, .backspace, .character("o"),
                .character("!"),
            ], into: &editor)
        #expect(editor.text == "Hello!")
        #expect(editor.cursor == 6)
    }

    @Test("Ctrl-W deletes the word before the cursor, Ctrl-U everything before it")
    func killing() {
        var editor = LineEditor("warm and kind")
        _ = editor.apply(.control("w"))
        #expect(editor.text == "warm and ")
        _ = editor.apply(.left)
        _ = editor.apply(.control("u"))
        #expect(editor.text == " " && editor.cursor == 0)
    }

    @Test("Enter submits, Escape cancels")
    func outcomes() {
        var editor = LineEditor("note")
        #expect(editor.apply(.enter) == .submitted("note"))
        #expect(editor.apply(.escape) == .cancelled)
    }
}

@Suite("Choice picker and colour")
struct ChoicePickerTests {
    @Test("a fresh picker has no selection: Enter chooses nothing until the user moves")
    func nothingPreselected() {
        var picker = ChoicePicker(count: 5)
        #expect(picker.selection == nil)
        #expect(picker.apply(.enter) == .nothingChosen)
        #expect(picker.apply(.down) == .moved && picker.selection == 0)
        #expect(picker.apply(.enter) == .chosen(0))
    }

    @Test("a digit moves to that option and does not confirm it; Enter does")
    func digitsMove() {
        var picker = ChoicePicker(count: 5)
        #expect(picker.apply(.character("4")) == .moved && picker.selection == 3)
        #expect(picker.apply(.enter) == .chosen(3))
        #expect(picker.apply(.up) == .moved && picker.selection == 2)
        _ = picker.apply(.up)
        _ = picker.apply(.up)
        _ = picker.apply(.up)
        #expect(picker.selection == 4, "wraps")
        #expect(picker.apply(.character("b")) == .other(.character("b")))
        #expect(picker.apply(.character("9")) == .other(.character("9")), "no option 9")
    }

    @Test("digits typed in a row make one number, and numbers can be the scale's own (0–10)")
    func longLists() {
        var picker = ChoicePicker(count: 11, numbers: Array(0...10))
        _ = picker.apply(.character("1"))
        #expect(picker.selection == 1)
        _ = picker.apply(.character("0"))
        #expect(picker.selection == 10, "1 then 0 is 10")
        _ = picker.apply(.character("0"))
        #expect(picker.selection == 0, "a digit that makes no number starts again")
    }

    @Test("a multiple choice toggles with Space and confirms the ticked set")
    func multiple() {
        var picker = ChoicePicker(count: 4, multiple: true)
        #expect(picker.apply(.enter) == .nothingChosen)
        _ = picker.apply(.character("3"))
        _ = picker.apply(.character(" "))
        _ = picker.apply(.character("1"))
        _ = picker.apply(.character(" "))
        _ = picker.apply(.character("2"))
        _ = picker.apply(.character(" "))
        _ = picker.apply(.character(" "))
        #expect(picker.apply(.enter) == .chosenSet([0, 2]))
    }

    @Test("colour follows --color, FORCE_COLOR, NO_COLOR, TERM and the terminal, in that order")
    func colour() {
        #expect(ColorMode.never.enabled(environment: ["FORCE_COLOR": "1"], isTerminal: true) == false)
        #expect(ColorMode.always.enabled(environment: ["NO_COLOR": "1"], isTerminal: false))
        #expect(ColorMode.auto.enabled(environment: ["FORCE_COLOR": "1", "NO_COLOR": "1"], isTerminal: false))
        #expect(ColorMode.auto.enabled(environment: ["FORCE_COLOR": "0", "NO_COLOR": "1"], isTerminal: true) == false)
        #expect(ColorMode.auto.enabled(environment: ["TERM": "dumb"], isTerminal: true) == false)
        #expect(ColorMode.auto.enabled(environment: [:], isTerminal: true))
        #expect(ColorMode.auto.enabled(environment: [:], isTerminal: false) == false)
    }
}
