import SFNJSON
import Synchronization

extension StateMachine {
    /// Loads what TestState accepts as a definition: a whole machine (the state is then named by
    /// `stateName`) or a single state (an object with `Type` and no `States`). A single state's
    /// Next, Default, Choices and Catch targets are added as Succeed states, so its transitions
    /// resolve and `nextState` can name them. Returns the machine and the name of the state.
    public static func loadForTestState(_ definition: JSONValue, stateName: String?)
        throws(DefinitionError) -> (machine: StateMachine, stateName: String?)
    {
        guard case .object(let o) = definition, o["States"] == nil, o["Type"] != nil else {
            return (try load(definition: definition).machine, stateName)
        }
        let name = stateName ?? "TestState"
        var states = JSONObject()
        states.append(name, definition)
        for target in transitionTargets(o) where target != name && states[target] == nil {
            states.append(target, ["Type": "Succeed"])
        }
        let machine: JSONValue = .object(JSONObject([("StartAt", .string(name)), ("States", .object(states))]))
        return (try load(definition: machine).machine, name)
    }

    /// Every state name a single state's fields can transition to.
    static func transitionTargets(_ state: JSONObject) -> [String] {
        var out: [String] = []
        if let n = state["Next"]?.stringValue { out.append(n) }
        if let d = state["Default"]?.stringValue { out.append(d) }
        for field in ["Choices", "Catch"] {
            if case .array(let items)? = state[field] {
                out += items.compactMap { $0["Next"]?.stringValue }
            }
        }
        return out
    }

    /// The state named `name`: at the top level, else inside a Parallel branch or Map processor
    /// (the first found, depth first).
    public func testableState(named name: String) -> (state: StateNode, graph: StateGraph)? {
        func find(_ graph: StateGraph) -> (StateNode, StateGraph)? {
            if let s = graph.state(named: name) { return (s, graph) }
            for s in graph.states {
                switch s.kind {
                case .parallel(let p):
                    for b in p.branches { if let f = find(b) { return f } }
                case .map(let m):
                    if let f = find(m.processor) { return f }
                default: break
                }
            }
            return nil
        }
        return find(definition.graph)
    }

    /// Runs one state as AWS's TestState API does (see `TestStateRequest`). Without a
    /// `stateName` the machine's StartAt state runs. A mocked result of a Map or Parallel is its
    /// whole result, and a mocked error its own error (the iterations or branches do not run, as on
    /// AWS) unless `errorCausedByState` or `mapIterationFailureCount` sends the error inside;
    /// otherwise a mock answers every Task resource inside the state, and without one they run as
    /// `options.tasks` says.
    /// Waits and retries are never slept. Throws when the request names no state of this machine
    /// or its mock cannot be the state's result.
    public func testState(_ request: TestStateRequest, options: ExecutionOptions = ExecutionOptions())
        async throws(TestStateError) -> TestStateResponse
    {
        let found: (state: StateNode, graph: StateGraph)
        if let name = request.stateName {
            guard let f = testableState(named: name) else {
                throw TestStateError("stateName: the definition has no state named '\(name)'")
            }
            found = f
        } else {
            found = (definition.graph.start, definition.graph)
        }
        if case .result(let value)? = request.mock {
            switch found.state.kind {
            case .parallel(let p):
                guard case .array(let a) = value, a.count == p.branches.count else {
                    throw TestStateError(
                        "mock.result: a Parallel state's result is an array with one element per branch "
                            + "(\(p.branches.count))")
                }
            case .map:
                guard value.arrayValue != nil || value.objectValue != nil else {
                    throw TestStateError("mock.result: a Map state's result is a JSON array (or object)")
                }
            default: break
            }
        }
        var options = options
        options.skipWaits = true
        if let mock = request.mock {
            options.tasks = Self.mockDispatcher(mock, found.state, request.configuration, base: options.tasks)
        }
        let executor = Executor(machine: definition, options: options, input: request.input)
        return await executor.testState(found.state, in: found.graph, request)
    }

    /// A dispatcher that answers every Task resource inside `state` with the mock. A mocked
    /// error comes from the `errorCausedByState` state alone when one is named, and from the
    /// first `mapIterationFailureCount` calls when that is given; other calls return the
    /// mocked result, or their input when the mock is an error.
    static func mockDispatcher(
        _ mock: TestStateMock, _ state: StateNode, _ config: TestStateConfiguration, base: TaskDispatcher
    ) -> TaskDispatcher {
        var tasks = base
        let failures = FailureBudget(config.mapIterationFailureCount)
        let body: @Sendable (TaskRequest) async throws -> JSONValue = { request in
            switch mock {
            case .result(let value):
                return value
            case .error(let error, let cause):
                if let origin = config.errorCausedByState, origin != request.stateName { return request.input }
                guard failures.take() else { return request.input }
                throw StatesError(error, cause)
            }
        }
        for resource in Set(taskResources(state)) { tasks.register(resource: resource, body) }
        return tasks
    }

    static func taskResources(_ state: StateNode) -> [String] {
        switch state.kind {
        case .task(let t): return [t.resource]
        case .parallel(let p): return p.branches.flatMap { $0.states.flatMap(taskResources) }
        case .map(let m): return m.processor.states.flatMap(taskResources)
        default: return []
        }
    }
}

/// How many more calls may fail (unlimited without a count); shared by concurrent iterations.
final class FailureBudget: Sendable {
    private let left: Mutex<Int?>
    init(_ count: Int?) { left = Mutex(count) }

    func take() -> Bool {
        left.withLock { n in
            guard let k = n else { return true }
            guard k > 0 else { return false }
            n = k - 1
            return true
        }
    }
}
