#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One command's own reaper: a process the supervisor forks per command, a child subreaper that
/// spawns the command and waits for it. Whatever the command starts, even in a session of its
/// own (`setsid`), stays below the reaper until the reaper kills it, so a command's leftovers are
/// told apart from another command's and end with their own command, at its exit, its
/// TimeoutSeconds or its cancellation, not only with the run.
///
/// The supervisor may fork (rather than exec a fresh program) because it is single-threaded:
/// no other thread can hold a lock the child would inherit. The reaper only makes system calls
/// and small allocations before it exits with `_exit`.
enum CommandReaper {
    /// The command's pid, in the reaper, for its SIGUSR1 handler.
    nonisolated(unsafe) static var command: pid_t = 0

    /// Forks a reaper that spawns `argv` in a process group of its own, writes the command's pid
    /// (or minus an errno) down `replyPipe` itself (so the supervisor is free at once), and,
    /// when the command exits, kills everything the command left, then writes its 4-byte wait
    /// status to `statusPipe`. Returns the reaper's pid, or the errno of a failed fork (the
    /// caller then answers).
    static func start(
        argv: [String], searchPath: Bool, environment: [String]?, workingDirectory: String?,
        stdin: Int32, stdout: Int32, stderr: Int32, heartbeat: Int32?, statusPipe: Int32,
        replyPipe: Int32, closeInChild: [Int32]
    ) -> Result<pid_t, SpawnErrno> {
        let reaper = fork()
        if reaper < 0 { return .failure(SpawnErrno(errno)) }
        if reaper == 0 {
            for fd in closeInChild { close(fd) }
            run(
                argv: argv, searchPath: searchPath, environment: environment, workingDirectory: workingDirectory,
                stdin: stdin, stdout: stdout, stderr: stderr, heartbeat: heartbeat, statusPipe: statusPipe,
                reply: replyPipe)
        }
        return .success(reaper)
    }

    /// The reaper's whole life, in the forked child.
    private static func run(
        argv: [String], searchPath: Bool, environment: [String]?, workingDirectory: String?,
        stdin: Int32, stdout: Int32, stderr: Int32, heartbeat: Int32?, statusPipe: Int32, reply: Int32
    ) -> Never {
        // The supervisor's SIGCHLD handler writes to its own pipe; here children are waited for.
        signal(SIGCHLD, SIG_DFL)
        // SIGUSR1 from the supervisor, when sfn has gone: the command's group dies at once, as it
        // would by the supervisor's own hand; the rest follows as for any end of the command.
        signal(SIGUSR1) { _ in
            if CommandReaper.command > 0 { kill(-CommandReaper.command, SIGKILL) }
        }
        #if os(Linux)
        _ = SupervisorProcess.prctlSubreaper()
        #endif
        let spawned = ProcessSpawn.spawn(
            argv: argv, searchPath: searchPath, environment: environment, workingDirectory: workingDirectory,
            stdin: stdin, stdout: stdout, stderr: stderr, heartbeat: heartbeat)
        // The command's ends of its pipes belong to it alone: sfn must see end-of-file when it ends.
        close(stdin)
        close(stdout)
        close(stderr)
        if let heartbeat { close(heartbeat) }
        let answer: Int32
        switch spawned {
        case .success(let pid): answer = pid
        case .failure(let e): answer = -e.code
        }
        SupervisorProcess.answer(answer, reply)
        close(reply)
        guard case .success(let command) = spawned else { _exit(0) }
        Self.command = command

        var status = waitForLeader(command)
        killLeftovers()
        _ = withUnsafeBytes(of: &status) { write(statusPipe, $0.baseAddress, 4) }
        _exit(0)
    }

    /// Waits for the command's leader, reaping whatever else exits meanwhile; kills the rest of
    /// its group while the leader is still a zombie (its id, the group's, cannot be reused yet).
    private static func waitForLeader(_ command: pid_t) -> Int32 {
        while true {
            var info = siginfo_t()
            if waitid(P_ALL, 0, &info, WEXITED | WNOWAIT) != 0 {
                if errno == EINTR { continue }
                return SIGKILL
            }
            let pid = SupervisorProcess.childPid(info)
            if pid == command {
                kill(-command, SIGKILL)
                // Once reaped, its id may be reused: the SIGUSR1 handler must not signal it.
                Self.command = 0
            }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            if pid == command { return status }
        }
    }

    /// Kills every descendant left. As subreaper this process adopts the orphans of whatever it
    /// kills, so a live descendant always has a live chain up to it: no child left means none
    /// left at all, and the common case (nothing left) costs one `waitpid`.
    private static func killLeftovers() {
        let me = getpid()
        for _ in 0..<2000 {
            var status: Int32 = 0
            while waitpid(-1, &status, WNOHANG) > 0 {}
            if waitpid(-1, &status, WNOHANG) < 0 && errno == ECHILD { return }
            for pid in SupervisorProcess.descendants(of: me) { kill(pid, SIGKILL) }
            usleep(1_000)
        }
    }
}
