import SFNJSON

/// How an execution ended, as Step Functions reports it.
public enum ExecutionStatus: String, Sendable, Hashable {
    case succeeded = "SUCCEEDED"
    case failed = "FAILED"
    case timedOut = "TIMED_OUT"
    case aborted = "ABORTED"
}

/// The outcome of `StateMachine.run`.
public struct ExecutionResult: Sendable {
    public var status: ExecutionStatus
    /// The execution output when it succeeded.
    public var output: JSONValue?
    /// The error name when it failed (nil when the Fail state named none).
    public var error: String?
    /// The cause text when it failed (nil when none was given).
    public var cause: String?
    /// Every history event, when `ExecutionOptions.recordHistory` was set.
    public var history: [HistoryEvent]?
    /// How many history events the execution produced (always counted).
    public var eventCount: Int

    public init(
        status: ExecutionStatus, output: JSONValue? = nil, error: String? = nil, cause: String? = nil,
        history: [HistoryEvent]? = nil, eventCount: Int = 0
    ) {
        self.status = status
        self.output = output
        self.error = error
        self.cause = cause
        self.history = history
        self.eventCount = eventCount
    }
}
