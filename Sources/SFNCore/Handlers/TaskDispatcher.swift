import SFNJSON

/// Picks what runs a Task state's resource: registered Swift handlers first, then the mock config
/// (by state name), then the resources map, then `shell:` resources. An unmapped resource fails
/// with an error that names it (see `describeUnmapped`).
///
/// Build one per execution (mock invocation counts belong to an execution; see `forNewExecution`),
/// then share it freely: `invoke` may run concurrently.
public struct TaskDispatcher: Sendable {
    private(set) var handlers = LambdaKeyedTable<any TaskHandler>()
    private var mock: MockResponder?
    public var resources: ResourceMap?
    /// Whether `shell:` resources may run.
    public var allowsShell = true
    /// The folder `shell:` commands run in (the CLI gives the definition's); nil for the process's
    /// own. A resources map's commands run where the map says, not here.
    public var shellWorkingDirectory: String?
    /// The States.Runtime cause for a resource nothing serves; a host replaces it to explain how
    /// to serve one with its own means (the CLI names its options).
    public var describeUnmapped: @Sendable (UnmappedResource) -> String = UnmappedResource.libraryCause
    /// Runs every command (shell resources and mapped ones); its supervisor holds this execution's
    /// running commands, to end them all when the execution is stopped.
    public var runner = ShellRunner()
    /// Keeps callback tasks' tokens for their answers (see `TaskDispatcher+Callback`); without it a
    /// `.waitForTaskToken` task fails at once.
    public var callbackStore: (any TaskTokenStore)?
    /// Whether activity tasks wait in `callbackStore` for a worker (`sfn run --activities`);
    /// otherwise one fails at once, saying what would serve it.
    public var servesActivities = false
    /// Whether a `.waitForTaskToken` task that no command serves still waits for its answer (`sfn
    /// serve`: a client reads the token from the history and answers with SendTaskSuccess).
    public var callbacksWaitUnsent = false
    /// Whether `arn:aws:states:::http:invoke` tasks make their real request (libcurl, loaded on
    /// first use), with credentials from `httpConnections`.
    public var servesHTTP = false
    public var httpConnections = HTTPConnections()
    /// Containers, Lambda code and child executions (`TaskDispatcher+Integrations`).
    public var integrations = IntegrationSettings()
    /// The execution role Tasks are authorised against (`sfn run --policy`); nil allows all.
    public var executionRole: ExecutionRole?

    public static let shellPrefix = "shell:"

    public init() {}

    // MARK: Building

    /// Runs `handler` for `resource`: an exact Resource string, or a Lambda function name or ARN
    /// (then it also serves that function through `arn:aws:states:::lambda:invoke`).
    public mutating func register(resource: String, handler: some TaskHandler) {
        handlers.insert(resource, handler)
    }

    /// Runs a closure for `resource`; see `register(resource:handler:)`.
    public mutating func register(resource: String, _ body: @escaping @Sendable (TaskRequest) async throws -> JSONValue)
    {
        handlers.insert(resource, ClosureTaskHandler(body))
    }

    /// Answers mocked states from a MockConfigFile test case. With no `machine`, the one state
    /// machine that has `testCase` is used.
    public mutating func useMockConfig(_ config: MockConfig, testCase: String, machine: String? = nil)
        throws(StatesError)
    {
        var name = machine
        if name == nil {
            let candidates = config.stateMachines.filter { $0.value[testCase] != nil }.keys.sorted()
            guard candidates.count == 1 else {
                throw MockConfig.configError(
                    candidates.isEmpty
                        ? "No state machine in the mock config has a test case '\(testCase)'."
                        : "Several state machines in the mock config have a test case '\(testCase)' (\(candidates.joined(separator: ", "))); name one."
                )
            }
            name = candidates[0]
        }
        mock = try MockResponder(config: config, machine: name ?? "", testCase: testCase)
    }

