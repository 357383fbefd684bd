import SFNCore
import SFNJSON
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The execution store in one SQLite database file (WAL mode, so that readers never wait for the
/// writer and several `sfn` processes can write one file). Tables: `definitions` (text by content
/// hash, stored once), `state_machines`, `executions`, `event_chunks` (events in batches, see
/// `EventChunk`) and `stop_requests`, `task_tokens` (callback tasks, since version 2), `task_stderr` (commands' stderr,
/// since version 3), `map_runs` (since version 4, with redrive counts since 5). `PRAGMA user_version` is the
/// schema version.
public final class SQLiteExecutionStore: ExecutionStore, @unchecked Sendable {
    /// The schema this version writes and reads. A file with a higher version is refused.
    public static let schemaVersion = 5
    /// Where a store goes when none is named: under the working directory.
    public static let defaultPath = ".sfn/sfn.db"
    /// The most events one row of `event_chunks` holds.
    static let chunkLimit = 4096

    public let path: String
    // Guards `connection` and `executionIds`: one connection per store, used by one thread at a time.
    let lock = Mutex(())
    let connection: SQLiteConnection
    var executionIds: [String: Int] = [:]

    /// Opens the store at `path`, creating the file (mode 0600, its folder 0700) and the schema
    /// when missing. Throws `.newerSchema` for a file a newer sfn wrote, `.unavailable` when the
    /// file cannot be opened or created or is no SQLite database.
    public init(path: String) throws(ExecutionStoreError) {
        self.path = path
        try Self.createFile(path)
        connection = try SQLiteConnection(path: path)
        // A small WAL: the first process to open the store reads all of it to rebuild its index, and
        // every `sfn run` is a first opener.
        try connection.execRetryingWhileBusy(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=64; PRAGMA foreign_keys=OFF")
        try migrate()
    }

    private static func createFile(_ path: String) throws(ExecutionStoreError) {
        if let slash = path.lastIndex(of: "/") {
            let dir = String(path[..<slash])
            if !dir.isEmpty { try makeDirectories(dir) }
        }
        let fd = open(path, O_RDWR | O_CREAT, 0o600)
        guard fd >= 0 else {
            throw ExecutionStoreError(
                .unavailable, "cannot open or create the store '\(path)': \(String(cString: strerror(errno)))")
        }
        close(fd)
    }

    private static func makeDirectories(_ dir: String) throws(ExecutionStoreError) {
        var isDir = stat()
        if stat(dir, &isDir) == 0 { return }
        if let slash = dir.lastIndex(of: "/"), slash != dir.startIndex { try makeDirectories(String(dir[..<slash])) }
        guard mkdir(dir, 0o700) == 0 || errno == EEXIST else {
            throw ExecutionStoreError(
                .unavailable, "cannot create the store's folder '\(dir)': \(String(cString: strerror(errno)))")
        }
    }

    /// Creates the schema on a new file; refuses a newer one. Inside one write transaction, so two
    /// processes that open a new store at once create it once.
    private func migrate() throws(ExecutionStoreError) {
        let version = try userVersion()
        if version == Self.schemaVersion { return }
        try checkNotNewer(version)
        try connection.transaction { () throws(ExecutionStoreError) in
            let version = try userVersion()
            try checkNotNewer(version)
            if version == Self.schemaVersion { return }
            if version == 0 { try connection.exec(Self.schema) }
            // Version 1 stores (before task tokens) gain the table; their data stays as it is.
            if version <= 1 { try connection.exec(Self.taskTokenSchema) }
            // Version 2 stores (before stderr lines) gain their table.
            if version <= 2 { try connection.exec(Self.taskStderrSchema) }
            // Version 3 stores gain Map Runs.
            if version <= 3 { try connection.exec(Self.mapRunSchema) }
            // Version 4 stores' Map Runs gain their redrive count and date.
            if version <= 4 { try migrateMapRunRedrive() }
            try connection.exec("PRAGMA user_version = \(Self.schemaVersion)")
        }
    }

    private func checkNotNewer(_ version: Int) throws(ExecutionStoreError) {
        guard version > Self.schemaVersion else { return }
        throw ExecutionStoreError(
            .newerSchema,
            "the store '\(path)' has schema version \(version), newer than this sfn reads (\(Self.schemaVersion)): "
                + "use a newer sfn, another --store PATH, or --no-store")
    }

    private func userVersion() throws(ExecutionStoreError) -> Int {
        let stmt = try connection.prepare("PRAGMA user_version")
        return try stmt.step() ? stmt.int(0) : 0
    }

    static let schema = """
        CREATE TABLE definitions (hash TEXT PRIMARY KEY, definition TEXT NOT NULL);
        CREATE TABLE state_machines (
          name TEXT PRIMARY KEY, arn TEXT NOT NULL UNIQUE, definition_hash TEXT NOT NULL,
          creation_date REAL NOT NULL);
        CREATE TABLE executions (
          id INTEGER PRIMARY KEY, arn TEXT NOT NULL UNIQUE, state_machine_arn TEXT NOT NULL,
          state_machine_name TEXT NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL,
          start_date REAL NOT NULL, stop_date REAL, input TEXT NOT NULL, output TEXT, error TEXT, cause TEXT,
          definition_hash TEXT NOT NULL, redrive_count INTEGER NOT NULL DEFAULT 0, redrive_date REAL,
          owner_pid INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX executions_by_start ON executions (start_date DESC);
        CREATE INDEX executions_by_name ON executions (name);
        CREATE INDEX executions_by_stop ON executions (stop_date);
        CREATE TABLE event_chunks (
          execution_id INTEGER NOT NULL, first_id INTEGER NOT NULL, last_id INTEGER NOT NULL,
          events BLOB NOT NULL, PRIMARY KEY (execution_id, first_id)) WITHOUT ROWID;
        CREATE TABLE stop_requests (execution_id INTEGER PRIMARY KEY, error TEXT, cause TEXT, request_date REAL);
        """

    /// Schema version 2: callback tasks' tokens (`TaskTokenStore`).
    static let taskTokenSchema = """
        CREATE TABLE IF NOT EXISTS task_tokens (
          token TEXT PRIMARY KEY, execution_arn TEXT NOT NULL, state_name TEXT NOT NULL, status TEXT NOT NULL,
          output TEXT, error TEXT, cause TEXT, heartbeat_date REAL NOT NULL, activity TEXT, input TEXT,
          claimed INTEGER NOT NULL DEFAULT 0, created INTEGER);
        CREATE INDEX IF NOT EXISTS task_tokens_by_activity ON task_tokens (activity, status, claimed);
        """

    /// The SHA-256 of a definition's text, in hex: the key it is stored under.
    public static func hash(_ definition: String) -> String {
        Digest.hex(Digest.sha256(Array(definition.utf8)))
    }

    public func stateMachine(named name: String, creatingWith definition: String) throws(ExecutionStoreError)
        -> StateMachineRecord
    {
        try lock.withLock { _ throws(ExecutionStoreError) in
            if let found = try machine(name) { return found }
            let hash = Self.hash(definition)
            var options = ExecutionOptions()
            options.stateMachineName = name
            let record = StateMachineRecord(
                name: name, stateMachineArn: options.stateMachineArn, definitionHash: hash,
                creationDate: ExecutionOptions.systemNowMillis())
            try connection.transaction { () throws(ExecutionStoreError) in
                try storeDefinition(definition, hash: hash)
                try connection.prepare(
                    "INSERT OR IGNORE INTO state_machines (name, arn, definition_hash, creation_date) VALUES (?,?,?,?)"
                ).bind(name, record.stateMachineArn, hash, record.creationDate).run()
            }
            return try machine(name) ?? record
        }
    }

    private func machine(_ name: String) throws(ExecutionStoreError) -> StateMachineRecord? {
        let stmt = try connection.prepare(
            "SELECT name, arn, definition_hash, creation_date FROM state_machines WHERE name = ?"
        ).bind(name)
        guard try stmt.step() else { return nil }
        return StateMachineRecord(
            name: stmt.string(0) ?? name, stateMachineArn: stmt.string(1) ?? "", definitionHash: stmt.string(2) ?? "",
            creationDate: stmt.double(3) ?? 0)
    }

    private func storeDefinition(_ definition: String, hash: String) throws(ExecutionStoreError) {
        try connection.prepare("INSERT OR IGNORE INTO definitions (hash, definition) VALUES (?, ?)")
            .bind(hash, definition).run()
    }

    public func definition(hash: String) throws(ExecutionStoreError) -> String? {
        try lock.withLock { _ throws(ExecutionStoreError) in
            let stmt = try connection.prepare("SELECT definition FROM definitions WHERE hash = ?").bind(hash)
            return try stmt.step() ? stmt.string(0) : nil
        }
    }

    public func createExecution(_ record: ExecutionRecord, definition: String) throws(ExecutionStoreError) {
        try lock.withLock { _ throws(ExecutionStoreError) in
            let id = try connection.transaction { () throws(ExecutionStoreError) -> Int in
                try storeDefinition(definition, hash: record.definitionHash)
                // An ARN taken already fails the insert (`arn` is UNIQUE): no statement of its own
                // asks first, one statement fewer to prepare on every `sfn run`.
                let insert = try connection.prepare(
                    """
                    INSERT INTO executions (arn, state_machine_arn, state_machine_name, name, status, start_date,
                      stop_date, input, output, error, cause, definition_hash, redrive_count, redrive_date, owner_pid)
                    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                    """
                ).bind(
                    record.executionArn, record.stateMachineArn, record.stateMachineName, record.name,
                    record.status.rawValue, record.startDate, record.stopDate, JSONPrinter.compact(record.input),
                    record.output.map(JSONPrinter.compact), record.error, record.cause, record.definitionHash,
                    record.redriveCount, record.redriveDate, record.ownerPid
                )
                do throws(ExecutionStoreError) { try insert.run() } catch {
                    guard connection.extendedErrorCode == SQLiteConnection.uniqueConstraintFailed else { throw error }
                    throw ExecutionStoreError(
                        .executionAlreadyExists, "Execution Already Exists: '\(record.executionArn)'")
                }
                return connection.lastInsertRowId
            }
            // The run appends events to it next: its row id is known without a query.
            executionIds[record.executionArn] = id
        }
    }

    public func update(_ record: ExecutionRecord) throws(ExecutionStoreError) {
        try lock.withLock { _ throws(ExecutionStoreError) in
            try connection.prepare(
                """
                UPDATE executions SET status = ?, start_date = ?, stop_date = ?, output = ?, error = ?, cause = ?,
                  redrive_count = ?, redrive_date = ?, owner_pid = ? WHERE arn = ?
                """
            ).bind(
                record.status.rawValue, record.startDate, record.stopDate, record.output.map(JSONPrinter.compact),
                record.error, record.cause, record.redriveCount, record.redriveDate, record.ownerPid,
                record.executionArn
            ).run()
            guard connection.changes == 1 else {
                throw ExecutionStoreError(.executionDoesNotExist, "Execution Does Not Exist: '\(record.executionArn)'")
            }
        }
    }

    public func append(_ events: [HistoryEvent], to executionArn: String) throws(ExecutionStoreError) {
        guard !events.isEmpty else { return }
        // Encoding happens outside the lock: it is most of the work, and readers need not wait.
        let chunks = EventChunk.encode(events, limit: Self.chunkLimit)
        try lock.withLock { _ throws(ExecutionStoreError) in
            let id = try executionId(executionArn)
            try connection.transaction { () throws(ExecutionStoreError) in
                let insert = try connection.prepare(
                    "INSERT INTO event_chunks (execution_id, first_id, last_id, events) VALUES (?,?,?,?)")
                for chunk in chunks {
                    try insert.bind(id, chunk.firstId, chunk.lastId, chunk.buffer).run()
                }
            }
        }
    }

    /// The row id of an execution (cached: a run appends to one execution many times).
    func executionId(_ arn: String) throws(ExecutionStoreError) -> Int {
        if let id = executionIds[arn] { return id }
        let stmt = try connection.prepare("SELECT id FROM executions WHERE arn = ?").bind(arn)
        guard try stmt.step() else {
            throw ExecutionStoreError(.executionDoesNotExist, "Execution Does Not Exist: '\(arn)'")
        }
        let id = stmt.int(0)
        executionIds[arn] = id
        return id
    }
}
