import SFNCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Copies what task commands write to stderr onto sfn's own stderr, as it comes. On a terminal
/// each line is prefixed with its state's name (`[Resize] ...`, dim when colours are on) and
/// first clears the progress line, which redraws below it; piped, lines pass through as written,
/// so that a script's stderr reads as if it had run the command itself.
///
/// It wants no history events (`receivesEvents` is false): a run it alone observes still builds
/// none.
final class TaskStderrEcho: ExecutionObserver {
    private let terminal: Bool
    private let lock = Mutex(())

    init(terminal: Bool = isatty(STDERR_FILENO) != 0) { self.terminal = terminal }

    var receivesEvents: Bool { false }

    func receive(_ event: HistoryEvent) {}

    func taskStderr(_ line: TaskStderrLine) {
        let text =
            terminal
            ? "\r\u{1B}[K" + TerminalStyle.dim("[\(line.stateName)]") + " " + line.text + "\n" : line.text + "\n"
        var bytes = Array(text.utf8)
        lock.withLock { _ in
            bytes.withUnsafeMutableBytes { buf in
                var offset = 0
                while offset < buf.count {
                    let n = write(STDERR_FILENO, buf.baseAddress! + offset, buf.count - offset)
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { break }
                    offset += n
                }
            }
        }
    }

    /// Whether `sfn run` echoes commands' stderr: not when standard error carries the JSON lines
    /// of `--log-level` (a stream with nothing else in it). The store keeps the lines either way.
    static func wanted(_ args: Arguments) -> Bool { RunDiagnostics.summaryWanted(args) }
}
