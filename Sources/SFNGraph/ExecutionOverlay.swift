import SFNCore
import SFNJSON

/// How a state fared in one execution, as the console colours it.
public enum StateStatus: String, Sendable, CaseIterable {
    case succeeded, failed, caught, running, cancelled
    case notReached = "not-reached"

    /// Which status a state shows when its entries (loops, Map iterations) differ.
    var precedence: Int {
        switch self {
        case .failed: return 5
        case .caught: return 4
        case .running: return 3
        case .cancelled: return 2
        case .succeeded: return 1
        case .notReached: return 0
        }
    }
}

/// What one execution did in each state, read from its history events: the `{"events": [...]}`
/// that GetExecutionHistory returns and `sfn run --history FILE` writes.
///
/// States are matched by name. A definition that repeats a name across Parallel branches or Map
/// processors (which AWS refuses) shows the same record on each of them.
public struct ExecutionOverlay: Sendable {
    /// One state's record.
    public struct StateRun: Sendable {
        public var status: StateStatus = .notReached
        /// Times entered (loops and Map iterations enter a state many times).
        public var entered = 0
        public var exited = 0
        /// Attempts beyond the first of each entry (Retry).
        public var retries = 0
        /// For a Map state: iterations started, and how many failed or were aborted.
        public var iterations = 0
        public var iterationsFailed = 0
        public var iterationsAborted = 0
        /// The last entry's input and output, as JSON text.
        public var input: String?
        public var output: String?
        public var error: String?
        public var cause: String?
        /// First entered and last exited, milliseconds since 1970.
        public var started: Double?
        public var ended: Double?
    }

    /// The execution's end: SUCCEEDED, FAILED, TIMED_OUT, ABORTED, or RUNNING when the history
    /// has no end event.
    public private(set) var executionStatus = "RUNNING"
    public private(set) var executionError: String?
    public private(set) var executionCause: String?
    public private(set) var states: [String: StateRun] = [:]
    private var taken: Set<String> = []

    /// Reads history events in GetExecutionHistory's shape, in any order (sorted by `id` here).
    public init(events: [JSONValue]) {
        var reader = HistoryReader()
        let sorted = events.sorted { ($0["id"]?.intValue ?? 0) < ($1["id"]?.intValue ?? 0) }
        for event in sorted { reader.read(event) }
        reader.finish()
        executionStatus = reader.executionStatus
        executionError = reader.executionError
        executionCause = reader.executionCause
        states = reader.runs
        taken = reader.taken
    }

    /// Whether the execution went from `from` straight to `to` (by Next, a Choice rule, Default
    /// or a Catch); with `to` nil, whether `from` ended the execution successfully.
    public func took(from: String, to: String?) -> Bool {
        guard let to else { return taken.contains(from + "\u{0}") || run(of: from).status == .failed }
        return taken.contains(from + "\u{0}" + to)
    }

    /// The events of an execution run in this process (`ExecutionResult.history`), and the seam
    /// for an execution read back from a store.
    public init(history: [HistoryEvent]) {
        self.init(events: history.map(\.json))
    }

    /// Parses a history file: `{"events": [...]}` (GetExecutionHistory's answer) or a bare array.
    public static func parse(_ text: String) throws -> ExecutionOverlay {
        let value: JSONValue
        do {
            value = try JSONParser.parse(text)
        } catch {
            throw OverlayError(message: "not JSON: \(error)")
        }
        if let events = value["events"]?.arrayValue ?? value.arrayValue {
            guard events.allSatisfy({ $0["type"]?.stringValue != nil && $0["id"]?.intValue != nil }) else {
                throw OverlayError(message: "every event needs a \"type\" string and an \"id\" number")
            }
            return ExecutionOverlay(events: events)
        }
        throw OverlayError(message: "expected {\"events\": [...]}, the shape GetExecutionHistory returns")
    }

    public func run(of state: String) -> StateRun { states[state] ?? StateRun() }

    /// The line a box shows under its type: counts of entries, iterations and retries.
    func summary(of state: String) -> String? {
        let r = run(of: state)
        var parts: [String] = []
        if r.iterations > 0 {
            var text = "\(r.iterations) iteration\(r.iterations == 1 ? "" : "s")"
            if r.iterationsFailed > 0 { text += ", \(r.iterationsFailed) failed" }
            if r.iterationsAborted > 0 { text += ", \(r.iterationsAborted) aborted" }
            parts.append(text)
        } else if r.entered > 1 {
            parts.append("\(r.entered) runs")
        }
        if r.retries > 0 { parts.append("\(r.retries) retr\(r.retries == 1 ? "y" : "ies")") }
        if parts.isEmpty { return nil }
        return TextMetrics.shortened(parts.joined(separator: " · "), limit: 40)
    }
}

/// A history file that cannot be read.
public struct OverlayError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
