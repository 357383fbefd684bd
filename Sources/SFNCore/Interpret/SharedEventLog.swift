import Synchronization

/// The event log while Parallel branches or Map iterations run side by side: one numbering for
/// all of them. When observers listen, events are numbered and delivered behind a lock, so they
/// reach the observers in id order. When only the numbering matters (the common case), each
/// sibling takes ids in blocks from one atomic counter (`IdBlock`), so branches on different
/// cores do not pass a cache line back and forth on every transition. Ids stay unique; ids a
/// sibling reserved but did not use are handed back when it ends, so the count that numbering
/// continues from afterwards is exact. A lone run loop keeps its `EventLog` in a local instead.
final class SharedEventLog: Sendable {
    private let log: Mutex<EventLog>
    let observing: Bool
    /// Ids handed out while nobody listens (singly or in blocks), and those handed back unused;
    /// `snapshot` folds the difference into the log.
    private let reserved = Atomic<Int>(0)
    private let returned = Atomic<Int>(0)
    /// Siblings running now, each holding at most one block.
    private let active = Atomic<Int>(0)
    let base: Int

    /// Ids one sibling reserved and has not used yet.
    struct IdBlock {
        var next = 0
        var end = 0
    }

    /// Ids per block. Under a history quota a block is small: `countAtLeast` leaves out a block
    /// per running sibling, so the quota is found that much late at most, and an execution under
    /// a quota of 25,000 events takes few blocks anyway. Without one (`--max-events 0`), a run of
    /// millions of events refills rarely: with blocks of 32, the branches of a Parallel on two
    /// cores passed the counter's cache line between them every few transitions.
    let blockSize: Int

    /// `quota`: the id of the last event the history may hold (`Executor.lastEventId`).
    init(_ log: EventLog, quota: Int) {
        observing = log.sink != nil
        base = log.count
        blockSize = quota == .max ? 1024 : 32
        self.log = Mutex(log)
    }

    /// Numbers an event and delivers it when someone listens; returns its id.
    @discardableResult
    func add(
        _ type: HistoryEventType, previous: @autoclosure () -> Int, at millis: @autoclosure () -> Double,
        _ details: @autoclosure () -> HistoryEventDetails
    ) -> Int {
        if !observing { return base + reserved.wrappingAdd(1, ordering: .relaxed).newValue }
        let (previous, millis, details) = (previous(), millis(), details())
        return log.withLock { $0.add(type, previous: previous, at: millis, details) }
    }

    /// The id of an event nobody listens to, for a sibling's own run loop: taken from `block`,
    /// which is refilled from the shared counter only once every `blockSize` events.
    @inline(__always)
    func next(block: inout IdBlock) -> Int {
        if block.next == block.end {
            let start = reserved.wrappingAdd(blockSize, ordering: .relaxed).oldValue
            block.next = start
            block.end = start + blockSize
        }
        block.next += 1
        return base + block.next
    }

    /// A sibling starts taking ids (`release` ends it).
    func enter() { active.wrappingAdd(1, ordering: .relaxed) }

    /// Hands back what a finished sibling reserved and did not use.
    func release(_ block: IdBlock) {
        if block.end > block.next { returned.wrappingAdd(block.end - block.next, ordering: .relaxed) }
        active.wrappingSubtract(1, ordering: .relaxed)
    }

    /// How many events have been numbered at least. Exact when observers listen; otherwise ids
    /// are handed out in blocks, and an id says only where in the reserved range it lies, so
    /// the ids still unused in running siblings' blocks are left out (the history quota must
    /// not end an execution before its real count reaches it).
    var countAtLeast: Int {
        if observing { return log.withLock { $0.count } }
        let handedOut = reserved.load(ordering: .relaxed) - returned.load(ordering: .relaxed)
        return base + handedOut - active.load(ordering: .relaxed) * blockSize
    }

    /// The log with everything numbered so far (read when the side-by-side part is over).
    var snapshot: EventLog {
        var result = log.withLock { $0 }
        if !observing { result.skip(reserved.load(ordering: .relaxed) - returned.load(ordering: .relaxed)) }
        return result
    }
}

/// Hands out work indexes to Map workers and lets any of them stop the rest.
final class WorkQueue: Sendable {
    private let state = Mutex((next: 0, stopped: false))
    private let count: Int

    init(count: Int) { self.count = count }

    /// The next index to work on; nil when all are taken or the work was stopped.
    func next() -> Int? {
        state.withLock { s in
            guard !s.stopped, s.next < count else { return nil }
            s.next += 1
            return s.next - 1
        }
    }

    func stop() { state.withLock { $0.stopped = true } }
}
