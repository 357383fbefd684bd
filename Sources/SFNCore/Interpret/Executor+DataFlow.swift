import SFNJSON
import SFNJSONPath

/// JSONPath-mode data flow: InputPath, Parameters, ResultSelector, ResultPath, OutputPath, and
/// evaluation of compiled payload templates.
extension Executor {
    /// What paths see while a state runs; the context object is built only for machines that read it.
    func pathEnvironment(_ run: StateRun, input: JSONValue) -> PathEnvironment {
        let context: JSONValue =
            run.state.usesContext
            ? execution.context(
                stateName: run.state.name, enteredMillis: run.enteredMillis,
                retryCount: run.state.isTask ? run.retryCount : nil, mapItem: run.mapItem)
            : .object(JSONObject())
        let lookup: (String) -> JSONValue?
        if let cached = variableLookup {
            lookup = cached
        } else {
            let vars = variables
            lookup = { vars[$0] }
            variableLookup = lookup
        }
        return PathEnvironment(input: input, context: context, variable: lookup, random: random)
    }

    /// InputPath / OutputPath.
    func applyFilter(_ filter: FilterPath, to value: JSONValue, _ run: StateRun) throws(StatesError) -> JSONValue {
        switch filter {
        case .identity: return value
        case .null: return .object(JSONObject())
        case .path(let path):
            switch evaluatePath(path, input: value, run) {
            case .success(let v): return v
            case .failure(let f): throw invalidPath(path.text, f, run)
            }
        }
    }

    func evaluatePath(_ path: JSONPath, input: JSONValue, _ run: StateRun) -> Result<JSONValue, JSONPathFailure> {
        let result = path.root == .input ? path.evaluate(input) : path.evaluate(in: pathEnvironment(run, input: input))
        // AWS never fails an indefinite path (wildcard, slice, filter): no match is an empty list.
        if case .failure = result, !path.isDefinite { return .success(.array([])) }
        return result
    }

    func invalidPath(_ text: String, _ failure: JSONPathFailure, _ run: StateRun) -> StatesError {
        StatesError(.runtime, run.prefix + "Invalid path '\(text)' : \(failure.message)")
    }

    /// ResultPath: merges `result` into the raw state input.
    func applyResultPath(_ spec: ResultPathSpec, input: JSONValue, result: JSONValue, _ run: StateRun)
        throws(StatesError) -> JSONValue
    {
        switch spec {
        case .replace: return result
        case .discard: return input
        case .path(let path):
            switch path.setting(result, in: input) {
            case .success(let v): return v
            case .failure(let f):
                throw StatesError(
                    .resultPathMatchFailure,
                    run.prefix
                        + "Unable to apply ResultPath '\(path.text)' to input '\(JSONPrinter.compact(input))': \(f.message)"
                )
            }
        }
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
        case .success(let v):
            return v
        case .failure(.pathNotFound(let path, _)):
            throw pathNotFound(path, field: field, input: env.input, run)
        case .failure(.intrinsicFailure(let cause)):
            throw StatesError(.intrinsicFailure, run.prefix + cause)
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