    /// Same, from an already parsed config (as the conformance cases embed it).
    public mutating func useMockConfig(_ config: JSONValue, testCase: String, machine: String? = nil)
        throws(StatesError)
    {
        try useMockConfig(MockConfig(config), testCase: testCase, machine: machine)
    }

    /// The mock responder in use, for its invocation counts.
    public var mockResponder: MockResponder? { mock }

    /// A copy for another execution: same handlers, map and mocks, mock counters from 0 and a
    /// process supervisor of its own. (Plain copies share both, as Map iterations and Parallel
    /// branches of one execution must.)
    public func forNewExecution() -> TaskDispatcher {
        var copy = self
        copy.mock = mock.map { MockResponder(responses: $0.responses) }
        copy.runner.supervisor = ProcessSupervisor()
        return copy
    }

    /// A copy for a child execution (`states:startExecution`): like `forNewExecution`, without
    /// the mock config, whose test case answers the parent's states, not the child's.
    func forChildExecution() -> TaskDispatcher {
        var copy = forNewExecution()
        copy.mock = nil
        return copy
    }

    // MARK: Running

    /// Runs the task. Errors are what Retry and Catch match on; cancellation of the calling Swift
    /// task ends a running command and throws `StatesError.cancelled`.
    public func invoke(_ request: TaskRequest) async throws(StatesError) -> JSONValue {
        if Task.isCancelled { throw StatesError.cancelled }
        try executionRole?.authorize(request)
        let isInvoke = LambdaFunctionRef.isInvokeIntegration(request.resource)

        if let h = handlers[exact: request.resource] {
            return try await call(h, request, asLambda: LambdaFunctionRef.isFunctionARN(request.resource))
        }
        if isInvoke, let fn = request.input["FunctionName"]?.stringValue, let h = handlers.lookup(function: fn) {
            var inner = request
            inner.input = invokePayload(request.input)
            let payload = try await call(h, inner, asLambda: true)
            return LambdaInvokeResponse.wrap(
                payload, executedVersion: LambdaFunctionRef(fn)?.executedVersion ?? "$LATEST")
        }
        if LambdaFunctionRef.isFunctionARN(request.resource), let h = handlers.lookup(function: request.resource) {
            return try await call(h, request, asLambda: true)
        }

        if let mock, let value = try mock.respond(state: request.stateName) { return value }

        if Self.isCallback(request.resource), let cmd = callbackCommand(request.resource) {
            return try await runCallback(request, command: cmd)
        }
        if callbacksWaitUnsent, Self.isCallback(request.resource) {
            return try await runCallback(request, command: nil)
        }
        if servesActivities, let activity = Self.activityName(request.resource) {
            return try await runActivity(request, activity: activity)
        }
        if let value = try await invokeIntegration(request, isInvoke: isInvoke) { return value }
        if let resources {
            if isInvoke, let fn = request.input["FunctionName"]?.stringValue,
                let cmd = resources.command(forFunction: fn)
            {
                let handler = ShellTaskHandler(command: cmd, style: .lambda, runner: runner)
                let payload = try await handler.run(
                    input: invokePayload(request.input), timeoutSeconds: request.timeoutSeconds,
                    heartbeatSeconds: request.heartbeatSeconds, stderrLine: request.stderrLine)
                return LambdaInvokeResponse.wrap(
                    payload, executedVersion: LambdaFunctionRef(fn)?.executedVersion ?? "$LATEST")
            }
            if let cmd = resources.command(forResource: request.resource) {
                let style: ShellTaskHandler.Style = LambdaFunctionRef.isFunctionARN(request.resource) ? .lambda : .shell
                return try await ShellTaskHandler(command: cmd, style: style, runner: runner)
                    .run(
                        input: request.input, timeoutSeconds: request.timeoutSeconds,
                        heartbeatSeconds: request.heartbeatSeconds, stderrLine: request.stderrLine)
            }
        }

        if let value = try await invokeLambdaEndpoint(request, isInvoke: isInvoke) { return value }
        if servesHTTP, request.resource == HTTPTask.resource {
            let task = HTTPTask(connections: httpConnections)
            // libcurl blocks: the request runs on a thread of its own, not on the executor's pool.
            return try await Self.offPool { () throws(StatesError) in
                try task.run(request.input, stateName: request.stateName)
            }
        }
        if allowsShell, request.resource.hasPrefix(Self.shellPrefix) {
            let line = String(request.resource.dropFirst(Self.shellPrefix.count))
            guard line.contains(where: { $0 != " " && $0 != "\t" }) else {
                throw StatesError(
                    "States.Runtime", "The resource 'shell:' of state '\(request.stateName)' has no command line.")
            }
            let command = ShellCommand(line, workingDirectory: shellWorkingDirectory)
            return try await ShellTaskHandler(command: command, style: .shell, runner: runner)
                .run(
                    input: request.input, timeoutSeconds: request.timeoutSeconds,
                    heartbeatSeconds: request.heartbeatSeconds, stderrLine: request.stderrLine)
        }
        throw unmapped(request, isInvoke: isInvoke)
    }

