import SFNJSON

/// What AWS's TestState API answers: the state's output or error, the state that would follow,
/// the status and, from DEBUG on, what each stage of the data flow made of the input.
public struct TestStateResponse: Sendable {
    public enum Status: String, Sendable {
        case succeeded = "SUCCEEDED"
        case failed = "FAILED"
        /// The error matched a Retry that still has attempts left.
        case retriable = "RETRIABLE"
        /// The error was caught: `output` is the catcher's, `nextState` its Next.
        case caughtError = "CAUGHT_ERROR"
    }

    public var output: JSONValue?
    public var error: String?
    public var cause: String?
    public var inspectionData: InspectionData?
    public var nextState: String?
    public var status: Status

    public init(
        output: JSONValue? = nil, error: String? = nil, cause: String? = nil,
        inspectionData: InspectionData? = nil, nextState: String? = nil, status: Status
    ) {
        self.output = output
        self.error = error
        self.cause = cause
        self.inspectionData = inspectionData
        self.nextState = nextState
        self.status = status
    }

    /// The API's response document: JSON values travel as JSON text, as AWS sends them.
    public var json: JSONValue {
        var o = JSONObject()
        if let output { o.append("output", .string(JSONPrinter.compact(output))) }
        if let error { o.append("error", .string(error)) }
        if let cause { o.append("cause", .string(cause)) }
        if let inspectionData { o.append("inspectionData", inspectionData.json) }
        if let nextState { o.append("nextState", .string(nextState)) }
        o.append("status", .string(status.rawValue))
        return .object(o)
    }
}

/// The stages of a tested state's data flow (DEBUG and TRACE).
public struct InspectionData: Sendable {
    public var input: JSONValue?
    /// JSONata states.
    public var afterArguments: JSONValue?
    /// JSONPath states.
    public var afterInputPath: JSONValue?
    public var afterParameters: JSONValue?
    /// What the Task's resource (or the Map's iterations, the Parallel's branches) returned.
    public var result: JSONValue?
    public var afterResultSelector: JSONValue?
    public var afterResultPath: JSONValue?
    /// Workflow variables after the state.
    public var variables: JSONObject?
    public var errorDetails: ErrorDetails?
    /// Map states: the items (after ItemsPath or Items), each iteration's input after
    /// ItemSelector, the batches of an ItemBatcher, and the evaluated limits.
    public var afterItemsPath: JSONValue?
    public var afterItemSelector: JSONValue?
    public var afterItemBatcher: JSONValue?
    public var toleratedFailureCount: Int?
    public var toleratedFailurePercentage: Double?
    public var maxConcurrency: Int?

    public init() {}

    /// Which Retry or Catch handled the error, and the back-off a retry waits.
    public struct ErrorDetails: Sendable, Equatable {
        public var retryIndex: Int?
        public var retryBackoffIntervalSeconds: Int?
        public var catchIndex: Int?

        public init(retryIndex: Int? = nil, retryBackoffIntervalSeconds: Int? = nil, catchIndex: Int? = nil) {
            self.retryIndex = retryIndex
            self.retryBackoffIntervalSeconds = retryBackoffIntervalSeconds
            self.catchIndex = catchIndex
        }
    }

    public var json: JSONValue {
        var o = JSONObject()
        func text(_ key: String, _ v: JSONValue?) {
            if let v { o.append(key, .string(JSONPrinter.compact(v))) }
        }
        text("input", input)
        text("afterArguments", afterArguments)
        text("afterInputPath", afterInputPath)
        text("afterParameters", afterParameters)
        text("result", result)
        text("afterResultSelector", afterResultSelector)
        text("afterResultPath", afterResultPath)
        text("variables", variables.map(JSONValue.object))
        if let d = errorDetails {
            var e = JSONObject()
            if let r = d.retryIndex { e.append("retryIndex", .int(r)) }
            if let s = d.retryBackoffIntervalSeconds { e.append("retryBackoffIntervalSeconds", .int(s)) }
            if let c = d.catchIndex { e.append("catchIndex", .int(c)) }
            o.append("errorDetails", .object(e))
        }
        text("afterItemsPath", afterItemsPath)
        text("afterItemSelector", afterItemSelector)
        text("afterItemBatcher", afterItemBatcher)
        if let n = toleratedFailureCount { o.append("toleratedFailureCount", .int(n)) }
        if let p = toleratedFailurePercentage { o.append("toleratedFailurePercentage", .double(p)) }
        if let n = maxConcurrency { o.append("maxConcurrency", .int(n)) }
        return .object(o)
    }
}
