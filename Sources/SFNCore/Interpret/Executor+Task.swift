import SFNJSON
import SFNJSONPath

/// The Task state: payload, timeouts, the dispatcher call and its history events.
extension Executor {
    func runTask(_ task: TaskState, _ run: inout StateRun) async throws(StatesError) -> Transition {
        let state = run.state
        let payload: JSONValue
        let timeout: Double?
        let heartbeat: Double?
        do {
            payload = try effectivePayload(run)
            timeout = try seconds(task.timeoutSeconds, "TimeoutSeconds", input: payload, run)
            heartbeat = try seconds(task.heartbeatSeconds, "HeartbeatSeconds", input: payload, run)
        } catch {
            noteEvaluationFailure(error, run)
            throw error
        }
        // A Lambda function named by its ARN has events of its own; integrations share Task*.
        let lambda = LambdaFunctionRef.isFunctionARN(task.resource)
        record(lambda ? .lambdaFunctionScheduled : .taskScheduled)
        record(lambda ? .lambdaFunctionStarted : .taskStarted)
        // A `.sync` integration first reports the job as submitted, then its outcome.
        if !lambda && task.resource.contains(".sync") { record(.taskSubmitted) }
        let context = execution.context(stateName: state.name, enteredMillis: run.enteredMillis,
                                        retryCount: run.retryCount, mapItem: nil)
        let request = TaskRequest(resource: task.resource, stateName: state.name, input: payload, context: context,
                                  timeoutSeconds: timeout, heartbeatSeconds: heartbeat, attempt: run.retryCount)
        let result: JSONValue
        do {
            result = try await options.tasks.invoke(request)
        } catch {
            let timedOut = error.error == .timeout
            record(lambda ? .lambdaFunctionFailed : (timedOut ? .taskTimedOut : .taskFailed))
            throw error
        }
        record(lambda ? .lambdaFunctionSucceeded : .taskSucceeded)
        do {
            return try finish(with: result, &run)
        } catch {
            noteEvaluationFailure(error, run)
            throw error
        }
    }

    /// TimeoutSeconds / HeartbeatSeconds: literal, `...Path` (read from the payload) or JSONata.
    private func seconds(_ source: NumberSource?, _ field: String, input: JSONValue, _ run: StateRun) throws(StatesError) -> Double? {
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
            throw StatesError(.runtime, run.prefix + "The \(field) value must be a positive number but was: \(JSONPrinter.compact(value))")
        }
        return n
    }
}
