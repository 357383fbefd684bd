import SFNCore
import SFNJSON

/// What `sfn run` says about how an execution went: with `--trace`, every state entered and left
/// with its input and output as it happens; on a failure, the state that failed and the path of
/// states taken before the one-line JSON `{"error": ..., "cause": ...}` that scripts read.
///
/// The path needs the execution's events, which exist only when something observes them; the
/// observer rides along when the store, a history file, a log or progress already asks for them
/// (or with --trace), so that a run with none of them keeps its free event loop and reports the
/// error and cause alone.
final class RunDiagnostics: ExecutionObserver, @unchecked Sendable {
    static let flags: Set<String> = ["--trace"]
    /// States kept for the path: the summary shows the last `shown` and how many came before.
    static let shown = 12
    private static let ringSize = 16

    /// The state, without a lock: observers are handed events one at a time, in id order (the
    /// executor delivers them from one task, or under the lock of the log branches share), and
    /// `failureSummary` reads it once the execution has ended. A lock per event cost a fifth of
    /// what this observer adds to every transition of a run with a history file.
    private struct State {
        /// The last states entered, a ring: `path[i % ringSize]` is the i-th state entered.
        var path = [String](repeating: "", count: RunDiagnostics.ringSize)
        var entered = 0
        /// States entered and not yet left, in order: the last one open at a failure is where it failed.
        var open: [String] = []
        var failedState: String?
    }

    @exclusivity(unchecked) private var state = State()
    private let trace: Bool

    private init(trace: Bool) { self.trace = trace }

    /// Attaches the observer when `--trace` asks for it or events are observed anyway.
    static func attach(_ args: Arguments, to options: inout ExecutionOptions) -> RunDiagnostics? {
        let trace = args.has("--trace")
        // The store alone needs no second observer (it would cost the store's single-observer path
        // on every event): a failure's summary is then read back from the store (`replaying`).
        // Compared by type, not cast: `is` on an existential searched the conformance tables
        // (about 0.1 ms the first time). StoreRecorder is final, so its type is exact.
        let others = options.observers.contains {
            ObjectIdentifier(type(of: $0)) != ObjectIdentifier(StoreRecorder.self)
        }
        guard trace || (others && summaryWanted(args)) else { return nil }
        let observer = RunDiagnostics(trace: trace)
        // First: the last observer is handed each event to keep (a history file's batch), the
        // others borrow it.
        options.observers.insert(observer, at: 0)
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
        if trace { traceLine(event) }
        // The payloads are not bound: binding one retained and released it on every event.
        switch event.details {
        case .stateEntered(let name, _):
            state.path[state.entered % Self.ringSize] = name
            state.entered += 1
            state.open.append(name)
        case .stateExited(let name, _, _):
            if state.open.last == name {
                state.open.removeLast()
            } else if let i = state.open.lastIndex(of: name) {
                state.open.remove(at: i)
            }
        case .evaluationFailed(_, _, _, let name):
            state.failedState = state.failedState ?? name
        default:
            break
        }
    }

    /// `--trace`: the state entered or left with its input or output, or how the execution failed.
    private func traceLine(_ event: HistoryEvent) {
        switch event.details {
        case .stateEntered(let name, let input):
            Console.error(TerminalStyle.cyan("→ \(name)") + " " + JSONPrinter.compact(input))
        case .stateExited(let name, let output, _):
            Console.error(TerminalStyle.dim("← \(name)") + " " + JSONPrinter.compact(output))
        case .executionEnded(let error, let cause):
            Console.error(TerminalStyle.red("✗ \(error?.rawValue ?? "failed")") + (cause.map { ": \($0)" } ?? ""))
        default:
            break
        }
    }

    /// The lines printed before the JSON line of a failed execution.
    func failureSummary(error: String?, cause: String?) -> [String] {
        let s = state
        var lines: [String] = []
        let failed = s.failedState ?? s.open.last
        let what = [error, cause].compactMap { $0 }.joined(separator: ": ")
        lines.append(
            TerminalStyle.red("sfn: the execution failed")
                + (failed.map { " in state " + TerminalStyle.bold("'\($0)'") } ?? "")
                + (what.isEmpty ? "" : ": \(what)"))
        if s.entered > 0 {
            let count = min(s.entered, Self.shown)
            let taken = (s.entered - count..<s.entered).map { s.path[$0 % Self.ringSize] }
            let earlier = s.entered - count
            lines.append(
                "sfn: states taken: " + (earlier > 0 ? "(\(earlier) earlier) … → " : "")
                    + taken.joined(separator: " → "))
        }
        return lines
    }
}
