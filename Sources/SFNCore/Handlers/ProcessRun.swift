#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One running command as the event loop sees it: its pipes, its deadlines and how it ends.
/// Created by the spawning task, then owned by the loop thread.
// @unchecked: handed over exactly once, through the loop's incoming queue; from then on only the
// loop thread touches it.
final class ProcessRun: @unchecked Sendable {
    let pid: pid_t
    let io: ProcessIO
    /// A descriptor that becomes readable when the leader exits (Linux pidfd), or -1.
    private(set) var pidfd: Int32
    /// Under a supervisor process: the pipe its wait status arrives on (the supervisor, its
    /// parent, reaps it and has already killed the rest of its group by then); else -1.
    private(set) var statusFD: Int32
    private var supervisedStatus: Int32?
    let control: RunControl
    let supervisor: ProcessSupervisor
    private let timeoutAt: Double?
    private var heartbeatAt: Double?
    private let heartbeatSeconds: Double?
    private let killGraceSeconds: Double
    private let maxOutputBytes: Int
    private let completion: (ShellOutcome) -> Void

    private var ending = ShellOutcome.Ending.finished
    private var termSentAt: Double?
    private var killed = false
    /// Set once the leader is known to have exited (it stays a zombie until `finish`).
    private(set) var exited = false
    private var leaderGoneAt: Double?
    private var lastExitCheck = 0.0

    /// How long pipes held open by something outside the group may delay the end of a run.
    private static let strayHolderGrace = 0.5
    /// How often the leader is polled for exit while its pipes are open, without a pidfd.
    private static let exitCheckInterval = 0.05

    init(
        pid: pid_t, statusFD: Int32 = -1, io: ProcessIO, control: RunControl, supervisor: ProcessSupervisor,
        start: Double,
        timeoutSeconds: Double?, heartbeatSeconds: Double?, killGraceSeconds: Double, maxOutputBytes: Int,
        completion: @escaping (ShellOutcome) -> Void
    ) {
        self.pid = pid
        self.io = io
        self.statusFD = statusFD
        self.pidfd = statusFD >= 0 ? -1 : ProcessSpawn.openPidfd(pid)
        self.control = control
        self.supervisor = supervisor
        self.timeoutAt = timeoutSeconds.map { start + $0 }
        self.heartbeatAt = heartbeatSeconds.map { start + $0 }
        self.heartbeatSeconds = heartbeatSeconds
        self.killGraceSeconds = killGraceSeconds
        self.maxOutputBytes = maxOutputBytes
        self.completion = completion
    }

    /// Enforces cancellation, TimeoutSeconds, HeartbeatSeconds and the output limit; notices the
    /// leader's exit. Returns the time by which the loop must look again.
    func check(now: Double) -> Double {
        if termSentAt == nil {
            if control.isCancelled {
                ending = .cancelled
            } else if let t = timeoutAt, now >= t {
                ending = .timedOut
            } else if let h = heartbeatAt, now >= h {
                ending = .heartbeatTimedOut
            } else if io.stdoutBytes.count > maxOutputBytes {
                ending = .outputTooLarge
            }
            if ending != .finished {
                killed = ending == .outputTooLarge
                kill(-pid, killed ? SIGKILL : SIGTERM)
                termSentAt = now
            }
        }
        if let t = termSentAt, !killed, now >= t + killGraceSeconds {
            kill(-pid, SIGKILL)
            killed = true
        }
        if !exited, pidfd < 0, statusFD < 0, !io.outputOpen || now - lastExitCheck >= Self.exitCheckInterval {
            lastExitCheck = now
            exited = ProcessSpawn.hasExited(pid)
        }
        if exited, io.outputOpen, leaderGoneAt == nil {
            // The leader is gone but something it started still holds the pipes: end the group.
            leaderGoneAt = now
            if statusFD < 0 { kill(-pid, SIGKILL) }
        }

        var next = Double.infinity
        if termSentAt == nil {
            if let t = timeoutAt { next = min(next, t) }
            if let h = heartbeatAt { next = min(next, h) }
        } else if !killed, let t = termSentAt {
            next = min(next, t + killGraceSeconds)
        }
        if let gone = leaderGoneAt { next = min(next, gone + Self.strayHolderGrace) }
        if !exited, pidfd < 0, statusFD < 0 {
            // Without a pidfd, exits are found by polling: briefly once the pipes are closed.
            next = min(next, io.outputOpen ? lastExitCheck + Self.exitCheckInterval : now + 0.001)
        }
        return next
    }

    /// True when the run can be finished: the leader has exited and its output is read (or
    /// something outside the group has held the pipes for too long).
    func isDone(now: Double) -> Bool {
        guard exited else { return false }
        if !io.outputOpen { return true }
        if let gone = leaderGoneAt, now - gone > Self.strayHolderGrace { return true }
        return false
    }

    /// Adds this run's descriptors to a poll set.
    func addPollFDs(to fds: inout [pollfd]) {
        io.addPollFDs(to: &fds)
        if pidfd >= 0, !exited { fds.append(pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)) }
        if statusFD >= 0, !exited { fds.append(pollfd(fd: statusFD, events: Int16(POLLIN), revents: 0)) }
    }

    /// Handles readiness of one of this run's descriptors.
    func handle(fd: Int32, revents: Int16) {
        if fd == pidfd {
            exited = true
            return
        }
        if fd == statusFD {
            // Four bytes of wait status; EOF alone means the supervisor died (the command with it).
            var status: Int32 = 0
            let n = withUnsafeMutableBytes(of: &status) { read(statusFD, $0.baseAddress, 4) }
            if n < 0 && (errno == EINTR || errno == EAGAIN) { return }
            supervisedStatus = n == 4 ? status : SIGKILL
            exited = true
            return
        }
        io.handle(fd: fd, revents: revents) { [self] in
            if let h = heartbeatSeconds { heartbeatAt = HandlerClock.now() + h }
        }
    }

    /// Kills what is left of the group, reaps the leader and reports the outcome.
    func finish() {
        // A supervised command's group was killed by its supervisor before the leader was reaped:
        // its id may already belong to another process.
        if statusFD < 0 { kill(-pid, SIGKILL) }
        control.detach()
        supervisor.unregister(pid)
        let status = statusFD >= 0 ? (supervisedStatus ?? SIGKILL) : ProcessSpawn.reap(pid)
        if pidfd >= 0 { close(pidfd); pidfd = -1 }
        if statusFD >= 0 { close(statusFD); statusFD = -1 }
        io.closeAll()
        completion(ShellOutcome(ending: ending, waitStatus: status, stdout: io.stdoutBytes, stderr: io.stderrTail))
    }
}
