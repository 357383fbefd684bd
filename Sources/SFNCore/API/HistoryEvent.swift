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

/// One entry of an execution's history.
public struct HistoryEvent: Sendable, Hashable {
    /// 1-based, in order of occurrence; ExecutionStarted is 1.
    public var id: Int
    public var type: HistoryEventType
    /// The state the event belongs to, when it belongs to one.
    public var stateName: String?
    /// Milliseconds since 1970 on the execution's clock.
    public var timestampMillis: Double

    public init(id: Int, type: HistoryEventType, stateName: String?, timestampMillis: Double) {
        self.id = id
        self.type = type
        self.stateName = stateName
        self.timestampMillis = timestampMillis
    }
}