    /// The event a `lambda:invoke` passes to the function: its Payload parameter. A missing or
    /// null Payload is an empty object (the function is invoked without payload), and a string is
    /// sent as the request body itself, so the function sees the JSON it holds (recorded AWS runs:
    /// `"Payload": "true"` reaches the function as `true`); a string that is not JSON stays a string.
    func invokePayload(_ input: JSONValue) -> JSONValue {
        switch input["Payload"] {
        case nil, .null?: return .object(JSONObject())
        case .string(let text)?: return (try? JSONParser.parse(text)) ?? .string(text)
        case let value?: return value
        }
    }

    /// Runs a Swift handler; with TimeoutSeconds it races a timer and the loser is cancelled, so a
    /// handler that honours cancellation stops when the task times out. A handler standing in for
    /// a Lambda function reports a plain Swift error as AWS reports an unhandled Lambda exception:
    /// named after its type, with `{"errorMessage": ..., "errorType": ...}` as the cause.
    private func call(_ handler: any TaskHandler, _ request: TaskRequest, asLambda: Bool) async throws(StatesError)
        -> JSONValue
    {
        do {
            guard let timeout = request.timeoutSeconds, timeout > 0, timeout < 1e9 else {
                return try await handler.invoke(request)
            }
            return try await withThrowingTaskGroup(of: JSONValue?.self) { group in
                group.addTask { try await handler.invoke(request) }
                group.addTask {
                    try await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let value = first else {
                    throw StatesError(
                        "States.Timeout",
                        "The task of state '\(request.stateName)' did not finish within \(timeout) seconds (TimeoutSeconds)."
                    )
                }
                return value
            }
        } catch {
            let wrapped = StatesError(wrapping: error)
            if asLambda, !(error is StatesError), !(error is TaskErrorConvertible), !(error is CancellationError) {
                let object: JSONValue = [
                    "errorMessage": .string(wrapped.cause ?? ""),
                    "errorType": .string(wrapped.error.rawValue),
                ]
                throw StatesError(wrapped.error, JSONPrinter.compact(object))
            }
            throw wrapped
        }
    }

    private func unmapped(_ request: TaskRequest, isInvoke: Bool) -> StatesError {
        var function: String?
        if isInvoke {
            guard let fn = request.input["FunctionName"]?.stringValue else {
                return StatesError(
                    "States.Runtime",
                    "The state '\(request.stateName)' calls \(request.resource) without a string FunctionName parameter."
                )
            }
            function = fn
        }
        let unmapped = UnmappedResource(resource: request.resource, function: function, stateName: request.stateName)
        return StatesError("States.Runtime", describeUnmapped(unmapped))
    }
}
