import SFNCore
import SFNJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The writer thread of a `GroupCommitStore`: a queue of writes, each with a ticket; the thread
/// takes everything queued, commits it in one transaction and wakes whoever waits for a ticket.
final class GroupCommitWriter: @unchecked Sendable {
    enum Write {
        case create(ExecutionRecord, definition: String)
        case append(String, [EventChunk])
        case update(ExecutionRecord)
        /// Nothing to write: waiting for it waits for everything queued before; the closure runs
        /// once they are committed.
        case barrier((@Sendable () -> Void)?)
    }

    private let connection: SQLiteConnection
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let queued = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let committed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Guarded by `mutex`.
    private var writes: [Write] = []
    private var nextTicket = 0
    private var doneBelow = 0
    private var errors: [Int: ExecutionStoreError] = [:]
    private var broken: ExecutionStoreError?

    // The writer thread's own, prepared once.
    private var statements: Statements?
    private var ids: [String: Int] = [:]

    init(path: String) throws(ExecutionStoreError) {
        connection = try SQLiteConnection(path: path)
        // A larger WAL than a CLI run keeps: fewer checkpoints (each one syncs the file) under load.
        try connection.exec("PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=1000")
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(queued, nil)
        pthread_cond_init(committed, nil)
    }

    func start() {
        let box = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        _ = pthread_create(
            &thread, nil,
            { raw in
                #if canImport(Glibc)
                let pointer = raw!
                #else
                let pointer = raw
                #endif
                Unmanaged<GroupCommitWriter>.fromOpaque(pointer).takeRetainedValue().run()
                return nil
            }, box)
        pthread_detach(thread)
    }

    /// Queues a write; returns its ticket.
    func enqueue(_ write: Write) -> Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        writes.append(write)
        let ticket = nextTicket
        nextTicket += 1
        if writes.count == 1 { pthread_cond_signal(queued) }
        return ticket
    }

    /// Blocks until the write of `ticket` is committed; its error, if it failed.
    func wait(for ticket: Int) -> ExecutionStoreError? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while doneBelow <= ticket { pthread_cond_wait(committed, mutex) }
        return errors.removeValue(forKey: ticket)
    }

    /// Throws the error that broke a commit of writes nobody waited for: the next write learns it.
    func failure() throws(ExecutionStoreError) {
        pthread_mutex_lock(mutex)
        let error = broken
        pthread_mutex_unlock(mutex)
        if let error { throw error }
    }

    private func run() {
        while true {
            pthread_mutex_lock(mutex)
            while writes.isEmpty { pthread_cond_wait(queued, mutex) }
            var batch: [Write] = []
            swap(&batch, &writes)
            let first = nextTicket - batch.count
            pthread_mutex_unlock(mutex)

            var failed: [Int: ExecutionStoreError] = [:]
            var whole: ExecutionStoreError?
            do throws(ExecutionStoreError) {
                try commit(batch, first: first, failed: &failed)
            } catch {
                whole = error
            }

            pthread_mutex_lock(mutex)
            for (i, write) in batch.enumerated() {
                // Only creations are waited for; an error of the others breaks the writer's next use.
                guard case .create = write else { continue }
                if let error = whole ?? failed[first + i] { errors[first + i] = error }
            }
            if let whole, broken == nil { broken = whole }
            doneBelow = first + batch.count
            pthread_cond_broadcast(committed)
            pthread_mutex_unlock(mutex)
            for write in batch {
                if case .barrier(let body?) = write { body() }
            }
        }
    }

    private func commit(_ batch: [Write], first: Int, failed: inout [Int: ExecutionStoreError])
        throws(ExecutionStoreError)
    {
        if statements == nil { statements = try Statements(connection) }
        guard let s = statements else { return }
        var stored = Set<String>()
        try connection.transaction { () throws(ExecutionStoreError) in
            for (i, write) in batch.enumerated() {
                switch write {
                case .create(let r, let definition):
                    // Every statement is stepped to its end: one left on a row would hold a read
                    // snapshot open past the commit, and no checkpoint could pass it.
                    let taken = try s.exists.bind(r.executionArn).step()
                    try s.exists.run()
                    if taken {
                        failed[first + i] = ExecutionStoreError(
                            .executionAlreadyExists, "Execution Already Exists: '\(r.executionArn)'")
                        continue
                    }
                    if stored.insert(r.definitionHash).inserted {
                        try s.definition.bind(r.definitionHash, definition).run()
                    }
                    let insert = s.insert.bind(
                        r.executionArn, r.stateMachineArn, r.stateMachineName, r.name, r.status.rawValue, r.startDate,
                        r.stopDate, JSONPrinter.compact(r.input), r.output.map(JSONPrinter.compact), r.error, r.cause,
                        r.definitionHash, r.redriveCount, r.redriveDate, r.ownerPid)
                    if try insert.step() { ids[r.executionArn] = insert.int(0) }
                    try insert.run()
                case .append(let arn, let chunks):
                    guard let id = try id(arn, s) else { continue }
                    for chunk in chunks { try s.chunk.bind(id, chunk.firstId, chunk.lastId, chunk.buffer).run() }
                case .update(let r):
                    try s.update.bind(
                        r.status.rawValue, r.startDate, r.stopDate, r.output.map(JSONPrinter.compact), r.error,
                        r.cause, r.redriveCount, r.redriveDate, r.ownerPid, r.executionArn
                    ).run()
                    if r.status != .running { ids[r.executionArn] = nil }
                case .barrier:
                    continue
                }
            }
        }
    }

    /// The row id of an execution; nil when it is gone (pruned meanwhile): its events are dropped.
    private func id(_ arn: String, _ s: Statements) throws(ExecutionStoreError) -> Int? {
        if let id = ids[arn] { return id }
        guard try s.id.bind(arn).step() else { return nil }
        let id = s.id.int(0)
        try s.id.run()
        ids[arn] = id
        return id
    }

    /// The writer's statements, prepared once on its connection.
    private struct Statements {
        let exists: SQLiteConnection.Statement
        let definition: SQLiteConnection.Statement
        let insert: SQLiteConnection.Statement
        let id: SQLiteConnection.Statement
        let chunk: SQLiteConnection.Statement
        let update: SQLiteConnection.Statement

        init(_ c: SQLiteConnection) throws(ExecutionStoreError) {
            exists = try c.prepare("SELECT 1 FROM executions WHERE arn = ?")
            definition = try c.prepare("INSERT OR IGNORE INTO definitions (hash, definition) VALUES (?, ?)")
            insert = try c.prepare(
                """
                INSERT INTO executions (arn, state_machine_arn, state_machine_name, name, status, start_date,
                  stop_date, input, output, error, cause, definition_hash, redrive_count, redrive_date, owner_pid)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id
                """)
            id = try c.prepare("SELECT id FROM executions WHERE arn = ?")
            chunk = try c.prepare("INSERT INTO event_chunks (execution_id, first_id, last_id, events) VALUES (?,?,?,?)")
            update = try c.prepare(
                """
                UPDATE executions SET status = ?, start_date = ?, stop_date = ?, output = ?, error = ?, cause = ?,
                  redrive_count = ?, redrive_date = ?, owner_pid = ? WHERE arn = ?
                """)
        }
    }
}
