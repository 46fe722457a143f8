/// A JSON object on one line, sealed with the hash of its own bytes: a rater's finished
/// submission, so any later edit shows (`dazzle panel status`, `dazzle score`).
///
/// Sealing appends `"seal": "sha256:…"` as the object's last member, where the hash is of the
/// line exactly as it was before (its final newline included). Checking undoes that: the bytes
/// before `,"seal":` plus `}` and a newline must hash to the recorded value. Reformatting a
/// sealed file breaks its seal too: the seal vouches for bytes, not for meaning.
public enum SealedLine {
    static let marker = Array(#","seal":"sha256:"#.utf8)

    /// The line with its seal, and the seal (`sha256:…`).
    /// - Precondition: `line` is one compact JSON object ending in `}` and a newline, as
    ///   `JSONWriter` writes it; anything else is returned unsealed, with `nil`.
    public static func seal(_ line: [UInt8]) -> (line: [UInt8], seal: String?) {
        guard line.count >= 3, line[line.count - 1] == 0x0A, line[line.count - 2] == UInt8(ascii: "}") else {
            return (line, nil)
        }
        let seal = "sha256:" + SHA256.hex(line)
        // `{}` has no member to follow: the seal is its first.
        let separator = line.count == 3 ? Array(marker.dropFirst()) : marker
        let sealed = Array(line[..<(line.count - 2)]) + separator + Array(seal.dropFirst(7).utf8) + Array(#""}"#.utf8)
        return (sealed + [0x0A], seal)
    }

    /// What checking a file's seal found.
    public enum Status: Sendable, Equatable {
        /// The seal matches the bytes before it.
        case intact(seal: String)
        /// A seal is there, but the bytes before it hash to something else: edited after sealing.
        case broken(recorded: String, actual: String)
        /// No seal at the end of the line (never sealed, or reformatted).
        case unsealed
    }

    /// Checks the seal at the end of `bytes` (trailing whitespace allowed).
    public static func check(_ bytes: ArraySlice<UInt8>) -> Status {
        var end = bytes.endIndex
        while end > bytes.startIndex, [0x0A, 0x0D, 0x20, 0x09].contains(bytes[end - 1]) { end -= 1 }
        // … ,"seal":"sha256:<64 hex>"}
        let tail = 64 + 2
        guard end - bytes.startIndex >= marker.count + tail, bytes[end - 1] == UInt8(ascii: "}"),
            bytes[end - 2] == UInt8(ascii: "\"")
        else { return .unsealed }
        let hexStart = end - tail
        let hex = bytes[hexStart..<(end - 2)]
        guard hex.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return .unsealed }
        let recorded = "sha256:" + String(decoding: hex, as: UTF8.self)
        var markerStart = hexStart - marker.count
        var original: [UInt8]
        if bytes[markerStart..<hexStart].elementsEqual(marker) {
            original = Array(bytes[bytes.startIndex..<markerStart])
        } else {
            markerStart += 1
            guard bytes[markerStart..<hexStart].elementsEqual(marker.dropFirst()) else { return .unsealed }
            original = Array(bytes[bytes.startIndex..<markerStart])
        }
        original += Array("}\n".utf8)
        let actual = "sha256:" + SHA256.hex(original)
        return actual == recorded ? .intact(seal: recorded) : .broken(recorded: recorded, actual: actual)
    }
}
