import DazzleJSON
import Scoring
import Submissions

/// The differential harness: any bytes as a JSON line of the inventory (full and compact
/// scorecards), and as a CSV row of it;
/// the stream's scorer (fast path or not) must give exactly what the general path gives: the
/// same scorecard bytes, or the same rejection; and the submission reader's byte-level reading
/// must give what the position-aware reader gives.
let fastPlan = FuzzSupport.plan("service-orientation-inventory")
nonisolated(unsafe) var lineScorer = LineScorer(plan: fastPlan, sourceLabel: "stdin")
/// The same, writing compact scorecards (`--explain compact`), whose prepared triples must read
/// as the general path writes them too.
nonisolated(unsafe) var compactScorer = LineScorer(plan: fastPlan, sourceLabel: "stdin", explanation: .compact)
let csvHeader: CSVSubmissionReader.Header = {
    let names = ["candidate_id", "name", "seconds"] + fastPlan.items.prefix(12).map(\.id)
    guard let header = try? CSVSubmissionReader(plan: fastPlan).header(names, file: "stdin") else {
        fatalError("the header has an id column")
    }
    return header
}()

func same(_ rejection: Rejection?, _ written: [UInt8], _ general: Result<[UInt8], Rejection>) -> Bool {
    switch (rejection, general) {
    case (nil, .success(let expected)): expected == written
    case (let rejection?, .failure(let expected)): rejection == expected
    default: false
    }
}

/// Builds the globals before the first input, so their one-time allocations are not taken for
/// the input's leaks.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    _ = fastPlan
    _ = lineScorer
    _ = compactScorer
    _ = csvHeader
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFastPath(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let line = UnsafeBufferPointer(start: data, count: count)
    guard !line.contains(0x0A) else { return 0 }
    var writer = JSONWriter()
    let rejection = lineScorer.score(line, lineNumber: 3, to: &writer)
    precondition(
        same(rejection, writer.bytes, lineScorer.generalResult(line: line, lineNumber: 3)),
        "fast and general paths differ on a JSON line")
    writer.reset()
    let compactRejection = compactScorer.score(line, lineNumber: 3, to: &writer)
    precondition(
        same(compactRejection, writer.bytes, compactScorer.generalResult(line: line, lineNumber: 3)),
        "fast and general paths differ on a JSON line, compact")
    writer.reset()
    let rowRejection = lineScorer.score(csvRow: line, header: csvHeader, lineNumber: 2, row: 1, to: &writer)
    precondition(
        same(
            rowRejection, writer.bytes, lineScorer.generalResult(csvRow: line, header: csvHeader, lineNumber: 2, row: 1)
        ),
        "fast and general paths differ on a CSV row")
    // The general path itself reads a record byte by byte first: that reading must be the
    // position-aware reader's.
    let bytes = Array(line)[...]
    precondition(
        lineScorer.decoder.decode(bytes, source: "stdin:3")
            == lineScorer.decoder.decodePrecisely(bytes, source: "stdin:3"),
        "the byte-level and the precise readers differ")
    return 0
}
