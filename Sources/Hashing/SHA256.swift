/// SHA-256 (FIPS 180-4), for the content hashes of question sets, submissions and audit events.
///
/// Small and dependency-free; checked against the FIPS 180-4 examples and Python's `hashlib`.
/// Feed bytes with ``update(_:)`` as they come, then take ``finalize()`` once.
public struct SHA256: Sendable {
    private var state: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]
    /// Bytes of the block being filled: fewer than 64 between calls.
    private var pending: [UInt8] = []
    /// Bytes fed so far.
    private var count: UInt64 = 0

    public init() { pending.reserveCapacity(64) }

    /// The digest of `bytes` as 64 lower-case hex digits.
    public static func hex(_ bytes: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(bytes)
        return hexDigits(hasher.finalize())
    }

    /// The digest of a string's UTF-8 bytes as 64 lower-case hex digits.
    public static func hex(_ text: String) -> String { hex(Array(text.utf8)) }

    /// Bytes as lower-case hex.
    public static func hexDigits(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Adds bytes to the message.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { update($0) }
    }

    /// Adds bytes to the message, without copying them.
    public mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
        count &+= UInt64(bytes.count)
        var start = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, bytes.count)
            pending += bytes[0..<take]
            start = take
            guard pending.count == 64 else { return }
            pending.withUnsafeBufferPointer { compress($0, at: 0, blocks: 1) }
            pending.removeAll(keepingCapacity: true)
        }
        let blocks = (bytes.count - start) / 64
        if blocks > 0 {
            compress(bytes, at: start, blocks: blocks)
            start += 64 * blocks
        }
        pending += bytes[start...]
    }

    /// The 32-byte digest. Feed nothing afterwards.
    public mutating func finalize() -> [UInt8] {
        let bits = count &* 8
        var tail = pending
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) {
            tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
        }
        tail.withUnsafeBufferPointer { tail in
            compress(tail, at: 0, blocks: tail.count / 64)
        }
        pending.removeAll()
        var digest: [UInt8] = []
        digest.reserveCapacity(32)
        for word in state {
            digest.append(UInt8(truncatingIfNeeded: word >> 24))
            digest.append(UInt8(truncatingIfNeeded: word >> 16))
            digest.append(UInt8(truncatingIfNeeded: word >> 8))
            digest.append(UInt8(truncatingIfNeeded: word))
        }
        return digest
    }

    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// Compresses `blocks` blocks of 64 bytes from `start`. The working state stays in locals
    /// from block to block and the message schedule is a 16-word ring on the stack, so hashing
    /// allocates nothing and touches the state array once per call, not once per block.
    private mutating func compress(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, blocks: Int) {
        guard blocks > 0, let base = bytes.baseAddress else { return }
        var ring:
            (
                UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                UInt32, UInt32, UInt32
            ) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var (h0, h1, h2, h3, h4, h5, h6, h7) = (
            state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7]
        )
        Self.roundConstants.withUnsafeBufferPointer { k in
            withUnsafeMutableBytes(of: &ring) { raw in
                let w = raw.baseAddress!.assumingMemoryBound(to: UInt32.self)
                for block in 0..<blocks {
                    let p = base + start + 64 * block
                    for t in 0..<16 {
                        w[t] = UInt32(bigEndian: UnsafeRawPointer(p + 4 * t).loadUnaligned(as: UInt32.self))
                    }
                    var (a, b, c, d, e, f, g, hh) = (h0, h1, h2, h3, h4, h5, h6, h7)
                    @inline(__always) func round(_ t: Int, _ word: UInt32) {
                        let sum1 = Self.rotate(e, 6) ^ Self.rotate(e, 11) ^ Self.rotate(e, 25)
                        let choose = (e & f) ^ (~e & g)
                        let temp1 = hh &+ sum1 &+ choose &+ k[t] &+ word
                        let sum0 = Self.rotate(a, 2) ^ Self.rotate(a, 13) ^ Self.rotate(a, 22)
                        let majority = (a & b) ^ (a & c) ^ (b & c)
                        (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ temp1, c, b, a, temp1 &+ sum0 &+ majority)
                    }
                    for t in 0..<16 { round(t, w[t]) }
                    for t in 16..<64 {
                        // W[t] = σ1(W[t−2]) + W[t−7] + σ0(W[t−15]) + W[t−16], in the ring of 16.
                        let w15 = w[(t - 15) & 15]
                        let w2 = w[(t - 2) & 15]
                        let s0 = Self.rotate(w15, 7) ^ Self.rotate(w15, 18) ^ (w15 >> 3)
                        let s1 = Self.rotate(w2, 17) ^ Self.rotate(w2, 19) ^ (w2 >> 10)
                        let word = w[t & 15] &+ s0 &+ w[(t - 7) & 15] &+ s1
                        w[t & 15] = word
                        round(t, word)
                    }
                    h0 &+= a
                    h1 &+= b
                    h2 &+= c
                    h3 &+= d
                    h4 &+= e
                    h5 &+= f
                    h6 &+= g
                    h7 &+= hh
                }
            }
        }
        state = [h0, h1, h2, h3, h4, h5, h6, h7]
    }

    @inline(__always)
    private static func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 {
        (value &>> count) | (value &<< (32 &- count))
    }
}
