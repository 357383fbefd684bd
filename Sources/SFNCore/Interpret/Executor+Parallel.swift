import SFNJSON

/// Parallel, and what Parallel, Map (and Task) share: nested graphs with their own variable
/// scope, and the result processing after the state's work is done.
extension Executor {
    /// Runs a nested graph (a branch or a Map iteration). It reads the outer variables; what it
    /// assigns stays inside it.
    func runBranch(_ graph: StateGraph, input: JSONValue) async throws(StatesError) -> JSONValue {
        // What an iteration assigns stays inside it, sizes included.
        let saved = variables
        let savedQuota = variableQuota
        defer {
            variables = saved
            variableQuota = savedQuota
        }
        return try await runGraph(graph, input: input)
    }

    /// Records `EvaluationFailed` for a JSONata failure. AWS points it at the event before the
    /// state was entered, except in a Wait state.
    func noteEvaluationFailure(_ error: StatesError, _ run: StateRun) {
        guard error.error == .queryEvaluationError else { return }
        var previous: Int? = run.enteredPrevious
        if case .wait = run.state.kind { previous = nil }
        record(
            .evaluationFailed, previous: previous,
            .evaluationFailed(
                error: error.error, cause: error.cause, location: Self.failedField(error.cause),
                state: run.state.name))
    }

    /// The field a JSONata failure names in its cause ("... specified for the field 'Output' ...",
    /// "The Timestamp field cannot ...").
    static func failedField(_ cause: String?) -> String? {
        guard let cause else { return nil }
        if let start = cause.range(of: "specified for the field '") {
            let rest = cause[start.upperBound...]
            return rest.firstIndex(of: "'").map { String(rest[..<$0]) }
        }
        for field in ["Seconds", "Timestamp"] where cause.contains("The \(field) field ") { return field }
        return nil
    }

    func runParallel(_ parallel: ParallelState, _ run: inout StateRun) async throws(StatesError) -> Transition {
        let input: JSONValue
        do {
            input = try payload(run)
        } catch {
            noteEvaluationFailure(error, run)
            throw error
        }
        let started = record(.parallelStateStarted)
        // Branches run side by side, each in its own executor with the outer variables.
        let shared = beginShared()
        let seed = self.seed(shared: shared)
        let branches = parallel.branches
        var results = [JSONValue](repeating: .null, count: branches.count)
        // A redrive keeps the branches that succeeded before; only the others run.
        let seeded = redriveResults(run)
        for (i, v) in seeded ?? [:] where i < results.count { results[i] = v }
        var failure: StatesError?
        var cancelled: StatesError?
        var last = started
        await withTaskGroup(of: BranchOutcome.self) { group in
            // The virtual clock counts the branches that run: a redrive's recorded ones do not.
            let pending = branches.indices.filter { seeded?[$0] == nil }
            let share = ClockShare.make(options.virtualClock, children: pending.count)
            for i in pending {
                let branch = branches[i]
                group.addTask { await Executor.runSeeded(seed, branch, input: input, index: i, chain: started) }
            }
            for await outcome in group {
                defer { share?.processed() }
                absorb(outcome)
                last = max(last, outcome.lastEventId)
                switch outcome.result {
                case .success(let v):
                    results[outcome.index] = v
                case .failure(let e):
                    // The first real failure stops the others; their cancellations are noise.
                    if e.error == .cancelled {
                        cancelled = e
                    } else if failure == nil {
                        failure = e
                        group.cancelAll()
                    }
                }
            }
        }
        finishShared(shared)
        // What follows the Parallel comes after the last event of its branches.
        if observing { chain = last }
        if let failure = failure ?? cancelled {
            run.failedEvent = .parallelStateFailed
            throw failure
        }
        // AWS numbers ParallelStateSucceeded after the branches (recorded ids leave its gap where
        // LocalStack's recordings dropped it); like MapStateSucceeded it does not extend the line.
        record(.parallelStateSucceeded, previous: last, advances: false)
        return try finish(with: .array(results), &run)
    }
}
