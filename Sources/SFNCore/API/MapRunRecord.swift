import SFNJSON

/// A Distributed Map run as DescribeMapRun gives it: its ARN, the execution it belongs to, its
/// status, settings and counts of items and child executions by status.
public struct MapRunRecord: Sendable, Hashable {
    /// AWS's Map Run statuses.
    public enum Status: String, Sendable, Hashable {
        case running = "RUNNING"
        case succeeded = "SUCCEEDED"
        case failed = "FAILED"
        case aborted = "ABORTED"
    }

    /// Counts by status, as DescribeMapRun's `itemCounts` and `executionCounts` give them.
    public struct Counts: Sendable, Hashable {
        public var pending = 0
        public var running = 0
        public var succeeded = 0
        public var failed = 0
        public var timedOut = 0
        public var aborted = 0
        public var total = 0
        public var resultsWritten = 0

        public init() {}

        /// AWS's member names, in its order.
        public var json: JSONValue {
            .object(
                JSONObject([
                    ("pending", .int(pending)), ("running", .int(running)), ("succeeded", .int(succeeded)),
                    ("failed", .int(failed)), ("timedOut", .int(timedOut)), ("aborted", .int(aborted)),
                    ("total", .int(total)), ("resultsWritten", .int(resultsWritten)),
                    ("failuresNotRedrivable", .int(0)), ("pendingRedrive", .int(0)),
                ]))
        }
    }

    /// `arn:aws:states:REGION:ACCOUNT:mapRun:MACHINE/LABEL:RUN_ID`.
    public var mapRunArn: String
    public var executionArn: String
    /// The ARN the child executions run under: `arn:aws:states:...:stateMachine:MACHINE/LABEL`.
    public var stateMachineArn: String
    public var status: Status
    /// Milliseconds since 1970.
    public var startDate: Double
    public var stopDate: Double?
    /// 0 for no limit.
    public var maxConcurrency: Int
    public var toleratedFailurePercentage: Double
    public var toleratedFailureCount: Int
    public var itemCounts: Counts
    public var executionCounts: Counts
    /// How often a redrive of its execution redrove this Map Run, and when it last did.
    public var redriveCount = 0
    public var redriveDate: Double?

    public init(
        mapRunArn: String, executionArn: String, stateMachineArn: String, status: Status = .running,
        startDate: Double, stopDate: Double? = nil, maxConcurrency: Int = 0, toleratedFailurePercentage: Double = 0,
        toleratedFailureCount: Int = 0, itemCounts: Counts = Counts(), executionCounts: Counts = Counts()
    ) {
        self.mapRunArn = mapRunArn
        self.executionArn = executionArn
        self.stateMachineArn = stateMachineArn
        self.status = status
        self.startDate = startDate
        self.stopDate = stopDate
        self.maxConcurrency = maxConcurrency
        self.toleratedFailurePercentage = toleratedFailurePercentage
        self.toleratedFailureCount = toleratedFailureCount
        self.itemCounts = itemCounts
        self.executionCounts = executionCounts
    }

    /// DescribeMapRun's response.
    public var describeJSON: JSONValue {
        var o = JSONObject()
        o.append("mapRunArn", .string(mapRunArn))
        o.append("executionArn", .string(executionArn))
        o.append("status", .string(status.rawValue))
        o.append("startDate", .string(Timestamp.format(millis: startDate)))
        if let stopDate { o.append("stopDate", .string(Timestamp.format(millis: stopDate))) }
        o.append("maxConcurrency", .int(maxConcurrency))
        o.append("toleratedFailurePercentage", .double(toleratedFailurePercentage))
        o.append("toleratedFailureCount", .int(toleratedFailureCount))
        o.append("itemCounts", itemCounts.json)
        o.append("executionCounts", executionCounts.json)
        o.append("redriveCount", .int(redriveCount))
        if let redriveDate { o.append("redriveDate", .string(Timestamp.format(millis: redriveDate))) }
        return .object(o)
    }

    /// One entry of ListMapRuns' `mapRuns`.
    public var listJSON: JSONValue {
        var o = JSONObject()
        o.append("executionArn", .string(executionArn))
        o.append("mapRunArn", .string(mapRunArn))
        o.append("stateMachineArn", .string(stateMachineArn))
        o.append("startDate", .string(Timestamp.format(millis: startDate)))
        if let stopDate { o.append("stopDate", .string(Timestamp.format(millis: stopDate))) }
        return .object(o)
    }
}

/// Where Map Runs are kept (SFNStore's SQLite store implements it beside `ExecutionStore`).
public protocol MapRunStore: Sendable {
    /// Creates or replaces a Map Run's record.
    func saveMapRun(_ record: MapRunRecord) throws(ExecutionStoreError)
    /// The Map Runs of an execution (all of them when nil), oldest first.
    func listMapRuns(executionArn: String?) throws(ExecutionStoreError) -> [MapRunRecord]
    func describeMapRun(_ mapRunArn: String) throws(ExecutionStoreError) -> MapRunRecord?
}

/// What a Distributed Map tells whoever records its Map Run and child executions
/// (`ExecutionOptions.mapRuns`); the interpreter knows no store.
public protocol MapRunRecorder: Sendable {
    /// The run began, or its record changed (counts at its end, its status).
    func mapRun(_ record: MapRunRecord)
    /// The observer of one child execution's history (its record is RUNNING), nil to leave it unrecorded.
    func childExecution(_ record: ExecutionRecord) -> (any ExecutionObserver)?
    /// Every child's writes so far are in the store (before the Map Run's record says they are).
    func flush()
}
