import SFNCore
import SFNJSON

/// What a redrive of a Map Run reads back (schema version 5 adds the Map Run's redrive count and
/// date): its child executions by index. Each child's status and output are in its `executions`
/// row, written by the group committer as the child ends, so a killed run leaves every child that
/// ended before the last commit in the store.
extension SQLiteExecutionStore: MapRunChildStore {
    /// Schema version 5: a Map Run counts its redrives (DescribeMapRun's redriveCount, redriveDate).
    /// Inside the migration's transaction; a column already there (a file whose version was set
    /// back) is left as it is.
    func migrateMapRunRedrive() throws(ExecutionStoreError) {
        let info = try connection.prepare("PRAGMA table_info(map_runs)")
        var columns: Set<String> = []
        while try info.step() { if let name = info.string(1) { columns.insert(name) } }
        if !columns.contains("redrive_count") {
            try connection.exec("ALTER TABLE map_runs ADD COLUMN redrive_count INTEGER NOT NULL DEFAULT 0")
        }
        if !columns.contains("redrive_date") {
            try connection.exec("ALTER TABLE map_runs ADD COLUMN redrive_date REAL")
        }
    }

    public func executions(indexedAfter prefix: String) throws(ExecutionStoreError) -> [Int: ExecutionRecord] {
        let found = try lock.withLock { _ throws(ExecutionStoreError) in
            // A range over the ARN's unique index: the names that go on with a digit (':' follows '9').
            try records(
                "SELECT \(Self.recordColumns) FROM executions WHERE arn >= ?1 || '0' AND arn < ?1 || ':'", [prefix])
        }
        var children: [Int: ExecutionRecord] = [:]
        children.reserveCapacity(found.count)
        for record in found {
            let rest = record.executionArn.dropFirst(prefix.count)
            guard !rest.isEmpty, rest.allSatisfy(\.isASCIIDigit), let index = Int(rest) else { continue }
            children[index] = record
        }
        return children
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
