import SFNJSON
import SFNJSONPath
import SFNJSONata

/// One state, with the fields every state type shares and its type-specific part.
///
/// A class so that the run loop passes a reference instead of copying a dozen fields per
/// transition. Fields are set only while the definition loads; afterwards the node is immutable,
/// which is what makes the unchecked Sendable sound.
final class StateNode: @unchecked Sendable {
    var name: String
    /// JSON pointer of the state in the definition ("/States/Name"), for diagnostics.
    var pointer: String
    var queryLanguage: ExpressionLanguage
    var comment: String?
    var transition: Transition
    var kind: StateKind
    /// JSONPath data flow (InputPath, Parameters, ResultSelector, ResultPath, OutputPath).
    var io: PathDataFlow
    /// JSONata data flow (Arguments, Output).
    var arguments: Template?
    var output: Template?
    /// Workflow variables to set when the state finishes (both query languages).
    var assign: Template?
    var retriers: [Retrier]
    var catchers: [Catcher]
    /// Whether an expression of this state reads the context object (`$$`, `$states`), so
    /// that it is built only for states that can see it.
    var usesContext = false

    init(name: String, pointer: String, queryLanguage: ExpressionLanguage, comment: String?, transition: Transition,
         kind: StateKind, io: PathDataFlow, arguments: Template?, output: Template?, assign: Template?,
         retriers: [Retrier], catchers: [Catcher]) {
        self.name = name
        self.pointer = pointer
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
indirect enum StateKind: Sendable {
    case pass(PassState)
    case task(TaskState)
    case choice(ChoiceState)
    case wait(WaitState)
    case succeed
    case fail(FailState)
    case parallel(ParallelState)
    case map(MapState)

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
enum FilterPath: Sendable {
    case identity
    case null
    case path(JSONPath)
}

/// ResultPath: `$` (the default) replaces the input, null discards the result.
enum ResultPathSpec: Sendable {
    case replace
    case discard
    case path(JSONPath)
}

struct PathDataFlow: Sendable {
    var inputPath: FilterPath = .identity
    var parameters: Template?
    var resultSelector: Template?
    var resultPath: ResultPathSpec = .replace
    var outputPath: FilterPath = .identity
}

struct PassState: Sendable {
    var result: JSONValue?
}

struct FailState: Sendable {
    var error: StringSource?
    var cause: StringSource?
}

/// A string field that may be given literally, by a path (`ErrorPath`) or by JSONata.
enum StringSource: Sendable {
    case literal(String)
    case path(PathExpression, field: String)
    case jsonata(JSONataExpression, field: String)
}

struct WaitState: Sendable {
    enum Duration: Sendable {
        case seconds(Int)
        case timestamp(String, millis: Double)
        case secondsPath(JSONPath)
        case timestampPath(JSONPath)
        case jsonataSeconds(JSONataExpression)
        case jsonataTimestamp(JSONataExpression)
    }
    var duration: Duration
}

struct TaskState: Sendable {
    var resource: String
    var timeoutSeconds: NumberSource?
    var heartbeatSeconds: NumberSource?
    var credentials: JSONValue?
}

/// An integer/number field that may be literal, given by a path (`...Path`) or by JSONata.
enum NumberSource: Sendable {
    case literal(JSONValue)
    case path(JSONPath)
    case jsonata(JSONataExpression)
}

struct ParallelState: Sendable {
    var branches: [StateGraph]
}

struct MapState: Sendable {
    var processor: StateGraph
    var processorMode: String
    var itemsPath: JSONPath?
    var items: Template?
    var itemSelector: Template?
    var itemReader: JSONValue?
    var itemBatcher: ItemBatcher?
    var resultWriter: JSONValue?
    var maxConcurrency: NumberSource?
    var toleratedFailurePercentage: NumberSource?
    var toleratedFailureCount: NumberSource?
    var label: String?
}

/// A Map's ItemBatcher: iterations get `{"BatchInput": ..., "Items": [...]}` instead of one item.
struct ItemBatcher: Sendable {
    /// MaxItemsPerBatch(Path); absent or 0 means no limit on the count.
    var maxItemsPerBatch: NumberSource?
    /// MaxInputBytesPerBatch(Path); absent or 0 means AWS's 256 KiB payload quota.
    var maxInputBytesPerBatch: NumberSource?
    /// Added to every batch, evaluated once per Map run.
    var batchInput: Template?
}

struct Retrier: Sendable {
    var errorEquals: [String]
    var intervalSeconds: Int
    var maxAttempts: Int
    var backoffRate: Double
    var maxDelaySeconds: Int?
    var jitterFull: Bool
}

struct Catcher: Sendable {
    var errorEquals: [String]
    var next: Int
    var resultPath: ResultPathSpec
    var output: Template?
    var assign: Template?
}
