import QuestionnaireEngine

/// A form's numeric answers, one per item slot (NaN when the item has no numeric answer), each
/// taken only when its item takes it (``Item/numericDomain``, as ``SubmissionLayout`` lays it
/// out). Reused from form to form; the scoring sheet keeps one.
public struct AnswerPoints: Sendable {
    /// Per slot: the numeric answer, or NaN.
    package var points: [Double]
    let lowests: [Double]
    let highests: [Double]
    let wholeOnly: [Bool]

    public init(layout: SubmissionLayout) {
        points = Array(repeating: .nan, count: layout.items.count)
        lowests = layout.lowests
        highests = layout.highests
        wholeOnly = layout.wholeOnly
    }

    /// Clears the answers before the next form.
    package mutating func clear() {
        points.withUnsafeMutableBufferPointer { $0.update(repeating: .nan) }
    }

    /// Takes a whole number (the usual scale answer) when its item takes it.
    package mutating func set(_ slot: Int, whole: Int) -> Bool {
        let number = Double(whole)
        guard number >= lowests[slot], number <= highests[slot] else { return false }
        points[slot] = number
        return true
    }
}

/// The fast parser writes a form's numeric answers straight into the points; any other answer
/// sends the form the general way.
extension AnswerPoints: FastAnswerSink {
    package static var takesEveryAnswer: Bool { false }

    package func isAnswered(_ slot: Int) -> Bool { !points[slot].isNaN }

    /// Takes a number its item can take; any other leaves the form to the general way, which
    /// names the problem.
    package mutating func set(_ slot: Int, number: Double) -> Bool {
        guard number >= lowests[slot], number <= highests[slot],
            !wholeOnly[slot] || number == number.rounded(.towardZero)
        else { return false }
        points[slot] = number
        return true
    }

    package mutating func set(_ slot: Int, answer: Answer) {}

    /// The usual answers read where they lie: one check that the points are not shared.
    package mutating func set(digitsAt places: UnsafeBufferPointer<Int>, in bytes: UnsafePointer<UInt8>) -> Bool {
        guard places.count <= points.count else { return false }
        return lowests.withUnsafeBufferPointer { lowests in
            highests.withUnsafeBufferPointer { highests in
                points.withUnsafeMutableBufferPointer { points in
                    for slot in 0..<places.count {
                        let digit = bytes[places[slot]] &- 0x30
                        let number = Double(digit)
                        guard digit < 10, number >= lowests[slot], number <= highests[slot] else { return false }
                        points[slot] = number
                    }
                    return true
                }
            }
        }
    }

    /// Takes the usual answers a run at a time: one check that the points are not shared, not
    /// one per answer.
    package mutating func set(wholes digits: UnsafeBufferPointer<UInt8>, from first: Int) -> Bool {
        guard first >= 0, first + digits.count <= points.count else { return false }
        return lowests.withUnsafeBufferPointer { lowests in
            highests.withUnsafeBufferPointer { highests in
                points.withUnsafeMutableBufferPointer { points in
                    var slot = first
                    for digit in digits {
                        let number = Double(digit)
                        guard number >= lowests[slot], number <= highests[slot] else { return false }
                        points[slot] = number
                        slot &+= 1
                    }
                    return true
                }
            }
        }
    }

    package mutating func demographic(field: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {}
}

extension FastSubmissionParser {
    /// Reads a form's numeric answers into `points`; `nil` when the form needs the general way.
    /// Not generic, so the parser is specialised for the points here, in its own module.
    package mutating func parseNumbers(into points: inout AnswerPoints) -> Fields? {
        parse(into: &points)
    }
}
