#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The supervisor's reapers (`CommandReaper`): it forks each, stays its parent, and knows it
/// until it is reaped, so that when sfn goes it can have each kill its command's group at once.
/// sfn asks for a new reaper only when it has no free one: the request carries sfn's end-to-be of
/// a socket for that reaper, and sfn sends every later request down that socket itself, so a
/// command does not wake the supervisor at all. Owned by the supervisor's single thread.
struct ReaperPool {
    /// Every live reaper.
    private(set) var reapers: Set<pid_t> = []

    /// Forks a reaper for a request (its descriptors: stdin, stdout, stderr, the heartbeat fd when
    /// there is one, then the reaper's end of its socket to sfn, always last); answers minus an
    /// errno down that socket when it cannot. Closes this process's copies of the descriptors.
    mutating func dispatch(_ payload: [UInt8], _ fds: [Int32]) {
        // The reaper has its own copies now; the socket is its alone.
        defer { for fd in fds { close(fd) } }
        guard fds.count >= 4, let socket = fds.last else { return }
        let request = Array(fds.dropLast())
        // The new reaper keeps none of the supervisor's descriptors: it must not hold sfn's
        // lifeline open, nor the self-pipe.
        let closeInChild = [SupervisorProcess.socketFD, ChildSignal.readFD, ChildSignal.writeFD]
        switch CommandReaper.start(payload: payload, fds: request, socket: socket, closeInChild: closeInChild) {
        case .success(let reaper): reapers.insert(reaper)
        case .failure(let e): SupervisorProcess.answer(-e.code, socket)
        }
    }

    /// Reaps every reaper (and adopted orphan) that has exited; each reaper has already killed
    /// what its command left and sent its status.
    mutating func reap() {
        var status: Int32 = 0
        while true {
            let pid = waitpid(-1, &status, WNOHANG)
            if pid <= 0 { return }
            reapers.remove(pid)
        }
    }

    /// Kills every descendant until none is left, when sfn has gone. As subreaper the supervisor
    /// inherits the children of whatever it kills, so each round finds the next generation.
    mutating func killEverything() {
        // A command's id may already be reused once its reaper reaped it: only reapers are
        // signalled by id here. SIGUSR1 has each kill its command's group at once; the rest,
        // reapers included, are found from /proc below.
        for reaper in reapers { kill(reaper, SIGUSR1) }
        let me = getpid()
        for _ in 0..<1000 {
            let found = SupervisorProcess.descendants(of: me)
            for pid in found { kill(pid, SIGKILL) }
            reap()
            var status: Int32 = 0
            if found.isEmpty && waitpid(-1, &status, WNOHANG) < 0 && errno == ECHILD { return }
            usleep(5_000)
        }
    }
}
