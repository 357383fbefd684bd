import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The raw process plumbing behind `ShellRunner`: pipes, posix_spawn, non-blocking fds.
enum ProcessSpawn {
    /// A connected pair of close-on-exec Unix sockets that keep message boundaries (one request or
    /// reply per `recvmsg`): between sfn and its supervisor, and between the supervisor and a reaper.
    static func messageSocketPair() -> [Int32]? {
        var pair: [Int32] = [-1, -1]
        #if os(Linux)
        let type = Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        #else
        let type = SOCK_STREAM
        #endif
        return socketpair(AF_UNIX, type, 0, &pair) == 0 ? pair : nil
    }

    /// glibc hides `pipe2` and `posix_spawn_file_actions_addchdir_np` behind _GNU_SOURCE, which the
    /// Swift module does not define, so they are looked up at run time.
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32
    private typealias AddChdir =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32
    private typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    private typealias PidfdOpen = @convention(c) (pid_t, UInt32) -> Int32

    private struct Symbols: @unchecked Sendable {
        var pipe2: Pipe2?
        var addChdir: AddChdir?
        var addClosefrom: AddClosefrom?
        var pidfdOpen: PidfdOpen?
    }

    private static let symbols: Symbols = {
        var s = Symbols()
        #if os(Linux)
        if let handle = dlopen(nil, RTLD_NOW) {
            if let p = dlsym(handle, "pipe2") { s.pipe2 = unsafeBitCast(p, to: Pipe2.self) }
            if let p = dlsym(handle, "posix_spawn_file_actions_addchdir_np") {
                s.addChdir = unsafeBitCast(p, to: AddChdir.self)
            }
            if let p = dlsym(handle, "pidfd_open") { s.pidfdOpen = unsafeBitCast(p, to: PidfdOpen.self) }
            if let p = dlsym(handle, "posix_spawn_file_actions_addclosefrom_np") {
                s.addClosefrom = unsafeBitCast(p, to: AddClosefrom.self)
            }
        }
        #endif
        return s
    }()

    /// Writing into a pipe whose reader has gone must give EPIPE, not kill sfn; children get the
    /// default action back through POSIX_SPAWN_SETSIGDEF.
    static let ignoreSIGPIPE: Void = {
        signal(SIGPIPE, SIG_IGN); return ()
    }()

    /// Without pipe2 (not Linux) close-on-exec is set in a second step; spawning there uses
    /// POSIX_SPAWN_CLOEXEC_DEFAULT, so a concurrent spawn cannot inherit the pipe in between.
    private static let fallbackLock = Mutex(())

    /// The process environment (`environ` is not visible to Swift on Darwin).
    static func hostEnvironment() -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> {
        #if canImport(Darwin)
        return _NSGetEnviron().pointee!
        #else
        return environ
        #endif
    }

    /// A close-on-exec pipe: (read end, write end).
    static func makePipe() -> (Int32, Int32)? {
        var fds: [Int32] = [-1, -1]
        if let pipe2 = symbols.pipe2 {
            guard pipe2(&fds, O_CLOEXEC) == 0 else { return nil }
            return (fds[0], fds[1])
        }
        return fallbackLock.withLock { _ -> (Int32, Int32)? in
            guard pipe(&fds) == 0 else { return nil }
            _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
            return (fds[0], fds[1])
        }
    }

    /// `fresh`: a descriptor from `makePipe` with no status flag set yet, whose flags need not be
    /// read first (F_SETFL ignores the access mode): one system call instead of two.
    static func setNonBlocking(_ fd: Int32, fresh: Bool = false) {
        if fresh {
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
            return
        }
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
    }

    /// Child fd numbers: stdin, stdout, stderr, then the heartbeat fd.
    static let heartbeatChildFD: Int32 = 3

