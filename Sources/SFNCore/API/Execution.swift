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
        return Execution(Task { await Self.execute(definition, input: input, options: options) })
    }

    /// Runs one execution; `recordHistory` is one more observer, whose events become the
    /// result's history.
    static func execute(
        _ definition: MachineDefinition, input: JSONValue,
        options: ExecutionOptions
    ) async -> ExecutionResult {
        var options = options
        let recorder = options.recordHistory ? HistoryRecorder() : nil
        if let recorder { options.observers.append(recorder) }
        let executor = Executor(machine: definition, options: options, input: input)
        var result = await executor.run(input: input)
        result.history = recorder?.events
        return result
    }
}
