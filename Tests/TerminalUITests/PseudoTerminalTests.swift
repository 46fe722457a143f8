import Glibc
import Testing

@testable import TerminalUI

/// A real pseudo-terminal pair in-process: bytes a keyboard would send go into the master side
/// and come out of the raw-mode slave side as keys.
@Suite("Pseudo-terminal")
struct PseudoTerminalTests {
    @Test("raw mode delivers arrow keys and control keys byte for byte, and restore() undoes it")
    func rawModeKeys() throws {
        var master: Int32 = -1
        var slave: Int32 = -1
        try #require(openpty(&master, &slave, nil, nil, nil) == 0, "openpty failed: \(errno)")
        defer {
            close(master)
            close(slave)
        }
        let terminal = Terminal(input: slave, output: slave)
        #expect(terminal.isInteractive)
        var before = termios()
        tcgetattr(slave, &before)
        #expect(terminal.enterRawMode())
        let sent: [UInt8] = [0x1B, 0x5B, 0x42, 0x33, 0x0D, 0x17]  // Down, "3", Enter, Ctrl-W
        _ = sent.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
        var decoder = KeyDecoder()
        var keys: [Key] = []
        while keys.count < 4, terminal.hasInput(within: 1000) {
            keys += decoder.feed(terminal.read())
        }
        #expect(
            keys == [.down, .character("3"), .enter, .control("w")], "no echo, no line buffering, no CR translation")
        terminal.restore()
        var after = termios()
        tcgetattr(slave, &after)
        #expect(after.c_lflag == before.c_lflag && after.c_iflag == before.c_iflag)
    }
}
