#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A command's own reaper: a process the supervisor forks, a child subreaper that spawns the
/// command and waits for it. Whatever the command starts, even in a session of its own
/// (`setsid`), stays below the reaper until the reaper kills it, so a command's leftovers are
/// told apart from another command's and end with their own command, at its exit, its
/// TimeoutSeconds or its cancellation, not only with the run.
///
/// A reaper runs one command at a time, then waits on its socket to sfn for the next: sfn keeps
/// the sockets of free reapers (`ReaperSockets`) and sends a request straight to one, so a Map of
/// 1,000 commands forks a handful of reapers, not 1,000 (a fork of the supervisor and the exit of
/// the copy cost about as much as the command's own exec), and no command wakes the supervisor.
/// At end-of-file on that socket (sfn let it go, or sfn is gone) the reaper exits.
///
/// The supervisor may fork (rather than exec a fresh program) because it is single-threaded:
/// no other thread can hold a lock the child would inherit. The reaper only makes system calls
/// and small allocations, and leaves with `_exit`.
enum CommandReaper {
    /// The command's pid, in the reaper, for its SIGUSR1 and SIGIO handlers; 0 between commands.
    nonisolated(unsafe) static var command: pid_t = 0
    /// The reaper's socket to sfn, for its SIGIO handler.
    nonisolated(unsafe) static var socket: Int32 = -1

    /// Forks a reaper that runs the request `payload` with `fds` (stdin, stdout, stderr, then the
    /// heartbeat fd), then serves further requests that sfn sends down `socket`, on which it also
    /// answers each: the command's pid (or minus an errno), then its wait status.
    /// The child closes `closeInChild` (the supervisor's own descriptors) first. Returns the
    /// reaper's pid, or the errno of a failed fork (the caller then answers the request).
    static func start(payload: [UInt8], fds: [Int32], socket: Int32, closeInChild: [Int32]) -> Result<
        pid_t, SpawnErrno
    > {
        let reaper = fork()
        if reaper < 0 { return .failure(SpawnErrno(errno)) }
        if reaper == 0 {
            for fd in closeInChild { close(fd) }
            serve(first: payload, fds, socket: socket)
        }
        return .success(reaper)
    }

    /// The reaper's whole life, in the forked child.
    private static func serve(first payload: [UInt8], _ fds: [Int32], socket: Int32) -> Never {
        // The supervisor's SIGCHLD handler writes to its own pipe; here children are waited for.
        signal(SIGCHLD, SIG_DFL)
        // SIGUSR1 from the supervisor, when sfn has gone: the command's group dies at once, as it
        // would by the supervisor's own hand; the rest follows as for any end of the command.
        signal(SIGUSR1) { _ in
            if CommandReaper.command > 0 { kill(-CommandReaper.command, SIGKILL) }
        }
        watchForEndOfFile(socket)
        #if os(Linux)
        _ = SupervisorProcess.prctlSubreaper()
        #endif
        var request: (payload: [UInt8], fds: [Int32])? = (payload, fds)
        while let (payload, fds) = request {
            // The status goes only once the command's leftovers are dead: sfn takes this reaper
            // as free when it has read it, and its next request waits in the socket meanwhile.
            if let status = runOne(payload, fds, socket: socket) { SupervisorProcess.answer(status, socket) }
            // EOF: sfn has gone, or keeps enough free reapers without this one.
            request = SupervisorMessages.receive(socket)
        }
        _exit(0)
    }

    /// Has the kernel send SIGIO when sfn's end of `socket` closes (O_ASYNC), so that a command
    /// dies at once when sfn goes, even if the supervisor went first, without the reaper watching
    /// the socket while it waits for the command. sfn sends nothing to a reaper that is running a
    /// command, so a SIGIO then means end-of-file; one while the reaper is free (a request came)
    /// finds no command to kill.
    private static func watchForEndOfFile(_ socket: Int32) {
        Self.socket = socket
        signal(SIGIO) { _ in
            let command = CommandReaper.command
            guard command > 0 else { return }
            let saved = errno
            var byte: UInt8 = 0
            if recv(CommandReaper.socket, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) == 0 { kill(-command, SIGKILL) }
            errno = saved
        }
        _ = fcntl(socket, F_SETOWN, getpid())
        _ = fcntl(socket, F_SETFL, fcntl(socket, F_GETFL) | O_ASYNC)
    }

