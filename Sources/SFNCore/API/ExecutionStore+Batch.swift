/// Many executions' writes in one go: what `GroupRecorder` hands the store, so that thousands of
/// short executions (`sfn run --input-lines`, a Distributed Map's child executions) share a
/// transaction instead of paying one each.
public enum ExecutionWrite: Sendable {
    /// A new execution (as `createExecution`).
    case create(ExecutionRecord, definition: String)
    /// One event of an execution's history (as `append`), in id order per execution.
    case event(executionArn: String, HistoryEvent)
    /// The execution's record replaced (as `update`).
    case update(ExecutionRecord)

    public var executionArn: String {
        switch self {
        case .create(let r, _): return r.executionArn
        case .event(let arn, _): return arn
        case .update(let r): return r.executionArn
        }
    }
}

extension ExecutionStore {
    /// Applies the writes in order, one call each; a store that can group them (SQLite: one
    /// transaction) implements `write` itself. An execution whose write fails is reported in the
    /// result and its later writes are skipped; the others go on.
    public func writeEach(_ writes: [ExecutionWrite]) throws(ExecutionStoreError) -> [String: ExecutionStoreError] {
        var failed: [String: ExecutionStoreError] = [:]
        var events: [String: [HistoryEvent]] = [:]
        var order: [String] = []
        func drain(_ arn: String) {
            guard let pending = events.removeValue(forKey: arn), failed[arn] == nil else { return }
            do throws(ExecutionStoreError) { try append(pending, to: arn) } catch { failed[arn] = error }
        }
        for write in writes {
            let arn = write.executionArn
            if failed[arn] != nil { continue }
            switch write {
            case .create(let record, let definition):
                do throws(ExecutionStoreError) { try createExecution(record, definition: definition) } catch {
                    failed[arn] = error
                }
            case .event(_, let event):
                if events[arn] == nil { order.append(arn) }
                events[arn, default: []].append(event)
            case .update(let record):
                drain(arn)
                do throws(ExecutionStoreError) { try update(record) } catch { failed[arn] = error }
            }
        }
        for arn in order { drain(arn) }
        return failed
    }
}
