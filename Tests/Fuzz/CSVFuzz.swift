import Scoring
import Submissions

/// Any bytes as a form tool's CSV export of the pre-screen: every data row becomes a submission
/// or a rejection with a reason, and the record ends the stream finds split the text into the
/// same records as the whole-file reader.
let csvPlan = FuzzSupport.plan("pre-screen")

/// Builds the globals before the first input, so their one-time allocations are not taken for
/// the input's leaks.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    _ = csvPlan
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    if let batch = try? CSVSubmissionReader(plan: csvPlan).read(bytes, file: "f.csv") {
        for case .failure(let rejection) in batch.results { precondition(!rejection.reason.isEmpty) }
    }
    // The stream's record ends agree with the file reader on text that ends with a line feed.
    let text = bytes + [0x0A]
    guard !text.starts(with: [0xEF, 0xBB, 0xBF]) else { return 0 }
    var pieces: [[String]] = []
    var complete = true
    text.withUnsafeBufferPointer { buffer in
        var start = 0
        while start < buffer.count {
            guard let end = CSVTable.recordEnd(in: buffer, from: start) else {
                complete = false
                return
            }
            pieces += CSVTable(Array(buffer[start...end.end])).records.map(\.fields)
            start = end.end + 1
        }
    }
    // Lone carriage returns end records for the file reader but not for the stream, which
    // rejects such a row; only text without them is compared.
    if complete && !text.contains(0x0D) {
        precondition(pieces == CSVTable(text).records.map(\.fields), "record ends disagree with the reader")
    }
    return 0
}
