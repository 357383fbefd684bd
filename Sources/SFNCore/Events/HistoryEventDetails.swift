import SFNJSON

/// The details AWS gives each kind of history event (the `...EventDetails` member of a
/// HistoryEvent). Payloads are JSON values here; `HistoryEvent.json` renders them as AWS's
/// strings.
public enum HistoryEventDetails: Sendable, Hashable {
    case none
    indirect case executionStarted(input: JSONValue, roleArn: String)
    case executionSucceeded(output: JSONValue)
    /// ExecutionFailed, ExecutionTimedOut and ExecutionAborted.
    case executionEnded(error: StatesErrorName?, cause: String?)
    /// ExecutionRedriven: how often the execution has been redriven, this time included.
    case executionRedriven(redriveCount: Int)
    case stateEntered(name: String, input: JSONValue)
    /// `assignedVariables` is the object the state's Assign stored, when it has one.
    case stateExited(name: String, output: JSONValue, assignedVariables: JSONValue?)
    /// `location` is the field whose expression failed, when known.
    indirect case evaluationFailed(error: StatesErrorName, cause: String?, location: String?, state: String)
    indirect case taskScheduled(
        TaskResource, region: String, parameters: JSONValue, timeoutInSeconds: Int?,
        heartbeatInSeconds: Int?)
    case taskStarted(TaskResource)
    /// TaskSubmitted and TaskSucceeded.
    indirect case taskOutput(TaskResource, output: JSONValue?)
    /// TaskFailed and TaskTimedOut.
    indirect case taskFailed(TaskResource, error: StatesErrorName, cause: String?)
    indirect case lambdaFunctionScheduled(resource: String, input: JSONValue, timeoutInSeconds: Int?)
    case lambdaFunctionSucceeded(output: JSONValue)
    case lambdaFunctionFailed(error: StatesErrorName, cause: String?)
    case mapStateStarted(length: Int)
    /// MapIterationStarted, Succeeded, Failed and Aborted: the Map state's name and the index.
    case mapIteration(name: String, index: Int)
    case mapRunStarted(mapRunArn: String)
    case mapRunFailed(error: StatesErrorName?, cause: String?)

    /// The state the details name, if any.
    public var stateName: String? {
        switch self {
        case .stateEntered(let name, _), .stateExited(let name, _, _), .mapIteration(let name, _):
            return name
        case .evaluationFailed(_, _, _, let state):
            return state
        default:
            return nil
        }
    }
}

/// A Task's Resource as AWS splits it in task events: `arn:aws:states:::lambda:invoke` is
/// resource type `lambda`, resource `invoke`; SDK integrations keep the service in the type
/// (`aws-sdk:dynamodb`, `putItem`).
public struct TaskResource: Sendable, Hashable {
    public var resourceType: String
    public var resource: String

    public init(resourceType: String, resource: String) {
        self.resourceType = resourceType
        self.resource = resource
    }

    /// Splits a Task's Resource ARN (or one of our own resource names, at its first colon).
    public init(arn: String) {
        var rest = Substring(arn)
        if arn.hasPrefix("arn:"), let range = arn.range(of: ":states:::") {
            rest = arn[range.upperBound...]
        }
        var parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count > 1 else {
            self.init(resourceType: String(rest), resource: "")
            return
        }
        var type = String(parts.removeFirst())
        if type == "aws-sdk" && parts.count > 1 { type += ":" + parts.removeFirst() }
        self.init(resourceType: type, resource: parts.joined(separator: ":"))
    }
}
