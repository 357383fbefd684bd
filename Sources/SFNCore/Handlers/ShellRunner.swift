import Dispatch
import SFNJSON
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs commands in their own process groups with JSON on stdin, collecting stdout and stderr
/// concurrently, enforcing timeouts and heartbeats, and killing the group on cancellation.
///
/// Each run blocks one Dispatch worker thread in `poll(2)`; no Foundation.Process, no extra threads.
public struct ShellRunner: Sendable {
    /// How long a group gets between SIGTERM and SIGKILL.
    public var killGraceSeconds: Double = 1
    /// A command writing more than this to stdout is killed and fails.
    public var maxOutputBytes: Int = 1 << 30
    /// How much of stderr is kept for error causes.
    public var stderrTailBytes: Int = 64 << 10
    public var supervisor: ProcessSupervisor = .shared

    /// Name of the environment variable that tells a command its heartbeat fd (set only when the
    /// state has HeartbeatSeconds). Every write to that fd counts as a heartbeat.
    public static let heartbeatEnvironmentVariable = "SFN_HEARTBEAT_FD"

    public init() {}

    /// Each run blocks a thread in poll(2). The global queues cap their threads near the core
    /// count, which would serialise commands on a small machine; a queue of our own is served
    /// by overcommitting threads, one per running command.
    private static let queue = DispatchQueue(label: "sfn.shell-tasks", attributes: .concurrent)

