import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// sfn's ends of the sockets of its free reapers (`CommandReaper`), for one supervisor process
/// (`SupervisorLink`). A reaper is free once sfn has read its command's exit status, which the
/// reaper writes only after it has killed what the command left; sfn then sends that reaper's next
/// request itself, and asks the supervisor for a new reaper only when none is free. So a Map of
/// commands run N at a time keeps N reapers, and one run one at a time keeps one.
final class ReaperSockets: Sendable {
    private struct State {
        var free: [Int32] = []
        /// Set when the supervisor link closes: a reaper freed afterwards is let go.
        var closed = false
    }
    private let state = Mutex(State())
    /// Free reapers beyond this many are let go (their socket closed, they exit).
    static let keptFree = 32

    /// A free reaper's socket, the most recently freed first (its pages are the warmest); nil
    /// when none is free.
    func take() -> Int32? {
        state.withLock { $0.free.popLast() }
    }

    /// Keeps the socket of a reaper that has finished its command (its status read), or closes it
    /// when enough are kept or the link has closed (the reaper then sees end-of-file and exits).
    func put(_ socket: Int32) {
        let kept = state.withLock { s -> Bool in
            guard !s.closed, s.free.count < Self.keptFree else { return false }
            s.free.append(socket)
            return true
        }
        if !kept { close(socket) }
    }

    /// Lets every free reaper go, and any freed later.
    func closeAll() {
        let sockets = state.withLock { s -> [Int32] in
            s.closed = true
            defer { s.free.removeAll() }
            return s.free
        }
        for socket in sockets { close(socket) }
    }
}
