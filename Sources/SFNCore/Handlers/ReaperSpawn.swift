#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A reaper's spawn of its command on Linux, without glibc's `posix_spawn`: that one's child
/// queries and resets every one of the 64 signals (116 `rt_sigaction` calls), checks each file
/// action's descriptor against the limit (`prlimit64` per action), and maps and unmaps a fresh
/// stack for each spawn. A reaper knows which signals it handles or ignores, and spawns one
/// command at a time, so its child resets those few, on a stack the reaper keeps.
///
/// The child is a `clone(CLONE_VM | CLONE_VFORK)` of the reaper, as in `posix_spawn`: it runs in
/// the reaper's memory while the reaper waits, so it only makes system calls on values prepared
/// beforehand (`Request`, trivial: pointers and integers), allocates nothing and takes no lock
/// (the reaper is single-threaded: no other thread can hold one). All signals are blocked in the
/// reaper around the clone, so none runs a reaper's handler in the child.
enum ReaperSpawn {
    /// What the child needs, prepared by the reaper.
    struct Request {
        var path: UnsafePointer<CChar>
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
        var envp: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
        var stdin: Int32
        var stdout: Int32
        var stderr: Int32
        /// Made the command's fd 3, or -1.
        var heartbeat: Int32
        var workingDirectory: UnsafePointer<CChar>?
        var defaultAction: UnsafePointer<sigaction>
        var emptyMask: UnsafePointer<sigset_t>
        var closeRange: CloseRange
        /// The errno of the step that failed in the child (it then exits), or 0.
        var error: Int32
    }

    typealias CloseRange = @convention(c) (UInt32, UInt32, Int32) -> Int32
    private typealias Clone =
        @convention(c) (
            @convention(c) (UnsafeMutableRawPointer?) -> Int32, UnsafeMutableRawPointer?, Int32,
            UnsafeMutableRawPointer?
        ) -> Int32

    private struct Calls: @unchecked Sendable {
        var clone: Clone
        var closeRange: CloseRange
    }

    /// glibc's `clone` is variadic in C, which Swift cannot call: it is looked up and called with
    /// the four arguments used here (its assembly reads no more). nil where either is missing.
    private static let calls: Calls? = {
        #if os(Linux)
        guard let handle = dlopen(nil, RTLD_NOW), let clone = dlsym(handle, "clone"),
            let closeRange = dlsym(handle, "close_range")
        else { return nil }
        return Calls(
            clone: unsafeBitCast(clone, to: Clone.self), closeRange: unsafeBitCast(closeRange, to: CloseRange.self))
        #else
        return nil
        #endif
    }()

    /// The child's stack, kept for the reaper's next command (64 KiB; the child's frames are few
    /// and small).
    private static let stackSize = 64 << 10
    private nonisolated(unsafe) static var stack: UnsafeMutableRawPointer?

    /// The signals a reaper (and the supervisor it was forked from) handles or ignores, which a
    /// command gets back at their default action; the same set as `ProcessSpawn.spawn`'s
    /// POSIX_SPAWN_SETSIGDEF, and SIGUSR1, the reaper's own handler.
    private static func resetSignals(_ r: UnsafePointer<Request>) {
        _ = sigaction(SIGPIPE, r.pointee.defaultAction, nil)
        _ = sigaction(SIGINT, r.pointee.defaultAction, nil)
        _ = sigaction(SIGTERM, r.pointee.defaultAction, nil)
        _ = sigaction(SIGQUIT, r.pointee.defaultAction, nil)
        _ = sigaction(SIGHUP, r.pointee.defaultAction, nil)
        _ = sigaction(SIGCHLD, r.pointee.defaultAction, nil)
        _ = sigaction(SIGUSR1, r.pointee.defaultAction, nil)
    }

    /// Gives `target` the open file of `source` without close-on-exec.
    private static func place(_ source: Int32, _ target: Int32) -> Bool {
        if source == target { return fcntl(target, F_SETFD, 0) == 0 }
        return dup2(source, target) == target
    }

    /// The child: signals, process group, descriptors, directory, then the command. (fd 3 is
    /// `ProcessSpawn.heartbeatChildFD`, written out: the child reads no global.)
    private static let child: @convention(c) (UnsafeMutableRawPointer?) -> Int32 = { raw in
        let r = UnsafeMutablePointer<Request>(OpaquePointer(raw!))
        resetSignals(r)
        guard setpgid(0, 0) == 0, sigprocmask(SIG_SETMASK, r.pointee.emptyMask, nil) == 0,
            place(r.pointee.stdin, 0), place(r.pointee.stdout, 1), place(r.pointee.stderr, 2),
            r.pointee.heartbeat < 0 || place(r.pointee.heartbeat, 3)
        else {
            r.pointee.error = errno
            _exit(127)
        }
        // Descriptors the reaper holds without close-on-exec stay out of the command too.
        _ = r.pointee.closeRange(UInt32(r.pointee.heartbeat < 0 ? 3 : 4), UInt32.max, 0)
        if let dir = r.pointee.workingDirectory, chdir(dir) != 0 {
            r.pointee.error = errno
            _exit(127)
        }
        execve(r.pointee.path, r.pointee.argv, r.pointee.envp)
        r.pointee.error = errno
        _exit(127)
    }

    /// Spawns `path` (a file, not searched for) with `argv` and `envp` (nil: the reaper's own;
    /// both nil-terminated, as `execve` takes them) in a process group of its own, with the given
    /// descriptors as its standard streams and fd 3. nil when this way is not available here
    /// (then `ProcessSpawn.spawn`).
    static func spawn(
        path: UnsafePointer<CChar>, argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>,
        envp: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, workingDirectory: UnsafePointer<CChar>?,
        stdin: Int32, stdout: Int32, stderr: Int32, heartbeat: Int32?
    ) -> Result<pid_t, SpawnErrno>? {
        guard let calls, argv[0] != nil else { return nil }
        if stack == nil { stack = UnsafeMutableRawPointer.allocate(byteCount: stackSize, alignment: 16) }
        guard let stack else { return nil }
        var action = sigaction()
        sigemptyset(&action.sa_mask)
        action.__sigaction_handler.sa_handler = SIG_DFL
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        var saved = sigset_t()
        return withUnsafePointer(to: &action) { defaultAction in
            withUnsafePointer(to: &empty) { emptyMask in
                var request = Request(
                    path: path, argv: argv, envp: envp ?? ProcessSpawn.hostEnvironment(), stdin: stdin,
                    stdout: stdout, stderr: stderr, heartbeat: heartbeat ?? -1, workingDirectory: workingDirectory,
                    defaultAction: defaultAction, emptyMask: emptyMask, closeRange: calls.closeRange, error: 0)
                pthread_sigmask(SIG_SETMASK, &all, &saved)
                let flags = 0x100 | 0x4000 | SIGCHLD  // CLONE_VM | CLONE_VFORK, and SIGCHLD at its exit
                let pid = withUnsafeMutablePointer(to: &request) {
                    calls.clone(child, stack + stackSize, flags, UnsafeMutableRawPointer($0))
                }
                let cloneErrno = errno
                pthread_sigmask(SIG_SETMASK, &saved, nil)
                if pid < 0 { return .failure(SpawnErrno(cloneErrno)) }
                if request.error != 0 {
                    var status: Int32 = 0
                    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                    return .failure(SpawnErrno(request.error))
                }
                return .success(pid)
            }
        }
    }
}
