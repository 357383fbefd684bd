import SFNJSON

/// What TestState collects while its one state runs: the raw result of a state that does work.
final class TestStateInspection {
    var result: JSONValue?
}

/// Runs one state as AWS's TestState does: once, with no retry slept and no catcher's state run.
/// An error that a Retry still covers is RETRIABLE (with the back-off the retry would wait); one
/// that a Catch takes is CAUGHT_ERROR with the catcher's output and Next.
extension Executor {
    func testState(_ state: StateNode, in graph: StateGraph, _ request: TestStateRequest) async -> TestStateResponse {
        let inspection = TestStateInspection()
        self.inspection = inspection
        if let given = request.variables {
            var vars: [String: JSONValue] = [:]
            for (k, v) in given { vars[k] = v }
            variables = vars
        }
        if let context = request.context { execution.contextOverrides = context }
        record(.executionStarted, advances: false, at: execution.startMillis)
        let enteredId = record(state.kind.enteredEvent, .stateEntered(name: state.name, input: request.input))
        var run = StateRun(state: state, enteredEventId: enteredId, enteredMillis: now(), input: request.input)
        let debug = request.inspectionLevel != .info
        var data = InspectionData()
        do throws(StatesError) {
            let next: Transition
            if case .result(let value)? = request.mock, state.nestsGraphs {
                // As on AWS, a mocked result is the whole Map's or Parallel's result: its
                // iterations or branches do not run.
                _ = try payload(run, parameters: false)
                next = try finish(with: value, &run)
            } else if case .error(let error, let cause)? = request.mock, state.nestsGraphs,
                request.configuration.errorCausedByState == nil, request.configuration.mapIterationFailureCount == nil
            {
                // Likewise a mocked error is the Map's or Parallel's own, met by its own Retry and
                // Catch (AWS's TestState sample expects a Parallel mocked with States.BranchFailed to
                // be RETRIABLE under `"Retry": [{"ErrorEquals": ["States.BranchFailed"]}]`, which no
                // branch can raise). Naming the inner state, or a count of failed iterations, runs
                // the inside instead.
                _ = try payload(run, parameters: false)
                throw StatesError(error, cause)
            } else {
                next = try await step(state, &run)
            }
            if debug { data = stages(run, result: inspection.result) }
            if let assigned = run.pendingAssign { assignVariables(assigned) }
            if debug { data.variables = shownVariables(request) }
            return TestStateResponse(
                output: run.output, inspectionData: debug ? data : nil, nextState: name(next, graph),
                status: .succeeded)
        } catch {
            if debug { data = stages(run, result: inspection.result) }
            var response = recover(error, &run, graph, request, &data)
            if debug {
                data.variables = shownVariables(request)
                response.inspectionData = data
            }
            return response
        }
    }

    private func name(_ transition: Transition, _ graph: StateGraph) -> String? {
        if case .next(let i) = transition { return graph.states[i].name }
        return nil
    }

