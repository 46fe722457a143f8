import Testing

@testable import Hashing

@Suite("SHA-256")
struct SHA256Tests {
    /// The FIPS 180-4 examples (empty, "abc", the two-block message, a million "a"), digests as
    /// Python's hashlib prints them.
    @Test(
        "matches the FIPS 180-4 examples",
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
        ])
    func vectors(message: String, digest: String) {
        #expect(SHA256.hex(message) == digest)
    }

    @Test("a million 'a' (FIPS 180-4's long message)")
    func longMessage() {
        #expect(
            SHA256.hex(String(repeating: "a", count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("bytes fed in uneven pieces give the digest of the whole (hashlib: bytes 0–255 three times)")
    func pieces() {
        let message = Array(repeating: Array(0...255).map(UInt8.init), count: 3).flatMap { $0 }
        var hasher = SHA256()
        var start = 0
        for size in [1, 63, 64, 65, 0, 7, 200, 1000] where start < message.count {
            let end = min(message.count, start + size)
            hasher.update(Array(message[start..<end]))
            start = end
        }
        hasher.update(Array(message[start...]))
        #expect(
            SHA256.hexDigits(hasher.finalize()) == "f3a25aa93aa2fbba28d79260535bbd6a5eb0fc1c24a8b0f04e12b484c1dfe363")
    }
}
