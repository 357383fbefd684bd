#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a run writes a history or a log: standard error or output, a device or pipe written as
/// it goes, or a regular file that appears only once complete (a temporary file beside it,
/// renamed at the end), so a reader never sees half of one.
// @unchecked: observers use a sink only behind their own Mutex.
final class OutputSink: @unchecked Sendable {
    private let fd: Int32
    private let ownsFD: Bool
    /// The temporary file and the path it is renamed to, for a regular file.
    private let staged: (temporary: String, final: String)?
    private var buffer: [UInt8] = []
    /// Written out as soon as a line ends (a terminal, or a log someone follows).
    private let lineBuffered: Bool
    private var closed = false

    struct OpenError: Error, CustomStringConvertible {
        var description: String
    }

    /// Opens `path` for writing; `/dev/stdout`, `/dev/stderr` and `-` use the process's own
    /// descriptors (reopening them would write from offset 0 of whatever file they point to).
    init(path: String, lineBuffered: Bool, staged stage: Bool = true) throws(OpenError) {
        self.lineBuffered = lineBuffered
        switch path {
        case "/dev/stderr":
            (fd, ownsFD, staged) = (STDERR_FILENO, false, nil)
            return
        case "/dev/stdout", "-":
            (fd, ownsFD, staged) = (STDOUT_FILENO, false, nil)
            return
        default:
            break
        }
        var info = stat()
        let exists = stat(path, &info) == 0
        let regular = !exists || (info.st_mode & S_IFMT) == S_IFREG
        if regular && stage {
            let temporary = path + ".tmp-\(getpid())"
            let opened = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard opened >= 0 else { throw OpenError(description: Self.problem(path, errno)) }
            (fd, ownsFD, staged) = (opened, true, (temporary, path))
        } else {
            let flags = O_WRONLY | O_CLOEXEC | (regular ? O_CREAT | O_APPEND : 0)
            let opened = open(path, flags, 0o644)
            guard opened >= 0 else { throw OpenError(description: Self.problem(path, errno)) }
            (fd, ownsFD, staged) = (opened, true, nil)
        }
    }

    /// Standard error, line by line.
    init(standardError: ()) {
        (fd, ownsFD, staged, lineBuffered) = (STDERR_FILENO, false, nil, true)
    }

    private static func problem(_ path: String, _ code: Int32) -> String {
        "cannot write '\(path)': \(String(cString: strerror(code)))"
    }

    func write(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { write($0) } }

    func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        // After close (sfn finishing on a signal while the run still delivers events) the
        // descriptor's number may already name another file.
        if closed { return }
        // A block as large as the buffer goes out as it is (a history file's writer hands over
        // 64 KiB blocks): copying it into the buffer first cost a copy of every byte.
        if buffer.isEmpty && bytes.count >= Self.bufferSize {
            writeAll(bytes)
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.bufferSize || (lineBuffered && bytes.last == UInt8(ascii: "\n")) { flush() }
    }

    private static let bufferSize = 1 << 16

    func write(_ text: String) { write(Array(text.utf8)) }

    func flush() {
        buffer.withUnsafeBufferPointer { writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ buf: UnsafeBufferPointer<UInt8>) { Console.writeAll(fd, buf) }

    /// Writes what is left and puts a regular file in place; returns a problem, if any.
    @discardableResult
    func close() -> String? {
        if closed { return nil }
        closed = true
        flush()
        guard ownsFD else { return nil }
        var problem: String?
        if let staged {
            if fsync(fd) != 0 || posixClose(fd) != 0 {
                problem = Self.problem(staged.final, errno)
                unlink(staged.temporary)
            } else if rename(staged.temporary, staged.final) != 0 {
                problem = Self.problem(staged.final, errno)
                unlink(staged.temporary)
            }
        } else {
            _ = posixClose(fd)
        }
        return problem
    }

    /// Drops a staged file that will never be complete (sfn is exiting on a signal).
    func discard() {
        if closed { return }
        closed = true
        if ownsFD { _ = posixClose(fd) }
        if let staged { unlink(staged.temporary) }
    }
}

// The sink's own `close` hides the system call of the same name.
private func posixClose(_ fd: Int32) -> Int32 { close(fd) }
