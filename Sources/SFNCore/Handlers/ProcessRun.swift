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
    /// The group leader; 0 under a supervisor until its reaper has said (the first word on the
    /// reaper's socket).
    private(set) var pid: pid_t
    let io: ProcessIO
    /// A descriptor that becomes readable when the leader exits (Linux pidfd), or -1.
    private(set) var pidfd: Int32
    /// Under a supervisor process: the reaper's socket, on which its pid, then its wait status,
    /// arrive (the reaper, its parent, reaps it and has already killed the rest of its group by
    /// then); else -1.
    private(set) var statusFD: Int32
    private var supervisedStatus: Int32?
    /// The reaper that runs the command (under a supervisor), free again once its status came.
    struct Reaper {
        /// sfn's end of the reaper's socket.
        var socket: Int32
        var pool: ReaperSockets
    }
    private let reaper: Reaper?
    /// The wait status came from the reaper (not the end of its socket): the reaper has killed
    /// what the command left and waits for its next request.
    private var reaperFree = false
    /// Why the supervisor's reaper could not start the command, or lost it.
    private var spawnFailure: SpawnErrno?
    let control: RunControl
    let supervisor: ProcessSupervisor
    private let timeoutAt: Double?
    private var heartbeatAt: Double?
    private let heartbeatSeconds: Double?
    private let killGraceSeconds: Double
    private let maxOutputBytes: Int
    private let completion: (Result<ShellOutcome, SpawnErrno>) -> Void

    private var ending = ShellOutcome.Ending.finished
    private var termSentAt: Double?
    private var killed = false
    /// Set once the leader is known to have exited (it stays a zombie until `finish`).
    private(set) var exited = false
    private var leaderGoneAt: Double?
    private var lastExitCheck = 0.0
    /// The event loop's number for this run, in the tags of its epoll reports.
    var loopID: UInt32 = 0
    /// Called with a descriptor the event loop watches when it is no longer to be watched
    /// (before it is closed, or once it has said all it will); nil under poll(2).
    var unwatch: ((Int32) -> Void)? {
        didSet { io.unwatch = unwatch }
    }
    /// The reaper's socket or pidfd is out of the epoll set (it stays readable once the leader is
    /// gone, and the run may wait for its output a while longer).
    private var exitUnwatched = false

    /// How long pipes held open by something outside the group may delay the end of a run.
    private static let strayHolderGrace = 0.5
    /// How often the leader is polled for exit while its pipes are open, without a pidfd.
    private static let exitCheckInterval = 0.05

    init(
        pid: pid_t, reaper: Reaper? = nil, io: ProcessIO, control: RunControl,
        supervisor: ProcessSupervisor,
        start: Double,
        timeoutSeconds: Double?, heartbeatSeconds: Double?, killGraceSeconds: Double, maxOutputBytes: Int,
        completion: @escaping (Result<ShellOutcome, SpawnErrno>) -> Void
    ) {
        self.pid = pid
        self.io = io
        self.statusFD = reaper?.socket ?? -1
        self.reaper = reaper
        self.pidfd = reaper != nil ? -1 : ProcessSpawn.openPidfd(pid)
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
                // Without a pid yet, the signal goes when it comes (`learnPid`).
                if pid > 0 { kill(-pid, killed ? SIGKILL : SIGTERM) }
                termSentAt = now
            }
        }
        if let t = termSentAt, !killed, now >= t + killGraceSeconds {
            if pid > 0 { kill(-pid, SIGKILL) }
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

    /// The first time the loop must look at this run without any of its descriptors being
    /// ready (its TimeoutSeconds, HeartbeatSeconds, a cancellation, or exit polling without a
    /// pidfd): a run added to a sleeping loop wakes it only when this comes before its wake-up.
    var firstDeadline: Double {
        if control.isCancelled || (pidfd < 0 && statusFD < 0) { return 0 }
        return min(timeoutAt ?? .infinity, heartbeatAt ?? .infinity)
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
            unwatchExit(pidfd)
            return
        }
        if fd == statusFD {
            readStatus()
            if exited { unwatchExit(statusFD) }
            return
        }
        io.handle(fd: fd, revents: revents) { [self] in
            if let h = heartbeatSeconds { heartbeatAt = HandlerClock.now() + h }
        }
    }

    private func unwatchExit(_ fd: Int32) {
        guard !exitUnwatched else { return }
        exitUnwatched = true
        unwatch?(fd)
    }

    /// Reads the reaper's answers: the pid (or minus an errno), then the wait status, a 4-byte
    /// message each. End-of-file before them means the reaper died (or the supervisor, before it
    /// forked one).
    private func readStatus() {
        while !exited {
            var word: Int32 = 0
            let n = recv(statusFD, &word, 4, Int32(MSG_DONTWAIT))
            if n < 0 && errno == EINTR { continue }
            if n < 0 && errno == EAGAIN { return }
            if n <= 0 {
                if pid == 0 && spawnFailure == nil {
                    spawnFailure = SpawnErrno(EPIPE, text: "the supervisor process or its reaper has ended")
                } else if supervisedStatus == nil {
                    // The reaper died mid-command (killed from outside): nothing can say how the
                    // command ended, and what it started is no longer below a reaper of its own.
                    supervisedStatus = SIGKILL
                    spawnFailure = SpawnErrno(
                        EPIPE, text: "the reaper process that ran it has ended before it did", afterStart: true)
                }
                exited = true
                return
            }
            if pid == 0 && spawnFailure == nil {
                // The status comes much later, as a rule: no second `recv` to find it missing (the
                // set is level-triggered, so one already there is reported at once).
                learnPid(word)
                return
            } else {
                supervisedStatus = word
                reaperFree = true
                exited = true
            }
        }
    }

    /// The reaper's answer: the command runs as `value`, or could not start (minus an errno).
    private func learnPid(_ value: Int32) {
        guard value > 0 else {
            spawnFailure = SpawnErrno(value < 0 ? -value : EIO)
            exited = true
            return
        }
        pid = value
        if !supervisor.register(pid) { kill(-pid, SIGKILL) }
        if control.attach(pid) { kill(-pid, SIGTERM) }
        // Cancelled, timed out or over its output limit before it ran: the signal it missed.
        if termSentAt != nil { kill(-pid, killed ? SIGKILL : SIGTERM) }
    }

    /// Kills what is left of the group, reaps the leader and reports the outcome.
    func finish() {
        // A supervised command's group was killed by its supervisor before the leader was reaped:
        // its id may already belong to another process.
        if statusFD < 0 { kill(-pid, SIGKILL) }
        control.detach()
        if pid > 0 { supervisor.unregister(pid) }
        let status = statusFD >= 0 ? (supervisedStatus ?? SIGKILL) : ProcessSpawn.reap(pid)
        if pidfd >= 0 {
            unwatchExit(pidfd)
            close(pidfd)
            pidfd = -1
        }
        if let reaper {
            // Out of the epoll set before another run can take it.
            unwatchExit(statusFD)
            statusFD = -1
            // A reaper that died, or whose command never ran, is not asked again.
            if reaperFree { reaper.pool.put(reaper.socket) } else { close(reaper.socket) }
        }
        io.closeAll()
        if let spawnFailure {
            completion(.failure(spawnFailure))
            return
        }
        completion(
            .success(ShellOutcome(ending: ending, waitStatus: status, stdout: io.stdoutBytes, stderr: io.stderrTail)))
    }
}
