import SFNJSON

extension StateMachine {
    /// Restarts a recorded execution as RedriveExecution does: a FAILED, TIMED_OUT or ABORTED
    /// execution, or one whose history simply stops (its process was killed), continues from the
    /// state that did not finish, with the recorded input and variables. Inside a Map or
    /// Parallel only the iterations and branches that did not succeed run again; the others keep
    /// their recorded outputs. `$$.Execution.RedriveCount` counts up, `$$.Execution.StartTime`
    /// stays the original start, and TimeoutSeconds counts from the redrive.
    ///
    /// Observers receive the new events only: ExecutionRedriven (numbered after the last
    /// recorded event), then the restarted states. With `recordHistory`, the result's history
    /// is the whole history, recorded events first, as GetExecutionHistory returns it.
    ///
    /// Throws `RedriveError` (ExecutionNotRedrivable) for a SUCCEEDED execution, with AWS's
    /// message, and for events that do not begin with ExecutionStarted.
    public func redrive(_ recorded: RecordedExecution, options: ExecutionOptions = ExecutionOptions())
        async throws(RedriveError) -> ExecutionResult
    {
        let plan = try RedrivePlan(recorded, graph: definition.graph)
        return await Self.executeRedrive(definition, recorded, plan, options: options)
    }

    /// Starts a redrive in its own task and returns at once (the refusal is thrown here).
    public func startRedrive(_ recorded: RecordedExecution, options: ExecutionOptions = ExecutionOptions())
        throws(RedriveError) -> Execution
    {
        let plan = try RedrivePlan(recorded, graph: definition.graph)
        let definition = self.definition
        return Execution(Task { await Self.executeRedrive(definition, recorded, plan, options: options) })
    }

    static func executeRedrive(
        _ definition: MachineDefinition, _ recorded: RecordedExecution, _ plan: RedrivePlan,
        options: ExecutionOptions
    ) async -> ExecutionResult {
        var options = options
        if let name = recorded.name { options.executionName = name }
        let recorder = options.recordHistory ? HistoryRecorder() : nil
        if let recorder { options.observers.append(recorder) }
        let executor = Executor(machine: definition, options: options, input: plan.input, redrive: plan)
        var result = await executor.runRedrive(plan)
        if let recorder { result.history = recorded.events + recorder.events }
        return result
    }
}
