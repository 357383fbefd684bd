import SFNJSON
import SFNJSONPath
import SFNJSONata

/// One state, with the fields every state type shares and its type-specific part.
///
/// A class so that the run loop passes a reference instead of copying a dozen fields per
/// transition; every field is a `let` of a Sendable type, so it is Sendable by construction.
public final class StateNode: Sendable {
    public let name: String
    /// JSON pointer of the state in the definition ("/States/Name"), for diagnostics.
    public let pointer: String
    /// Line and column of the state in the definition text (nil when loaded from a parsed value).
    public let location: SourceLocation?
    public let queryLanguage: ExpressionLanguage
    public let comment: String?
    public let transition: Transition
    public let kind: StateKind
    /// JSONPath data flow (InputPath, Parameters, ResultSelector, ResultPath, OutputPath).
    public let io: PathDataFlow
    /// JSONata data flow (Arguments, Output).
    public let arguments: Template?
    public let output: Template?
    /// Workflow variables to set when the state finishes (both query languages).
    public let assign: Template?
    public let retriers: [Retrier]
    public let catchers: [Catcher]
    /// Whether an expression of this state reads the context object (`$$`, `$states`), so
    /// that it is built only for states that can see it.
    public let usesContext: Bool
    /// What the run loop reads per transition, worked out once (Interpret/StatePlan.swift).
    let plan: StatePlan

    init(
        name: String, pointer: String, location: SourceLocation?, queryLanguage: ExpressionLanguage,
        comment: String?, transition: Transition, kind: StateKind, io: PathDataFlow, arguments: Template?,
        output: Template?, assign: Template?, retriers: [Retrier], catchers: [Catcher], usesContext: Bool
    ) {
        self.name = name
        self.pointer = pointer
        self.location = location
        self.queryLanguage = queryLanguage
        self.comment = comment
        self.transition = transition
        self.kind = kind
        self.io = io
        self.arguments = arguments
        self.output = output
        self.assign = assign
        self.retriers = retriers
        self.catchers = catchers
        self.usesContext = usesContext
        plan = StatePlan(
            kind: kind, queryLanguage: queryLanguage, io: io, assign: assign, usesContext: usesContext,
            recovers: !retriers.isEmpty || !catchers.isEmpty)
    }
}

extension StateNode {
    var isTask: Bool { if case .task = kind { return true } else { return false } }
    /// Task, Parallel and Map record events of their own (Parallel and Map from nested graphs).
    var nestsGraphs: Bool {
        switch kind {
        case .task, .parallel, .map: return true
        default: return false
        }
    }
}

/// The type-specific part of a state.
/// Indirect so that the enum is one reference wide: the run loop switches on it per transition, and
/// the largest payload (Map) would otherwise be copied each time.
public indirect enum StateKind: Sendable {
    case pass(PassState)
    case task(TaskState)
    case choice(ChoiceState)
    case wait(WaitState)
    case succeed
    case fail(FailState)
    case parallel(ParallelState)
    case map(MapState)

    /// The state's `Type` as written in the definition: "Pass", "Task", "Choice", ...
    public var typeName: String {
        switch self {
        case .pass: return "Pass"
        case .task: return "Task"
        case .choice: return "Choice"
        case .wait: return "Wait"
        case .succeed: return "Succeed"
        case .fail: return "Fail"
        case .parallel: return "Parallel"
        case .map: return "Map"
        }
    }

    /// The event types that mark entering and leaving a state of this kind.
    var enteredEvent: HistoryEventType {
        switch self {
        case .pass: return .passStateEntered
        case .task: return .taskStateEntered
        case .choice: return .choiceStateEntered
        case .wait: return .waitStateEntered
        case .succeed: return .succeedStateEntered
        case .fail: return .failStateEntered
        case .parallel: return .parallelStateEntered
        case .map: return .mapStateEntered
        }
    }

    var exitedEvent: HistoryEventType? {
        switch self {
        case .pass: return .passStateExited
        case .task: return .taskStateExited
        case .choice: return .choiceStateExited
        case .wait: return .waitStateExited
        case .succeed: return .succeedStateExited
        case .fail: return nil
        case .parallel: return .parallelStateExited
        case .map: return .mapStateExited
        }
    }
}

