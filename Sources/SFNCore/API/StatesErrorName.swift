/// The name of a runtime error: one of the ASL's predefined `States.*` names, or a custom name a
/// task or Fail state gives. Retry and Catch match on it (`ErrorEquals`).
public struct StatesErrorName: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public var description: String { rawValue }

    /// Whether the name is one of the ASL's reserved `States.` names.
    public var isPredefined: Bool { rawValue.hasPrefix("States.") }

    /// Matches any error name in ErrorEquals (never States.Runtime, which nothing catches).
    public static let all: StatesErrorName = "States.ALL"
    public static let heartbeatTimeout: StatesErrorName = "States.HeartbeatTimeout"
    public static let timeout: StatesErrorName = "States.Timeout"
    public static let taskFailed: StatesErrorName = "States.TaskFailed"
    public static let permissions: StatesErrorName = "States.Permissions"
    public static let resultPathMatchFailure: StatesErrorName = "States.ResultPathMatchFailure"
    public static let parameterPathFailure: StatesErrorName = "States.ParameterPathFailure"
    public static let queryEvaluationError: StatesErrorName = "States.QueryEvaluationError"
    public static let branchFailed: StatesErrorName = "States.BranchFailed"
    public static let noChoiceMatched: StatesErrorName = "States.NoChoiceMatched"
    public static let intrinsicFailure: StatesErrorName = "States.IntrinsicFailure"
    public static let exceedToleratedFailureThreshold: StatesErrorName = "States.ExceedToleratedFailureThreshold"
    public static let itemReaderFailed: StatesErrorName = "States.ItemReaderFailed"
    public static let resultWriterFailed: StatesErrorName = "States.ResultWriterFailed"
    public static let runtime: StatesErrorName = "States.Runtime"
    public static let dataLimitExceeded: StatesErrorName = "States.DataLimitExceeded"
    /// A task stopped because its Swift task was cancelled (see `StatesError.cancelled`): outside
    /// the `States.` namespace so that no Retry or Catch matches it by accident.
    public static let cancelled: StatesErrorName = "sfn.Cancelled"
}
