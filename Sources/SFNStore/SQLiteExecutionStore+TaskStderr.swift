import SFNCore

/// Commands' stderr lines in the `task_stderr` table (schema version 3), one row a line, keyed by
/// the execution's row id and a sequence number; `event_id` says which event each follows.
extension SQLiteExecutionStore: TaskStderrStore {
    /// Schema version 3: commands' stderr lines.
    static let taskStderrSchema = """
        CREATE TABLE IF NOT EXISTS task_stderr (
          execution_id INTEGER NOT NULL, seq INTEGER NOT NULL, event_id INTEGER NOT NULL, state_name TEXT NOT NULL,
          line TEXT NOT NULL, PRIMARY KEY (execution_id, seq)) WITHOUT ROWID;
        """

    public func appendTaskStderr(_ lines: [TaskStderrLine], to executionArn: String) throws(ExecutionStoreError) {
        guard !lines.isEmpty else { return }
        try lock.withLock { _ throws(ExecutionStoreError) in
            let id = try executionId(executionArn)
            try connection.transaction { () throws(ExecutionStoreError) in
                let last = try connection.prepare(
                    "SELECT COALESCE(MAX(seq), 0) FROM task_stderr WHERE execution_id = ?"
                )
                .bind(id)
                var seq = try last.step() ? last.int(0) : 0
                let insert = try connection.prepare(
                    "INSERT INTO task_stderr (execution_id, seq, event_id, state_name, line) VALUES (?,?,?,?,?)")
                for line in lines {
                    seq += 1
                    try insert.bind(id, seq, line.eventId, line.stateName, line.text).run()
                }
            }
        }
    }

    public func taskStderr(_ executionArn: String) throws(ExecutionStoreError) -> [TaskStderrLine] {
        try lock.withLock { _ throws(ExecutionStoreError) in
            let id = try executionId(executionArn)
            let stmt = try connection.prepare(
                "SELECT event_id, state_name, line FROM task_stderr WHERE execution_id = ? ORDER BY seq"
            ).bind(id)
            var lines: [TaskStderrLine] = []
            while try stmt.step() {
                lines.append(
                    TaskStderrLine(stateName: stmt.string(1) ?? "", eventId: stmt.int(0), text: stmt.string(2) ?? ""))
            }
            return lines
        }
    }
}
