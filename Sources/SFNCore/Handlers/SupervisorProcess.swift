import SFNJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The supervisor process of one execution: the parent of every command the execution runs and
/// (on Linux) a child subreaper, so whatever those commands start, even in a session of its own
/// (`setsid`), stays its descendant. When the socket from sfn closes, which the kernel does
/// however sfn ends, `kill -9` included, it kills every descendant and exits: no command
/// outlives sfn. Each command runs below a reaper of its own (`CommandReaper`, forked from
/// this process), which ends what the command left when the command itself ends.
///
/// It runs as a process of its own, started from the same executable with a hidden argument
/// (`sfn __supervise`): a forked copy of sfn that never execs would inherit a multithreaded
/// Swift runtime mid-flight (locks held by other threads), where only async-signal-safe calls
/// are sound; a fresh exec of the same binary needs no second program to install.
public enum SupervisorProcess {
    /// The hidden argument the host program answers by calling `serve()`.
    public static let argument = "__supervise"
    /// The descriptor the socket arrives on.
    static let socketFD: Int32 = 3

    /// Serves requests for new reapers on fd 3 until sfn goes, then ends every descendant and exits.
    public static func serve() -> Never {
        #if os(Linux)
        // PR_SET_CHILD_SUBREAPER: orphans of our commands are reparented to us, not to init.
        _ = prctlSubreaper()
        #endif
        // Ctrl-C reaches the whole foreground group, this process included: sfn decides what
        // ends, and this process cleans up when sfn's socket closes.
        for sig in [SIGINT, SIGHUP, SIGTERM, SIGQUIT, SIGPIPE] { signal(sig, SIG_IGN) }
        ChildSignal.install()
        var pool = ReaperPool()
        let socket = socketFD
        // Only sfn's requests for a new reaper and SIGCHLD wake this process: sfn sends a
        // command to a free reaper of its own.
        var fds = [
            pollfd(fd: socket, events: Int16(POLLIN), revents: 0),
            pollfd(fd: ChildSignal.readFD, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            fds[0].revents = 0
            fds[1].revents = 0
            let ready = poll(&fds, 2, -1)
            if ready < 0 && errno != EINTR { break }
            if ready <= 0 { continue }
            if fds[1].revents != 0 {
                ChildSignal.drain()
                pool.reap()
            }
            if fds[0].revents & Int16(POLLIN) != 0 {
                guard let (payload, received) = SupervisorMessages.receive(socket) else { break }
                pool.dispatch(payload, received)
            } else if fds[0].revents != 0 {
                break
            }
        }
        pool.killEverything()
        exit(0)
    }

    /// Sends one word of a spawn's answer (a pid or minus an errno, then a wait status) to sfn
    /// down a reaper's socket, as a message of its own.
    static func answer(_ value: Int32, _ socket: Int32) {
        var value = value
        _ = withUnsafeBytes(of: &value) { send(socket, $0.baseAddress, 4, Int32(MSG_NOSIGNAL)) }
    }

    static func childPid(_ info: siginfo_t) -> pid_t {
        #if os(Linux)
        return info._sifields._sigchld.si_pid
        #else
        return info.si_pid
        #endif
    }

    /// Every process below `root`, from /proc's parent links.
    static func descendants(of root: pid_t) -> [pid_t] {
        guard let dir = opendir("/proc") else { return [] }
        defer { closedir(dir) }
        var parents: [(pid_t, pid_t)] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let pid = pid_t(name) else { continue }
            if let ppid = parentPid(pid) { parents.append((pid, ppid)) }
        }
        var result: [pid_t] = []
        var frontier: Set<pid_t> = [root]
        while !frontier.isEmpty {
            let next = parents.filter { frontier.contains($0.1) }.map(\.0)
            result += next
            frontier = Set(next)
        }
        return result
    }

    /// The parent pid in /proc/PID/stat (the field after the state, after the command name's
    /// closing parenthesis: a name may hold spaces and parentheses).
    private static func parentPid(_ pid: pid_t) -> pid_t? {
        let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = read(fd, &buffer, buffer.count)
        guard n > 0, let close = buffer[0..<n].lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let fields = buffer[(close + 1)..<n].split(separator: UInt8(ascii: " "))
        guard fields.count > 1 else { return nil }
        return pid_t(String(decoding: fields[1], as: UTF8.self))
    }

    #if os(Linux)
    /// prctl is variadic in C, so Swift cannot call it; it is looked up and called with the two
    /// arguments PR_SET_CHILD_SUBREAPER takes.
    static func prctlSubreaper() -> Int32 {
        typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "prctl") else { return -1 }
        let prctl = unsafeBitCast(symbol, to: Prctl.self)
        let setChildSubreaper: Int32 = 36  // PR_SET_CHILD_SUBREAPER
        return prctl(setChildSubreaper, 1, 0, 0, 0)
    }
    #endif
}

/// SIGCHLD as a readable pipe (the self-pipe trick), so one poll waits for requests and exits.
enum ChildSignal {
    nonisolated(unsafe) static var readFD: Int32 = -1
    nonisolated(unsafe) static var writeFD: Int32 = -1

    static func install() {
        guard let (r, w) = ProcessSpawn.makePipe() else { return }
        ProcessSpawn.setNonBlocking(r)
        ProcessSpawn.setNonBlocking(w)
        readFD = r
        writeFD = w
        signal(SIGCHLD) { _ in
            var byte: UInt8 = 1
            _ = write(ChildSignal.writeFD, &byte, 1)
        }
    }

    static func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readFD, &buffer, buffer.count) > 0 {}
    }
}
