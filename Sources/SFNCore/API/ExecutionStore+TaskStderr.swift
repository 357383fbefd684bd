/// The stderr lines of an execution's commands, kept beside its history (SFNStore's SQLite store
/// keeps them): apart from the events, so that nothing AWS-shaped ever carries them.
public protocol TaskStderrStore: Sendable {
    /// Appends lines, in the order they came, to an execution's stderr.
    func appendTaskStderr(_ lines: [TaskStderrLine], to executionArn: String) throws(ExecutionStoreError)
    /// Every stderr line of an execution, in the order they came.
    func taskStderr(_ executionArn: String) throws(ExecutionStoreError) -> [TaskStderrLine]
}
