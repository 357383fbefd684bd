import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The termination signals of `ProcessSupervisor.installTerminationHandlers`, without Dispatch:
/// a plain signal handler writes the signal's number down a pipe, and a thread of our own reads
/// it and does the work (ending the commands, the caller's report), which a signal handler may
/// not. Dispatch's signal sources started libdispatch's manager thread and its epoll set in
/// every run (issue 18: start-up).
///
/// The thread itself is started only when it has work to do: at once for a caller that gives no
/// `ImmediateExit`, otherwise when the first command is about to start. Until then a signal takes
/// the immediate exit: the handler writes its message to stderr and `_exit`s, all of which is
/// async-signal-safe. That is only right while nothing needs ending or completing, which is the
/// caller's to say.
enum SupervisorSignals {
    private struct Registration {
        var supervisor: ProcessSupervisor
        var onSignal: @Sendable (Int32) -> Void
    }

    private struct State {
        var registrations: [Registration] = []
        var installed: Set<Int32> = []
        var watching = false
        /// A registration that asked for the watcher only once commands start.
        var deferred = false
    }

    private static let state = Mutex(State())

    // Read by the signal handler: atomics (lock-free), and an immutable table set before the
    // handler is installed and never freed.
    private static let pipeWriteEnd = Atomic<Int32>(-1)
    private static let immediateTable = Atomic<UInt>(0)

    /// The table the handler reads: 65 slots of (pointer to the message, length), by signal.
    private typealias Slot = (UnsafePointer<UInt8>?, Int)

    static func install(
        _ supervisor: ProcessSupervisor, signals: [Int32], immediateExit: [Int32: [UInt8]]?,
        onSignal: @escaping @Sendable (Int32) -> Void
    ) {
        // Touch the atomics now: a static's first use runs its initializer, which the handler
        // must not be the one to do.
        _ = pipeWriteEnd.load(ordering: .relaxed)
        if let immediateExit, immediateTable.load(ordering: .acquiring) == 0 {
            let table = UnsafeMutablePointer<Slot>.allocate(capacity: 65)
            table.initialize(repeating: (nil, 0), count: 65)
            for (sig, bytes) in immediateExit where sig > 0 && sig < 65 {
                let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
                copy.initialize(from: bytes, count: bytes.count)
                table[Int(sig)] = (UnsafePointer(copy), bytes.count)
            }
            immediateTable.store(UInt(bitPattern: table), ordering: .releasing)
        }
        let startNow = state.withLock { s -> Bool in
            s.registrations.append(Registration(supervisor: supervisor, onSignal: onSignal))
            if immediateExit == nil { return !s.watching } else { s.deferred = true }
            return false
        }
        if startNow { startWatcher() }
        // A parent may have started sfn with these signals blocked (a process spawned from a
        // Dispatch worker inherits its mask): Dispatch's signal sources read them anyway, a
        // handler needs them unblocked. This thread unblocks them (the main thread, in the CLI).
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for sig in signals { sigaddset(&unblock, sig) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        for sig in signals where state.withLock({ $0.installed.insert(sig).inserted }) {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = handleSignal
            #else
            action.__sigaction_u.__sa_handler = handleSignal
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(sig, &action, nil)
        }
    }

    /// Called before a command starts: from then on a signal has commands to end.
    static func commandStarting() {
        if pipeWriteEnd.load(ordering: .relaxed) >= 0 { return }
        if state.withLock({ $0.deferred && !$0.watching }) { startWatcher() }
    }

    private static let handleSignal: @convention(c) (Int32) -> Void = { sig in
        let saved = errno
        defer { errno = saved }
        let fd = SupervisorSignals.pipeWriteEnd.load(ordering: .acquiring)
        if fd >= 0 {
            var number = sig
            _ = write(fd, &number, MemoryLayout<Int32>.size)
            return
        }
        let raw = SupervisorSignals.immediateTable.load(ordering: .acquiring)
        guard raw != 0, sig > 0, sig < 65, let table = UnsafePointer<Slot>(bitPattern: raw) else { return }
        let (bytes, count) = table[Int(sig)]
        if let bytes {
            var done = 0
            while done < count {
                let n = write(STDERR_FILENO, bytes + done, count - done)
                if n <= 0 { break }
                done += n
            }
        }
        _exit(128 + sig)
    }

    private static func startWatcher() {
        let started = state.withLock { s -> Bool in
            if s.watching { return false }
            s.watching = true
            return true
        }
        guard started else { return }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
        let readEnd = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        readEnd.initialize(to: fds[0])
        var thread = pthread_t()
        #if canImport(Glibc)
        let created = pthread_create(
            &thread, nil,
            { arg in
                SupervisorSignals.watch(arg!.assumingMemoryBound(to: Int32.self).pointee)
                return nil
            }, readEnd)
        #else
        let created = pthread_create(
            &thread, nil,
            { arg in
                SupervisorSignals.watch(arg.assumingMemoryBound(to: Int32.self).pointee)
                return nil
            }, readEnd)
        #endif
        guard created == 0 else { return }
        pthread_detach(thread)
        pipeWriteEnd.store(fds[1], ordering: .releasing)
    }

    /// The watcher thread: each signal number read ends every registered supervisor's
    /// commands, then calls the registrations' handlers (the CLI's exits).
    private static func watch(_ fd: Int32) {
        while true {
            var sig: Int32 = 0
            let n = read(fd, &sig, MemoryLayout<Int32>.size)
            if n < 0 && errno == EINTR { continue }
            guard n == MemoryLayout<Int32>.size else { return }
            let registrations = state.withLock { $0.registrations }
            for r in registrations { r.supervisor.terminate(on: sig) }
            for r in registrations { r.onSignal(sig) }
        }
    }
}
