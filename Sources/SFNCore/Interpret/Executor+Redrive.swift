import SFNJSON

/// The recorded results a redriven Map or Parallel keeps: only the state the redrive restarts,
/// and only in that entry (a loop that comes back to it later runs it whole).
struct RedriveSeeds {
    /// The Entered event of the restarted state.
    let enteredEventId: Int
    /// Outputs by iteration or branch index.
    let results: [Int: JSONValue]
    /// A Distributed Map's Map Run, redriven under its ARN (Executor+MapRunRedrive).
    var mapRunArn: String? = nil
}

extension Executor {
    /// Continues a recorded execution: ExecutionRedriven after the last recorded event, the
    /// recorded variables, then the state that did not finish, entered again with its recorded
    /// input; numbering goes on from the recorded events. `graph` is the machine's, or a
    /// Distributed Map's item processor for a child execution redriven with its Map Run.
    func runRedrive(_ plan: RedrivePlan, graph: StateGraph? = nil) async -> ExecutionResult {
        let graph = graph ?? machine.graph
        log.skip(plan.lastEventId)
        let redriven = record(
            .executionRedriven, previous: plan.lastEventId,
            .executionRedriven(redriveCount: plan.redriveCount))
        variables.merge(plan.variables) { _, recorded in recorded }
        variableQuota.total = variables.values.reduce(0) {
            $0 + JSONSize.exact($1, cap: Self.maxVariablesTotalBytes)
        }
        switch plan.resume {
        case .end(let output):
            return await conclude { () async throws(StatesError) -> JSONValue in output }
        case .state(let index, let input, let seeds):
            // The restarted state's Entered event comes right after ExecutionRedriven.
            if !seeds.isEmpty || plan.mapRunArn != nil {
                redriveSeeds = RedriveSeeds(enteredEventId: redriven + 1, results: seeds, mapRunArn: plan.mapRunArn)
            }
            return await conclude { () async throws(StatesError) -> JSONValue in
                try await runGraph(graph, input: input, from: index)
            }
        }
    }

    /// The recorded results for the state `run` runs, when it is the one a redrive restarted.
    func redriveResults(_ run: StateRun) -> [Int: JSONValue]? {
        guard let seeds = redriveSeeds, seeds.enteredEventId == run.enteredEventId else { return nil }
        return seeds.results
    }
}
