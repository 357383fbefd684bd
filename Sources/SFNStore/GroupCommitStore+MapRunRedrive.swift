import SFNCore

/// A redrive through the server reads a Map Run's children from the base store: the execution
/// being redriven has ended, so nothing of it waits in the group-commit queue.
extension GroupCommitStore: MapRunChildStore {
    public func executions(indexedAfter prefix: String) throws(ExecutionStoreError) -> [Int: ExecutionRecord] {
        try base.executions(indexedAfter: prefix)
    }
}
