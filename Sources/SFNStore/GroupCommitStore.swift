import SFNCore
import SFNJSON
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An `SQLiteExecutionStore` for a process that runs many executions at once (`sfn serve`): the
/// executions' writes go to one writer thread, which commits whatever has queued up in one
/// transaction, on a connection of its own with its statements prepared once. A commit costs the
/// same few pages whether it holds one execution or fifty, so under load the store's cost per
/// execution falls with the number in flight, where one transaction per write made it the limit.
///
/// `createExecution` waits for its commit (StartExecution's answer means the execution exists, and
/// a taken name is refused); `append` and `update` only queue, and are committed within
/// milliseconds, in the order they were made. Reads go to the base store's connection and see what
/// is committed. `sync` waits until everything queued so far is committed.
public final class GroupCommitStore: ExecutionStore, TaskTokenStore, APIResourceStore, @unchecked Sendable {
    public let base: SQLiteExecutionStore
    let writer: GroupCommitWriter

    /// Opens a writer connection on `base`'s file and starts its thread.
    public init(_ base: SQLiteExecutionStore) throws(ExecutionStoreError) {
        self.base = base
        writer = try GroupCommitWriter(path: base.path)
        writer.start()
    }

    /// Waits until every write queued before this call is committed.
    public func sync() { _ = writer.wait(for: writer.enqueue(.barrier(nil))) }

    /// Runs `body` on the writer thread once every write queued before this call is committed.
    public func afterCommit(_ body: @escaping @Sendable () -> Void) { _ = writer.enqueue(.barrier(body)) }

    // MARK: Writes, through the writer

    public func createExecution(_ record: ExecutionRecord, definition: String) throws(ExecutionStoreError) {
        let ticket = writer.enqueue(.create(record, definition: definition))
        if let error = writer.wait(for: ticket) { throw error }
    }

    public func append(_ events: [HistoryEvent], to executionArn: String) throws(ExecutionStoreError) {
        guard !events.isEmpty else { return }
        // Encoded on the caller's thread: the writer thread only binds and steps.
        let chunks = EventChunk.encode(events, limit: SQLiteExecutionStore.chunkLimit)
        try writer.failure()
        _ = writer.enqueue(.append(executionArn, chunks))
    }

    public func update(_ record: ExecutionRecord) throws(ExecutionStoreError) {
        try writer.failure()
        _ = writer.enqueue(.update(record))
    }

    // MARK: Everything else, on the base store

    public func stateMachine(named name: String, creatingWith definition: String) throws(ExecutionStoreError)
        -> StateMachineRecord
    { try base.stateMachine(named: name, creatingWith: definition) }

    public func definition(hash: String) throws(ExecutionStoreError) -> String? { try base.definition(hash: hash) }

    public func listExecutions(_ filter: ExecutionFilter) throws(ExecutionStoreError) -> [ExecutionRecord] {
        try base.listExecutions(filter)
    }

    public func describeExecution(_ executionArn: String) throws(ExecutionStoreError) -> ExecutionRecord? {
        try base.describeExecution(executionArn)
    }

    /// After the queued writes: a redrive reads the execution's end and whole history through it.
    public func resolveExecution(_ prefix: String) throws(ExecutionStoreError) -> ExecutionRecord {
        sync()
        return try base.resolveExecution(prefix)
    }

    public func history(_ executionArn: String, afterId: Int) throws(ExecutionStoreError) -> [HistoryEvent] {
        try base.history(executionArn, afterId: afterId)
    }

    public func requestStop(_ executionArn: String, error: String?, cause: String?) throws(ExecutionStoreError) {
        try base.requestStop(executionArn, error: error, cause: cause)
    }

    public func stopRequest(_ executionArn: String) throws(ExecutionStoreError) -> StopRequest? {
        try base.stopRequest(executionArn)
    }

    public func prune(stoppedBefore date: Double, status: ExecutionRecord.Status?) throws(ExecutionStoreError) -> Int {
        sync()
        return try base.prune(stoppedBefore: date, status: status)
    }

    public func createTaskToken(_ record: TaskTokenRecord) throws(ExecutionStoreError) {
        try base.createTaskToken(record)
    }

    public func answerTaskToken(_ token: String, _ answer: TaskTokenAnswer, date: Double) throws(ExecutionStoreError) {
        try base.answerTaskToken(token, answer, date: date)
    }

    public func taskToken(_ token: String) throws(ExecutionStoreError) -> TaskTokenRecord? {
        try base.taskToken(token)
    }

    public func claimActivityTask(_ activity: String) throws(ExecutionStoreError) -> TaskTokenRecord? {
        try base.claimActivityTask(activity)
    }

    public func closeTaskToken(_ token: String) throws(ExecutionStoreError) { try base.closeTaskToken(token) }

    public func apiResources() throws(ExecutionStoreError) -> [APIResource] { try base.apiResources() }

    public func saveAPIResource(_ resource: APIResource) throws(ExecutionStoreError) {
        try base.saveAPIResource(resource)
    }

    public func deleteAPIResources(_ arns: [String]) throws(ExecutionStoreError) {
        try base.deleteAPIResources(arns)
    }
}
