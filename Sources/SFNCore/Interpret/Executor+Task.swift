import SFNJSON
import SFNJSONPath

/// The Task state: payload, timeouts, the dispatcher call and its history events.
extension Executor {
    func runTask(_ task: TaskState, _ run: inout StateRun) async throws(StatesError) -> Transition {
        let state = run.state
        // A fresh token per attempt, visible to Parameters/Arguments as `$$.Task.Token`.
        run.taskToken = TaskDispatcher.isCallback(task.resource) ? ExecutionInfo.taskToken() : nil
        let input: JSONValue
        let timeout: Double?
        let heartbeat: Double?
        do {
            input = try payload(run)
            timeout = try seconds(task.timeoutSeconds, "TimeoutSeconds", input: input, run)
            heartbeat = try seconds(task.heartbeatSeconds, "HeartbeatSeconds", input: input, run)
        } catch {
            noteEvaluationFailure(error, run)
            throw error
        }
        // A Lambda function named by its ARN has events of its own; integrations share Task*.
        let lambda = LambdaFunctionRef.isFunctionARN(task.resource)
        let seconds = (timeout.map { Int($0) }, heartbeat.map { Int($0) })
        // The history quota is checked before each event the task adds: a task's outcome cannot
        // be the quota's last event (only ExecutionSucceeded can), so AWS fails the execution
        // in its place once the task is done.
        var lastId: Int
        if lambda {
            lastId = record(
                .lambdaFunctionScheduled,
                .lambdaFunctionScheduled(resource: task.resource, input: input, timeoutInSeconds: seconds.0))
            if lastId >= lastEventId && quotaReached(lastId) { throw historyQuotaError() }
            lastId = record(.lambdaFunctionStarted)
        } else {
            lastId = record(
                .taskScheduled,
                .taskScheduled(
                    TaskResource(arn: task.resource), region: options.region,
                    parameters: input, timeoutInSeconds: seconds.0,
                    heartbeatInSeconds: seconds.1))
            if lastId >= lastEventId && quotaReached(lastId) { throw historyQuotaError() }
            lastId = record(.taskStarted, .taskStarted(TaskResource(arn: task.resource)))
            // A `.sync` integration first reports the job as submitted, then its outcome.
            if Self.isSync(task.resource) {
                if lastId >= lastEventId && quotaReached(lastId) { throw historyQuotaError() }
                lastId = record(.taskSubmitted, .taskOutput(TaskResource(arn: task.resource), output: nil))
            }
        }
        let context = execution.context(
            stateName: state.name, enteredMillis: run.enteredMillis,
            retryCount: run.retryCount, mapItem: nil, taskToken: run.taskToken)
        var request = TaskRequest(
            resource: task.resource, stateName: state.name, input: input, context: context,
            timeoutSeconds: timeout, heartbeatSeconds: heartbeat, attempt: run.retryCount,
            taskToken: run.taskToken)
        if !options.observers.isEmpty {
            request.stderrLine = { [observers = options.observers, name = state.name, id = lastId] text in
                let line = TaskStderrLine(stateName: name, eventId: id, text: text)
                for observer in observers { observer.taskStderr(line) }
            }
        }
        let result: JSONValue
        do {
            result = try await options.tasks.invoke(request)
        } catch {
            if lastId >= lastEventId && quotaReached(lastId) { throw historyQuotaError() }
            if lambda {
                record(.lambdaFunctionFailed, .lambdaFunctionFailed(error: error.error, cause: error.cause))
            } else {
                record(
                    error.error == .timeout || error.error == .heartbeatTimeout ? .taskTimedOut : .taskFailed,
                    .taskFailed(TaskResource(arn: task.resource), error: error.error, cause: error.cause))
            }
            throw error
        }
        if lastId >= lastEventId && quotaReached(lastId) { throw historyQuotaError() }
        if lambda {
            record(.lambdaFunctionSucceeded, .lambdaFunctionSucceeded(output: result))
        } else {
            record(.taskSucceeded, .taskOutput(TaskResource(arn: task.resource), output: result))
        }
        return try finish(with: result, &run)
    }

    /// TimeoutSeconds / HeartbeatSeconds: literal, `...Path` (read from the payload) or JSONata.
    private func seconds(_ source: NumberSource?, _ field: String, input: JSONValue, _ run: StateRun)
        throws(StatesError) -> Double?
    {
        guard let source else { return nil }
        let value: JSONValue
        switch source {
        case .literal(let v):
            value = v
        case .path(let p):
            switch evaluatePath(p, input: input, run) {
            case .success(let v): value = v
            case .failure(let f): throw invalidPath(p.text, f, run)
            }
        case .jsonata(let e):
            value = try evaluateJSONata(e, field: field, input: run.input, run)
        }
        guard let n = value.doubleValue, value.isNumber, n > 0 else {
            throw StatesError(
                .runtime,
                run.prefix + "The \(field) value must be a positive number but was: \(JSONPrinter.compact(value))")
        }
        return n
    }

    /// Whether the resource names a `.sync` integration. Its bytes are compared: `contains(".sync")`
    /// is Foundation's search, which every Task's start paid for (4,600 instructions).
    static func isSync(_ resource: String) -> Bool {
        let text = Array(resource.utf8)
        let part = Array(".sync".utf8)
        guard text.count >= part.count else { return false }
        for i in 0...(text.count - part.count) where text[i] == part[0] {
            if text[i..<(i + part.count)].elementsEqual(part) { return true }
        }
        return false
    }
}
