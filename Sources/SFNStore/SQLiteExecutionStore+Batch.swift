import SFNCore
import SFNJSON

/// Many executions' writes in one transaction with statements prepared once: a short execution
/// costs a few rows, not a commit of its own (`sfn run --input-lines`, Distributed Map children).
extension SQLiteExecutionStore {
    public func write(_ writes: [ExecutionWrite]) throws(ExecutionStoreError) -> [String: ExecutionStoreError] {
        guard !writes.isEmpty else { return [:] }
        // Events are encoded outside the lock, one chunk (or more) per execution and batch.
        var chunks: [String: [EventChunk]] = [:]
        for write in writes {
            guard case .event(let arn, let event) = write else { continue }
            var list = chunks[arn] ?? [EventChunk(capacity: 512)]
            if list[list.count - 1].count == Self.chunkLimit { list.append(EventChunk(capacity: 512)) }
            list[list.count - 1].append(event)
            chunks[arn] = list
        }
        // An execution created and closed within the batch (most short ones) is inserted as it
        // ended: one row written, no update.
        var created: Set<String> = []
        var closing: [String: ExecutionRecord] = [:]
        for write in writes {
            switch write {
            case .create(let record, _): created.insert(record.executionArn)
            case .update(let record) where created.contains(record.executionArn): closing[record.executionArn] = record
            default: break
            }
        }
        return try lock.withLock { _ throws(ExecutionStoreError) in
            var failed: [String: ExecutionStoreError] = [:]
            try connection.transaction { () throws(ExecutionStoreError) in
                let create = try connection.prepare(
                    """
                    INSERT OR IGNORE INTO executions (arn, state_machine_arn, state_machine_name, name, status,
                      start_date, stop_date, input, output, error, cause, definition_hash, redrive_count, redrive_date,
                      owner_pid)
                    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                    """)
                let update = try connection.prepare(
                    """
                    UPDATE executions SET status = ?, start_date = ?, stop_date = ?, output = ?, error = ?, cause = ?,
                      redrive_count = ?, redrive_date = ?, owner_pid = ? WHERE arn = ?
                    """)
                let insertChunk = try connection.prepare(
                    "INSERT INTO event_chunks (execution_id, first_id, last_id, events) VALUES (?,?,?,?)")
                let insertDefinition = try connection.prepare(
                    "INSERT OR IGNORE INTO definitions (hash, definition) VALUES (?, ?)")
                var definitions: Set<String> = []
                for write in writes {
                    let arn = write.executionArn
                    if failed[arn] != nil { continue }
                    switch write {
                    case .create(let first, let definition):
                        var record = first
                        if let last = closing[arn] {
                            record.status = last.status
                            record.startDate = last.startDate
                            record.stopDate = last.stopDate
                            record.output = last.output
                            record.error = last.error
                            record.cause = last.cause
                            record.ownerPid = last.ownerPid
                        }
                        if definitions.insert(record.definitionHash).inserted {
                            try insertDefinition.bind(record.definitionHash, definition).run()
                        }
                        try create.bind(
                            record.executionArn, record.stateMachineArn, record.stateMachineName, record.name,
                            record.status.rawValue, record.startDate, record.stopDate,
                            JSONPrinter.compact(record.input),
                            record.output.map(JSONPrinter.compact), record.error, record.cause, record.definitionHash,
                            record.redriveCount, record.redriveDate, record.ownerPid
                        ).run()
                        if connection.changes != 1 {
                            failed[arn] = ExecutionStoreError(
                                .executionAlreadyExists, "Execution Already Exists: '\(record.executionArn)'")
                        } else {
                            executionIds[arn] = connection.lastInsertRowId
                        }
                    case .event:
                        // Inserted below, once per execution and batch.
                        continue
                    case .update(let record):
                        if closing[arn] != nil { continue }
                        try update.bind(
                            record.status.rawValue, record.startDate, record.stopDate,
                            record.output.map(JSONPrinter.compact), record.error, record.cause, record.redriveCount,
                            record.redriveDate, record.ownerPid, record.executionArn
                        ).run()
                        if connection.changes != 1 {
                            failed[arn] = ExecutionStoreError(
                                .executionDoesNotExist, "Execution Does Not Exist: '\(record.executionArn)'")
                        }
                    }
                }
                for (arn, list) in chunks where failed[arn] == nil {
                    let id: Int
                    do throws(ExecutionStoreError) { id = try executionId(arn) } catch {
                        failed[arn] = error
                        continue
                    }
                    for chunk in list { try insertChunk.bind(id, chunk.firstId, chunk.lastId, chunk.buffer).run() }
                }
            }
            return failed
        }
    }
}

extension SQLiteExecutionStore {
    /// Which of `arns` name executions already in the store (one query for them all).
    public func existingExecutions(_ arns: [String]) throws(ExecutionStoreError) -> Set<String> {
        guard !arns.isEmpty else { return [] }
        let list = JSONPrinter.compact(.array(arns.map(JSONValue.string)))
        return try lock.withLock { _ throws(ExecutionStoreError) in
            let stmt = try connection.prepare(
                "SELECT arn FROM executions WHERE arn IN (SELECT value FROM json_each(?))"
            ).bind(list)
            var found: Set<String> = []
            while try stmt.step() { if let arn = stmt.string(0) { found.insert(arn) } }
            return found
        }
    }
}
