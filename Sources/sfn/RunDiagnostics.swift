import SFNCore
import SFNJSON
import Synchronization

/// What `sfn run` says about how an execution went: with `--trace`, every state entered and left
/// with its input and output as it happens; on a failure, the state that failed and the path of
/// states taken before the one-line JSON `{"error": ..., "cause": ...}` that scripts read.
///
/// The path needs the execution's events, which exist only when something observes them; the
/// observer rides along when the store, a history file, a log or progress already asks for them
/// (or with --trace), so that a run with none of them keeps its free event loop and reports the
/// error and cause alone.
final class RunDiagnostics: ExecutionObserver {
    static let flags: Set<String> = ["--trace"]
    /// States kept for the path; a longer run shows its last ones and how many came before.
    static let pathLimit = 4096

    private struct State {
        var path: [String] = []
        var entered = 0
        /// States entered and not yet left, in order: the last one open at a failure is where it failed.
        var open: [String] = []
        var failedState: String?
    }

    private let state = Mutex(State())
    private let trace: Bool

    private init(trace: Bool) { self.trace = trace }

    /// Attaches the observer when `--trace` asks for it or events are observed anyway.
    static func attach(_ args: Arguments, to options: inout ExecutionOptions) -> RunDiagnostics? {
        let trace = args.has("--trace")
        // The store alone needs no second observer (it would cost the store's single-observer path
        // on every event): a failure's summary is then read back from the store (`replaying`).
        let others = options.observers.contains { !($0 is StoreRecorder) }
        guard trace || (others && summaryWanted(args)) else { return nil }
        let observer = RunDiagnostics(trace: trace)
        options.observers.append(observer)
        return observer
    }

    /// Whether a failed run may print its summary: log records on standard error are a stream of
    /// JSON lines, with no prose among them.
    static func summaryWanted(_ args: Arguments) -> Bool {
        let logOnStandardError =
            (args.values["--log-level"] != nil || args.has("--include-execution-data"))
            && args.values["--log-file"] == nil
        return !logOnStandardError
    }

    /// A summary of events recorded elsewhere (the store's, once the run has ended).
    static func replaying(_ events: [HistoryEvent]) -> RunDiagnostics {
        let observer = RunDiagnostics(trace: false)
        for event in events { observer.receive(event) }
        return observer
    }

    func receive(_ event: HistoryEvent) {
        switch event.details {
        case .stateEntered(let name, let input):
            state.withLock { s in
                s.entered += 1
                if s.path.count < Self.pathLimit {
                    s.path.append(name)
                } else {
                    s.path[s.entered % Self.pathLimit] = name
                }
                s.open.append(name)
            }
            if trace { Console.error(TerminalStyle.cyan("→ \(name)") + " " + JSONPrinter.compact(input)) }
        case .stateExited(let name, let output, _):
            state.withLock { s in
                if let i = s.open.lastIndex(of: name) { s.open.remove(at: i) }
            }
            if trace { Console.error(TerminalStyle.dim("← \(name)") + " " + JSONPrinter.compact(output)) }
        case .evaluationFailed(_, _, _, let name):
            state.withLock { $0.failedState = $0.failedState ?? name }
        case .executionEnded(let error, let cause) where trace:
            Console.error(TerminalStyle.red("✗ \(error?.rawValue ?? "failed")") + (cause.map { ": \($0)" } ?? ""))
        default:
            break
        }
    }

    /// The lines printed before the JSON line of a failed execution.
    func failureSummary(error: String?, cause: String?) -> [String] {
        let s = state.withLock { $0 }
        var lines: [String] = []
        let failed = s.failedState ?? s.open.last
        let what = [error, cause].compactMap { $0 }.joined(separator: ": ")
        lines.append(
            TerminalStyle.red("sfn: the execution failed")
                + (failed.map { " in state " + TerminalStyle.bold("'\($0)'") } ?? "")
                + (what.isEmpty ? "" : ": \(what)"))
        if !s.path.isEmpty {
            var taken = s.path
            var earlier = 0
            if s.entered > Self.pathLimit {
                // The buffer wrapped: put it back in order.
                let start = (s.entered + 1) % Self.pathLimit
                taken = Array(s.path[start...] + s.path[..<start])
                earlier = s.entered - Self.pathLimit
            }
            let shown = taken.suffix(12)
            earlier += taken.count - shown.count
            lines.append(
                "sfn: states taken: " + (earlier > 0 ? "(\(earlier) earlier) … → " : "")
                    + shown.joined(separator: " → "))
        }
        return lines
    }
}
