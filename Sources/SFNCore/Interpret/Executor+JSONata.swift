import SFNJSON
import SFNJSONata

/// JSONata-mode evaluation: `$states` bindings, workflow variables and AWS's error wording.
extension Executor {
    /// The `$states` variable: input, context and, where AWS provides them, result and errorOutput.
    func jsonataStates(_ run: StateRun, result: JSONValue? = nil, errorOutput: JSONValue? = nil) -> JSONValue {
        var o = JSONObject(minimumCapacity: 4)
        o.append("input", run.input)
        o.append(
            "context",
            execution.context(
                stateName: run.state.name, enteredMillis: run.enteredMillis,
                retryCount: run.state.isTask ? run.retryCount : nil, mapItem: run.mapItem,
                taskToken: run.taskToken))
        if let result { o.append("result", result) }
        if let errorOutput { o.append("errorOutput", errorOutput) }
        return .object(o)
    }

    func evaluateJSONata(_ expr: JSONataExpression, field: String, input: JSONValue, _ run: StateRun)
        throws(StatesError) -> JSONValue
    {
        try evaluateJSONata(expr, field: field, states: jsonataStates(run), run)
    }

    func evaluateJSONata(_ expr: JSONataExpression, field: String, states: JSONValue, _ run: StateRun)
        throws(StatesError) -> JSONValue
    {
        var bindings = variables
        bindings["states"] = states
        let clock = options.now
        let skipped = skippedMillis
        var env = JSONataEnvironment(nowMillis: { clock() + skipped }, random: options.random)
        env.maxValueBytes = options.maxPayloadBytes
        let result: JSONataResult
        do {
            result = try expr.evaluate(input: states["input"], bindings: bindings, environment: env)
        } catch  where error.code == JSONataError.payloadLimitCode {
            throw StatesError(
                .dataLimitExceeded,
                run.prefix
                    + "The JSONata expression '\(expr.text)' specified for the field '\(field)': \(error.message)")
        } catch {
            throw StatesError(
                .queryEvaluationError,
                run.prefix
                    + "The JSONata expression '\(expr.text)' specified for the field '\(field)' threw an error during evaluation. \(error.description)"
            )
        }
        switch result {
        case .value(let v):
            return v
        case .undefined:
            throw StatesError(
                .queryEvaluationError,
                run.prefix
                    + "The JSONata expression '\(expr.text)' specified for the field '\(field)' returned nothing (undefined)."
            )
        case .function:
            throw StatesError(
                .queryEvaluationError,
                run.prefix
                    + "The JSONata expression '\(expr.text)' specified for the field '\(field)' returned an unsupported result type."
            )
        }
    }

    /// Evaluates a JSONata-mode template (Arguments, Output, Assign): literal JSON with
    /// `{% %}` strings anywhere inside.
    func evaluateJSONataTemplate(_ template: Template, states: JSONValue, _ run: StateRun) throws(StatesError)
        -> JSONValue
    {
        try walk(template, JSONataLeaves(states: states), run)
    }
}
