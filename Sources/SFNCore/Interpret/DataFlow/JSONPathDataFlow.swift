import SFNJSON
import SFNJSONPath

/// A state's data flow in JSONPath mode, stage by stage in AWS's order: InputPath, Parameters
/// (or a Pass state's Result), the state's work, ResultSelector, Assign, ResultPath, OutputPath.
/// A stage a state does not have is the identity, so every kind runs the same sequence; Assign
/// sees the selected result and only pends (the run loop stores it once the state is done).
struct JSONPathDataFlow {
    /// Borrowed for the length of one stage call: the flow never outlives the executor.
    unowned(unsafe) let executor: Executor

    // The stages read `run.state.io` field by field: copying the whole PathDataFlow retains
    // every path and template in it, which the loop benchmark feels on every transition.

    /// InputPath, then `fixed` (a Pass state's Result) or Parameters: what the state works on.
    @inline(__always)
    func payload(_ run: StateRun, fixed: JSONValue?, parameters: Bool) throws(StatesError) -> JSONValue {
        unowned(unsafe) let plan = run.state.plan
        // Parameters after InputPath `$` read the raw input in place (no copy of it to hand on).
        if plan.inputIsIdentity, fixed == nil, parameters, let p = plan.parameters {
            return try p.value(run.input, executor, run)
        }
        let effective = try executor.applyFilter(run.state.io.inputPath, to: run.input, run)
        if let fixed { return fixed }
        guard parameters, let p = plan.parameters else { return effective }
        return try p.value(effective, executor, run)
    }

    /// ResultSelector, Assign, ResultPath and OutputPath applied to `result`: what the state's
    /// work produced, or its payload when it has no work.
    /// The value moves from stage to stage; the common identities (no ResultPath, no
    /// OutputPath) cost no copy.
    @inline(__always)
    func finish(result: consuming JSONValue, assign: TemplateNode?, _ run: inout StateRun) throws(StatesError) {
        var value = result
        if let selector = run.state.plan.resultSelector {
            value = try selector.value(value, executor, run)
        }
        if let assign { try executor.pendAssign(assign.value(value, executor, run), &run) }
        if case .replace = run.state.io.resultPath {
        } else {
            value = try executor.applyResultPath(run.state.io.resultPath, input: run.input, result: value, run)
        }
        if case .identity = run.state.io.outputPath {
            run.output = value
        } else {
            run.output = try executor.applyFilter(run.state.io.outputPath, to: value, run)
        }
    }

    /// A catcher's stages: Assign and ResultPath on the error output (a catcher has no
    /// OutputPath).
    func caught(_ errorOutput: JSONValue, _ catcher: Catcher, _ run: inout StateRun) throws(StatesError) {
        if let assign = catcher.assign {
            try executor.pendAssign(executor.evaluateTemplate(assign, input: errorOutput, run), &run)
        }
        run.output = try executor.applyResultPath(catcher.resultPath, input: run.input, result: errorOutput, run)
    }
}

/// The path stages' primitives, beside the stages that call them: InputPath and OutputPath
/// (`applyFilter`), ResultPath (`applyResultPath`). Map's ItemsPath uses them too.
extension Executor {
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
        let result = path.readsInput ? path.evaluate(input) : path.evaluate(in: pathEnvironment(run, input: input))
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
}
