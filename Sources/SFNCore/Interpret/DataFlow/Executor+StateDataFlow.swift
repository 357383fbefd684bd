import SFNJSON

/// The one place that picks a state's query language for its data flow: every state kind
/// calls `payload` before its work and `finish` after it (a catcher calls `caught`), and the
/// stages themselves are written once per language (JSONPathDataFlow, JSONataDataFlow).
extension Executor {
    /// What the state works on: JSONPath InputPath then Parameters (or a Pass state's `fixed`
    /// Result), JSONata Arguments; `parameters: false` stops after InputPath (a Map's items
    /// come from its effective input).
    @inline(__always)
    func payload(_ run: StateRun, fixed: JSONValue? = nil, parameters: Bool = true) throws(StatesError) -> JSONValue {
        if run.state.queryLanguage == .jsonata {
            return try JSONataDataFlow(executor: self).payload(run, arguments: parameters)
        }
        return try JSONPathDataFlow(executor: self).payload(run, fixed: fixed, parameters: parameters)
    }

    /// What a state without work (Pass, Wait, Choice, Succeed) hands on: its payload through
    /// the JSONPath stages, or JSONata Output (by default its input) and Assign. `output` and
    /// `assign` are the state's own unless a Choice rule brings its own; `pathAssign` is the
    /// same Assign compiled for JSONPath mode (StatePlan).
    @inline(__always)
    func finish(
        payload: consuming JSONValue, output: Template?, assign: Template?, pathAssign: TemplateNode?,
        _ run: inout StateRun
    ) throws(StatesError) {
        if run.state.queryLanguage == .jsonata {
            try JSONataDataFlow(executor: self).finish(result: nil, output: output, assign: assign, &run)
        } else {
            try JSONPathDataFlow(executor: self).finish(result: payload, assign: pathAssign, &run)
        }
    }

    /// The stages after the work of a state that does work (Task, Parallel, Map): JSONPath
    /// ResultSelector, Assign, ResultPath, OutputPath; JSONata Output and Assign with
    /// `$states.result`. An EvaluationFailed event marks a JSONata failure.
    /// `resultBound`: the result's `JSONSize.upperBound` when the state measured it as it made it.
    func finish(with result: JSONValue, resultBound: Int? = nil, _ run: inout StateRun) throws(StatesError)
        -> Transition
    {
        inspection?.result = result
        try checkPayloadLimit(result, bound: resultBound, &run)
        do {
            if run.state.queryLanguage == .jsonata {
                try JSONataDataFlow(executor: self).finish(
                    result: result, output: run.state.output,
                    assign: run.state.assign, &run)
            } else {
                try JSONPathDataFlow(executor: self).finish(result: result, assign: run.state.plan.assign, &run)
            }
        } catch {
            noteEvaluationFailure(error, run)
            throw error
        }
        return run.state.transition
    }

    /// A template of the state's own beside the main stages (a Map's Items, ItemSelector,
    /// BatchInput), in its query language: JSONPath against `input` (the effective input),
    /// JSONata with `$states`.
    func evaluate(_ template: Template, input: JSONValue, _ run: StateRun) throws(StatesError) -> JSONValue {
        if run.state.queryLanguage == .jsonata {
            return try evaluateJSONataTemplate(template, states: jsonataStates(run), run)
        }
        return try evaluateTemplate(template, input: input, run)
    }

    /// The error a value of the wrong shape or range raises in the state's query language.
    func badValueError(_ run: StateRun) -> StatesErrorName {
        run.state.queryLanguage == .jsonata ? .queryEvaluationError : .runtime
    }

    /// A catcher's stages on the error output.
    func caught(_ errorOutput: JSONValue, _ catcher: Catcher, _ run: inout StateRun) throws(StatesError) {
        if run.state.queryLanguage == .jsonata {
            try JSONataDataFlow(executor: self).caught(errorOutput, catcher, &run)
        } else {
            try JSONPathDataFlow(executor: self).caught(errorOutput, catcher, &run)
        }
    }
}