    /// Runs `command` with `input` on stdin. Spawn failures throw States.TaskFailed; everything
    /// else, including timeouts and cancellation, is reported in the outcome.
    public func run(_ command: ShellCommand, input: [UInt8], timeoutSeconds: Double? = nil,
                    heartbeatSeconds: Double? = nil) async throws(StatesError) -> ShellOutcome {
        let control = RunControl()
        let result: Result<ShellOutcome, StatesError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                Self.queue.async {
                    continuation.resume(returning: runBlocking(command, input: input, timeoutSeconds: timeoutSeconds,
                                                               heartbeatSeconds: heartbeatSeconds, control: control))
                }
            }
        } onCancel: {
            control.cancel()
        }
        return try result.get()
    }

    /// The synchronous core of `run`; `control` carries cancellation in from another thread.
    func runBlocking(_ command: ShellCommand, input: [UInt8], timeoutSeconds: Double?, heartbeatSeconds: Double?,
                     control: RunControl) -> Result<ShellOutcome, StatesError> {
        ProcessSpawn.ignoreSIGPIPE
        guard let (inR, inW) = ProcessSpawn.makePipe() else { return .failure(spawnError(command, SpawnErrno(errno))) }
        guard let (outR, outW) = ProcessSpawn.makePipe() else {
            close(inR); close(inW)
            return .failure(spawnError(command, SpawnErrno(errno)))
        }
        guard let (errR, errW) = ProcessSpawn.makePipe() else {
            close(inR); close(inW); close(outR); close(outW)
            return .failure(spawnError(command, SpawnErrno(errno)))
        }
        var hbPipe: (Int32, Int32)?
        if heartbeatSeconds != nil { hbPipe = ProcessSpawn.makePipe() }

        var environment: [String]?
        var overrides = command.environment
        if hbPipe != nil { overrides[Self.heartbeatEnvironmentVariable] = String(ProcessSpawn.heartbeatChildFD) }
        if !overrides.isEmpty { environment = ProcessSpawn.environment(with: overrides) }

        let spawned = ProcessSpawn.spawn(argv: command.argv, searchPath: !command.usesShell, environment: environment,
                                         workingDirectory: command.workingDirectory,
                                         stdin: inR, stdout: outW, stderr: errW, heartbeat: hbPipe?.1)
        close(inR); close(outW); close(errW)
        if let hb = hbPipe { close(hb.1) }
        guard case .success(let pid) = spawned else {
            close(inW); close(outR); close(errR)
            if let hb = hbPipe { close(hb.0) }
            if case .failure(let e) = spawned { return .failure(spawnError(command, e)) }
            return .failure(StatesError("States.TaskFailed", nil))
        }
        if !supervisor.register(pid) { kill(-pid, SIGKILL) }
        if control.attach(pid) { kill(-pid, SIGTERM) }

        let io = ProcessIO(stdin: inW, stdout: outR, stderr: errR, heartbeat: hbPipe?.0, input: input,
                           stderrTailBytes: stderrTailBytes)
        let ending = supervise(pid: pid, io: io, timeoutSeconds: timeoutSeconds, heartbeatSeconds: heartbeatSeconds,
                               control: control)
        // Whatever is left of the group (background jobs) goes with the leader.
        kill(-pid, SIGKILL)
        control.detach()
        supervisor.unregister(pid)
        let status = ProcessSpawn.reap(pid)
        io.closeAll()
        return .success(ShellOutcome(ending: ending, waitStatus: status, stdout: io.stdoutBytes, stderr: io.stderrTail))
    }

    /// The event loop of one run: feeds stdin, drains stdout/stderr, watches heartbeats and
    /// deadlines, and returns once the leader has exited and its pipes are closed.
    private func supervise(pid: pid_t, io: ProcessIO, timeoutSeconds: Double?, heartbeatSeconds: Double?,
                           control: RunControl) -> ShellOutcome.Ending {
        let start = HandlerClock.now()
        let timeoutAt = timeoutSeconds.map { start + $0 }
        var heartbeatAt = heartbeatSeconds.map { start + $0 }
        var ending = ShellOutcome.Ending.finished
        var termSentAt: Double?
        var killed = false
        var leaderGoneAt: Double?
        var backoffMicros: UInt32 = 20
        io.writeInput()
        while true {
            let now = HandlerClock.now()
            if termSentAt == nil {
                if control.isCancelled { ending = .cancelled }
                else if let t = timeoutAt, now >= t { ending = .timedOut }
                else if let h = heartbeatAt, now >= h { ending = .heartbeatTimedOut }
                else if io.stdoutBytes.count > maxOutputBytes { ending = .outputTooLarge }
                if ending != .finished {
                    kill(-pid, ending == .outputTooLarge ? SIGKILL : SIGTERM)
                    termSentAt = now
                }
            }
            if let t = termSentAt, !killed, now >= t + killGraceSeconds {
                kill(-pid, SIGKILL)
                killed = true
            }
            if !io.outputOpen {
                if ProcessSpawn.hasExited(pid) { return ending }
                // Pipes are closed but the leader lingers a moment (or keeps running): back off.
                if io.heartbeat >= 0 {
                    if io.poll(timeoutMs: 0) > 0 { io.handleEvents(onHeartbeat: { heartbeatAt = now + (heartbeatSeconds ?? 0) }) }
                }
                usleep(backoffMicros)
                backoffMicros = min(backoffMicros * 2, 10_000)
                continue
            }
            var waitMs = 50.0
            if termSentAt == nil {
                if let t = timeoutAt { waitMs = min(waitMs, (t - now) * 1000) }
                if let h = heartbeatAt { waitMs = min(waitMs, (h - now) * 1000) }
            } else if !killed, let t = termSentAt {
                waitMs = min(waitMs, (t + killGraceSeconds - now) * 1000)
            }
            let ready = io.poll(timeoutMs: Int32(max(0, waitMs.rounded(.up))))
            if ready > 0 {
                io.handleEvents(onHeartbeat: { heartbeatAt = HandlerClock.now() + (heartbeatSeconds ?? 0) })
            } else if ready == 0, leaderGoneAt == nil, ProcessSpawn.hasExited(pid) {
                // The leader is gone but something it started still holds the pipes open.
                leaderGoneAt = now
                kill(-pid, SIGKILL)
            } else if ready == 0, let gone = leaderGoneAt, now - gone > 0.5 {
                // A holder outside the group (it called setsid) keeps the pipes: stop waiting.
                return ending
            }
        }
    }

    private func spawnError(_ command: ShellCommand, _ e: SpawnErrno) -> StatesError {
        StatesError("States.TaskFailed", "The command '\(command.line)' could not be started: \(e)")
    }
}

/// Cancellation state shared between a run's thread and the task's cancellation handler.
final class RunControl: Sendable {
    private struct State { var pid: pid_t?; var cancelled = false }
    private let state = HandlerLock(State())

    var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Records the running pid; returns true if cancellation already happened.
    func attach(_ pid: pid_t) -> Bool { state.withLock { $0.pid = pid; return $0.cancelled } }

    /// Forgets the pid before it is reaped, so no signal can reach a recycled id.
    func detach() { state.withLock { $0.pid = nil } }

    func cancel() {
        state.withLock { s in
            s.cancelled = true
            if let pid = s.pid { kill(-pid, SIGTERM) }
        }
    }
}
