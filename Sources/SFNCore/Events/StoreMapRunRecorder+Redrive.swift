/// A redriven Distributed Map reads its Map Run back from the store: the record, the children by
/// index (their status and output, committed as each ended) and the histories of those that run
/// again. A store that cannot answer is reported through `onError`, and the Map then begins a new
/// Map Run, running every item again rather than lose one.
extension StoreMapRunRecorder: MapRunRedriveSource {
    public func recordedMapRun(_ mapRunArn: String) -> MapRunRecord? {
        do throws(ExecutionStoreError) { return try store.describeMapRun(mapRunArn) } catch {
            onError?(error)
            return nil
        }
    }

    public func recordedChildren(childPrefix: String) -> [Int: ExecutionRecord]? {
        guard let children = store as? any MapRunChildStore else { return nil }
        // Whatever this process queued for the store must be there before it is read back.
        committer.flush()
        do throws(ExecutionStoreError) { return try children.executions(indexedAfter: childPrefix) } catch {
            onError?(error)
            return nil
        }
    }

    public func childHistory(_ executionArn: String) -> [HistoryEvent] {
        do throws(ExecutionStoreError) { return try store.history(executionArn) } catch {
            onError?(error)
            return []
        }
    }

    public func redrivenChild(_ record: ExecutionRecord) -> (any ExecutionObserver)? {
        var record = record
        record.definitionHash = definitionHash
        return GroupRecorder(
            committer: committer, record: record, definition: definition, redriven: true, commitsEnd: true)
    }
}