/// InputPath / OutputPath: `$` (the default) keeps the value, null gives `{}`.
public enum FilterPath: Sendable {
    case identity
    case null
    case path(JSONPath)
}

/// ResultPath: `$` (the default) replaces the input, null discards the result.
public enum ResultPathSpec: Sendable {
    case replace
    case discard
    case path(JSONPath)
}

public struct PathDataFlow: Sendable {
    public let inputPath: FilterPath
    public let parameters: Template?
    public let resultSelector: Template?
    public let resultPath: ResultPathSpec
    public let outputPath: FilterPath
}

public struct PassState: Sendable {
    public let result: JSONValue?
}

public struct FailState: Sendable {
    public let error: StringSource?
    public let cause: StringSource?
}

/// A string field that may be given literally, by a path (`ErrorPath`) or by JSONata.
public enum StringSource: Sendable {
    case literal(String)
    case path(PathExpression, field: String)
    case jsonata(JSONataExpression, field: String)
}

public struct WaitState: Sendable {
    public enum Duration: Sendable {
        case seconds(Int)
        case timestamp(String, millis: Double)
        case secondsPath(JSONPath)
        case timestampPath(JSONPath)
        case jsonataSeconds(JSONataExpression)
        case jsonataTimestamp(JSONataExpression)
    }
    public let duration: Duration
}

public struct TaskState: Sendable {
    public let resource: String
    public let timeoutSeconds: NumberSource?
    public let heartbeatSeconds: NumberSource?
    public let credentials: JSONValue?
}

/// An integer/number field that may be literal, given by a path (`...Path`) or by JSONata.
public enum NumberSource: Sendable {
    case literal(JSONValue)
    case path(JSONPath)
    case jsonata(JSONataExpression)
}

public struct ParallelState: Sendable {
    public let branches: [StateGraph]
}

public struct MapState: Sendable {
    public let processor: StateGraph
    public let processorMode: String
    public let itemsPath: JSONPath?
    public let items: Template?
    /// Settable inside SFNCore only: a run with an ItemBatcher applies it itself, on a copy.
    public let itemSelector: Template?
    public let itemReader: JSONValue?
    public let itemBatcher: ItemBatcher?
    public let resultWriter: JSONValue?
    public let maxConcurrency: NumberSource?
    public let toleratedFailurePercentage: NumberSource?
    public let toleratedFailureCount: NumberSource?
    public let label: String?
    /// ProcessorConfig's ExecutionType of a DISTRIBUTED Map's children ("STANDARD" or "EXPRESS").
    public var executionType: String? = nil
}

/// A Map's ItemBatcher: iterations get `{"BatchInput": ..., "Items": [...]}` instead of one item.
public struct ItemBatcher: Sendable {
    /// MaxItemsPerBatch(Path); absent or 0 means no limit on the count.
    public let maxItemsPerBatch: NumberSource?
    /// MaxInputBytesPerBatch(Path); absent or 0 means AWS's 256 KiB payload quota.
    public let maxInputBytesPerBatch: NumberSource?
    /// Added to every batch, evaluated once per Map run.
    public let batchInput: Template?
}

public struct Retrier: Sendable {
    public let errorEquals: [String]
    public let intervalSeconds: Int
    public let maxAttempts: Int
    public let backoffRate: Double
    public let maxDelaySeconds: Int?
    public let jitterFull: Bool
}

public struct Catcher: Sendable {
    public let errorEquals: [String]
    public let next: Int
    public let resultPath: ResultPathSpec
    public let output: Template?
    public let assign: Template?
}
