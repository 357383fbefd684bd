#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ProcessEventLoop {
    /// One turn of the loop over an epoll set: adopt new runs, enforce every run's deadlines
    /// and finish those that are done, sleep until a descriptor is ready or the next deadline,
    /// and hand each report to its run.
    func epollTurn(_ epoll: EpollSet) {
        adoptIncoming()
        var now = HandlerClock.now()
        let deadline = checkRuns(now: now)
        // A run handed over since the adoption above: take it on the next turn, at once.
        let sleeps = maySleep(until: deadline)
        now = HandlerClock.now()
        let waitMs = sleeps ? Int32(max(0, min(1000, ((deadline - now) * 1000).rounded(.up)))) : 0
        let count = epoll.wait(epollEvents, capacity: 64, timeoutMs: waitMs)
        for k in 0..<count {
            let (events, tag) = EpollSet.event(epollEvents, k)
            if tag == Self.wakeTag {
                drainWakePipe()
                continue
            }
            // A report may come before the run is adopted, or after it has finished (then
            // nothing has that number and it is stale).
            let id = UInt32(truncatingIfNeeded: tag >> 32)
            var run = byID[id]
            if run == nil {
                adoptIncoming()
                run = byID[id]
            }
            run?.handle(fd: Int32(bitPattern: UInt32(truncatingIfNeeded: tag)), revents: events)
        }
    }
}
