import SFNCore
import SFNJSON

extension SQLiteExecutionStore {
    static let recordColumns = """
        arn, state_machine_arn, state_machine_name, name, status, start_date, stop_date, input, output, error,
          cause, definition_hash, redrive_count, redrive_date, owner_pid
        """

    public func listExecutions(_ filter: ExecutionFilter) throws(ExecutionStoreError) -> [ExecutionRecord] {
        try lock.withLock { _ throws(ExecutionStoreError) in
            var sql = "SELECT \(Self.recordColumns) FROM executions WHERE 1"
            var values: [Any?] = []
            if let status = filter.status {
                sql += " AND status = ?"
                values.append(status.rawValue)
            }
            if let name = filter.stateMachineName {
                sql += " AND state_machine_name = ?"
                values.append(name)
            }
            sql += " ORDER BY start_date DESC, id DESC"
            if let limit = filter.limit { sql += " LIMIT \(max(0, limit))" }
            return try records(sql, values)
        }
    }

    public func describeExecution(_ executionArn: String) throws(ExecutionStoreError) -> ExecutionRecord? {
        try lock.withLock { _ throws(ExecutionStoreError) in
            try records("SELECT \(Self.recordColumns) FROM executions WHERE arn = ?", [executionArn]).first
        }
    }

    public func resolveExecution(_ prefix: String) throws(ExecutionStoreError) -> ExecutionRecord {
        try lock.withLock { _ throws(ExecutionStoreError) in
            let columns = Self.recordColumns
            var found = try records("SELECT \(columns) FROM executions WHERE name = ? OR arn = ?", [prefix, prefix])
            if found.isEmpty {
                // substr, not LIKE: a name may hold '_' and '%'.
                found = try records(
                    """
                    SELECT \(columns) FROM executions
                    WHERE substr(name, 1, length(?1)) = ?1 OR substr(arn, 1, length(?1)) = ?1
                    ORDER BY start_date DESC LIMIT 11
                    """, [prefix])
            }
            if found.count == 1 { return found[0] }
            if found.isEmpty {
                throw ExecutionStoreError(
                    .executionDoesNotExist, "no execution in the store '\(path)' is named '\(prefix)' or starts so")
            }
            let names = found.prefix(10).map { "  \($0.executionArn)" }.joined(separator: "\n")
            throw ExecutionStoreError(
                .ambiguousName, "'\(prefix)' names more than one execution; give more of the name or the ARN:\n\(names)"
            )
        }
    }

    public func history(_ executionArn: String, afterId: Int) throws(ExecutionStoreError) -> [HistoryEvent] {
        let rows = try lock.withLock { _ throws(ExecutionStoreError) -> [(Int, [UInt8])] in
            let id = try executionId(executionArn)
            let stmt = try connection.prepare(
                "SELECT first_id, events FROM event_chunks WHERE execution_id = ? AND last_id > ? ORDER BY first_id"
            ).bind(id, afterId)
            var rows: [(Int, [UInt8])] = []
            while try stmt.step() { rows.append((stmt.int(0), stmt.bytes(1))) }
            return rows
        }
        var events: [HistoryEvent] = []
        for (first, bytes) in rows {
            events += try EventChunk.decode(bytes, firstId: first).filter { $0.id > afterId }
        }
        return events
    }

    public func requestStop(_ executionArn: String, error: String?, cause: String?) throws(ExecutionStoreError) {
        try lock.withLock { _ throws(ExecutionStoreError) in
            let id = try executionId(executionArn)
            try connection.prepare(
                "INSERT OR REPLACE INTO stop_requests (execution_id, error, cause, request_date) VALUES (?,?,?,?)"
            ).bind(id, error, cause, ExecutionOptions.systemNowMillis()).run()
        }
    }

    public func stopRequest(_ executionArn: String) throws(ExecutionStoreError) -> StopRequest? {
        try lock.withLock { _ throws(ExecutionStoreError) in
            let id = try executionId(executionArn)
            let stmt = try connection.prepare("SELECT error, cause FROM stop_requests WHERE execution_id = ?").bind(id)
            guard try stmt.step() else { return nil }
            return StopRequest(error: stmt.string(0), cause: stmt.string(1))
        }
    }

    public func prune(stoppedBefore date: Double, status: ExecutionRecord.Status?) throws(ExecutionStoreError) -> Int {
        try lock.withLock { _ throws(ExecutionStoreError) in
            var condition = "stop_date IS NOT NULL AND stop_date < ?1 AND status != 'RUNNING'"
            var values: [Any?] = [date]
            if let status {
                condition += " AND status = ?2"
                values.append(status.rawValue)
            }
            // Every `sfn run` prunes: one read finds the usual nothing to do, where five statements
            // in a write transaction did.
            guard try exists("SELECT 1 FROM executions WHERE \(condition) LIMIT 1", values) else { return 0 }
            return try connection.transaction { () throws(ExecutionStoreError) -> Int in
                let ids = "SELECT id FROM executions WHERE \(condition)"
                try bound(connection.prepare("DELETE FROM event_chunks WHERE execution_id IN (\(ids))"), values).run()
                try bound(connection.prepare("DELETE FROM stop_requests WHERE execution_id IN (\(ids))"), values).run()
                try bound(connection.prepare("DELETE FROM task_stderr WHERE execution_id IN (\(ids))"), values).run()
                let arns = "SELECT arn FROM executions WHERE \(condition)"
                try bound(connection.prepare("DELETE FROM task_tokens WHERE execution_arn IN (\(arns))"), values).run()
                try bound(connection.prepare("DELETE FROM executions WHERE \(condition)"), values).run()
                executionIds.removeAll()
                return connection.changes
            }
        }
    }

    /// Whether the query finds a row (its statement is finalized on return).
    private func exists(_ sql: String, _ values: [Any?]) throws(ExecutionStoreError) -> Bool {
        try bound(connection.prepare(sql), values).step()
    }

    private func bound(_ stmt: SQLiteConnection.Statement, _ values: [Any?]) -> SQLiteConnection.Statement {
        switch values.count {
        case 0: return stmt.bind()
        case 1: return stmt.bind(values[0])
        case 2: return stmt.bind(values[0], values[1])
        default: return stmt.bind(values[0], values[1], values[2])
        }
    }

    func records(_ sql: String, _ values: [Any?]) throws(ExecutionStoreError) -> [ExecutionRecord] {
        let stmt = bound(try connection.prepare(sql), values)
        var out: [ExecutionRecord] = []
        while try stmt.step() {
            let input = (stmt.string(7)).flatMap { try? JSONParser.parse($0) } ?? .null
            let output = stmt.string(8).flatMap { try? JSONParser.parse($0) }
            out.append(
                ExecutionRecord(
                    executionArn: stmt.string(0) ?? "", stateMachineArn: stmt.string(1) ?? "",
                    stateMachineName: stmt.string(2) ?? "", name: stmt.string(3) ?? "",
                    status: ExecutionRecord.Status(rawValue: stmt.string(4) ?? "") ?? .running,
                    startDate: stmt.double(5) ?? 0, stopDate: stmt.double(6), input: input, output: output,
                    error: stmt.string(9), cause: stmt.string(10), definitionHash: stmt.string(11) ?? "",
                    redriveCount: stmt.int(12), redriveDate: stmt.double(13), ownerPid: Int32(stmt.int(14))))
        }
        return out
    }
}
