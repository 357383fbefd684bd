import Dispatch
import SFNJSON
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Records one execution in an `ExecutionStore` as it runs: the record when it is made, events in
/// batches, the outcome at the end. `receive` only queues the event; a timer commits what is
/// queued every `flushInterval` (so recording costs the run loop a lock and an append), and the
/// queue is committed at once before a Task starts its work, so that a process killed at any
/// moment leaves every event up to the running Task in the store. At most `pendingLimit`
/// events wait for the writer: past that the run waits for it, as the history file's does.
///
/// The same timer polls for a stop request (`sfn stop` from another process) and calls
/// `onStopRequest` once when it finds one; the ExecutionAborted event then carries its error and
/// cause, as StopExecution's do.
public final class StoreRecorder: ExecutionObserver {
    public let store: any ExecutionStore
    public let executionArn: String
    /// Called once, from the timer, when a stop request for this execution appears.
    public let onStopRequest: (@Sendable (StopRequest) -> Void)?
    /// Called once when a write fails; recording stops there (the execution goes on).
    public let onError: (@Sendable (ExecutionStoreError) -> Void)?

    private struct State {
        var pending: [HistoryEvent] = []
        /// An emptied buffer with its capacity, for `pending` to continue in: no reallocation
        /// and no fresh pages for the run loop at each flush.
        var spare: [HistoryEvent] = []
        /// Commands' stderr lines, for a store that keeps them (`TaskStderrStore`).
        var stderr: [TaskStderrLine] = []
        var record: ExecutionRecord
        var stop: StopRequest?
        var failed = false
        var closed = false
        /// A flush has been queued because `pending` grew past `batchLimit`, and has not run yet.
        var kicked = false
        /// Threads waiting in `take` for the writer to take `pending` (it reached `pendingLimit`).
        var waiters = 0
    }

    /// Events queued before a flush is asked for without waiting for the timer: a fast loop
    /// makes two million events a second, and holding 100 ms of them (and the payloads they
    /// keep alive) costs memory and cache for nothing.
    private static let batchLimit = 16_384
    /// Events queued before the run waits for the writer: a writer slower than the run (the store
    /// on a fast loop) would otherwise queue the whole run, and its payloads, in memory.
    private static let pendingLimit = 4 * batchLimit
    /// Signalled once per waiter when the writer takes `pending`.
    private let room = DispatchSemaphore(value: 0)

    private let state: Mutex<State>
    /// Held while committing, so that batches reach the store in id order.
    private let writing = Mutex(())
    // Only created in init and cancelled (DispatchSource is thread-safe, but not marked Sendable).
    private nonisolated(unsafe) let timer: any DispatchSourceTimer
    private let queue: DispatchQueue

    /// Creates the execution in the store (status RUNNING, owned by this process) and starts the
    /// flush timer. Throws when the store refuses the record (a name already used, a write error).
    public init(
        store: any ExecutionStore, record: ExecutionRecord, definition: String,
        flushInterval: Double = 0.1,
        onStopRequest: (@Sendable (StopRequest) -> Void)? = nil,
        onError: (@Sendable (ExecutionStoreError) -> Void)? = nil
    ) throws(ExecutionStoreError) {
        var record = record
        record.status = .running
        record.ownerPid = getpid()
        try store.createExecution(record, definition: definition)
        self.store = store
        self.executionArn = record.executionArn
        self.onStopRequest = onStopRequest
        self.onError = onError
        self.state = Mutex(State(record: record))
        let queue = DispatchQueue(label: "sfn.store.flush")
        self.queue = queue
        timer = DispatchSource.makeTimerSource(queue: queue)
        let nanos = Int(max(0.001, flushInterval) * 1e9)
        timer.schedule(deadline: .now() + .nanoseconds(nanos), repeating: .nanoseconds(nanos))
        // A strong reference, released when the timer is cancelled at the end of the execution: a
        // weak one would give the recorder a side table, and every retain in the run loop's
        // delivery would take the slow path.
        timer.setEventHandler { [self] in tick() }
        timer.resume()
    }

    deinit { timer.cancel() }

    public func receive(_ event: HistoryEvent) { take(event) }

    public func take(_ event: consuming HistoryEvent) {
        let type = event.type
        // Most events only join the queue: moved in, not copied; no test beyond the type.
        if !Self.special(type) {
            var slot = Optional(consume event)
            let action = state.withLock { s -> Int in
                guard !s.failed && !s.closed else { return 0 }
                s.pending.append(slot.take()!)
                if s.pending.count < Self.batchLimit { return 0 }
                if !s.kicked {
                    s.kicked = true
                    return 1
                }
                if s.pending.count < Self.pendingLimit { return 0 }
                s.waiters += 1
                return 2
            }
            // 1: ask for a flush; 2: wait until the writer has taken the queue.
            if action == 1 { queue.async { [self] in flush() } }
            if action == 2 { room.wait() }
            return
        }
        var event = consume event
        let end = Self.endStatus(type)
        state.withLock { s in
            if s.failed || s.closed { return }
            if type == .executionAborted, let stop = s.stop {
                event.details = .executionEnded(
                    error: stop.error.map { StatesErrorName(rawValue: $0) }, cause: stop.cause)
            }
            if type == .executionStarted { s.record.startDate = event.timestamp }
            s.pending.append(event)
        }
        if type == .executionStarted { return }
        flush()
        if let end { close(end, event) }
    }

