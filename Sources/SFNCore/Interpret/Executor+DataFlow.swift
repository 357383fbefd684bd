import SFNJSON
import SFNJSONPath

/// What JSONPath-mode expressions see (the path environment) and the evaluation of compiled
/// payload templates (Parameters, ResultSelector, ItemSelector, Assign).
extension Executor {
    /// What paths see while a state runs; the context object is built only for machines that read it.
    func pathEnvironment(_ run: StateRun, input: JSONValue) -> PathEnvironment {
        let context: JSONValue =
            run.state.usesContext
            ? execution.context(
                stateName: run.state.name, enteredMillis: run.enteredMillis,
                retryCount: run.state.isTask ? run.retryCount : nil, mapItem: run.mapItem,
                taskToken: run.taskToken)
            : noContext
        let lookup: (String) -> JSONValue?
        if let cached = variableLookup {
            lookup = cached
        } else {
            let vars = variables
            lookup = { vars[$0] }
            variableLookup = lookup
        }
        var env = PathEnvironment(input: input, context: context, variable: lookup, random: random)
        env.maxBytes = options.maxPayloadBytes
        return env
    }

    /// Evaluates a JSONPath-mode template against `input` (Parameters, ResultSelector, Assign, ...).
    func evaluateTemplate(_ template: Template, input: JSONValue, _ run: StateRun) throws(StatesError) -> JSONValue {
        if case .literal(let v) = template { return v }
        let env = pathEnvironment(run, input: input)
        return try evaluateTemplate(template, env: env, run)
    }

    func evaluateTemplate(_ template: Template, env: PathEnvironment, _ run: StateRun) throws(StatesError) -> JSONValue
    {
        try walk(template, PathLeaves(env: env), run)
    }

    func evaluateExpression(_ expr: PathExpression, field: String, env: PathEnvironment, _ run: StateRun)
        throws(StatesError) -> JSONValue
    {
        if case .path(let p) = expr {
            switch p.root == .input ? p.evaluate(env.input) : p.evaluate(in: env) {
            case .success(let v): return v
            case .failure:
                if !p.isDefinite { return .array([]) }
                throw pathNotFound(p.text, field: field, input: env.input, run)
            }
        }
        switch expr.evaluate(in: env) {
        case .success(let v): return v
        case .failure(let failure): throw expressionError(failure, field: field, input: env.input, run)
        }
    }

    /// The error of a failed path expression in the field `field`, `input` being its `$`.
    func expressionError(_ failure: PathExpressionFailure, field: String, input: JSONValue, _ run: StateRun)
        -> StatesError
    {
        switch failure {
        case .pathNotFound(let path, _):
            return pathNotFound(path, field: field, input: input, run)
        case .intrinsicFailure(let cause):
            return StatesError(.intrinsicFailure, run.prefix + cause)
        case .dataLimitExceeded(let cause):
            return StatesError(.dataLimitExceeded, run.prefix + "The field '\(field)': " + cause)
        }
    }

    func pathNotFound(_ path: String, field: String, input: JSONValue, _ run: StateRun) -> StatesError {
        StatesError(
            .runtime,
            run.prefix
                + "The JSONPath '\(path)' specified for the field '\(field)' could not be found in the input '\(JSONPrinter.compact(input))'"
        )
    }
}
