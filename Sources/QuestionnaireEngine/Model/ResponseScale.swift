/// The whole-number points an answer can take, from ``min`` to ``max``, each optionally labelled.
public struct ResponseScale: Sendable, Hashable {
    public var min: Int
    public var max: Int
    /// One label per point from `min` to `max`, or empty when the points are unlabelled.
    public var labels: [String]

    /// Creates a scale; the loader guarantees `min < max` and one label per point when labelled.
    public init(min: Int, max: Int, labels: [String] = []) {
        self.min = min
        self.max = max
        self.labels = labels
    }

    /// The points in order.
    public var points: ClosedRange<Int> { min...max }

    /// The label of a point, if the scale has labels and the point is on the scale.
    public func label(for point: Int) -> String? {
        guard points.contains(point), labels.count == max - min + 1 else { return nil }
        return labels[point - min]
    }
}
