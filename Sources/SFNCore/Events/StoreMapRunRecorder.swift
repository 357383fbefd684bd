/// Records Distributed Map runs in a store: the Map Run's record (`MapRunStore`) and each child
/// execution as an execution of its own, with its history, through one `GroupCommitter`: a
/// million rows in batches of a hundred are ten thousand child executions, committed a few
/// thousand to a transaction.
public final class StoreMapRunRecorder: MapRunRecorder {
    public let store: any ExecutionStore & MapRunStore
    public let committer: GroupCommitter
    let definition: String
    let definitionHash: String
    let onError: (@Sendable (ExecutionStoreError) -> Void)?

    /// `definition` is the parent's (the children run its item processor); `definitionHash` the
    /// hash it is stored under.
    public init(
        store: any ExecutionStore & MapRunStore, definition: String, definitionHash: String,
        onError: (@Sendable (ExecutionStoreError) -> Void)? = nil
    ) {
        self.store = store
        self.definition = definition
        self.definitionHash = definitionHash
        self.onError = onError
        committer = GroupCommitter(store: store) { _, error in onError?(error) }
    }

    public func mapRun(_ record: MapRunRecord) {
        do throws(ExecutionStoreError) { try store.saveMapRun(record) } catch { onError?(error) }
    }

    public func childExecution(_ record: ExecutionRecord) -> (any ExecutionObserver)? {
        var record = record
        record.definitionHash = definitionHash
        return GroupRecorder(committer: committer, record: record, definition: definition, commitsEnd: true)
    }

    public func flush() { committer.flush() }
}
