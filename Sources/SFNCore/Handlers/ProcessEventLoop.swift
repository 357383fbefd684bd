import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One thread that watches every running command at once with poll(2): feeds stdin, drains
/// stdout/stderr, counts heartbeats, enforces deadlines and reaps. No thread per command, so a Map
/// running hundreds of commands at a time costs hundreds of processes and nothing more.
final class ProcessEventLoop: @unchecked Sendable {
    static let shared = ProcessEventLoop()

    /// Runs handed over by spawning tasks, adopted by the loop thread on its next turn.
    private let incoming = Mutex<(runs: [ProcessRun], started: Bool)>(([], false))
    /// Written to wake the loop from poll (new runs, cancellations).
    private let wakeRead: Int32
    private let wakeWrite: Int32
    /// Owned by the loop thread.
    private var runs: [ProcessRun] = []
    private var pollFDs: [pollfd] = []
    private var owners: [Int] = []

    private init() {
        let pipe = ProcessSpawn.makePipe() ?? (-1, -1)
        wakeRead = pipe.0
        wakeWrite = pipe.1
        ProcessSpawn.setNonBlocking(wakeRead)
        ProcessSpawn.setNonBlocking(wakeWrite)
    }

    /// Hands a freshly spawned run to the loop.
    func add(_ run: ProcessRun) {
        let start = incoming.withLock { state -> Bool in
            state.runs.append(run)
            defer { state.started = true }
            return !state.started
        }
        if start {
            let thread = Thread { [self] in loop() }
            thread.name = "sfn.process-loop"
            thread.start()
        }
        wake()
    }

    /// Makes the loop look at every run again (a cancellation came in).
    func wake() {
        var byte: UInt8 = 1
        // A full pipe already means a pending wake-up.
        _ = write(wakeWrite, &byte, 1)
    }

    private func loop() {
        while true { turn() }
    }

    private func turn() {
        var now = HandlerClock.now()
        var deadline = now + 1
        var i = 0
        while i < runs.count {
            let run = runs[i]
            deadline = min(deadline, run.check(now: now))
            if run.isDone(now: now) {
                runs.swapAt(i, runs.count - 1)
                runs.removeLast()
                run.finish()
            } else {
                i += 1
            }
        }

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

    private func drainWakePipe() {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(wakeRead, &buffer, buffer.count) > 0 {}
    }

    /// Appends after the poll set was built, so `owners` indices stay valid this turn.
    private func adoptIncoming() {
        let new = incoming.withLock { state -> [ProcessRun] in
            defer { state.runs.removeAll() }
            return state.runs
        }
        for run in new {
            run.io.writeInput()
            runs.append(run)
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
