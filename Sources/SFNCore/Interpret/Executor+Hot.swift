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
            try finishHot(state, plan, result: result, assign: plan.assignRef, &run)
            return state.transition
        }
        // (A Choice has no Parameters; should one ever get them, the general route applies them.)
        guard let choice = plan.choiceRef, plan.parametersRef == nil else { return try runChoice(&run) }
        if plan.inputIsIdentity {
            let next = try ChoicePlan.choose(choice, run.input, self, run)
            let assign = next.assign ?? plan.assignRef
            if assign == nil && plan.outputIsIdentity {
                // The output is the input: moved on, not copied (a retain and a release).
                run.output = run.input.take()
            } else {
                try finishHot(state, plan, result: run.input, assign: assign, &run)
            }
            return .next(next.index)
        }
        let effective = try applyFilter(state.io.inputPath, to: run.input, run)
        let next = try ChoicePlan.choose(choice, effective, self, run)
        try finishHot(state, plan, result: effective, assign: next.assign ?? plan.assignRef, &run)
        return .next(next.index)
    }

    /// InputPath, then the Pass state's Result or Parameters.
    @inline(__always)
    private func passResult(_ state: StateNode, _ plan: StatePlan, _ run: StateRun) throws(StatesError) -> JSONValue {
        if plan.inputIsIdentity {
            if let fixed = plan.passResult { return fixed }
            if let p = plan.parametersRef { return try TemplateNode.value(p, run.input, self, run) }
            return run.input
        }
        let effective = try applyFilter(state.io.inputPath, to: run.input, run)
        if let fixed = plan.passResult { return fixed }
        if let p = plan.parametersRef { return try TemplateNode.value(p, effective, self, run) }
        return effective
    }

    /// ResultSelector, Assign, ResultPath and OutputPath on `result` (JSONPathDataFlow.finish).
    @inline(__always)
    private func finishHot(
        _ state: StateNode, _ plan: StatePlan, result: consuming JSONValue, assign: Unmanaged<TemplateNode>?,
        _ run: inout StateRun
    ) throws(StatesError) {
        var value = result
        if let selector = plan.resultSelectorRef { value = try TemplateNode.value(selector, value, self, run) }
        if let assign { try pendAssign(TemplateNode.value(assign, value, self, run), &run) }
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

extension Executor {
    /// Runs states from `index` while they are `fast` (StatePlan): the general loop's body for a
    /// Pass or Choice without Retry or Catch, in a synchronous function. In the async `runGraph`
    /// every local lives in the task's frame and is loaded and stored around each call; here
    /// they stay in registers. Returns true when the graph ended (`data` is its output), false at
    /// the first state it does not run (`index`, `data` and `steps` say where the loop stands).
    /// Events, quota, timeout and cancellation checks are the general loop's, in its order.
    func runFast(
        _ states: [StateNode], _ index: inout Int, _ data: inout JSONValue, _ log: inout EventLog,
        _ steps: inout Int, local: Bool
    ) throws(StatesError) -> Bool {
        let shared = self.shared
        let observing = self.observing
        let lastEventId = self.lastEventId
        let sharedBase = shared?.base ?? 0
        let checkEvery = shared != nil ? 0x3F : 0x3FF
        let awsLimits = options.awsLimits
        @inline(__always) func add(_ type: HistoryEventType, _ details: @autoclosure () -> HistoryEventDetails) -> Int {
            eventId(
                type, details(), local: local, log: &log, shared: shared, sharedBase: sharedBase, observing: observing)
        }
        while true {
            // Unretained: `states` holds every node for the whole loop.
            unowned(unsafe) let state = states[index]
            unowned(unsafe) let plan = state.plan
            if !plan.fast { return false }
            steps += 1
            if steps & checkEvery == 0 && Task.isCancelled {
                throw StatesError(.cancelled, "The branch was cancelled")
            }
            if deadline < .infinity && now() >= deadline { throw executionTimeout() }
            let previous = observing ? chain : 0
            let enteredId = add(plan.enteredEvent, .stateEntered(name: state.name, input: data))
            if enteredId >= lastEventId && quotaReached(enteredId) { throw historyQuotaError() }
            let entered = plan.readsClock ? now() : 0
            var run = StateRun(state: state, enteredEventId: enteredId, enteredMillis: entered, input: data.take())
            run.enteredPrevious = previous
            let next: Transition
            do {
                next = try runHot(Unmanaged.passUnretained(state), &run)
            } catch {
                // Without Retry or Catch an error ends the graph; a JSONata failure gets its own event.
                if error.error == .queryEvaluationError {
                    if local { _ = log.next() } else { noteEvaluationFailure(error, run) }
                }
                throw error
            }
            if awsLimits { try checkPayloadSize(run) }
            if case .some = run.pendingAssign { assignVariables(run.pendingAssign.unsafelyUnwrapped) }
            if let exited = plan.exitedEvent {
                let exitedId = add(
                    exited,
                    .stateExited(name: state.name, output: run.output, assignedVariables: run.pendingAssign))
                if exitedId >= lastEventId, case .next = next, quotaReached(exitedId) { throw historyQuotaError() }
            }
            data = run.output.take()
            switch next {
            case .end: return true
            case .next(let i): index = i
            }
        }
    }
}
