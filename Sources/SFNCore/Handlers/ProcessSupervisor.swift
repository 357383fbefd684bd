import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Knows every process group that one execution's commands have started and not yet reaped, so
/// that Ctrl-C, SIGTERM or stopping the execution can take all of them down: a command never
/// outlives its execution. Each `ShellRunner` (so each `TaskDispatcher`) makes its own; copies of a
/// dispatcher within one execution share it, `TaskDispatcher.forNewExecution()` starts a new one.
public final class ProcessSupervisor: Sendable {
    private struct State {
        var groups: Set<pid_t> = []
        /// Set by `terminateAll`: groups spawned afterwards are killed at once.
        var terminating = false
        /// The termination signal received, set before any command is killed.
        var signal: Int32?
    }

    private let state = Mutex(State())

    private enum LinkState {
        case notStarted
        case running(SupervisorLink)
        case unavailable
    }

    /// The supervisor process, started with the first command (a run without commands pays
    /// nothing for it).
    private let linkState = Mutex(LinkState.notStarted)

    public init() {}

    deinit {
        if case .running(let link) = linkState.withLock({ $0 }) { link.close() }
    }

    /// Runs every execution's commands under a supervisor process of its own, started as `argv`
    /// (which must call `SupervisorProcess.serve()`, as `sfn __supervise` does): the parent and
    /// subreaper of every command, which kills all their descendants, `setsid` ones included,
    /// when this process ends in any way, `kill -9` included. Nil (the default) spawns commands
    /// directly; they are still ended with their execution, but not if this process is killed.
    public static func useSupervisorProcess(_ argv: [String]?) {
        SupervisorLink.command.withLock { $0 = argv }
    }

    /// The pid of this execution's supervisor process, once its first command started it.
    public var supervisorProcessID: pid_t? {
        if case .running(let link) = linkState.withLock({ $0 }) { return link.pid }
        return nil
    }

    /// This execution's supervisor process, started on first use; nil when none is configured
    /// or it could not start (commands then run as children of this process).
    func link() -> SupervisorLink? {
        linkState.withLock { s in
            switch s {
            case .running(let link): return link
            case .unavailable: return nil
            case .notStarted:
                guard let link = SupervisorLink.launch() else {
                    s = .unavailable
                    return nil
                }
                s = .running(link)
                return link
            }
        }
    }

    /// The signal that a termination handler received, if any. It is set before the running
    /// commands are killed, so an execution that then fails because its commands died can tell
    /// that it was in fact aborted.
    public var receivedSignal: Int32? { state.withLock { $0.signal } }

    /// The process group ids currently running.
    public var runningGroups: [pid_t] { state.withLock { Array($0.groups) } }

    /// Records a freshly spawned group; returns false when a termination is under way, in which
    /// case the caller must kill the group itself.
    func register(_ pgid: pid_t) -> Bool {
        state.withLock { s in
            if s.terminating { return false }
            s.groups.insert(pgid)
            return true
        }
    }

    /// Called before the group leader is reaped, so that no signal can reach a recycled id.
    func unregister(_ pgid: pid_t) {
        _ = state.withLock { $0.groups.remove(pgid) }
    }

    /// Sends SIGTERM to every running group, waits up to `graceSeconds` for them to go, then sends
    /// SIGKILL to what is left. Groups started while this runs are killed as they register.
    /// Blocks the calling thread for at most about `graceSeconds`.
    public func terminateAll(graceSeconds: Double = 2) {
        // Signals are sent under the lock: a registered group's leader is not reaped yet (runners
        // unregister first), so its id cannot have been recycled.
        state.withLock { s in
            s.terminating = true
            for g in s.groups { kill(-g, SIGTERM) }
        }
        let deadline = HandlerClock.now() + max(0, graceSeconds)
        while HandlerClock.now() < deadline {
            let anyLeft = state.withLock { s in s.groups.contains { kill(-$0, 0) == 0 } }
            if !anyLeft { break }
            usleep(10_000)
        }
        state.withLock { s in
            for g in s.groups { kill(-g, SIGKILL) }
        }
    }

    /// Lets new groups run again after `terminateAll` (for a host that reuses the dispatcher).
    public func resume() {
        state.withLock { $0.terminating = false }
    }

    /// Installs handlers for `signals` (SIGINT, SIGTERM and SIGHUP by default) that terminate every
    /// process group of this supervisor and then call `onSignal` with the signal number (the CLI
    /// reports the execution ABORTED and exits there). The signals' default actions are replaced
    /// for the rest of the process.
    ///
    /// `immediateExit` (the bytes to write to stderr, by signal) is for a caller with nothing to
    /// complete before it exits: until a command starts, a signal writes its message and exits
    /// with 128 + the signal number from the signal handler itself, and no thread is started for
    /// the signals (see SupervisorSignals). Once a command starts, `onSignal` runs as without it.
    public func installTerminationHandlers(
        signals: [Int32] = [SIGINT, SIGTERM, SIGHUP],
        immediateExit: [Int32: [UInt8]]? = nil,
        onSignal: @escaping @Sendable (Int32) -> Void
    ) {
        SupervisorSignals.install(self, signals: signals, immediateExit: immediateExit, onSignal: onSignal)
    }

    /// What a termination signal does first: records it, then ends every running group.
    func terminate(on signal: Int32) {
        state.withLock { if $0.signal == nil { $0.signal = signal } }
        terminateAll(graceSeconds: 1)
    }
}

/// A monotonic clock for deadlines.
enum HandlerClock {
    /// Seconds since an arbitrary start.
    @inline(__always) static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
