import CSQLite
import SFNCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One connection to a SQLite database file: statements, bindings and rows, errors turned into
/// `ExecutionStoreError`s that name the file. Not thread-safe: its owner serialises use.
final class SQLiteConnection {
    let path: String
    private var db: OpaquePointer?

    /// SQLite's own destructor marker: copy the bound bytes (they do not outlive the call).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(path: String) throws(ExecutionStoreError) {
        self.path = path
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close(db)
            db = nil
            throw ExecutionStoreError(.unavailable, "cannot open the store '\(path)': \(message)")
        }
        // Several sfn processes may write one store: wait for a lock instead of failing at once.
        sqlite3_busy_timeout(db, 10_000)
    }

    deinit { sqlite3_close(db) }

    func failure(_ what: String) -> ExecutionStoreError {
        let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "no connection"
        return ExecutionStoreError(.unavailable, "the store '\(path)': \(what): \(message)")
    }

    /// Runs SQL without results (several statements allowed).
    func exec(_ sql: String) throws(ExecutionStoreError) {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw failure("cannot run \(sql.prefix(40))") }
    }

    /// Runs SQL like `exec`, trying again for up to `seconds` while the file is busy or locked.
    /// SQLite answers some lock conflicts at once, without its busy handler, where waiting could
    /// deadlock: connections that open a new store together and each switch it to WAL.
    func execRetryingWhileBusy(_ sql: String, seconds: Double = 10) throws(ExecutionStoreError) {
        var waitedMicroseconds = 0
        var pause: UInt32 = 1000
        while true {
            let rc = sqlite3_exec(db, sql, nil, nil, nil)
            if rc == SQLITE_OK { return }
            let primary = rc & 0xff
            guard primary == SQLITE_BUSY || primary == SQLITE_LOCKED, Double(waitedMicroseconds) < seconds * 1e6 else {
                throw failure("cannot run \(sql.prefix(40))")
            }
            usleep(pause)
            waitedMicroseconds += Int(pause)
            pause = min(pause * 2, 50_000)
        }
    }

    /// Prepares one statement.
    func prepare(_ sql: String) throws(ExecutionStoreError) -> Statement {
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &stmt, nil) == SQLITE_OK, let stmt else {
            throw failure("cannot prepare \(sql.prefix(40))")
        }
        return Statement(stmt, connection: self)
    }

    /// Runs `body` in one write transaction (taken at once, so that two writers queue on the busy
    /// timeout instead of failing to upgrade a read lock), committed when it returns.
    func transaction<T>(_ body: () throws(ExecutionStoreError) -> T) throws(ExecutionStoreError) -> T {
        try exec("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try exec("COMMIT")
            return value
        } catch {
            try? exec("ROLLBACK")
            throw error
        }
    }

    var changes: Int { Int(sqlite3_changes(db)) }

    /// The extended result code of the last failure.
    var extendedErrorCode: Int32 { sqlite3_extended_errcode(db) }

    /// SQLITE_CONSTRAINT_UNIQUE (SQLITE_CONSTRAINT | 8 << 8; a macro Swift does not import).
    static let uniqueConstraintFailed: Int32 = 2067

    var lastInsertRowId: Int { Int(sqlite3_last_insert_rowid(db)) }

    /// One prepared statement; finalized when released.
    final class Statement {
        private let stmt: OpaquePointer
        private let connection: SQLiteConnection

        init(_ stmt: OpaquePointer, connection: SQLiteConnection) {
            self.stmt = stmt
            self.connection = connection
        }

        deinit { sqlite3_finalize(stmt) }

        /// Binds parameters 1... in order: String, [UInt8] or ByteBuffer (a blob), Int, Int32, Double,
        /// or nil. A ByteBuffer is bound in place, not copied: it must outlive the statement's run
        /// (an event chunk's bytes, inserted at once).
        @discardableResult
        func bind(_ values: Any?...) -> Statement { bind(list: values) }

        /// `bind` with the values in an array (a query that builds its conditions as it goes).
        @discardableResult
        func bind(list values: [Any?]) -> Statement {
            sqlite3_reset(stmt)
            sqlite3_clear_bindings(stmt)
            for (i, value) in values.enumerated() {
                let at = Int32(i + 1)
                switch value {
                case let s as String: sqlite3_bind_text(stmt, at, s, -1, SQLiteConnection.transient)
                case let b as [UInt8]:
                    b.withUnsafeBufferPointer { buf in
                        _ = sqlite3_bind_blob(stmt, at, buf.baseAddress, Int32(buf.count), SQLiteConnection.transient)
                    }
                case let b as ByteBuffer:
                    // SQLITE_STATIC (a null destructor): SQLite reads the bytes where they are.
                    _ = sqlite3_bind_blob(stmt, at, b.bytes.baseAddress, Int32(b.count), nil)
                case let n as Int: sqlite3_bind_int64(stmt, at, sqlite3_int64(n))
                case let n as Int32: sqlite3_bind_int64(stmt, at, sqlite3_int64(n))
                case let d as Double: sqlite3_bind_double(stmt, at, d)
                default: sqlite3_bind_null(stmt, at)
                }
            }
            return self
        }

        /// Steps once: true while a row is available.
        func step() throws(ExecutionStoreError) -> Bool {
            switch sqlite3_step(stmt) {
            case SQLITE_ROW: return true
            case SQLITE_DONE: return false
            default: throw connection.failure("a statement failed")
            }
        }

        /// Runs the statement to its end.
        func run() throws(ExecutionStoreError) {
            while try step() {}
        }

        func isNull(_ column: Int32) -> Bool { sqlite3_column_type(stmt, column) == SQLITE_NULL }

        func string(_ column: Int32) -> String? {
            guard let text = sqlite3_column_text(stmt, column) else { return nil }
            return String(cString: text)
        }

        func bytes(_ column: Int32) -> [UInt8] {
            guard let blob = sqlite3_column_blob(stmt, column) else { return [] }
            let n = Int(sqlite3_column_bytes(stmt, column))
            return Array(UnsafeRawBufferPointer(start: blob, count: n))
        }

        func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(stmt, column)) }

        func double(_ column: Int32) -> Double? { isNull(column) ? nil : sqlite3_column_double(stmt, column) }
    }
}
