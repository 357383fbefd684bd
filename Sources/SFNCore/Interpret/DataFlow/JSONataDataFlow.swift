import SFNJSON

/// A state's data flow in JSONata mode: Arguments before the state's work, then Output and
/// Assign, both evaluated with the same `$states` (input, context and, after work, the result
/// or a catcher's errorOutput). Output comes first, then Assign, and both see the variables as
/// they were on entry (Assign only pends).
struct JSONataDataFlow {
    /// Borrowed for the length of one stage call: the flow never outlives the executor.
    unowned(unsafe) let executor: Executor

    // Not inlined: JSONPath states would carry this code (and lose their own inlining) for a
    // branch they never take.

    /// Arguments, or the state input: what the state works on.
    @inline(never)
    func payload(_ run: StateRun, arguments: Bool) throws(StatesError) -> JSONValue {
        guard arguments, let args = run.state.arguments else { return run.input }
        return try executor.evaluateJSONataTemplate(args, states: executor.jsonataStates(run), run)
    }

    /// Output (by default `result`, or the input for a state without work) and Assign.
    @inline(never)
    func finish(
        result: JSONValue?, errorOutput: JSONValue? = nil, output: Template?, assign: Template?,
        _ run: inout StateRun
    ) throws(StatesError) {
        let states = executor.jsonataStates(run, result: result, errorOutput: errorOutput)
        if let output {
            run.output = try executor.evaluateJSONataTemplate(output, states: states, run)
        } else {
            run.output = errorOutput ?? result ?? run.input
        }
        if let assign { try executor.pendAssign(executor.evaluateJSONataTemplate(assign, states: states, run), &run) }
    }

    /// A catcher's stages: its Output (by default the error output) and Assign, with
    /// `$states.errorOutput`.
    func caught(_ errorOutput: JSONValue, _ catcher: Catcher, _ run: inout StateRun) throws(StatesError) {
        try finish(result: nil, errorOutput: errorOutput, output: catcher.output, assign: catcher.assign, &run)
    }
}