    private func shownVariables(_ request: TestStateRequest) -> JSONObject? {
        guard request.variables != nil || !variables.isEmpty else { return nil }
        return JSONObject(variables.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// The Retry or Catch that takes `error`, as TestState reports it.
    private func recover(
        _ error: StatesError, _ run: inout StateRun, _ graph: StateGraph, _ request: TestStateRequest,
        _ data: inout InspectionData
    ) -> TestStateResponse {
        let state = run.state
        let failed = TestStateResponse(error: error.error.rawValue, cause: error.cause, status: .failed)
        if let r = state.retriers.firstIndex(where: { Self.matches($0.errorEquals, error.error) }) {
            let retrier = state.retriers[r]
            let done = max(0, request.configuration.retrierRetryCount ?? 0)
            if done < retrier.maxAttempts {
                var seconds = Double(retrier.intervalSeconds)
                for _ in 0..<done { seconds *= retrier.backoffRate }
                if let cap = retrier.maxDelaySeconds { seconds = min(seconds, Double(cap)) }
                data.errorDetails = .init(retryIndex: r, retryBackoffIntervalSeconds: Int(seconds))
                return TestStateResponse(error: error.error.rawValue, cause: error.cause, status: .retriable)
            }
        }
        guard let c = state.catchers.firstIndex(where: { Self.matches($0.errorEquals, error.error) }) else {
            return failed
        }
        let catcher = state.catchers[c]
        var errorOutput = JSONObject(minimumCapacity: 2)
        errorOutput.append("Error", .string(error.error.rawValue))
        if let cause = error.cause { errorOutput.append("Cause", .string(cause)) }
        run.pendingAssign = nil
        do {
            try caught(.object(errorOutput), catcher, &run)
        } catch {
            return TestStateResponse(error: error.error.rawValue, cause: error.cause, status: .failed)
        }
        if let assigned = run.pendingAssign { assignVariables(assigned) }
        data.errorDetails = .init(catchIndex: c)
        return TestStateResponse(
            output: run.output, error: error.error.rawValue, cause: error.cause,
            nextState: graph.states[catcher.next].name, status: .caughtError)
    }

    /// The data flow's stages evaluated again, one by one, for DEBUG: they are pure functions of
    /// the input, the variables on entry and the result, so they give what the run computed.
    /// A stage that fails ends the list there.
    private func stages(_ run: StateRun, result: JSONValue?) -> InspectionData {
        var data = InspectionData()
        data.input = run.input
        let state = run.state
        let worker: Bool
        switch state.kind {
        case .task, .map, .parallel: worker = true
        default: worker = false
        }
        if case .map(let map) = state.kind { mapStages(map, run, &data) }
        if state.queryLanguage == .jsonata {
            if worker { data.afterArguments = try? payload(run) }
            data.result = result
            return data
        }
        do {
            let effective = try applyFilter(state.io.inputPath, to: run.input, run)
            data.afterInputPath = effective
            var value: JSONValue
            switch state.kind {
            case .pass(let pass):
                value = try pass.result ?? payload(run)
                data.afterParameters = value
            case .task, .map, .parallel:
                if case .map = state.kind {} else { data.afterParameters = try payload(run) }
                guard let result else { return data }
                data.result = result
                value = result
            default:
                return data
            }
            if let selector = state.io.resultSelector { value = try evaluateTemplate(selector, input: value, run) }
            data.afterResultSelector = value
            data.afterResultPath = try applyResultPath(state.io.resultPath, input: run.input, result: value, run)
        } catch {}
        return data
    }

    /// A Map's own stages: its items, each iteration's input, its batches and its limits. A stage
    /// that fails ends the list there.
    private func mapStages(_ map: MapState, _ run: StateRun, _ data: inout InspectionData) {
        var run = run
        do {
            let effective = try payload(run, parameters: false)
            func number(_ source: NumberSource?, _ field: String, float: Bool) throws(StatesError) -> Double? {
                try count(source, field, float: float, input: effective, run)
            }
            data.maxConcurrency = try number(map.maxConcurrency, "MaxConcurrency", float: false).map { Int($0) }
            data.toleratedFailureCount =
                try number(map.toleratedFailureCount, "ToleratedFailureCount", float: false).map { Int($0) }
            data.toleratedFailurePercentage = try number(
                map.toleratedFailurePercentage, "ToleratedFailurePercentage", float: true)
            let items = try mapItems(map, effective: effective, run)
            // AWS documents afterItemsPath as JSONPath's alone (a JSONata Map has Items, no ItemsPath).
            if run.state.queryLanguage != .jsonata { data.afterItemsPath = .array(items) }
            if map.itemSelector != nil {
                var selected: [JSONValue] = []
                for (index, item) in items.enumerated() {
                    selected.append(
                        try selectItem(map.itemSelector, index: index, item: item, effective: effective, &run))
                }
                data.afterItemSelector = .array(selected)
            }
            if let batcher = map.itemBatcher {
                data.afterItemBatcher = .array(try batched(map, batcher, items: items, effective: effective, &run))
            }
        } catch {}
    }
}
