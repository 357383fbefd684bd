#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The supervisor's reapers (`CommandReaper`): each runs one command at a time and is kept for
/// the next when its command has ended, so a run forks about as many reapers as it runs commands
/// at once. Owned by the supervisor's single thread.
struct ReaperPool {
    /// Every live reaper and the supervisor's end of its socket.
    private(set) var sockets: [pid_t: Int32] = [:]
    /// Reapers running a command.
    private(set) var busy: Set<pid_t> = []
    /// Reapers waiting for a command, the most recently freed last.
    private var free: [pid_t] = []
    /// Free reapers beyond this many are let go (their socket closed, they exit).
    static let keptFree = 32

    /// Hands a spawn request and its descriptors to a free reaper, or to a new one; answers
    /// minus an errno down the status pipe when neither can take it. Closes this process's copies
    /// of the descriptors.
    mutating func dispatch(_ payload: [UInt8], _ fds: [Int32]) {
        // The reaper has its own copies now; the status pipe is its to write.
        defer { for fd in fds { close(fd) } }
        guard fds.count >= 4 else { return }
        if free.isEmpty { collectFree() }
        while let reaper = free.popLast() {
            if let s = sockets[reaper], SupervisorMessages.send(s, payload, fds: fds) {
                busy.insert(reaper)
                return
            }
            // Gone meanwhile: its exit is reaped with the next SIGCHLD.
            drop(reaper)
        }
        guard let pair = ProcessSpawn.messageSocketPair() else {
            SupervisorProcess.answer(-errno, fds[3])
            return
        }
        defer { close(pair[1]) }
        // The new reaper keeps none of the supervisor's descriptors: another reaper must see
        // end-of-file on its socket when the supervisor closes it.
        let closeInChild =
            [SupervisorProcess.socketFD, ChildSignal.readFD, ChildSignal.writeFD, pair[0]] + Array(sockets.values)
        switch CommandReaper.start(payload: payload, fds: fds, socket: pair[1], closeInChild: closeInChild) {
        case .success(let reaper):
            sockets[reaper] = pair[0]
            busy.insert(reaper)
        case .failure(let e):
            close(pair[0])
            SupervisorProcess.answer(-e.code, fds[3])
        }
    }

    /// Collects the "free" bytes busy reapers have sent since their last command, without
    /// waiting (the supervisor does not poll their sockets: that would wake it once more per
    /// command). Stops at the first free one; a reaper at end-of-file (exiting) is forgotten.
    /// A reaper sends its byte before its status goes to sfn, so a request sent once sfn has a
    /// status always finds that reaper's byte here.
    private mutating func collectFree() {
        for reaper in busy {
            guard let s = sockets[reaper] else { continue }
            var byte: UInt8 = 0
            let n = recv(s, &byte, 1, Int32(MSG_DONTWAIT))
            if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            busy.remove(reaper)
            if n == 1 && free.count < Self.keptFree {
                free.append(reaper)
                return
            }
            drop(reaper)
        }
    }

    /// Reaps every reaper (and adopted orphan) that has exited; each reaper has already killed
    /// what its command left and sent its status.
    mutating func reap() {
        var status: Int32 = 0
        while true {
            let pid = waitpid(-1, &status, WNOHANG)
            if pid <= 0 { return }
            drop(pid)
        }
    }

    /// Forgets a reaper and closes its socket (a live one then exits).
    private mutating func drop(_ reaper: pid_t) {
        busy.remove(reaper)
        free.removeAll { $0 == reaper }
        if let s = sockets.removeValue(forKey: reaper) { close(s) }
    }
}
