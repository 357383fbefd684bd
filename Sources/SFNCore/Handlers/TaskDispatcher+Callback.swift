import SFNJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Callback tasks (`.waitForTaskToken`): the token goes into the store, the resources map's command
/// for the resource receives the task's input (with `$$.Task.Token` wherever Parameters put it, and
/// in `SFN_TASK_TOKEN`), and the task waits until some process answers the token through the same
/// store (`sfn task-success`, `task-failure`, `task-heartbeat`) or its TimeoutSeconds or
/// HeartbeatSeconds run out.
extension TaskDispatcher {
    public static let callbackSuffix = ".waitForTaskToken"
    /// How often a waiting task reads its token's row: an answer from another process is seen
    /// within this time.
    static let callbackPollNanoseconds: UInt64 = 50_000_000

    /// Whether a resource is a callback integration.
    public static func isCallback(_ resource: String) -> Bool { resource.hasSuffix(callbackSuffix) }

    /// The command the resources map names for a callback resource: the exact resource, or the
    /// same resource without `.waitForTaskToken` (one entry serves both patterns).
    func callbackCommand(_ resource: String) -> ShellCommand? {
        guard let resources else { return nil }
        if let c = resources.command(forResource: resource) { return c }
        return resources.command(forResource: String(resource.dropLast(Self.callbackSuffix.count)))
    }

    func runCallback(_ request: TaskRequest, command: ShellCommand?) async throws(StatesError) -> JSONValue {
        guard let store = callbackStore, let token = request.taskToken else {
            throw StatesError(
                "States.Runtime",
                "The state '\(request.stateName)' waits for a task token, but no store keeps tokens, so nothing "
                    + "could answer it (sfn task-success reads the execution store: run without --no-store).")
        }
        let started = ExecutionOptions.systemNowMillis()
        let arn = request.context["Execution"]?["Id"]?.stringValue ?? ""
        do throws(ExecutionStoreError) {
            try store.createTaskToken(
                TaskTokenRecord(token: token, executionArn: arn, stateName: request.stateName, heartbeatDate: started))
        } catch {
            throw StatesError(
                "States.Runtime", "The task token of state '\(request.stateName)' was not stored: \(error)")
        }
        guard var sender = command else {
            // Nothing sends the token: the answer comes from whoever reads it (SendTaskSuccess).
            let outcome = await Self.waitForAnswer(store, token: token, started: started, request: request)
            try? store.closeTaskToken(token)
            return try outcome.get()
        }
        sender.environment["SFN_TASK_TOKEN"] = token
        let handler = ShellTaskHandler(command: sender, style: .shell, runner: runner)
        let input = request.input
        let stderrLine = request.stderrLine
        let outcome = await withTaskGroup(of: Result<JSONValue, StatesError>?.self) { group in
            // The command sends the token (a stand-in for SQS, SNS or an e-mail); what it prints is
            // not the task's result, but its failure is the task's, as a failed SendMessage is.
            group.addTask {
                do throws(StatesError) {
                    _ = try await handler.run(
                        input: input, timeoutSeconds: nil, heartbeatSeconds: nil, stderrLine: stderrLine)
                    return nil
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                await Self.waitForAnswer(
                    store, token: token, started: started, request: request)
            }
            var result: Result<JSONValue, StatesError> = .failure(.cancelled)
            while let next = await group.next() {
                guard let next else { continue }
                result = next
                break
            }
            group.cancelAll()
            return result
        }
        try? store.closeTaskToken(token)
        return try outcome.get()
    }

    /// The activity an `arn:aws:states:REGION:ACCOUNT:activity:NAME` resource names.
    public static func activityName(_ resource: String) -> String? {
        guard resource.hasPrefix("arn:"), let r = resource.range(of: ":activity:") else { return nil }
        let name = resource[r.upperBound...]
        return name.isEmpty ? nil : String(name)
    }

    /// An activity task: its input waits in the store under a fresh token until a worker takes it
    /// (`claimActivityTask`, GetActivityTask) and answers the token.
    func runActivity(_ request: TaskRequest, activity: String) async throws(StatesError) -> JSONValue {
        guard let store = callbackStore else {
            throw StatesError(
                "States.Runtime",
                "The activity task of state '\(request.stateName)' waits for a worker, but no store keeps its task "
                    + "for sfn activity-worker to take (run without --no-store).")
        }
        let token = request.taskToken ?? Self.newToken()
        let started = ExecutionOptions.systemNowMillis()
        do throws(ExecutionStoreError) {
            try store.createTaskToken(
                TaskTokenRecord(
                    token: token, executionArn: request.context["Execution"]?["Id"]?.stringValue ?? "",
                    stateName: request.stateName, heartbeatDate: started, activity: activity, input: request.input))
        } catch {
            throw StatesError(
                "States.Runtime", "The activity task of state '\(request.stateName)' was not stored: \(error)")
        }
        let outcome = await Self.waitForAnswer(store, token: token, started: started, request: request)
        try? store.closeTaskToken(token)
        return try outcome.get()
    }

    static func newToken() -> String { ExecutionInfo.taskToken() }

    private static func waitForAnswer(
        _ store: any TaskTokenStore, token: String, started: Double, request: TaskRequest
    ) async -> Result<JSONValue, StatesError> {
        while true {
            if Task.isCancelled { return .failure(.cancelled) }
            let record: TaskTokenRecord?
            do throws(ExecutionStoreError) { record = try store.taskToken(token) } catch {
                return .failure(StatesError("States.Runtime", "The task token could not be read: \(error)"))
            }
            guard let record else {
                return .failure(
                    StatesError("States.Runtime", "The task token of state '\(request.stateName)' is gone."))
            }
            switch record.status {
            case .succeeded: return .success(record.output ?? .null)
            case .failed: return .failure(StatesError(record.error ?? "", record.cause))
            case .closed: return .failure(.cancelled)
            case .waiting: break
            }
            let now = ExecutionOptions.systemNowMillis()
            if let timeout = request.timeoutSeconds, now - started >= timeout * 1000 {
                return .failure(StatesError(.timeout, nil))
            }
            // An activity's heartbeats count from when a worker takes it, as on AWS (ActivityStarted).
            if let heartbeat = request.heartbeatSeconds, record.activity == nil || record.claimed,
                now - record.heartbeatDate >= heartbeat * 1000
            {
                return .failure(StatesError(.heartbeatTimeout, nil))
            }
            try? await Task.sleep(nanoseconds: callbackPollNanoseconds)
        }
    }
}
