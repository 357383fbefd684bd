/// The kinds of execution history events, named as AWS names them. Their order of appearance
/// decides the event ids that runtime error causes quote ("entered at the event id #N").
public enum HistoryEventType: String, Sendable, Hashable {
    case executionStarted = "ExecutionStarted"
    case executionSucceeded = "ExecutionSucceeded"
    case executionFailed = "ExecutionFailed"
    case executionTimedOut = "ExecutionTimedOut"
    case executionAborted = "ExecutionAborted"
    case executionRedriven = "ExecutionRedriven"
    case evaluationFailed = "EvaluationFailed"

    case passStateEntered = "PassStateEntered"
    case passStateExited = "PassStateExited"
    case taskStateEntered = "TaskStateEntered"
    case taskStateExited = "TaskStateExited"
    case choiceStateEntered = "ChoiceStateEntered"
    case choiceStateExited = "ChoiceStateExited"
    case waitStateEntered = "WaitStateEntered"
    case waitStateExited = "WaitStateExited"
    case succeedStateEntered = "SucceedStateEntered"
    case succeedStateExited = "SucceedStateExited"
    case failStateEntered = "FailStateEntered"
    case parallelStateEntered = "ParallelStateEntered"
    case parallelStateExited = "ParallelStateExited"
    case parallelStateStarted = "ParallelStateStarted"
    case parallelStateSucceeded = "ParallelStateSucceeded"
    case parallelStateFailed = "ParallelStateFailed"
    case mapStateEntered = "MapStateEntered"
    case mapStateExited = "MapStateExited"
    case mapStateStarted = "MapStateStarted"
    case mapStateSucceeded = "MapStateSucceeded"
    case mapStateFailed = "MapStateFailed"
    case mapIterationStarted = "MapIterationStarted"
    case mapIterationSucceeded = "MapIterationSucceeded"
    case mapIterationFailed = "MapIterationFailed"
    case mapIterationAborted = "MapIterationAborted"
    case mapRunStarted = "MapRunStarted"
    case mapRunSucceeded = "MapRunSucceeded"
    case mapRunFailed = "MapRunFailed"

    case taskScheduled = "TaskScheduled"
    case taskStarted = "TaskStarted"
    case taskSubmitted = "TaskSubmitted"
    case taskSucceeded = "TaskSucceeded"
    case taskFailed = "TaskFailed"
    case taskTimedOut = "TaskTimedOut"
    case lambdaFunctionScheduled = "LambdaFunctionScheduled"
    case lambdaFunctionStarted = "LambdaFunctionStarted"
    case lambdaFunctionSucceeded = "LambdaFunctionSucceeded"
    case lambdaFunctionFailed = "LambdaFunctionFailed"
}

extension HistoryEventType {
    /// The member of AWS's HistoryEvent that holds this type's details (`stateEnteredEventDetails`
    /// for every `...StateEntered`, `taskScheduledEventDetails`, ...); nil for types without any.
    public var detailsKey: String? {
        let name = rawValue
        if name.hasSuffix("StateEntered") { return "stateEnteredEventDetails" }
        if name.hasSuffix("StateExited") { return "stateExitedEventDetails" }
        switch self {
        case .lambdaFunctionStarted, .parallelStateStarted, .parallelStateSucceeded, .parallelStateFailed,
            .mapStateSucceeded, .mapStateFailed, .mapRunSucceeded:
            return nil
        default:
            return name.prefix(1).lowercased() + name.dropFirst() + "EventDetails"
        }
    }
}
