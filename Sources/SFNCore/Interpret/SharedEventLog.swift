#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The event log while Parallel branches or Map iterations run side by side: one numbering for
/// all of them. When the history is kept, events go into the log behind a lock, in the order they
/// happen. When only the numbering matters (the common case), each sibling takes ids in blocks
/// from one atomic counter (`IdBlock`), so branches on different cores do not pass a cache line
/// back and forth on every transition. Ids stay unique; ids a sibling reserved but did not use are
/// handed back when it ends, so the count that numbering continues from afterwards is exact.
/// A lone run loop keeps its `EventLog` in a local instead.
final class SharedEventLog: @unchecked Sendable {
    private var log: EventLog
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let recording: Bool
    /// Ids handed out while not recording (singly or in blocks), and those handed back unused;
    /// `snapshot` folds the difference into `log`.
    private let reserved = Atomic<Int>(0)
    private let returned = Atomic<Int>(0)
    private let base: Int

    /// Ids one sibling reserved and has not used yet.
    struct IdBlock {
        var next = 0
        var end = 0
    }

    static let blockSize = 32

    init(_ log: EventLog) {
        self.log = log
        recording = log.events != nil
        base = log.count
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    @discardableResult
    func add(_ type: HistoryEventType, state: String?, at millis: @autoclosure () -> Double) -> Int {
        if !recording {
            return base + reserved.wrappingAdd(1, ordering: .relaxed).newValue
        }
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return log.add(type, state: state, at: millis())
    }

    /// Like `add`, for a sibling's own run loop: while not recording, the id comes from `block`,
    /// which is refilled from the shared counter only once every `blockSize` events.
    @inline(__always)
    func add(_ type: HistoryEventType, state: String?, at millis: @autoclosure () -> Double, block: inout IdBlock) -> Int {
        if recording { return add(type, state: state, at: millis()) }
        if block.next == block.end {
            let start = reserved.wrappingAdd(Self.blockSize, ordering: .relaxed).oldValue
            block.next = start
            block.end = start + Self.blockSize
        }
        block.next += 1
        return base + block.next
    }

    /// Hands back what a finished sibling reserved and did not use.
    func release(_ block: IdBlock) {
        if block.end > block.next { returned.wrappingAdd(block.end - block.next, ordering: .relaxed) }
    }

    /// The log with everything recorded so far (read when the side-by-side part is over).
    var snapshot: EventLog {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        var result = log
        if !recording { result.skip(reserved.load(ordering: .relaxed) - returned.load(ordering: .relaxed)) }
        return result
    }
}

/// Hands out work indexes to Map workers and lets any of them stop the rest.
final class WorkQueue: @unchecked Sendable {
    private var nextIndex = 0
    private var stopped = false
    private let count: Int
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init(count: Int) {
        self.count = count
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// The next index to work on; nil when all are taken or the work was stopped.
    func next() -> Int? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard !stopped, nextIndex < count else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }

    func stop() {
        pthread_mutex_lock(mutex)
        stopped = true
        pthread_mutex_unlock(mutex)
    }
}
