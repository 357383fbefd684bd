import SFNJSON

/// What the run loop reads of a state on every transition, worked out once when the state is
/// loaded: the event types, whether the clock is read, the kind the loop runs without an async
/// frame, and the JSONPath-mode templates and Choice rules compiled (TemplatePlan, ChoicePlan).
///
/// Reading these from a final class's `let`s borrows them; switching on the indirect
/// `StateKind` per transition copied the payload out of its box (a Choice's rules array, a
/// Pass's Result), and each `Template?` read from `PathDataFlow` retained its box.
final class StatePlan: @unchecked Sendable {
    /// The kinds the run loop calls directly (they never suspend).
    enum Hot: Sendable {
        case pass
        case choice
        case other
    }

    let hot: Hot
    /// A Pass or Choice without Retry or Catch: the run loop's synchronous part runs it
    /// (Executor+Hot), an error ending the graph as it would in the general loop.
    let fast: Bool
    let enteredEvent: HistoryEventType
    let exitedEvent: HistoryEventType?
    /// Whether something can see the entered time (the context object, a Task, JSONata).
    let readsClock: Bool
    /// Task, Parallel and Map add events of their own from nested work.
    let nestsGraphs: Bool
    /// InputPath is `$` (the default): Parameters read the raw input in place.
    let inputIsIdentity: Bool
    /// ResultPath is `$` (the default) and OutputPath is `$` (the default): the stages after the
    /// work hand the result on as it is.
    let resultPathIsReplace: Bool
    let outputIsIdentity: Bool
    /// A Pass state's Result.
    let passResult: JSONValue?
    /// JSONPath mode only (nil in JSONata mode, which evaluates its templates as before).
    let parameters: TemplateNode?
    let resultSelector: TemplateNode?
    let assign: TemplateNode?
    /// A JSONPath-mode Choice's rules.
    let choice: ChoicePlan?
    /// The same four, unretained, for the hot path: binding an optional reference (`if let p =
    /// plan.parameters`) retained and released it around the call made on it.
    let parametersRef: Unmanaged<TemplateNode>?
    let resultSelectorRef: Unmanaged<TemplateNode>?
    let assignRef: Unmanaged<TemplateNode>?
    let choiceRef: Unmanaged<ChoicePlan>?

    init(
        kind: StateKind, queryLanguage: ExpressionLanguage, io: PathDataFlow, assign: Template?,
        usesContext: Bool, recovers: Bool
    ) {
        let jsonPath = queryLanguage != .jsonata
        var hot = Hot.other
        var passResult: JSONValue? = nil
        var choice: ChoicePlan? = nil
        var nests = false
        var task = false
        switch kind {
        case .pass(let pass):
            hot = .pass
            passResult = pass.result
        case .choice(let c):
            hot = .choice
            if jsonPath { choice = ChoicePlan(c) }
        case .task:
            nests = true
            task = true
        case .parallel, .map:
            nests = true
        default:
            break
        }
        self.hot = hot
        fast = hot != .other && !recovers
        self.passResult = passResult
        self.choice = choice
        nestsGraphs = nests
        enteredEvent = kind.enteredEvent
        exitedEvent = kind.exitedEvent
        readsClock = usesContext || task || !jsonPath
        if case .identity = io.inputPath { inputIsIdentity = true } else { inputIsIdentity = false }
        if case .replace = io.resultPath { resultPathIsReplace = true } else { resultPathIsReplace = false }
        if case .identity = io.outputPath { outputIsIdentity = true } else { outputIsIdentity = false }
        parameters = jsonPath ? io.parameters.map(TemplateNode.compile) : nil
        resultSelector = jsonPath ? io.resultSelector.map(TemplateNode.compile) : nil
        self.assign = jsonPath ? assign.map(TemplateNode.compile) : nil
        parametersRef = parameters.map { Unmanaged.passUnretained($0) }
        resultSelectorRef = resultSelector.map { Unmanaged.passUnretained($0) }
        assignRef = self.assign.map { Unmanaged.passUnretained($0) }
        choiceRef = choice.map { Unmanaged.passUnretained($0) }
    }
}
