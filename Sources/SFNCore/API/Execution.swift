import SFNJSON

/// A started execution: await its result, or stop it (status ABORTED, as StopExecution does).
public final class Execution: Sendable {
    private let task: Task<ExecutionResult, Never>

    init(_ task: Task<ExecutionResult, Never>) { self.task = task }

    /// The outcome, once the execution has ended.
    public var result: ExecutionResult {
        get async { await task.value }
    }

    /// Stops the execution: running tasks are cancelled, waits end, and the result has status
    /// ABORTED.
    public func stop() { task.cancel() }
}

extension StateMachine {
    /// Starts an execution in its own task and returns at once.
    public func start(input: JSONValue, options: ExecutionOptions = ExecutionOptions()) -> Execution {
        let definition = self.definition
        return Execution(Task {
            let executor = Executor(machine: definition, options: options, input: input)
            return await executor.run(input: input)
        })
    }
}
