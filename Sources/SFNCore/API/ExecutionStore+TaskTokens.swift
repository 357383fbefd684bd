import SFNJSON

/// A callback task's token as the store keeps it: created when a `.waitForTaskToken` task starts,
/// answered by SendTaskSuccess, SendTaskFailure or SendTaskHeartbeat from any process that opens the
/// same store, closed once the waiting task has its outcome (a late answer is then refused, as AWS
/// refuses one with TaskTimedOut).
public struct TaskTokenRecord: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        /// The task waits for an answer.
        case waiting = "WAITING"
        case succeeded = "SUCCEEDED"
        case failed = "FAILED"
        /// The task ended without an answer (timed out, stopped, its execution gone).
        case closed = "CLOSED"
    }

    public var token: String
    public var executionArn: String
    public var stateName: String
    public var status: Status
    /// SendTaskSuccess's output.
    public var output: JSONValue?
    public var error: String?
    public var cause: String?
    /// The last heartbeat (or the creation), milliseconds since 1970.
    public var heartbeatDate: Double
    /// The activity's name, for an activity task (a worker asks for tasks by it).
    public var activity: String?
    /// The task's input, as GetActivityTask hands it to a worker.
    public var input: JSONValue?
    /// Whether a worker has taken the activity task.
    public var claimed: Bool

    public init(
        token: String, executionArn: String, stateName: String, status: Status = .waiting,
        output: JSONValue? = nil, error: String? = nil, cause: String? = nil, heartbeatDate: Double,
        activity: String? = nil, input: JSONValue? = nil, claimed: Bool = false
    ) {
        self.activity = activity
        self.input = input
        self.claimed = claimed
        self.token = token
        self.executionArn = executionArn
        self.stateName = stateName
        self.status = status
        self.output = output
        self.error = error
        self.cause = cause
        self.heartbeatDate = heartbeatDate
    }
}

/// What a worker sends for a task token (the three SendTask* APIs).
public enum TaskTokenAnswer: Sendable, Hashable {
    case success(output: JSONValue)
    case failure(error: String?, cause: String?)
    case heartbeat
}

/// The task-token operations of a store (SFNStore's SQLite store has them): beside
/// `ExecutionStore`, so that a store without them still is one. Without such a store a callback
/// task fails at once instead of waiting for an answer that cannot come.
public protocol TaskTokenStore: Sendable {
    /// Records a new WAITING token for a task attempt.
    func createTaskToken(_ record: TaskTokenRecord) throws(ExecutionStoreError)
    /// Applies a worker's answer. Throws `.taskDoesNotExist` for a token never issued and
    /// `.taskTimedOut` for one that is no longer waiting, AWS's TaskDoesNotExist / TaskTimedOut.
    func answerTaskToken(_ token: String, _ answer: TaskTokenAnswer, date: Double) throws(ExecutionStoreError)
    /// The token's record, nil when it was never issued.
    func taskToken(_ token: String) throws(ExecutionStoreError) -> TaskTokenRecord?
    /// GetActivityTask: the oldest activity task of `activity` that waits and no worker has taken,
    /// now taken, its heartbeat clock started; nil when none waits.
    func claimActivityTask(_ activity: String) throws(ExecutionStoreError) -> TaskTokenRecord?
    /// Marks a token that got no answer as closed (the task timed out or was stopped).
    func closeTaskToken(_ token: String) throws(ExecutionStoreError)
}
