import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a command's async work on the main thread, so that a run that never waits for two
/// things at once starts no other thread (issue 18, docs/performance.md "hello100"). Top-level
/// `await` in main.swift made the program wait in `dispatch_main`, whose `pthread_exit` unwinds
/// the main thread through libgcc_s, while the work ran on a worker of the global concurrent
/// executor; that worker's start made libdispatch start its manager thread and a second worker.
///
/// The command's task prefers this executor, and so do its child tasks (task groups, `async
/// let`). A job goes to the main thread when the main thread is free; a job enqueued while the
/// main thread runs another (a Parallel branch, a Map item, a handler that blocks) goes to the
/// global concurrent executor, so concurrency is what it was and a blocking job never holds
/// another one up. Unstructured tasks (`Task {}`) do not inherit the preference: they run on the
/// global executor as before.
final class MainExecutor: TaskExecutor, @unchecked Sendable {
    private struct State {
        /// The main thread is free to take `pending`: true before the loop starts (the task's
        /// first job is enqueued before it) and whenever the loop waits.
        var free = true
        var pending: UnownedJob?
        var status: Int32?
    }

    // A pthread mutex and condition (not a `Mutex`): the loop sleeps on the condition.
    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    private let wake: UnsafeMutablePointer<pthread_cond_t>
    private nonisolated(unsafe) var state = State()

    /// The command's task, for `cancelCommand`.
    private static let commandTask = Mutex<Task<Void, Never>?>(nil)

    /// Cancels the running command's task (`sfn run` when `sfn stop` asks it to stop): what it
    /// awaits sees the cancellation, as an execution's own task would.
    static func cancelCommand() {
        commandTask.withLock { $0 }?.cancel()
    }

    private init() {
        lock = .allocate(capacity: 1)
        wake = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        pthread_cond_init(wake, nil)
    }

    /// Runs `body` in a task that prefers the main thread and returns its status once it ends;
    /// the calling (main) thread runs the task's jobs until then.
    static func run(_ body: sending @escaping () async -> Int32) -> Int32 {
        unblockTerminationSignals()
        let executor = MainExecutor()
        let task = Task(executorPreference: executor) {
            let status = await body()
            executor.finish(status)
        }
        commandTask.withLock { $0 = task }
        return executor.loop()
    }

    /// The termination signals' handlers (SupervisorSignals) run on a thread that does not block
    /// them, and the concurrency runtime's threads block nearly every signal: the main thread is
    /// the one. A parent may have started sfn with them blocked (a process spawned from a Dispatch
    /// worker inherits its mask), and the command's code that installs the handlers, and unblocks
    /// them for its own thread, may be running on a pool thread by then: so the main thread
    /// unblocks them here, first.
    private static func unblockTerminationSignals() {
        var signals = sigset_t()
        sigemptyset(&signals)
        for sig in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&signals, sig) }
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        pthread_mutex_lock(lock)
        if state.free && state.pending == nil {
            state.pending = job
            state.free = false
            pthread_mutex_unlock(lock)
            // Signalled once the lock is free: the woken main thread does not find it held and
            // sleep again on it.
            pthread_cond_signal(wake)
            return
        }
        pthread_mutex_unlock(lock)
        globalConcurrentExecutor.enqueue(ExecutorJob(job))
    }

    private func finish(_ status: Int32) {
        pthread_mutex_lock(lock)
        state.status = status
        pthread_mutex_unlock(lock)
        pthread_cond_signal(wake)
    }

    private func loop() -> Int32 {
        pthread_mutex_lock(lock)
        while true {
            if let job = state.pending {
                state.pending = nil
                pthread_mutex_unlock(lock)
                job.runSynchronously(on: asUnownedTaskExecutor())
                pthread_mutex_lock(lock)
                state.free = true
                continue
            }
            if let status = state.status {
                pthread_mutex_unlock(lock)
                return status
            }
            state.free = true
            pthread_cond_wait(wake, lock)
        }
    }
}
