import SFNJSON

/// What a Task state hands to whatever runs its resource.
public struct TaskRequest: Sendable {
    /// The state's Resource string.
    public var resource: String
    public var stateName: String
    /// The effective input (after InputPath/Parameters or Arguments).
    public var input: JSONValue
    /// The context object (`$$`).
    public var context: JSONValue
    /// TimeoutSeconds(Path), already resolved.
    public var timeoutSeconds: Double?
    /// HeartbeatSeconds(Path), already resolved.
    public var heartbeatSeconds: Double?
    /// 0 for the first try, +1 per retry.
    public var attempt: Int
    /// `$$.Task.Token` of a `.waitForTaskToken` task: unique to this attempt.
    public var taskToken: String?
    /// Where a command's stderr goes, line by line, when observers listen (nil otherwise).
    public var stderrLine: (@Sendable (String) -> Void)?

    public init(
        resource: String, stateName: String, input: JSONValue, context: JSONValue = .object(JSONObject()),
        timeoutSeconds: Double? = nil, heartbeatSeconds: Double? = nil, attempt: Int = 0, taskToken: String? = nil
    ) {
        self.taskToken = taskToken
        self.resource = resource
        self.stateName = stateName
        self.input = input
        self.context = context
        self.timeoutSeconds = timeoutSeconds
        self.heartbeatSeconds = heartbeatSeconds
        self.attempt = attempt
    }
}

/// Runs a Task state's resource. Throw a `StatesError` to choose the error name Retry and Catch
/// see; any other error is named after its type (see `TaskErrorConvertible`).
public protocol TaskHandler: Sendable {
    func invoke(_ request: TaskRequest) async throws -> JSONValue
}

/// A handler made from a closure.
public struct ClosureTaskHandler: TaskHandler {
    public let body: @Sendable (TaskRequest) async throws -> JSONValue

    public init(_ body: @escaping @Sendable (TaskRequest) async throws -> JSONValue) {
        self.body = body
    }

    public func invoke(_ request: TaskRequest) async throws -> JSONValue {
        try await body(request)
    }
}
