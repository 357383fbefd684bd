import SFNJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where executions are kept: state machines, executions and their history events. The
/// interpreter knows nothing of it; `StoreRecorder` (an `ExecutionObserver`) writes an execution
/// as it runs. SFNStore's `SQLiteExecutionStore` is the one implementation; another backend
/// implements this protocol and nothing else.
///
/// Every method may block on I/O and throws `ExecutionStoreError` with what went wrong.
public protocol ExecutionStore: Sendable {
    /// The state machine called `name`, created with `definition` when none has that name yet
    /// (a CLI run belongs to the machine named after its file). The definition text is kept once
    /// per content hash; a machine that exists keeps its own record.
    func stateMachine(named name: String, creatingWith definition: String) throws(ExecutionStoreError)
        -> StateMachineRecord
    /// The definition text stored under `hash` (`ExecutionRecord.definitionHash`).
    func definition(hash: String) throws(ExecutionStoreError) -> String?

    /// Records a new execution (status RUNNING) with the definition it runs. Its name must be
    /// unused within the state machine, as AWS requires.
    func createExecution(_ record: ExecutionRecord, definition: String) throws(ExecutionStoreError)
    /// Appends events, in id order, to an execution's history. Redrive continues the same
    /// history, so ids go on from the last stored one.
    func append(_ events: [HistoryEvent], to executionArn: String) throws(ExecutionStoreError)
    /// Replaces an execution's record (its status, stop date, output or error, redrive count).
    func update(_ record: ExecutionRecord) throws(ExecutionStoreError)

    /// Executions matching `filter`, newest first.
    func listExecutions(_ filter: ExecutionFilter) throws(ExecutionStoreError) -> [ExecutionRecord]
    /// One execution by ARN.
    func describeExecution(_ executionArn: String) throws(ExecutionStoreError) -> ExecutionRecord?
    /// The execution whose name (or ARN) is `prefix` or starts with it, when exactly one does.
    func resolveExecution(_ prefix: String) throws(ExecutionStoreError) -> ExecutionRecord
    /// The history events stored for an execution, from `afterId` on, in id order.
    func history(_ executionArn: String, afterId: Int) throws(ExecutionStoreError) -> [HistoryEvent]

    /// Asks whichever process runs the execution to stop it (StopExecution); that process sees the
    /// request at its next flush.
    func requestStop(_ executionArn: String, error: String?, cause: String?) throws(ExecutionStoreError)
    /// The stop request for an execution, if one was made.
    func stopRequest(_ executionArn: String) throws(ExecutionStoreError) -> StopRequest?

    /// Deletes closed executions (and their events) that stopped before `date` (milliseconds since
    /// 1970), only those with `status` when given; returns how many went.
    func prune(stoppedBefore date: Double, status: ExecutionRecord.Status?) throws(ExecutionStoreError) -> Int

    /// The console's list across state machines (ExecutionStore+Console.swift has a default).
    func queryExecutions(_ query: ExecutionQuery) throws(ExecutionStoreError) -> ExecutionPage
    /// Every state machine with its executions counted by status (a default answers from executions).
    func stateMachineSummaries() throws(ExecutionStoreError) -> [StateMachineSummary]
    /// Applies many executions' writes together (`ExecutionWrite`, ExecutionStore+Batch.swift);
    /// returns the executions whose writes failed. The default is `writeEach`.
    func write(_ writes: [ExecutionWrite]) throws(ExecutionStoreError) -> [String: ExecutionStoreError]
}

extension ExecutionStore {
    public func write(_ writes: [ExecutionWrite]) throws(ExecutionStoreError) -> [String: ExecutionStoreError] {
        try writeEach(writes)
    }

    /// The whole history of an execution.
    public func history(_ executionArn: String) throws(ExecutionStoreError) -> [HistoryEvent] {
        try history(executionArn, afterId: 0)
    }
}

/// A state machine as DescribeStateMachine gives it (name, ARN, creation date) with the hash of its
/// definition.
public struct StateMachineRecord: Sendable, Hashable {
    public var name: String
    public var stateMachineArn: String
    public var definitionHash: String
    /// Milliseconds since 1970.
    public var creationDate: Double

