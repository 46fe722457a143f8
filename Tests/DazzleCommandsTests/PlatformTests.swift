import Foundation
import Testing

@testable import DazzleCommands

@Suite("Platform")
struct PlatformTests {
    /// Linux's F_GETPIPE_SZ: the buffer size of a pipe.
    static func pipeBufferSize(_ fd: Int32) -> Int32 { fcntl(fd, 1032) }

    @Test("a pipe's buffer grows to a megabyte where the system allows it")
    func pipeBufferGrows() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer {
            close(ends[0])
            close(ends[1])
        }
        let before = Self.pipeBufferSize(ends[1])
        let limit =
            Int32(
                (try? String(contentsOfFile: "/proc/sys/fs/pipe-max-size", encoding: .utf8))?
                    .trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? before
        Platform.enlargePipeBuffer(ends[1])
        if limit >= 1 << 20 {
            #expect(Self.pipeBufferSize(ends[1]) == 1 << 20)
        } else {
            // Above the limit the request is refused unless the user may exceed it.
            #expect(Self.pipeBufferSize(ends[1]) >= before)
        }
    }

    @Test("a file is left as it is")
    func fileUntouched() throws {
        let path = NSTemporaryDirectory() + "dazzle-platform-\(getpid()).txt"
        let fd = open(path, O_CREAT | O_RDWR, 0o600)
        try #require(fd >= 0)
        defer {
            close(fd)
            unlink(path)
        }
        Platform.enlargePipeBuffer(fd)
        #expect(Self.pipeBufferSize(fd) == -1, "F_GETPIPE_SZ fails on a file, as it did before")
    }
}