    /// Queued like events and written after them, when the store keeps stderr lines.
    public func taskStderr(_ line: TaskStderrLine) {
        guard store is any TaskStderrStore else { return }
        state.withLock { s in if !s.failed && !s.closed { s.stderr.append(line) } }
    }

    /// Events that need more than queueing: the start, the end, and a Task about to start work.
    @inline(__always)
    private static func special(_ type: HistoryEventType) -> Bool {
        switch type {
        case .executionStarted, .executionSucceeded, .executionFailed, .executionTimedOut, .executionAborted,
            .taskStarted, .lambdaFunctionStarted:
            return true
        default:
            return false
        }
    }

    /// Commits the queued events now.
    public func flush() {
        writing.withLock { _ -> Void in
            // Swapped out, not copied: the run loop appends to the spare buffer meanwhile.
            var lines: [TaskStderrLine] = []
            var waiters = 0
            var batch = state.withLock { s -> [HistoryEvent] in
                var taken = s.spare
                s.spare = []
                s.kicked = false
                swap(&taken, &s.pending)
                if !s.stderr.isEmpty { swap(&lines, &s.stderr) }
                swap(&waiters, &s.waiters)
                return s.failed ? [] : taken
            }
            // The queue is empty again: the run goes on while this batch is written.
            for _ in 0..<waiters { room.signal() }
            defer {
                // The events are released here, on the flushing thread; the buffer goes back.
                batch.removeAll(keepingCapacity: true)
                state.withLock { s in if s.spare.capacity < batch.capacity { swap(&s.spare, &batch) } }
            }
            do throws(ExecutionStoreError) {
                if !batch.isEmpty { try store.append(batch, to: executionArn) }
                if !lines.isEmpty, let keeper = store as? any TaskStderrStore {
                    try keeper.appendTaskStderr(lines, to: executionArn)
                }
            } catch {
                fail(error)
            }
        }
    }

    /// The execution's record as last written.
    public var record: ExecutionRecord { state.withLock { $0.record } }

    /// Marks the execution ABORTED when the process must end before the execution does (a
    /// termination signal): the record is closed with `cause`, no further events are written.
    public func abandon(error: String? = nil, cause: String?) {
        flush()
        let record = state.withLock { s -> ExecutionRecord? in
            guard !s.closed && !s.failed else { return nil }
            s.closed = true
            s.record.status = .aborted
            s.record.stopDate = ExecutionOptions.systemNowMillis()
            s.record.error = error
            s.record.cause = cause
            s.record.ownerPid = 0
            return s.record
        }
        timer.cancel()
        if let record { write(record) }
    }

    private func close(_ status: ExecutionRecord.Status, _ event: HistoryEvent) {
        timer.cancel()
        let record = state.withLock { s -> ExecutionRecord? in
            guard !s.closed && !s.failed else { return nil }
            s.closed = true
            s.record.status = status
            // The wall clock, not the execution's: under skipped waits that clock runs ahead, and
            // retention and prune compare stop dates with now.
            s.record.stopDate = max(ExecutionOptions.systemNowMillis(), s.record.startDate)
            s.record.ownerPid = 0
            switch event.details {
            case .executionSucceeded(let output): s.record.output = output
            case .executionEnded(let error, let cause):
                s.record.error = error.map(\.rawValue)
                s.record.cause = cause
            default: break
            }
            return s.record
        }
        if let record { write(record) }
    }

    private func write(_ record: ExecutionRecord) {
        do throws(ExecutionStoreError) { try store.update(record) } catch { fail(error) }
    }

    private func tick() {
        flush()
        guard onStopRequest != nil else { return }
        let open = state.withLock { !$0.closed && !$0.failed && $0.stop == nil }
        guard open else { return }
        let request: StopRequest?
        do throws(ExecutionStoreError) { request = try store.stopRequest(executionArn) } catch {
            fail(error)
            return
        }
        guard let request else { return }
        state.withLock { $0.stop = request }
        onStopRequest?(request)
    }

    private func fail(_ error: ExecutionStoreError) {
        var waiters = 0
        let first = state.withLock { s -> Bool in
            defer { s.failed = true }
            s.pending = []
            swap(&waiters, &s.waiters)
            return !s.failed
        }
        for _ in 0..<waiters { room.signal() }
        if first { onError?(error) }
    }

    private static func endStatus(_ type: HistoryEventType) -> ExecutionRecord.Status? {
        switch type {
        case .executionSucceeded: return .succeeded
        case .executionFailed: return .failed
        case .executionTimedOut: return .timedOut
        case .executionAborted: return .aborted
        default: return nil
        }
    }
}