    public init(name: String, stateMachineArn: String, definitionHash: String, creationDate: Double) {
        self.name = name
        self.stateMachineArn = stateMachineArn
        self.definitionHash = definitionHash
        self.creationDate = creationDate
    }
}

/// One execution as DescribeExecution gives it, plus what a redrive needs: the hash of the
/// definition it ran and the process that runs it.
public struct ExecutionRecord: Sendable, Hashable {
    /// AWS's execution statuses.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case running = "RUNNING"
        case succeeded = "SUCCEEDED"
        case failed = "FAILED"
        case timedOut = "TIMED_OUT"
        case aborted = "ABORTED"
        case pendingRedrive = "PENDING_REDRIVE"

        public init(_ status: ExecutionStatus) {
            switch status {
            case .succeeded: self = .succeeded
            case .failed: self = .failed
            case .timedOut: self = .timedOut
            case .aborted: self = .aborted
            }
        }
    }

    public var executionArn: String
    public var stateMachineArn: String
    public var stateMachineName: String
    public var name: String
    public var status: Status
    /// Milliseconds since 1970.
    public var startDate: Double
    public var stopDate: Double?
    public var input: JSONValue
    public var output: JSONValue?
    public var error: String?
    public var cause: String?
    /// The content hash of the definition this execution ran (`ExecutionStore.definition(hash:)`).
    public var definitionHash: String
    public var redriveCount: Int
    public var redriveDate: Double?
    /// The process running it while RUNNING (0 once closed): a RUNNING execution whose process is
    /// gone was killed.
    public var ownerPid: Int32

    public init(
        executionArn: String, stateMachineArn: String, stateMachineName: String, name: String,
        status: Status = .running, startDate: Double, stopDate: Double? = nil, input: JSONValue,
        output: JSONValue? = nil, error: String? = nil, cause: String? = nil, definitionHash: String,
        redriveCount: Int = 0, redriveDate: Double? = nil, ownerPid: Int32 = 0
    ) {
        self.executionArn = executionArn
        self.stateMachineArn = stateMachineArn
        self.stateMachineName = stateMachineName
        self.name = name
        self.status = status
        self.startDate = startDate
        self.stopDate = stopDate
        self.input = input
        self.output = output
        self.error = error
        self.cause = cause
        self.definitionHash = definitionHash
        self.redriveCount = redriveCount
        self.redriveDate = redriveDate
        self.ownerPid = ownerPid
    }
}

/// Which executions `listExecutions` returns.
public struct ExecutionFilter: Sendable, Hashable {
    public var status: ExecutionRecord.Status?
    public var stateMachineName: String?
    /// At most this many (newest first); nil for all.
    public var limit: Int?

    public init(status: ExecutionRecord.Status? = nil, stateMachineName: String? = nil, limit: Int? = nil) {
        self.status = status
        self.stateMachineName = stateMachineName
        self.limit = limit
    }
}

/// A StopExecution request waiting for the process that runs the execution.
public struct StopRequest: Sendable, Hashable {
    public var error: String?
    public var cause: String?

    public init(error: String?, cause: String?) {
        self.error = error
        self.cause = cause
    }
}

/// A store problem, with what is wrong and where.
public struct ExecutionStoreError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The store cannot be opened or created, or a read or write failed.
        case unavailable
        /// The file was written by a newer sfn (its schema version is higher than this one reads).
        case newerSchema
        /// No execution has that name or prefix.
        case executionDoesNotExist
        /// More than one execution starts with the prefix.
        case ambiguousName
        /// An execution of that name exists already.
        case executionAlreadyExists
        /// No task has that token (AWS's TaskDoesNotExist).
        case taskDoesNotExist
        /// The task of that token is no longer waiting for an answer (AWS's TaskTimedOut).
        case taskTimedOut
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

extension ExecutionRecord {
    /// A date as AWS's responses and history events write it: `2024-05-01T12:00:00.123Z`.
    public static func isoDate(_ millis: Double) -> String { Timestamp.format(millis: millis) }

    /// Whether the process that runs this RUNNING execution is alive: false means it was killed
    /// (SIGKILL, a crash, a reboot) and the execution will never end by itself.
    public var ownerIsAlive: Bool {
        guard status == .running, ownerPid > 0 else { return false }
        return kill(ownerPid, 0) == 0 || errno == EPERM
    }
}
