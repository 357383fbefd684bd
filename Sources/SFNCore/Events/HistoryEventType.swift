/// The kinds of execution history events, named as AWS names them. Their order of appearance
/// decides the event ids that runtime error causes quote ("entered at the event id #N").
public enum HistoryEventType: String, Sendable, Hashable {
    case executionStarted = "ExecutionStarted"
    case executionSucceeded = "ExecutionSucceeded"
    case executionFailed = "ExecutionFailed"
    case executionTimedOut = "ExecutionTimedOut"
    case executionAborted = "ExecutionAborted"
    case evaluationFailed = "EvaluationFailed"

    case passStateEntered = "PassStateEntered", passStateExited = "PassStateExited"
    case taskStateEntered = "TaskStateEntered", taskStateExited = "TaskStateExited"
    case choiceStateEntered = "ChoiceStateEntered", choiceStateExited = "ChoiceStateExited"
    case waitStateEntered = "WaitStateEntered", waitStateExited = "WaitStateExited"
    case succeedStateEntered = "SucceedStateEntered", succeedStateExited = "SucceedStateExited"
    case failStateEntered = "FailStateEntered"
    case parallelStateEntered = "ParallelStateEntered", parallelStateExited = "ParallelStateExited"
    case parallelStateStarted = "ParallelStateStarted", parallelStateSucceeded = "ParallelStateSucceeded"
    case parallelStateFailed = "ParallelStateFailed"
    case mapStateEntered = "MapStateEntered", mapStateExited = "MapStateExited"
    case mapStateStarted = "MapStateStarted", mapStateSucceeded = "MapStateSucceeded"
    case mapStateFailed = "MapStateFailed"
    case mapIterationStarted = "MapIterationStarted", mapIterationSucceeded = "MapIterationSucceeded"
    case mapIterationFailed = "MapIterationFailed", mapIterationAborted = "MapIterationAborted"
    case mapRunStarted = "MapRunStarted", mapRunSucceeded = "MapRunSucceeded", mapRunFailed = "MapRunFailed"

    case taskScheduled = "TaskScheduled", taskStarted = "TaskStarted", taskSubmitted = "TaskSubmitted"
    case taskSucceeded = "TaskSucceeded", taskFailed = "TaskFailed", taskTimedOut = "TaskTimedOut"
    case lambdaFunctionScheduled = "LambdaFunctionScheduled", lambdaFunctionStarted = "LambdaFunctionStarted"
    case lambdaFunctionSucceeded = "LambdaFunctionSucceeded", lambdaFunctionFailed = "LambdaFunctionFailed"
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