    /// Spawns one request's command in a process group of its own, sends its pid (or minus an
    /// errno) to sfn down `socket`, and, when it exits, kills everything it left. Returns its wait
    /// status, or nil when nothing ran; closes the request's descriptors.
    private static func runOne(_ payload: [UInt8], _ fds: [Int32], socket: Int32) -> Int32? {
        guard fds.count >= 3 else {
            for fd in fds { close(fd) }
            SupervisorProcess.answer(-EINVAL, socket)
            return nil
        }
        var payload = payload
        let spawned = payload.withUnsafeMutableBufferPointer { bytes -> Result<pid_t, SpawnErrno> in
            guard let request = SpawnRequest(bytes) else { return .failure(SpawnErrno(EINVAL)) }
            defer { request.release() }
            return spawn(
                request, stdin: fds[0], stdout: fds[1], stderr: fds[2], heartbeat: fds.count >= 4 ? fds[3] : nil)
        }
        // The command's ends of its pipes belong to it alone: sfn must see end-of-file when it ends.
        for fd in fds { close(fd) }
        switch spawned {
        case .success(let command):
            SupervisorProcess.answer(command, socket)
            Self.command = command
        case .failure(let e):
            SupervisorProcess.answer(-e.code, socket)
            return nil
        }
        let status = waitForLeader(Self.command)
        killLeftovers()
        return status
    }

    /// Spawns a request's command: by its file where that is known without a search (`ReaperSpawn`),
    /// else with `posix_spawn`.
    private static func spawn(
        _ request: SpawnRequest, stdin: Int32, stdout: Int32, stderr: Int32, heartbeat: Int32?
    ) -> Result<pid_t, SpawnErrno> {
        let heartbeat = request.heartbeat ? heartbeat : nil
        let name = String(cString: request.argv[0]!)
        let found = request.searchPath ? CommandPath.resolve(name) : nil
        var spawned: Result<pid_t, SpawnErrno>?
        if let found {
            spawned = found.withCString {
                ReaperSpawn.spawn(
                    path: $0, argv: request.argv, envp: request.envp, workingDirectory: request.workingDirectory,
                    stdin: stdin, stdout: stdout, stderr: stderr, heartbeat: heartbeat)
            }
        } else if !request.searchPath {
            spawned = ReaperSpawn.spawn(
                path: request.argv[0]!, argv: request.argv, envp: request.envp,
                workingDirectory: request.workingDirectory, stdin: stdin, stdout: stdout, stderr: stderr,
                heartbeat: heartbeat)
        }
        // No ReaperSpawn here, or a name the search did not resolve: posix_spawn's way.
        let first = spawned ?? posixSpawn(request, stdin, stdout, stderr, heartbeat, executable: found)
        guard case .failure = first, found != nil else { return first }
        // Gone or changed since it was found: search again, as posix_spawnp does.
        CommandPath.forget(name)
        return posixSpawn(request, stdin, stdout, stderr, heartbeat, executable: nil)
    }

    private static func posixSpawn(
        _ request: SpawnRequest, _ stdin: Int32, _ stdout: Int32, _ stderr: Int32, _ heartbeat: Int32?,
        executable: String?
    ) -> Result<pid_t, SpawnErrno> {
        ProcessSpawn.spawn(
            argv: request.arguments, searchPath: request.searchPath, environment: request.environment,
            workingDirectory: request.directory, stdin: stdin, stdout: stdout, stderr: stderr,
            heartbeat: heartbeat, executable: executable)
    }

    /// Waits for the command's leader, reaping whatever else exits meanwhile; kills the rest of
    /// its group while the leader is still a zombie (its id, the group's, cannot be reused yet).
    private static func waitForLeader(_ command: pid_t) -> Int32 {
        while true {
            var info = siginfo_t()
            if waitid(P_ALL, 0, &info, WEXITED | WNOWAIT) != 0 {
                if errno == EINTR { continue }
                Self.command = 0
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
            var reaped: pid_t
            repeat { reaped = waitpid(-1, &status, WNOHANG) } while reaped > 0 || (reaped < 0 && errno == EINTR)
            // The call that found nothing more to reap says whether any child is left at all.
            if reaped < 0 && errno == ECHILD { return }
            for pid in SupervisorProcess.descendants(of: me) { kill(pid, SIGKILL) }
            usleep(1_000)
        }
    }
}
