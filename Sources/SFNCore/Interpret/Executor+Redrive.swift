import SFNJSON

/// The recorded results a redriven Map or Parallel keeps: only the state the redrive restarts,
/// and only in that entry (a loop that comes back to it later runs it whole).
struct RedriveSeeds {
    /// The Entered event of the restarted state.
    let enteredEventId: Int
    /// Outputs by iteration or branch index.
    let results: [Int: JSONValue]
}

extension Executor {
    /// Continues a recorded execution: ExecutionRedriven after the last recorded event, the
    /// recorded variables, then the state that did not finish, entered again with its recorded
    /// input; numbering goes on from the recorded events.
    func runRedrive(_ plan: RedrivePlan) async -> ExecutionResult {
        log.skip(plan.lastEventId)
        let redriven = record(
            .executionRedriven, previous: plan.lastEventId,
            .executionRedriven(redriveCount: plan.redriveCount))
        variables = plan.variables
        variableQuota.total = plan.variables.values.reduce(0) {
            $0 + JSONSize.exact($1, cap: Self.maxVariablesTotalBytes)
        }
        switch plan.resume {
        case .end(let output):
            return await conclude { () async throws(StatesError) -> JSONValue in output }
        case .state(let index, let input, let seeds):
            // The restarted state's Entered event comes right after ExecutionRedriven.
            if !seeds.isEmpty { redriveSeeds = RedriveSeeds(enteredEventId: redriven + 1, results: seeds) }
            return await conclude { () async throws(StatesError) -> JSONValue in
                try await runGraph(machine.graph, input: input, from: index)
            }
        }
    }

    /// The recorded results for the state `run` runs, when it is the one a redrive restarted.
    func redriveResults(_ run: StateRun) -> [Int: JSONValue]? {
        guard let seeds = redriveSeeds, seeds.enteredEventId == run.enteredEventId else { return nil }
        return seeds.results
    }
}
