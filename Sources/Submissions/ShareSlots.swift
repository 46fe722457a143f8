import Foundation

/// Per-thread result arrays, filled once each and joined in order.
package final class ShareSlots<Element: Sendable>: @unchecked Sendable {
    private var shares: [[Element]]
    private let lock = NSLock()

    package init(count: Int) {
        shares = Array(repeating: [], count: count)
    }

    package func set(_ index: Int, _ elements: [Element]) {
        lock.withLock { shares[index] = elements }
    }

    package var joined: [Element] { lock.withLock { shares.flatMap { $0 } } }
}
