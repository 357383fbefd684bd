import Dispatch
import SFNJSON
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Commits many executions' writes together: each `GroupRecorder` queues its execution's record,
/// events and outcome here, and one timer hands whatever is queued to the store as one
/// `write` (one SQLite transaction). Thousands of short executions at once (`sfn run
/// --input-lines`, a Distributed Map's children) then cost rows, not a commit and a timer each.
public final class GroupCommitter: Sendable {
    public let store: any ExecutionStore
    /// Called for each execution whose writes the store refused, and once with "" for a store
    /// that failed as a whole (recording stops there; the executions go on).
    let onError: (@Sendable (String, ExecutionStoreError) -> Void)?
    private let queue = Mutex<(writes: [ExecutionWrite], failed: Bool)>(([], false))
    /// Held while committing, so that batches reach the store in order.
    private let writing = Mutex(())
    // Only created in init and cancelled (DispatchSource is thread-safe, but not marked Sendable).
    private nonisolated(unsafe) let timer: any DispatchSourceTimer
    /// Past this many queued writes the producer commits them itself: memory stays bounded when
    /// executions outrun the disk.
    static let highWater = 65_536

    public init(
        store: any ExecutionStore, interval: Double = 0.05,
        onError: (@Sendable (String, ExecutionStoreError) -> Void)? = nil
    ) {
        self.store = store
        self.onError = onError
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "sfn.store.group"))
        let nanos = Int(max(0.001, interval) * 1e9)
        timer.schedule(deadline: .now() + .nanoseconds(nanos), repeating: .nanoseconds(nanos))
        timer.setEventHandler { [self] in flush() }
        timer.resume()
    }

    deinit { timer.cancel() }

    func push(_ write: consuming ExecutionWrite) {
        var slot = Optional(consume write)
        let full = queue.withLock { q -> Bool in
            if !q.failed { q.writes.append(slot.take()!) }
            return q.writes.count >= Self.highWater
        }
        if full { flush() }
    }

    /// Commits everything queued so far; returns when it is in the store.
    public func flush() {
        writing.withLock { _ -> Void in
            let writes = queue.withLock { q -> [ExecutionWrite] in
                var taken: [ExecutionWrite] = []
                swap(&taken, &q.writes)
                return taken
            }
            guard !writes.isEmpty else { return }
            do throws(ExecutionStoreError) {
                let failed = try store.write(writes)
                for (arn, error) in failed { onError?(arn, error) }
            } catch {
                queue.withLock { q in
                    q.failed = true
                    q.writes = []
                }
                onError?("", error)
            }
        }
    }

    /// Commits what is queued and stops the timer.
    public func close() {
        timer.cancel()
        flush()
    }
}

/// Records one execution through a `GroupCommitter`: the record when made, every event, the
/// outcome at the end, all queued for the committer's next transaction. Before a Task starts its
/// work the queue is committed at once, so that a process killed at any moment leaves every
/// event up to the running Task in the store (as `StoreRecorder` does).
public final class GroupRecorder: ExecutionObserver {
    public let committer: GroupCommitter
    public let executionArn: String
    private let record: Mutex<ExecutionRecord>
    /// Commit the end at once when a Task ran (a Map Run's child: its redrive must not run that
    /// work again); executions that only moved data wait for the timer.
    private let commitsEnd: Bool
    private let taskStarted = Atomic<Bool>(false)

    /// Queues the execution's record (RUNNING, owned by this process); `redriven`: the execution
    /// is in the store already (a Map Run's child that runs again), its record is replaced.
    public init(
        committer: GroupCommitter, record: ExecutionRecord, definition: String, redriven: Bool = false,
        commitsEnd: Bool = false
    ) {
        var record = record
        record.status = .running
        record.ownerPid = getpid()
        self.committer = committer
        self.executionArn = record.executionArn
        self.record = Mutex(record)
        self.commitsEnd = commitsEnd
        committer.push(redriven ? .update(record) : .create(record, definition: definition))
    }

    public func receive(_ event: HistoryEvent) { take(event) }

    public func take(_ event: consuming HistoryEvent) {
        let type = event.type
        switch type {
        case .executionStarted:
            let start = event.timestamp
            record.withLock { $0.startDate = start }
            committer.push(.event(executionArn: executionArn, event))
        case .taskStarted, .lambdaFunctionStarted:
            committer.push(.event(executionArn: executionArn, event))
            if commitsEnd { taskStarted.store(true, ordering: .relaxed) }
            committer.flush()
        case .executionSucceeded, .executionFailed, .executionTimedOut, .executionAborted:
            let closed = record.withLock { r -> ExecutionRecord in
                r.status = Self.endStatus(type)
                r.stopDate = max(ExecutionOptions.systemNowMillis(), r.startDate)
                r.ownerPid = 0
                switch event.details {
                case .executionSucceeded(let output): r.output = output
                case .executionEnded(let error, let cause):
                    r.error = error.map(\.rawValue)
                    r.cause = cause
                default: break
                }
                return r
            }
            committer.push(.event(executionArn: executionArn, event))
            committer.push(.update(closed))
            if commitsEnd && taskStarted.load(ordering: .relaxed) { committer.flush() }
        default:
            committer.push(.event(executionArn: executionArn, event))
        }
    }

    private static func endStatus(_ type: HistoryEventType) -> ExecutionRecord.Status {
        switch type {
        case .executionSucceeded: return .succeeded
        case .executionFailed: return .failed
        case .executionTimedOut: return .timedOut
        default: return .aborted
        }
    }
}
