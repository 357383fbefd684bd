import SFNCore
import SFNJSON

/// Task tokens in the `task_tokens` table: the waiting process polls its token's row, any other
/// process answers by updating it. An answer only changes a WAITING row, so the first answer wins
/// and a late one is refused, as AWS refuses it.
extension SQLiteExecutionStore: TaskTokenStore {
    public func createTaskToken(_ record: TaskTokenRecord) throws(ExecutionStoreError) {
        try lock.withLock { _ throws(ExecutionStoreError) in
            try connection.prepare(
                """
                INSERT INTO task_tokens (token, execution_arn, state_name, status, output, error, cause, heartbeat_date,
                  activity, input, claimed, created)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,(SELECT COALESCE(MAX(created), 0) + 1 FROM task_tokens))
                """
            ).bind(
                record.token, record.executionArn, record.stateName, record.status.rawValue,
                record.output.map(JSONPrinter.compact), record.error, record.cause, record.heartbeatDate,
                record.activity, record.input.map(JSONPrinter.compact), record.claimed ? 1 : 0
            ).run()
        }
    }

    public func answerTaskToken(_ token: String, _ answer: TaskTokenAnswer, date: Double) throws(ExecutionStoreError) {
        try lock.withLock { _ throws(ExecutionStoreError) in
            let stmt: SQLiteConnection.Statement
            switch answer {
            case .success(let output):
                stmt = try connection.prepare(
                    "UPDATE task_tokens SET status = 'SUCCEEDED', output = ? WHERE token = ? AND status = 'WAITING'"
                ).bind(JSONPrinter.compact(output), token)
            case .failure(let error, let cause):
                stmt = try connection.prepare(
                    "UPDATE task_tokens SET status = 'FAILED', error = ?, cause = ? WHERE token = ? AND status = 'WAITING'"
                ).bind(error, cause, token)
            case .heartbeat:
                stmt = try connection.prepare(
                    "UPDATE task_tokens SET heartbeat_date = ? WHERE token = ? AND status = 'WAITING'"
                ).bind(date, token)
            }
            try stmt.run()
            guard connection.changes == 0 else { return }
            let exists = try connection.prepare("SELECT 1 FROM task_tokens WHERE token = ?").bind(token)
            if try exists.step() {
                throw ExecutionStoreError(
                    .taskTimedOut, "Task Timed Out: the task of token '\(token)' is no longer waiting")
            }
            throw ExecutionStoreError(.taskDoesNotExist, "Task Does Not Exist: no task has the token '\(token)'")
        }
    }

    public func taskToken(_ token: String) throws(ExecutionStoreError) -> TaskTokenRecord? {
        try lock.withLock { _ throws(ExecutionStoreError) in
            let stmt = try connection.prepare(
                """
                SELECT token, execution_arn, state_name, status, output, error, cause, heartbeat_date, activity, input,
                  claimed FROM task_tokens WHERE token = ?
                """
            ).bind(token)
            guard try stmt.step() else { return nil }
            return try Self.tokenRecord(stmt)
        }
    }

    public func claimActivityTask(_ activity: String) throws(ExecutionStoreError) -> TaskTokenRecord? {
        try lock.withLock { _ throws(ExecutionStoreError) in
            try connection.transaction { () throws(ExecutionStoreError) -> TaskTokenRecord? in
                let stmt = try connection.prepare(
                    """
                    SELECT token, execution_arn, state_name, status, output, error, cause, heartbeat_date, activity,
                      input, claimed FROM task_tokens
                    WHERE activity = ? AND status = 'WAITING' AND claimed = 0 ORDER BY created LIMIT 1
                    """
                ).bind(activity)
                guard try stmt.step() else { return nil }
                var record = try Self.tokenRecord(stmt)
                // Taking the task starts it (ActivityStarted): HeartbeatSeconds count from here.
                let now = ExecutionOptions.systemNowMillis()
                try connection.prepare("UPDATE task_tokens SET claimed = 1, heartbeat_date = ? WHERE token = ?")
                    .bind(now, record.token).run()
                record.claimed = true
                record.heartbeatDate = now
                return record
            }
        }
    }

    private static func tokenRecord(_ stmt: SQLiteConnection.Statement) throws(ExecutionStoreError) -> TaskTokenRecord {
        let token = stmt.string(0) ?? ""
        func json(_ column: Int32) throws(ExecutionStoreError) -> JSONValue? {
            guard let text = stmt.string(column) else { return nil }
            do { return try JSONParser.parse(text) } catch {
                throw ExecutionStoreError(.unavailable, "the JSON stored for token '\(token)' does not parse")
            }
        }
        return TaskTokenRecord(
            token: token, executionArn: stmt.string(1) ?? "", stateName: stmt.string(2) ?? "",
            status: TaskTokenRecord.Status(rawValue: stmt.string(3) ?? "") ?? .closed, output: try json(4),
            error: stmt.string(5), cause: stmt.string(6), heartbeatDate: stmt.double(7) ?? 0,
            activity: stmt.string(8), input: try json(9), claimed: stmt.int(10) != 0)
    }

    public func closeTaskToken(_ token: String) throws(ExecutionStoreError) {
        try lock.withLock { _ throws(ExecutionStoreError) in
            try connection.prepare("UPDATE task_tokens SET status = 'CLOSED' WHERE token = ? AND status = 'WAITING'")
                .bind(token).run()
        }
    }
}
