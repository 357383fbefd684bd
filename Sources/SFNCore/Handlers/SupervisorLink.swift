import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// sfn's end of one supervisor process (`SupervisorProcess`): started on the execution's first
/// command, asked for a reaper when no reaper of its own is free, and closed with its
/// `ProcessSupervisor`. Its socket is the supervisor's lifeline: when sfn ends in any way, the
/// kernel closes it and the supervisor kills every descendant.
final class SupervisorLink: Sendable {
    let pid: pid_t
    private let socket: Int32
    /// One request at a time on the socket.
    private let lock = Mutex(())
    /// The reapers waiting for a command.
    let reapers = ReaperSockets()

    private init(pid: pid_t, socket: Int32) {
        self.pid = pid
        self.socket = socket
    }

    /// The program that serves as supervisor (`argv`, whose first element is the executable),
    /// set by the host; nil leaves commands as children of this process.
    static let command = Mutex<[String]?>(nil)

    /// Starts a supervisor process; nil when none is configured or it cannot start.
    static func launch() -> SupervisorLink? {
        guard let argv = command.withLock({ $0 }) else { return nil }
        ProcessSpawn.ignoreSIGPIPE
        guard let pair = ProcessSpawn.messageSocketPair() else { return nil }
        // The supervisor's end becomes its fd 3 (`SupervisorProcess.socketFD`). It gets none of
        // sfn's standard streams: a reader of sfn's output must see its end when sfn ends.
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        let spawned = ProcessSpawn.spawn(
            argv: argv, searchPath: false, environment: nil, workingDirectory: nil,
            stdin: null, stdout: null, stderr: null, heartbeat: pair[1])
        _ = systemClose(pair[1])
        if null >= 0 { _ = systemClose(null) }
        guard case .success(let pid) = spawned else {
            _ = systemClose(pair[0])
            return nil
        }
        return SupervisorLink(pid: pid, socket: pair[0])
    }

    /// Has a reaper spawn a command with these descriptors as its stdin, stdout, stderr (and fd 3
    /// for a heartbeat): a free reaper of this link's, else a new one the supervisor forks. Returns
    /// sfn's end of the reaper's socket, on which the reaper sends the pid (or minus an errno) once
    /// the command runs, and its wait status when it exits; it goes back to `ReaperSockets.put`
    /// once the status has come (or is closed, if it never does). nil when no reaper can be reached.
    ///
    /// Nothing is waited for here: the event loop reads both answers with the command's output,
    /// so the task's thread (one of the few of Swift's cooperative pool) goes on at once, and
    /// commands of concurrent tasks start side by side.
    func spawn(
        argv: [String], searchPath: Bool, environment: [String]?, workingDirectory: String?,
        stdin: Int32, stdout: Int32, stderr: Int32, heartbeat: Int32?
    ) -> Int32? {
        let request = SpawnRequest.encode(
            argv: argv, searchPath: searchPath, environment: environment, workingDirectory: workingDirectory,
            heartbeat: heartbeat != nil)
        var fds = [stdin, stdout, stderr]
        if let heartbeat { fds.append(heartbeat) }
        while let reaper = reapers.take() {
            if SupervisorMessages.send(reaper, request, fds: fds) { return reaper }
            // It died between commands (its end is closed): never used again.
            _ = systemClose(reaper)
        }
        // A new reaper, with the other end of its socket (always the last descriptor).
        guard let pair = ProcessSpawn.messageSocketPair() else { return nil }
        let sent = lock.withLock { _ in SupervisorMessages.send(socket, request, fds: fds + [pair[1]]) }
        _ = systemClose(pair[1])
        if sent { return pair[0] }
        _ = systemClose(pair[0])
        return nil
    }

    /// Closes the lifeline: the supervisor ends what is left and exits; it is reaped if it has.
    func close() {
        reapers.closeAll()
        _ = systemClose(socket)
        var status: Int32 = 0
        for _ in 0..<100 {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid || (r < 0 && errno != EINTR) { return }
            usleep(2_000)
        }
    }
}

@inline(__always) private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
