import SFNJSON

/// How the integrations that run real code are served (set by the host; the CLI's
/// `--container-runtime`, `--lambda-endpoint` and `--no-wait`).
public struct IntegrationSettings: Sendable {
    /// The program that runs containers: `docker` (default) or `podman`, or a path.
    public var containerRuntime = "docker"
    /// Lambda's Invoke API at this URL serves every Lambda function nothing else serves.
    public var lambdaEndpoint: String?
    /// Whether child executions (`states:startExecution`) skip their Wait states' sleeps.
    public var skipWaits = false

    public init() {}
}

/// Containers, Lambda code, local state machines and the Lambda endpoint, tried by `invoke`.
extension TaskDispatcher {
    /// Serves a resource from the resources map's container, Lambda-code and state-machine
    /// entries; nil when none of them names it.
    func invokeIntegration(_ request: TaskRequest, isInvoke: Bool) async throws(StatesError) -> JSONValue? {
        let entries = resources?.integrations ?? IntegrationEntries()
        let resource = request.resource
        if let (service, sync) = ContainerTask.parse(resource) {
            let task = ContainerTask(service, sync: sync, request: request)
            guard let launch = try task.launch(entries.container(task.lookupKeys)) else { return nil }
            return try await task.run(launch, runtime: integrations.containerRuntime, runner: runner)
        }
        if let pattern = NestedExecution.parse(resource) {
            let nested = NestedExecution(pattern: pattern, request: request)
            guard let arn = nested.stateMachineArn, let local = entries.stateMachine(arn) else { return nil }
            return try await nested.run(local, dispatcher: self, skipWaits: integrations.skipWaits)
        }
        // The region only where a function runs: it splits the execution's ARN, and every task
        // that reaches this point (a `shell:` command too) would pay for it.
        if isInvoke, let fn = request.input["FunctionName"]?.stringValue,
            let code = entries.lambdaCode.lookup(function: fn)
        {
            try Self.refuseAsyncInvocation(request, function: fn)
            let payload = try await code.invoke(
                invokePayload(request.input), functionName: fn, region: Self.region(request),
                stateTimeout: request.timeoutSeconds, runner: runner)
            return LambdaInvokeResponse.wrap(
                payload, executedVersion: LambdaFunctionRef(fn)?.executedVersion ?? "$LATEST")
        }
        if LambdaFunctionRef.isFunctionARN(resource), let code = entries.lambdaCode.lookup(function: resource) {
            return try await code.invoke(
                request.input, functionName: resource, region: Self.region(request),
                stateTimeout: request.timeoutSeconds, runner: runner)
        }
        return nil
    }

    /// Sends a Lambda function that nothing else serves to `--lambda-endpoint`; nil without one.
    func invokeLambdaEndpoint(_ request: TaskRequest, isInvoke: Bool) async throws(StatesError) -> JSONValue? {
        guard let url = integrations.lambdaEndpoint else { return nil }
        let endpoint = LambdaEndpoint(url: url)
        if isInvoke, let fn = request.input["FunctionName"]?.stringValue {
            try Self.refuseAsyncInvocation(request, function: fn)
            let event = invokePayload(request.input)
            let payload = try await Self.offPool { () throws(StatesError) in
                try endpoint.invoke(function: fn, event: event)
            }
            return LambdaInvokeResponse.wrap(
                payload, executedVersion: LambdaFunctionRef(fn)?.executedVersion ?? "$LATEST")
        }
        if LambdaFunctionRef.isFunctionARN(request.resource) {
            let (resource, input) = (request.resource, request.input)
            return try await Self.offPool { () throws(StatesError) in
                try endpoint.invoke(function: resource, event: input)
            }
        }
        return nil
    }

    /// `InvocationType` `Event` and `DryRun` answer without the function's result on AWS; run
    /// locally they would silently become `RequestResponse`, so they are refused until served.
    static func refuseAsyncInvocation(_ request: TaskRequest, function: String) throws(StatesError) {
        guard let type = request.input["InvocationType"]?.stringValue, type != "RequestResponse" else { return }
        throw StatesError(
            "States.Runtime",
            "The state '\(request.stateName)' invokes '\(function)' with InvocationType '\(type)', which local "
                + "Lambda code and --lambda-endpoint do not run yet (only RequestResponse); leave InvocationType "
                + "out or answer the state from --mock-config")
    }

    /// The region of the calling execution's ARN.
    static func region(_ request: TaskRequest) -> String {
        let parts = (request.context["Execution"]?["Id"]?.stringValue ?? "").split(separator: ":")
        return parts.count > 4 ? String(parts[3]) : "us-east-1"
    }
}
