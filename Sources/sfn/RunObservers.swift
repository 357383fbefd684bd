import Foundation
import SFNCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `sfn run` attaches to an execution from its options: `--history FILE`, `--log-level`
/// with `--include-execution-data` and `--log-file`, the progress line, and `--max-events`.
/// Each is an `ExecutionObserver`; with none of them the execution only counts its events.
final class RunObservers: Sendable {
    static let flags: Set<String> = ["--include-execution-data", "--quiet", "-q"]
    static let values: Set<String> = ["--history", "--log-level", "--log-file", "--max-events"]

    private let history: HistoryFileObserver?
    private let log: CloudWatchLogObserver?
    private let progress: ProgressObserver?
    private let done = Mutex(false)

    /// The observers of the running execution, for the signal handler's last word.
    private static let current = Mutex<RunObservers?>(nil)

    private init(history: HistoryFileObserver?, log: CloudWatchLogObserver?, progress: ProgressObserver?) {
        self.history = history
        self.log = log
        self.progress = progress
    }

    /// Reads the options, opens the files and attaches the observers to `options` (whose
    /// names must be final: the log records carry the execution's ARN). Prints the problem and
    /// returns nil on bad usage or a file that cannot be written.
    static func attach(_ args: Arguments, to options: inout ExecutionOptions) -> RunObservers? {
        if let text = args.values["--max-events"] {
            guard let n = Int(text), n >= 0 else {
                Console.error("sfn run: --max-events needs a whole number >= 0 (0 for no limit), not '\(text)'")
                return nil
            }
            options.maxHistoryEvents = n
        }
        var level = CloudWatchLogObserver.Level.off
        if let text = args.values["--log-level"] {
            guard let l = CloudWatchLogObserver.Level(rawValue: text.uppercased()) else {
                Console.error("sfn run: --log-level is one of ALL, ERROR, FATAL, OFF, not '\(text)'")
                return nil
            }
            level = l
        } else if args.values["--log-file"] != nil || args.has("--include-execution-data") {
            // Asking for a log file or its data means wanting a log: AWS's console default.
            level = .all
        }
        // The log records name the execution: give it its name now rather than inside the run.
        if level != .off && options.executionName == nil { options.executionName = UUID().uuidString.lowercased() }
        var opened: [OutputSink] = []
        func open(_ path: String, lineBuffered: Bool, staged: Bool) -> OutputSink? {
            do {
                let sink = try OutputSink(path: path, lineBuffered: lineBuffered, staged: staged)
                opened.append(sink)
                return sink
            } catch {
                Console.error("sfn run: \(error)")
                for s in opened { s.discard() }
                return nil
            }
        }
        var history: HistoryFileObserver?
        if let path = args.values["--history"] {
            guard let sink = open(path, lineBuffered: false, staged: true) else { return nil }
            history = HistoryFileObserver(sink)
        }
        var log: CloudWatchLogObserver?
        if level != .off {
            let sink: OutputSink
            if let path = args.values["--log-file"] {
                // A log is a stream: appended to as it goes, so it can be followed.
                guard let s = open(path, lineBuffered: true, staged: false) else { return nil }
                sink = s
            } else {
                sink = OutputSink(standardError: ())
            }
            log = CloudWatchLogObserver(
                level: level, includeExecutionData: args.has("--include-execution-data"),
                executionArn: executionArn(options), sink: sink)
        }
        var progress: ProgressObserver?
        if isatty(STDERR_FILENO) != 0 && !args.has("--quiet") && !args.has("-q") {
            progress = ProgressObserver(write: { text in
                var bytes = Array(text.utf8)
                _ = bytes.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
            })
        }
        let observers = RunObservers(history: history, log: log, progress: progress)
        for case let o? in [history, log, progress] as [(any ExecutionObserver)?] { options.observers.append(o) }
        progress?.start()
        current.withLock { $0 = observers }
        return observers
    }

    /// Whether `finish` has anything to complete (a file, the progress line).
    var needFinishing: Bool { history != nil || log != nil || progress != nil }

    /// The execution's ARN as `ExecutionInfo` builds it.
    static func executionArn(_ o: ExecutionOptions) -> String {
        "arn:\(o.partition):states:\(o.region):\(o.accountId):execution:\(o.stateMachineName):\(o.executionName ?? "")"
    }

    /// Erases the progress line and completes the files; returns false (after saying why) when a
    /// file could not be written.
    @discardableResult
    func finish() -> Bool {
        if done.withLock({ d in
            defer { d = true }; return d
        }) {
            return true
        }
        progress?.finish()
        var ok = true
        for problem in [history?.finish(), log?.finish()] {
            if let problem {
                Console.error("sfn run: \(problem)")
                ok = false
            }
        }
        return ok
    }

    /// Called by the signal handler before sfn exits: the history so far is written whole.
    static func finishCurrent() {
        current.withLock { $0 }?.finish()
    }
}