    /// Spawns `argv` in a new process group (its pid is the group id) with the given fds as its
    /// stdin/stdout/stderr (and fd 3 when `heartbeat` is given). Returns the pid or an errno.
    /// `executable`, when given, is the file run (found on PATH already), `argv[0]` its name.
    static func spawn(
        argv: [String], searchPath: Bool, environment: [String]?, workingDirectory: String?,
        stdin: Int32, stdout: Int32, stderr: Int32, heartbeat: Int32?, executable: String? = nil
    ) -> Result<pid_t, SpawnErrno> {
        guard !argv.isEmpty else { return .failure(SpawnErrno(EINVAL)) }
        var argv = argv
        var searchPath = searchPath
        var executable = executable
        if executable != nil { searchPath = false }
        if let dir = workingDirectory, symbols.addChdir == nil {
            // No addchdir: let a shell change directory, then exec the real command.
            argv = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", dir, executable ?? argv[0]] + argv.dropFirst()
            executable = nil
            searchPath = false
        }
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t = nil
        var attr: posix_spawnattr_t = nil
        #else
        var actions = posix_spawn_file_actions_t()
        var attr = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attr)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attr)
        }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        if let hb = heartbeat { posix_spawn_file_actions_adddup2(&actions, hb, heartbeatChildFD) }
        // Descriptors the host opened without close-on-exec stay out of commands, too.
        if let addClosefrom = symbols.addClosefrom {
            _ = addClosefrom(&actions, heartbeat == nil ? heartbeatChildFD : heartbeatChildFD + 1)
        }
        if let dir = workingDirectory, let addChdir = symbols.addChdir {
            _ = dir.withCString { addChdir(&actions, $0) }
        }
        var flags = Int32(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        #if canImport(Darwin)
        flags |= Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)
        #endif
        posix_spawnattr_setflags(&attr, Int16(truncatingIfNeeded: flags))
        posix_spawnattr_setpgroup(&attr, 0)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attr, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for sig in [SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGCHLD] { sigaddset(&defaults, sig) }
        posix_spawnattr_setsigdefault(&attr, &defaults)

        // Plain malloc'd arrays: their addresses stay valid for the whole call.
        let cArgs = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: argv.count + 1)
        for (i, a) in argv.enumerated() { cArgs[i] = strdup(a) }
        cArgs[argv.count] = nil
        defer {
            for i in 0..<argv.count { free(cArgs[i]) }
            cArgs.deallocate()
        }
        var cEnv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        if let environment {
            let env = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: environment.count + 1)
            for (i, e) in environment.enumerated() { env[i] = strdup(e) }
            env[environment.count] = nil
            cEnv = env
        }
        defer {
            if let cEnv, let environment {
                for i in 0..<environment.count { free(cEnv[i]) }
                cEnv.deallocate()
            }
        }
        var pid: pid_t = 0
        let envp = cEnv ?? hostEnvironment()
        let rc =
            searchPath
            ? posix_spawnp(&pid, argv[0], &actions, &attr, cArgs, envp)
            : posix_spawn(&pid, executable ?? argv[0], &actions, &attr, cArgs, envp)
        return rc == 0 ? .success(pid) : .failure(SpawnErrno(rc))
    }

    /// True once the process has exited; leaves it a zombie (WNOWAIT) so its pid, and with it the
    /// process group id, cannot be reused while we still signal the group.
    static func hasExited(_ pid: pid_t) -> Bool {
        #if os(Linux)
        var info = siginfo_t()
        let rc = waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT | WNOHANG)
        // ECHILD: someone else reaped it (a host that ignores SIGCHLD): gone all the same.
        if rc < 0 { return errno != EINTR }
        return info._sifields._sigchld.si_pid == pid
        #else
        var info = siginfo_t()
        let rc = waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT | WNOHANG)
        if rc < 0 { return errno != EINTR }
        return info.si_pid == pid
        #endif
    }

    /// A descriptor that polls readable once `pid` exits (Linux 5.3+, glibc 2.36+), or -1.
    static func openPidfd(_ pid: pid_t) -> Int32 {
        guard let open = symbols.pidfdOpen else { return -1 }
        return open(pid, 0)
    }

    /// Reaps the process; returns its raw wait status.
    static func reap(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        return status
    }
}

/// An errno value with its message.
struct SpawnErrno: Error, CustomStringConvertible {
    var code: Int32
    /// Said instead of the errno's message.
    var text: String?
    /// The command did start, and this ended it (its reaper died).
    var afterStart: Bool
    init(_ code: Int32, text: String? = nil, afterStart: Bool = false) {
        self.code = code
        self.text = text
        self.afterStart = afterStart
    }
    var description: String { text ?? String(cString: strerror(code)) }
}
