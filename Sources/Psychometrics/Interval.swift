/// A confidence interval.
public struct Interval: Sendable, Hashable {
    public var lower: Double
    public var upper: Double

    public init(_ lower: Double, _ upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// Whether both ends are finite numbers.
    public var isFinite: Bool { lower.isFinite && upper.isFinite }
}
