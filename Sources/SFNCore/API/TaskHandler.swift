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

    public init(resource: String, stateName: String, input: JSONValue, context: JSONValue = .object(JSONObject()),
                timeoutSeconds: Double? = nil, heartbeatSeconds: Double? = nil, attempt: Int = 0) {
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

/// An error type that knows which Step Functions error it stands for.
public protocol TaskErrorConvertible: Error {
    var statesError: StatesError { get }
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

extension StatesError {
    /// Error name reported when a task was stopped because its Swift task was cancelled (a failed
    /// Parallel branch cancels its siblings). The interpreter discards such results; the name is
    /// deliberately outside the `States.` namespace so no Retry or Catch can match it by accident
    /// except `States.ALL`, which the interpreter must not apply to a cancelled branch.
    public static let cancelledName = "sfn.Cancelled"

    /// The error for a cancelled task.
    public static var cancelled: StatesError { StatesError(cancelledName, "The task was cancelled.") }

    /// Maps whatever a handler threw to the error Retry and Catch see: a `StatesError` as is, a
    /// `TaskErrorConvertible` through its conversion, cancellation to `cancelled`, and anything
    /// else to an error named after its type (as Lambda names an exception after its class) with
    /// its description as the cause.
    public init(wrapping error: any Error) {
        switch error {
        case let e as StatesError: self = e
        case let e as TaskErrorConvertible: self = e.statesError
        case is CancellationError: self = .cancelled
        default: self.init(String(describing: type(of: error)), String(describing: error))
        }
    }
}
