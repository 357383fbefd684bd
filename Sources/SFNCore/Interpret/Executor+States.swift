import SFNJSON
import SFNJSONPath
import SFNJSONata

/// Pass, Succeed, Fail and Wait.
///
/// The hot states read `run.state`'s fields where they need them rather than into a local
/// copy: `run` goes inout into the data flow, so a local copy of the node would be a real one,
/// retaining everything the node holds, on every transition.
extension Executor {
    func runPass(_ run: inout StateRun) throws(StatesError) -> Transition {
        unowned(unsafe) let plan = run.state.plan
        let result = try payload(run, fixed: plan.passResult)
        try finish(payload: result, output: run.state.output, assign: run.state.assign, pathAssign: plan.assign, &run)
        return run.state.transition
    }

    func runSucceed(_ run: inout StateRun) throws(StatesError) -> Transition {
        let effective = try payload(run)
        try finish(payload: effective, output: run.state.output, assign: nil, pathAssign: nil, &run)
        return .end
    }

    /// The error a Fail state raises (thrown by the caller, so it is never wrapped).
    func failError(_ fail: FailState, _ run: inout StateRun) throws(StatesError) -> StatesError {
        let error = try fail.error.map { s throws(StatesError) in try resolve(s, run) }
        let cause = try fail.cause.map { s throws(StatesError) in try resolve(s, run) }
        // An absent Error leaves the name empty, as AWS records it.
        return StatesError(error ?? "", cause)
    }

    private func resolve(_ source: StringSource, _ run: StateRun) throws(StatesError) -> String {
        let value: JSONValue
        switch source {
        case .literal(let s):
            return s
        case .path(let expr, let field):
            value = try evaluateExpression(expr, field: field, env: pathEnvironment(run, input: run.input), run)
        case .jsonata(let expr, let field):
            value = try evaluateJSONata(expr, field: field, input: run.input, run)
        }
        if case .string(let s) = value { return s }
        return JSONPrinter.compact(value)
    }

    func runWait(_ wait: WaitState, _ run: inout StateRun) async throws(StatesError) -> Transition {
        let state = run.state
        let effective = try payload(run)
        let millis: Double
        switch wait.duration {
        case .seconds(let s):
            millis = Double(s) * 1000
        case .timestamp(_, let at):
            millis = at - now()
        case .secondsPath(let path):
            let v: JSONValue
            switch evaluatePath(path, input: effective, run) {
            case .success(let x): v = x
            case .failure(let f): throw invalidPath(path.text, f, run)
            }
            guard case .int(let s) = v else {
                throw StatesError(
                    .runtime,
                    run.prefix
                        + "The SecondsPath parameter cannot be parsed as a long value: \(path.text) == \(Self.plain(v))"
                )
            }
            guard s >= 0 else {
                throw StatesError(
                    .runtime, run.prefix + "The SecondsPath parameter references a negative value: \(path.text) == \(s)"
                )
            }
            millis = Double(s) * 1000
        case .timestampPath(let path):
            let v: JSONValue
            switch evaluatePath(path, input: effective, run) {
            case .success(let x): v = x
            case .failure(let f): throw invalidPath(path.text, f, run)
            }
            guard case .string(let text) = v, let at = Timestamp.parse(text) else {
                throw StatesError(
                    .runtime,
                    run.prefix
                        + "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: \(path.text) == \(Self.plain(v))"
                )
            }
            millis = at - now()
        case .jsonataSeconds(let expr):
            let v = try evaluateJSONata(expr, field: "Seconds", input: run.input, run)
            guard let s = v.intValue, v.isNumber, s >= 0 else {
                throw StatesError(
                    .queryEvaluationError,
                    run.prefix + "The Seconds field must be a non-negative integer but was: \(JSONPrinter.compact(v))")
            }
            millis = Double(s) * 1000
        case .jsonataTimestamp(let expr):
            let v = try evaluateJSONata(expr, field: "Timestamp", input: run.input, run)
            guard case .string(let text) = v, let at = Timestamp.parse(text) else {
                throw StatesError(
                    .queryEvaluationError,
                    run.prefix
                        + "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: \(Self.plain(v))"
                )
            }
            millis = at - now()
        }
        if millis > 0 {
            // A wait past the execution's deadline ends the execution at the deadline.
            let remaining = deadline - now()
            let pause = min(millis, max(0, remaining))
            if options.skipWaits {
                skip(pause)
            } else {
                await options.sleep(pause)
            }
            if Task.isCancelled { throw StatesError(.cancelled, "The execution was stopped") }
            if pause < millis { throw executionTimeout() }
        }
        try finish(payload: effective, output: state.output, assign: state.assign, pathAssign: state.plan.assign, &run)
        return state.transition
    }

    /// A value as AWS quotes it after "==": strings bare, everything else as compact JSON.
    static func plain(_ v: JSONValue) -> String {
        if case .string(let s) = v { return s }
        return JSONPrinter.compact(v)
    }
}
