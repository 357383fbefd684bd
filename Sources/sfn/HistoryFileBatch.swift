import SFNCore

/// History events on their way from the run's thread to the history file's writer thread: moved
/// into memory of the batch's own by the run, moved out again by the writer, so that neither
/// copies one. Read from an array, even in place through a buffer pointer, each event was copied
/// for the call that formatted it: a retain and a release of its payload per event.
///
/// Used under the observer's lock, or by the one thread that holds the batch.
final class HistoryFileBatch: @unchecked Sendable {
    static let capacity = 1024
    private let base = UnsafeMutablePointer<HistoryEvent>.allocate(capacity: HistoryFileBatch.capacity)
    @exclusivity(unchecked) private(set) var count = 0

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    var isFull: Bool { count == Self.capacity }
    var isEmpty: Bool { count == 0 }

    /// Moves an event in; the batch must not be full.
    @inline(__always) func append(_ event: consuming HistoryEvent) {
        precondition(count < Self.capacity, "a full history batch was appended to")
        (base + count).initialize(to: event)
        count += 1
    }

    /// Hands every event, in order, to `body`, each released after it, and leaves the batch empty.
    func drain(_ body: (HistoryEvent) -> Void) {
        for i in 0..<count { body((base + i).move()) }
        count = 0
    }
}
