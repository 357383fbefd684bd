import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One thread that watches every running command at once: feeds stdin, drains stdout/stderr,
/// counts heartbeats, enforces deadlines and reaps. No thread per command, so a Map running
/// hundreds of commands at a time costs hundreds of processes and nothing more.
///
/// On Linux the descriptors are in an epoll set (`EpollSet`) that the spawning task adds a new
/// run's descriptors to itself: the loop is woken by I/O, not by every new command (a wake-up
/// is a context switch, and on a virtual machine an interrupt between processors). Elsewhere,
/// poll(2) over a set rebuilt each turn, and a wake through the pipe for each new run.
final class ProcessEventLoop: @unchecked Sendable {
    static let shared = ProcessEventLoop()

    struct Incoming {
        /// Runs handed over by spawning tasks, adopted by the loop thread on its next turn.
        var runs: [ProcessRun] = []
        var started = false
        /// The next `ProcessRun.loopID`.
        var nextID: UInt32 = 1
        /// When the loop, about to sleep with no run left to adopt, will look at its runs
        /// again: a run due earlier wakes it.
        var sleepUntil = 0.0
    }
    private let incoming = Mutex(Incoming())
    /// nil where epoll is missing: then poll(2).
    let epoll = EpollSet.make()
    static let wakeTag = UInt64.max
    /// Owned by the loop thread: runs by `loopID` (epoll), and the buffer epoll reports into.
    var byID: [UInt32: ProcessRun] = [:]
    let epollEvents = UnsafeMutableRawPointer.allocate(byteCount: 64 * EpollSet.eventStride, alignment: 8)
    /// Written to wake the loop from poll (new runs, cancellations).
    let wakeRead: Int32
    private let wakeWrite: Int32
    /// Owned by the loop thread.
    var runs: [ProcessRun] = []
    private var pollFDs: [pollfd] = []
    private var owners: [Int] = []

    private init() {
        let pipe = ProcessSpawn.makePipe() ?? (-1, -1)
        wakeRead = pipe.0
        wakeWrite = pipe.1
        ProcessSpawn.setNonBlocking(wakeRead)
        ProcessSpawn.setNonBlocking(wakeWrite)
        if let epoll, wakeRead >= 0 { epoll.add(wakeRead, events: Int16(POLLIN), tag: Self.wakeTag) }
    }

    /// Hands a freshly spawned run to the loop. Called by the task that made it, which still
    /// owns it: the input goes down the pipe from here (all of it, when it fits).
    func add(_ run: ProcessRun) {
        run.io.writeInput()
        guard let epoll, wakeRead >= 0 else {
            _ = startIfNeeded { $0.runs.append(run) }
            wake()
            return
        }
        var watched: [pollfd] = []
        run.addPollFDs(to: &watched)
        run.unwatch = { epoll.remove($0) }
        var due = false
        // Added under the lock: a report for this run that comes before the loop adopts it
        // finds it in `incoming` once the lock is free (`ProcessEventLoop.run(for:)`).
        let started = startIfNeeded { state in
            run.loopID = state.nextID
            state.nextID &+= 1
            state.runs.append(run)
            let tag = UInt64(run.loopID) << 32
            for p in watched { epoll.add(p.fd, events: p.events, tag: tag | UInt64(UInt32(bitPattern: p.fd))) }
            due = run.firstDeadline < state.sleepUntil
        }
        if due && !started { wake() }
    }

    /// Runs `update` on the incoming state and starts the loop thread on the first call;
    /// true when it started it (a new thread looks at every run first).
    private func startIfNeeded(_ update: (inout Incoming) -> Void) -> Bool {
        let start = incoming.withLock { state -> Bool in
            update(&state)
            defer { state.started = true }
            return !state.started
        }
        if start {
            let thread = Thread { [self] in loop() }
            thread.name = "sfn.process-loop"
            thread.start()
        }
        return start
    }

    /// Makes the loop look at every run again (a cancellation came in).
    func wake() {
        var byte: UInt8 = 1
        // A full pipe already means a pending wake-up.
        _ = write(wakeWrite, &byte, 1)
    }

    private func loop() {
        if let epoll, wakeRead >= 0 {
            while true { epollTurn(epoll) }
        }
        while true { turn() }
    }

    /// Publishes when the loop will next look at its runs unprompted, unless runs came in
    /// meanwhile: true when it may sleep.
    func maySleep(until deadline: Double) -> Bool {
        incoming.withLock { state in
            guard state.runs.isEmpty else { return false }
            state.sleepUntil = deadline
            return true
        }
    }

    /// Enforces every run's deadlines and finishes those that are done; returns when the loop
    /// must look again (at most a second from `now`).
    func checkRuns(now: Double) -> Double {
        var deadline = now + 1
        var i = 0
        while i < runs.count {
            let run = runs[i]
            deadline = min(deadline, run.check(now: now))
            if run.isDone(now: now) {
                runs.swapAt(i, runs.count - 1)
                runs.removeLast()
                if epoll != nil && wakeRead >= 0 { byID[run.loopID] = nil }
                run.finish()
            } else {
                i += 1
            }
        }
        return deadline
    }

    private func turn() {
        var now = HandlerClock.now()
        var deadline = checkRuns(now: now)

        if wakeRead < 0 {
            // No wake pipe (descriptors ran out at start-up): look for new runs often instead.
            adoptIncoming()
            deadline = min(deadline, now + 0.001)
        }
        pollFDs.removeAll(keepingCapacity: true)
        owners.removeAll(keepingCapacity: true)
        pollFDs.append(pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0))
        owners.append(-1)
        for (index, run) in runs.enumerated() {
            let before = pollFDs.count
            run.addPollFDs(to: &pollFDs)
            for _ in before..<pollFDs.count { owners.append(index) }
        }
        now = HandlerClock.now()
        let waitMs = max(0, min(1000, ((deadline - now) * 1000).rounded(.up)))
        let count = nfds_t(pollFDs.count)
        let ready = pollFDs.withUnsafeMutableBufferPointer { systemPollFDs($0.baseAddress!, count, Int32(waitMs)) }
        guard ready > 0 else { return }
        for (k, p) in pollFDs.enumerated() where p.revents != 0 {
            let owner = owners[k]
            if owner < 0 {
                drainWakePipe()
                adoptIncoming()
            } else {
                runs[owner].handle(fd: p.fd, revents: p.revents)
            }
        }
    }

    func drainWakePipe() {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(wakeRead, &buffer, buffer.count) > 0 {}
    }

    /// Appends after the poll set was built, so `owners` indices stay valid this turn.
    func adoptIncoming() {
        let new = incoming.withLock { state -> [ProcessRun] in
            defer { state.runs.removeAll(keepingCapacity: true) }
            return state.runs
        }
        for run in new {
            run.io.writeInput()
            runs.append(run)
            if epoll != nil && wakeRead >= 0 { byID[run.loopID] = run }
        }
    }
}

@inline(__always) func systemPollFDs(_ fds: UnsafeMutablePointer<pollfd>, _ n: nfds_t, _ t: Int32) -> Int32 {
    #if canImport(Glibc)
    return Glibc.poll(fds, n, t)
    #else
    return Darwin.poll(fds, n, t)
    #endif
}
