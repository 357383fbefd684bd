import SFNCore
import SFNJSON
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Records one execution the server runs, as `StoreRecorder` does for a CLI run (the record when it
/// starts, events in batches, committed before a Task starts its work and at the end, the outcome),
/// but without a timer of its own: the service's one ticker flushes every live recorder and looks
/// for their stop requests (`tick`). A timer and a dispatch queue per execution were a tenth of the
/// server's time under load, where thousands of executions a second start and end.
final class ExecutionRecorder: ExecutionObserver {
    let store: any ExecutionStore
    let executionArn: String

    private struct State {
        var pending: [HistoryEvent] = []
        var record: ExecutionRecord
        var stop: StopRequest?
        var failed = false
        var closed = false
    }

    private let state: Mutex<State>
    /// Held while committing, so that batches reach the store in id order.
    private let writing = Mutex(())

    /// Creates the execution in the store (RUNNING, owned by this process); throws when the store
    /// refuses it (a name already used, a write error).
    /// Called once, after the outcome is handed to the store (or recording failed).
    private let onEnd: @Sendable () -> Void

    init(
        store: any ExecutionStore, record: ExecutionRecord, definition: String,
        onEnd: @escaping @Sendable () -> Void
    ) throws(ExecutionStoreError) {
        self.onEnd = onEnd
        var record = record
        record.status = .running
        record.ownerPid = getpid()
        try store.createExecution(record, definition: definition)
        self.store = store
        executionArn = record.executionArn
        state = Mutex(State(record: record))
    }

    func receive(_ event: HistoryEvent) { take(event) }

    func take(_ event: consuming HistoryEvent) {
        let type = event.type
        if !Self.special(type) {
            var slot = Optional(consume event)
            state.withLock { s in if !s.failed && !s.closed { s.pending.append(slot.take()!) } }
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

    /// Events that need more than queueing: the start, the end, and a Task about to start work.
    private static func special(_ type: HistoryEventType) -> Bool {
        switch type {
        case .executionStarted, .executionSucceeded, .executionFailed, .executionTimedOut, .executionAborted,
            .taskStarted, .lambdaFunctionStarted:
            return true
        default:
            return false
        }
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

    /// Hands the queued events to the store.
    func flush() {
        writing.withLock { _ in
            let batch = state.withLock { s -> [HistoryEvent] in
                var taken: [HistoryEvent] = []
                swap(&taken, &s.pending)
                return s.failed ? [] : taken
            }
            guard !batch.isEmpty else { return }
            do throws(ExecutionStoreError) { try store.append(batch, to: executionArn) } catch { fail() }
        }
    }

    /// The execution's record as last written (its outcome once it ended).
    var record: ExecutionRecord { state.withLock { $0.record } }

    /// Whether its outcome is not yet with the store.
    var isRunning: Bool { state.withLock { !$0.closed && !$0.failed } }

    /// Whether it still runs and has not been asked to stop.
    var isOpen: Bool { state.withLock { !$0.closed && !$0.failed && $0.stop == nil } }

    /// Takes a stop request (StopExecution): the ExecutionAborted event gets its error and cause.
    /// False when one was taken already or the execution ended.
    func stopRequested(_ request: StopRequest) -> Bool {
        state.withLock { s in
            guard !s.closed && !s.failed && s.stop == nil else { return false }
            s.stop = request
            return true
        }
    }

    private func close(_ status: ExecutionRecord.Status, _ event: HistoryEvent) {
        let record = state.withLock { s -> ExecutionRecord? in
            guard !s.closed && !s.failed else { return nil }
            s.closed = true
            s.record.status = status
            // The wall clock, not the execution's, as StoreRecorder: retention compares with now.
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
        guard let record else { return }
        do throws(ExecutionStoreError) { try store.update(record) } catch {
            fail()
            return
        }
        onEnd()
    }

    private func fail() {
        let first = state.withLock { s -> Bool in
            defer {
                s.failed = true
                s.pending = []
            }
            return !s.failed && !s.closed
        }
        if first { onEnd() }
    }
}
