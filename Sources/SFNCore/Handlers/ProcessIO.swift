#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The parent's ends of one command's pipes: feeds stdin without blocking, drains stdout and stderr
/// as they fill (so a big payload in either direction never deadlocks), and notices heartbeats.
/// Used by one thread at a time (the spawning task, then the event loop).
final class ProcessIO {
    private(set) var stdin: Int32
    private(set) var stdout: Int32
    private(set) var stderr: Int32
    private(set) var heartbeat: Int32
    private let input: [UInt8]
    private var inputOffset = 0
    private(set) var stdoutBytes: [UInt8] = []
    private(set) var stderrTail: [UInt8] = []
    private let stderrTailBytes: Int
    /// Hands stderr on line by line as it comes, when someone listens.
    private let stderrLines: StderrLineSplitter?
    /// One read buffer for every run, not zero-filled: only the event loop's thread reads (a
    /// buffer of 64 KiB per command was allocated and freed for each of them).
    private nonisolated(unsafe) static let scratch = UnsafeMutableRawPointer.allocate(
        byteCount: ProcessIO.chunk, alignment: 16)

    private static let chunk = 64 << 10
    /// Called with a descriptor just before it is closed, once the event loop watches it
    /// (`EpollSet.remove`); nil while the spawning task owns this.
    var unwatch: ((Int32) -> Void)?

    init(
        stdin: Int32, stdout: Int32, stderr: Int32, heartbeat: Int32?, input: [UInt8], stderrTailBytes: Int,
        stderrLines: StderrLineSplitter? = nil
    ) {
        self.stderrLines = stderrLines
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.heartbeat = heartbeat ?? -1
        self.input = input
        self.stderrTailBytes = stderrTailBytes
        ProcessSpawn.setNonBlocking(stdin, fresh: true)
        ProcessSpawn.setNonBlocking(stdout, fresh: true)
        ProcessSpawn.setNonBlocking(stderr, fresh: true)
        if let hb = heartbeat { ProcessSpawn.setNonBlocking(hb, fresh: true) }
    }

    deinit { closeAll() }

    var outputOpen: Bool { stdout >= 0 || stderr >= 0 }

    /// Writes as much of the input as the pipe takes; closes stdin when all is written or the
    /// command stopped reading (EPIPE: a command need not read its input).
    func writeInput() {
        guard stdin >= 0 else { return }
        while inputOffset < input.count {
            let n = input.withUnsafeBytes { buf in
                write(stdin, buf.baseAddress! + inputOffset, min(buf.count - inputOffset, Self.chunk))
            }
            if n > 0 { inputOffset += n; continue }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return }
            break
        }
        unwatch?(stdin)
        close(stdin)
        stdin = -1
    }

    /// Adds the open descriptors with the events they wait for.
    func addPollFDs(to fds: inout [pollfd]) {
        if stdin >= 0 { fds.append(pollfd(fd: stdin, events: Int16(POLLOUT), revents: 0)) }
        if stdout >= 0 { fds.append(pollfd(fd: stdout, events: Int16(POLLIN), revents: 0)) }
        if stderr >= 0 { fds.append(pollfd(fd: stderr, events: Int16(POLLIN), revents: 0)) }
        if heartbeat >= 0 { fds.append(pollfd(fd: heartbeat, events: Int16(POLLIN), revents: 0)) }
    }

    /// Acts on readiness of one descriptor.
    func handle(fd: Int32, revents: Int16, onHeartbeat: () -> Void) {
        if fd == stdin {
            writeInput()
        } else if fd == stdout {
            stdout = drain(stdout, into: .stdout).fd
        } else if fd == stderr {
            stderr = drain(stderr, into: .stderr).fd
        } else if fd == heartbeat {
            let (newFD, got) = drain(heartbeat, into: .discard)
            heartbeat = newFD
            if got { onHeartbeat() }
        }
    }

    private enum Sink { case stdout, stderr, discard }

    /// Reads until the pipe is empty. Returns the fd (-1 once closed at EOF) and whether any
    /// bytes came.
    private func drain(_ fd: Int32, into sink: Sink) -> (fd: Int32, got: Bool) {
        var got = false
        let chunk = Self.chunk
        // Bounded, so that a fast writer cannot keep us from checking deadlines and limits.
        for _ in 0..<16 {
            let n = read(fd, Self.scratch, chunk)
            if n > 0 {
                got = true
                let bytes = UnsafeRawBufferPointer(start: Self.scratch, count: n)
                switch sink {
                case .stdout:
                    stdoutBytes.append(contentsOf: bytes)
                case .stderr:
                    stderrTail.append(contentsOf: bytes)
                    stderrLines?.feed(bytes)
                    if stderrTail.count > 2 * stderrTailBytes {
                        stderrTail.removeFirst(stderrTail.count - stderrTailBytes)
                    }
                case .discard:
                    break
                }
                // A short read means the pipe is empty for now: skip the EAGAIN round trip.
                if n < chunk && sink != .discard { return (fd, got) }
                continue
            }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return (fd, got) }
            unwatch?(fd)
            close(fd)
            if sink == .stderr { stderrLines?.finish() }
            return (-1, got)
        }
        return (fd, got)
    }

    func closeAll() {
        stderrLines?.finish()
        for fd in [stdin, stdout, stderr, heartbeat] where fd >= 0 {
            unwatch?(fd)
            close(fd)
        }
        stdin = -1; stdout = -1; stderr = -1; heartbeat = -1
    }
}
