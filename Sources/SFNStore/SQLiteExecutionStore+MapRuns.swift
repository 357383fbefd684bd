import SFNCore
import SFNJSON

/// Map Runs (schema version 3): one row per Distributed Map run, its counts as JSON. The child
/// executions are rows of `executions` like any other.
extension SQLiteExecutionStore: MapRunStore {
    static let mapRunSchema = """
        CREATE TABLE IF NOT EXISTS map_runs (
          arn TEXT PRIMARY KEY, execution_arn TEXT NOT NULL, state_machine_arn TEXT NOT NULL, status TEXT NOT NULL,
          start_date REAL NOT NULL, stop_date REAL, max_concurrency INTEGER NOT NULL,
          tolerated_failure_percentage REAL NOT NULL, tolerated_failure_count INTEGER NOT NULL,
          item_counts TEXT NOT NULL, execution_counts TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS map_runs_by_execution ON map_runs (execution_arn);
        """

    public func saveMapRun(_ record: MapRunRecord) throws(ExecutionStoreError) {
        try lock.withLock { _ throws(ExecutionStoreError) in
            try connection.prepare(
                """
                INSERT OR REPLACE INTO map_runs (arn, execution_arn, state_machine_arn, status, start_date, stop_date,
                  max_concurrency, tolerated_failure_percentage, tolerated_failure_count, item_counts, execution_counts,
                  redrive_count, redrive_date)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
                """
            ).bind(
                record.mapRunArn, record.executionArn, record.stateMachineArn, record.status.rawValue,
                record.startDate, record.stopDate, record.maxConcurrency, record.toleratedFailurePercentage,
                record.toleratedFailureCount, JSONPrinter.compact(record.itemCounts.json),
                JSONPrinter.compact(record.executionCounts.json), record.redriveCount, record.redriveDate
            ).run()
        }
    }

    public func listMapRuns(executionArn: String?) throws(ExecutionStoreError) -> [MapRunRecord] {
        try lock.withLock { _ throws(ExecutionStoreError) in
            let stmt = try connection.prepare(
                "SELECT \(Self.mapRunColumns) FROM map_runs WHERE ?1 IS NULL OR execution_arn = ?1 ORDER BY start_date"
            ).bind(executionArn)
            var runs: [MapRunRecord] = []
            while try stmt.step() { runs.append(Self.mapRun(stmt)) }
            return runs
        }
    }

    public func describeMapRun(_ mapRunArn: String) throws(ExecutionStoreError) -> MapRunRecord? {
        try lock.withLock { _ throws(ExecutionStoreError) in
            let stmt = try connection.prepare("SELECT \(Self.mapRunColumns) FROM map_runs WHERE arn = ?")
                .bind(mapRunArn)
            return try stmt.step() ? Self.mapRun(stmt) : nil
        }
    }

    private static let mapRunColumns = """
        arn, execution_arn, state_machine_arn, status, start_date, stop_date, max_concurrency,
        tolerated_failure_percentage, tolerated_failure_count, item_counts, execution_counts, redrive_count, redrive_date
        """

    private static func mapRun(_ stmt: SQLiteConnection.Statement) -> MapRunRecord {
        var record = MapRunRecord(
            mapRunArn: stmt.string(0) ?? "", executionArn: stmt.string(1) ?? "", stateMachineArn: stmt.string(2) ?? "",
            status: MapRunRecord.Status(rawValue: stmt.string(3) ?? "") ?? .running, startDate: stmt.double(4) ?? 0,
            stopDate: stmt.double(5), maxConcurrency: stmt.int(6), toleratedFailurePercentage: stmt.double(7) ?? 0,
            toleratedFailureCount: stmt.int(8), itemCounts: counts(stmt.string(9)),
            executionCounts: counts(stmt.string(10)))
        record.redriveCount = stmt.int(11)
        record.redriveDate = stmt.double(12)
        return record
    }

    private static func counts(_ text: String?) -> MapRunRecord.Counts {
        var c = MapRunRecord.Counts()
        guard let text, let value = try? JSONParser.parse(text) else { return c }
        c.pending = value["pending"]?.intValue ?? 0
        c.running = value["running"]?.intValue ?? 0
        c.succeeded = value["succeeded"]?.intValue ?? 0
        c.failed = value["failed"]?.intValue ?? 0
        c.timedOut = value["timedOut"]?.intValue ?? 0
        c.aborted = value["aborted"]?.intValue ?? 0
        c.total = value["total"]?.intValue ?? 0
        c.resultsWritten = value["resultsWritten"]?.intValue ?? 0
        return c
    }
}
