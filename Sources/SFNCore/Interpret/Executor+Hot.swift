import SFNJSON
import SFNJSONPath

/// Pass and Choice as the run loop calls them, without an async frame, with everything they
/// read borrowed rather than copied.
///
/// The state node comes in unretained and is used as a guaranteed reference for the whole call
/// (`_withUnsafeGuaranteedRef`), so that its plan, templates and paths are read in place: read
/// through `run.state` (unowned(unsafe)) or `JSONPathDataFlow`'s unowned executor, each object
/// was retained and released around every call made on it, and `run` was copied to be passed
/// on. The stages are JSONPathDataFlow's, in its order (InputPath, Parameters or Result,
/// ResultSelector, Assign, ResultPath, OutputPath), with its errors; JSONata-mode states take
/// the general route (`runPass`, `runChoice`).
extension Executor {
    @inline(__always)
    func runHot(_ node: Unmanaged<StateNode>, _ run: inout StateRun) throws(StatesError) -> Transition {
        do {
            return try node._withUnsafeGuaranteedRef { (state) in try runHot(state, &run) }
        } catch {
            // `_withUnsafeGuaranteedRef` rethrows untyped; only StatesError is thrown inside.
            throw error as! StatesError
        }
    }

    func runHot(_ state: StateNode, _ run: inout StateRun) throws(StatesError) -> Transition {
        let plan = state.plan
        if state.queryLanguage == .jsonata {
            if plan.hot == .pass { return try runPass(&run) }
            return try runChoice(&run)
        }
        if plan.hot == .pass {
            let result = try passResult(state, plan, run)
            try finishHot(state, plan, result: result, assign: plan.assign, &run)
            return state.transition
        }
        // (A Choice has no Parameters; should one ever get them, the general route applies them.)
        guard let choice = plan.choice, plan.parameters == nil else { return try runChoice(&run) }
        if plan.inputIsIdentity {
            let next = try choose(choice, plan, run.input, run)
            let assign = next.assign ?? plan.assign
            if assign == nil && plan.outputIsIdentity {
                // The output is the input: moved on, not copied (a retain and a release).
                run.output = run.input.take()
            } else {
                try finishHot(state, plan, result: run.input, assign: assign, &run)
            }
            return .next(next.index)
        }
        let effective = try applyFilter(state.io.inputPath, to: run.input, run)
        let next = try choose(choice, plan, effective, run)
        try finishHot(state, plan, result: effective, assign: next.assign ?? plan.assign, &run)
        return .next(next.index)
    }

    /// InputPath, then the Pass state's Result or Parameters.
    @inline(__always)
    private func passResult(_ state: StateNode, _ plan: StatePlan, _ run: StateRun) throws(StatesError) -> JSONValue {
        if plan.inputIsIdentity {
            if let fixed = plan.passResult { return fixed }
            if let p = plan.parameters { return try p.value(run.input, self, run) }
            return run.input
        }
        let effective = try applyFilter(state.io.inputPath, to: run.input, run)
        if let fixed = plan.passResult { return fixed }
        if let p = plan.parameters { return try p.value(effective, self, run) }
        return effective
    }

    /// The first rule that matches (its Next and Assign), or the Default; States.NoChoiceMatched
    /// without one.
    @inline(__always)
    private func choose(_ choice: ChoicePlan, _ plan: StatePlan, _ input: JSONValue, _ run: StateRun)
        throws(StatesError) -> (index: Int, assign: TemplateNode?)
    {
        if let i = try choice.match(input, self, run) { return (choice.nexts[i], choice.assigns[i]) }
        guard let d = choice.defaultIndex else { throw noChoiceMatched(run) }
        return (d, nil)
    }

    /// ResultSelector, Assign, ResultPath and OutputPath on `result` (JSONPathDataFlow.finish).
    @inline(__always)
    private func finishHot(
        _ state: StateNode, _ plan: StatePlan, result: consuming JSONValue, assign: TemplateNode?,
        _ run: inout StateRun
    ) throws(StatesError) {
        var value = result
        if let selector = plan.resultSelector { value = try selector.value(value, self, run) }
        if let assign { try pendAssign(assign.value(value, self, run), &run) }
        if !plan.resultPathIsReplace {
            value = try applyResultPath(state.io.resultPath, input: run.input, result: value, run)
        }
        if plan.outputIsIdentity {
            run.output = value
        } else {
            run.output = try applyFilter(state.io.outputPath, to: value, run)
        }
    }
}
