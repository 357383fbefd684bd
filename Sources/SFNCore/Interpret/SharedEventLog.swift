#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The event log while Parallel branches or Map iterations run side by side: one numbering for
/// all of them. When the history is kept, events go into the log behind a lock; when only the
/// numbering matters (the common case), an atomic counter is all siblings share, so branches on
/// different cores do not queue on each other for every transition.
/// A lone run loop keeps its `EventLog` in a local instead.
final class SharedEventLog: @unchecked Sendable {
    private var log: EventLog
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let recording: Bool
    /// Events added while not recording; folded into `log` by `snapshot`.
    private let counted = Atomic<Int>(0)
    private let base: Int

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
            return base + counted.wrappingAdd(1, ordering: .relaxed).newValue
        }
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return log.add(type, state: state, at: millis())
    }

    /// The log with everything recorded so far (read when the side-by-side part is over).
    var snapshot: EventLog {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        var result = log
        if !recording { result.skip(counted.load(ordering: .relaxed)) }
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
