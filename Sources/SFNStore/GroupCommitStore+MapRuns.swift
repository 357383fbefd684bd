import SFNCore

/// Map Runs go to the base store directly: they are written once when a Distributed Map starts
/// and once when it ends, and their child executions come through the group-commit writer.
extension GroupCommitStore: MapRunStore {
    public func saveMapRun(_ record: MapRunRecord) throws(ExecutionStoreError) {
        try base.saveMapRun(record)
    }

    public func listMapRuns(executionArn: String?) throws(ExecutionStoreError) -> [MapRunRecord] {
        try base.listMapRuns(executionArn: executionArn)
    }

    public func describeMapRun(_ mapRunArn: String) throws(ExecutionStoreError) -> MapRunRecord? {
        try base.describeMapRun(mapRunArn)
    }
}
