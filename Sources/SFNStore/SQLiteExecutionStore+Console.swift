import SFNCore
import SFNJSON
import Synchronization

/// The console's queries: a page of executions across state machines by the indexes on start
/// date (with status or machine first when filtered), and the state machines with their counts.
extension SQLiteExecutionStore {
    /// Stores whose console indexes exist already (created once per file and process: an index
    /// is no schema change, an older sfn reads the file as before).
    private static let indexed = Mutex<Set<String>>([])

    static let consoleIndexes = """
        CREATE INDEX IF NOT EXISTS executions_by_status_start ON executions (status, start_date DESC, id DESC);
        CREATE INDEX IF NOT EXISTS executions_by_machine_start
          ON executions (state_machine_name, start_date DESC, id DESC);
        """

    private func ensureConsoleIndexes() {
        if Self.indexed.withLock({ $0.contains(path) }) { return }
        // A store this process may not write (a read-only file) is listed without them.
        lock.withLock { _ in _ = try? connection.exec(Self.consoleIndexes) }
        Self.indexed.withLock { _ = $0.insert(path) }
    }

    public func queryExecutions(_ query: ExecutionQuery) throws(ExecutionStoreError) -> ExecutionPage {
        ensureConsoleIndexes()
        return try lock.withLock { _ throws(ExecutionStoreError) in
            let prefix = query.namePrefix ?? ""
            // A rare prefix is found by name and its rows sorted; a common one by walking the dates.
            var byName = false
            if !prefix.isEmpty { byName = try fewNamesStart(with: prefix) }
            var sql = """
                SELECT id, arn, state_machine_arn, state_machine_name, name, status, start_date, stop_date, error,
                  definition_hash, redrive_count, owner_pid
                FROM executions \(byName ? "INDEXED BY executions_by_name" : "") WHERE 1
                """
            var values: [Any?] = []
            if let status = query.status {
                sql += " AND status = ?"
                values.append(status.rawValue)
            }
            if let machine = query.stateMachineName {
                sql += " AND state_machine_name = ?"
                values.append(machine)
            }
            if !prefix.isEmpty {
                // A range, not LIKE: a name may hold '_' and '%'. U+10FFFF sorts after every name
                // that starts with the prefix (names compare as UTF-8 bytes).
                sql += " AND name >= ? AND name < ?"
                values += [prefix, prefix + "\u{10FFFF}"]
            }
            if let since = query.startedSince {
                sql += " AND start_date >= ?"
                values.append(since)
            }
            if let after = query.after, let cursor = Self.cursor(after) {
                sql += " AND (start_date < ? OR (start_date = ? AND id < ?))"
                values += [cursor.date, cursor.date, cursor.id]
            }
            sql += " ORDER BY start_date DESC, id DESC LIMIT \(query.limit + 1)"
            let stmt = try connection.prepare(sql).bind(list: values)
            var records: [ExecutionRecord] = []
            var last: (date: Double, id: Int)?
            var more = false
            while try stmt.step() {
                if records.count == query.limit {
                    more = true
                    break
                }
                let date = stmt.double(6) ?? 0
                last = (date, stmt.int(0))
                records.append(
                    ExecutionRecord(
                        executionArn: stmt.string(1) ?? "", stateMachineArn: stmt.string(2) ?? "",
                        stateMachineName: stmt.string(3) ?? "", name: stmt.string(4) ?? "",
                        status: ExecutionRecord.Status(rawValue: stmt.string(5) ?? "") ?? .running, startDate: date,
                        stopDate: stmt.double(7), input: .null, error: stmt.string(8),
                        definitionHash: stmt.string(9) ?? "", redriveCount: stmt.int(10),
                        ownerPid: Int32(stmt.int(11))))
            }
            let next = more ? last.map { "\($0.date)/\($0.id)" } : nil
            return ExecutionPage(records: records, next: next)
        }
    }

    public func stateMachineSummaries() throws(ExecutionStoreError) -> [StateMachineSummary] {
        ensureConsoleIndexes()
        return try lock.withLock { _ throws(ExecutionStoreError) in
            var summaries: [String: StateMachineSummary] = [:]
            let machines = try connection.prepare(
                "SELECT name, arn, definition_hash, creation_date FROM state_machines ORDER BY name")
            while try machines.step() {
                let name = machines.string(0) ?? ""
                summaries[name] = StateMachineSummary(
                    record: StateMachineRecord(
                        name: name, stateMachineArn: machines.string(1) ?? "",
                        definitionHash: machines.string(2) ?? "", creationDate: machines.double(3) ?? 0))
            }
            let counts = try connection.prepare(
                """
                SELECT state_machine_name, status, count(*), max(start_date), max(state_machine_arn)
                FROM executions GROUP BY state_machine_name, status
                """)
            while try counts.step() {
                let name = counts.string(0) ?? ""
                var s =
                    summaries[name]
                    ?? StateMachineSummary(
                        record: StateMachineRecord(
                            name: name, stateMachineArn: counts.string(4) ?? "", definitionHash: "",
                            creationDate: counts.double(3) ?? 0))
                if let status = ExecutionRecord.Status(rawValue: counts.string(1) ?? "") {
                    s.counts[status, default: 0] += counts.int(2)
                }
                s.lastStartDate = max(s.lastStartDate ?? 0, counts.double(3) ?? 0)
                summaries[name] = s
            }
            return summaries.values.sorted { $0.record.name < $1.record.name }
        }
    }

    /// Whether fewer than `rareNames` executions have a name starting with `prefix` (counted by
    /// the name index, stopping there).
    private func fewNamesStart(with prefix: String) throws(ExecutionStoreError) -> Bool {
        let stmt = try connection.prepare(
            "SELECT count(*) FROM (SELECT 1 FROM executions WHERE name >= ? AND name < ? LIMIT \(Self.rareNames))"
        ).bind(prefix, prefix + "\u{10FFFF}")
        return try stmt.step() && stmt.int(0) < Self.rareNames
    }

    /// Below this many matches, sorting them by date is cheaper than walking the date index.
    static let rareNames = 5000

    /// A page cursor `DATE/ID` as `queryExecutions` wrote it.
    private static func cursor(_ text: String) -> (date: Double, id: Int)? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let date = Double(parts[0]), let id = Int(parts[1]) else { return nil }
        return (date, id)
    }
}
