import SFNJSON

/// An execution as it was recorded: what `StateMachine.redrive` restarts. The events are the
/// execution's history with execution data (inputs, outputs and `assignedVariables`), as an
/// observer or `ExecutionOptions.recordHistory` received them, in id order; the history of an
/// execution whose process was killed simply stops.
public struct RecordedExecution: Sendable {
    /// The execution's input (ExecutionStarted's).
    public var input: JSONValue
    public var events: [HistoryEvent]
    /// The execution's name; when nil, the redrive takes `ExecutionOptions.executionName`.
    public var name: String?

    public init(input: JSONValue, events: [HistoryEvent], name: String? = nil) {
        self.input = input
        self.events = events
        self.name = name
    }

    /// The status the history shows: that of its last ending event after its last
    /// ExecutionRedriven; nil (running, or killed while it ran) when it has none.
    public var status: ExecutionStatus? {
        for event in events.reversed() {
            switch event.type {
            case .executionSucceeded: return .succeeded
            case .executionFailed: return .failed
            case .executionTimedOut: return .timedOut
            case .executionAborted: return .aborted
            case .executionRedriven: return nil
            default: continue
            }
        }
        return nil
    }

    /// How often the execution has been redriven so far (`$$.Execution.RedriveCount`).
    public var redriveCount: Int {
        events.reduce(0) { $0 + ($1.type == .executionRedriven ? 1 : 0) }
    }

    /// Why `StateMachine.redrive` would refuse this execution (DescribeExecution's
    /// `redriveStatusReason`); nil when it can be redriven.
    public var notRedrivableReason: String? {
        if status == .succeeded { return "Execution is SUCCEEDED and cannot be redriven." }
        if events.first?.type != .executionStarted { return "Execution history has no ExecutionStarted event." }
        return nil
    }
}

/// Why an execution cannot be redriven: RedriveExecution's errors.
public struct RedriveError: Error, Sendable, Hashable, CustomStringConvertible {
    /// AWS's error code, `ExecutionNotRedrivable`.
    public var code: String
    public var message: String

    public init(code: String = "ExecutionNotRedrivable", message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
