import SFNJSON

/// RedriveExecution over a store: what `sfn redrive` does, for an embedding program too.
///
/// ```swift
/// let redrive = try store.prepareRedrive("my-execution")
/// let result = await redrive.run(options: options)   // the store gets the new events
/// ```
extension ExecutionStore {
    /// Reads an execution (by name, name prefix or ARN) and the definition it ran, and checks
    /// that it can be redriven: FAILED, TIMED_OUT or ABORTED, or RUNNING with its process gone
    /// (killed). Throws RedriveExecution's errors: ExecutionDoesNotExist, ExecutionNotRedrivable
    /// (with AWS's reason), and the store's own problems.
    public func prepareRedrive(_ nameOrArn: String) throws(RedriveError) -> StoredRedrive {
        let record = try Self.storeCall { () throws(ExecutionStoreError) in try resolveExecution(nameOrArn) }
        switch record.status {
        case .succeeded:
            throw RedriveError(message: "Execution is SUCCEEDED and cannot be redriven.")
        case .running where record.ownerIsAlive, .pendingRedrive:
            throw RedriveError(message: "Execution is RUNNING and cannot be redriven.")
        default:
            break
        }
        // A Map Run's child runs under MACHINE/LABEL ('/' is refused in names): its definition is the
        // parent's, and AWS redrives it only through its parent.
        if record.stateMachineName.contains("/") {
            throw RedriveError(
                message: "Execution \(record.name) is a child execution of a Map Run and cannot be redriven on its "
                    + "own: redrive its parent execution, which redrives the Map Run.")
        }
        let stored = try Self.storeCall { () throws(ExecutionStoreError) in try definition(hash: record.definitionHash)
        }
        guard let text = stored else {
            throw RedriveError(
                code: "StoreError",
                message: "The store holds no definition with hash \(record.definitionHash) for \(record.name)")
        }
        let machine: StateMachine
        do { machine = try StateMachine.load(text).machine } catch {
            throw RedriveError(
                code: "InvalidDefinition",
                message: "The definition execution \(record.name) ran no longer loads: \(error)")
        }
        let events = try Self.storeCall { () throws(ExecutionStoreError) in try history(record.executionArn) }
        let recorded = RecordedExecution(input: record.input, events: events, name: record.name)
        if let reason = recorded.notRedrivableReason { throw RedriveError(message: reason) }
        return StoredRedrive(store: self, record: record, definition: text, machine: machine, recorded: recorded)
    }

    /// A store call whose error becomes RedriveExecution's (ExecutionDoesNotExist, or the store's).
    private static func storeCall<T>(_ body: () throws(ExecutionStoreError) -> T) throws(RedriveError) -> T {
        do throws(ExecutionStoreError) { return try body() } catch {
            let code = error.kind == .executionDoesNotExist ? "ExecutionDoesNotExist" : "StoreError"
            throw RedriveError(code: code, message: error.message)
        }
    }
}

/// A stored execution ready to be redriven (`ExecutionStore.prepareRedrive`).
public struct StoredRedrive: Sendable {
    public let store: any ExecutionStore
    /// The execution as stored before the redrive.
    public let record: ExecutionRecord
    /// The definition text it ran, and that text loaded.
    public let definition: String
    public let machine: StateMachine
    public let recorded: RecordedExecution

    /// The options an execution of this record runs with: its state machine's and execution's
    /// names, partition, region and account, taken from its ARN.
    public func options(_ base: ExecutionOptions = ExecutionOptions()) -> ExecutionOptions {
        var options = base
        options.stateMachineName = record.stateMachineName
        options.executionName = record.name
        // arn:PARTITION:states:REGION:ACCOUNT:execution:MACHINE:NAME
        let parts = record.executionArn.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count >= 8 {
            options.partition = String(parts[1])
            options.region = String(parts[3])
            options.accountId = String(parts[4])
        }
        return options
    }

    /// The record as the redrive begins: RUNNING again, RedriveCount up, `redriveDate` now, the
    /// last attempt's outcome cleared.
    public func redrivenRecord(at millis: Double) -> ExecutionRecord {
        var r = record
        r.status = .running
        r.redriveCount = recorded.redriveCount + 1
        r.redriveDate = millis
        r.stopDate = nil
        r.output = nil
        r.error = nil
        r.cause = nil
        return r
    }

    /// A recorder that writes the redrive into the stored execution: the record updated (not
    /// created), the new events appended after the recorded ones.
    public func recorder(
        at millis: Double,
        onStopRequest: (@Sendable (StopRequest) -> Void)? = nil,
        onError: (@Sendable (ExecutionStoreError) -> Void)? = nil
    ) throws(ExecutionStoreError) -> StoreRecorder {
        try StoreRecorder(
            store: ContinuingStore(base: store), record: redrivenRecord(at: millis), definition: definition,
            onStopRequest: onStopRequest, onError: onError)
    }

    /// The recorder of the execution's Map Runs, when the store keeps them: a Distributed Map the
    /// redrive restarts reads its Map Run back through it and redrives that run.
    public func mapRunRecorder(onError: (@Sendable (ExecutionStoreError) -> Void)? = nil) -> StoreMapRunRecorder? {
        guard let runs = store as? any ExecutionStore & MapRunStore else { return nil }
        return StoreMapRunRecorder(
            store: runs, definition: definition, definitionHash: record.definitionHash, onError: onError)
    }

    /// Runs the redrive to its end, recording it in the store. A store that fails to record
    /// is reported through `onError`; the redrive goes on.
    public func run(
        options: ExecutionOptions = ExecutionOptions(),
        onError: (@Sendable (ExecutionStoreError) -> Void)? = nil
    ) async throws(RedriveError) -> ExecutionResult {
        var options = self.options(options)
        do throws(ExecutionStoreError) {
            options.observers.append(try recorder(at: options.now(), onError: onError))
        } catch {
            onError?(error)
        }
        if options.mapRuns == nil { options.mapRuns = mapRunRecorder(onError: onError) }
        return try await machine.redrive(recorded, options: options)
    }
}

/// The store as a redrive's `StoreRecorder` sees it: the execution exists already, so creating
/// it updates its record instead.
struct ContinuingStore: ExecutionStore {
    let base: any ExecutionStore

    func createExecution(_ record: ExecutionRecord, definition: String) throws(ExecutionStoreError) {
        try base.update(record)
    }

    func stateMachine(named name: String, creatingWith definition: String) throws(ExecutionStoreError)
        -> StateMachineRecord
    { try base.stateMachine(named: name, creatingWith: definition) }
    func definition(hash: String) throws(ExecutionStoreError) -> String? { try base.definition(hash: hash) }
    func append(_ events: [HistoryEvent], to executionArn: String) throws(ExecutionStoreError) {
        try base.append(events, to: executionArn)
    }
    func update(_ record: ExecutionRecord) throws(ExecutionStoreError) { try base.update(record) }
    func listExecutions(_ filter: ExecutionFilter) throws(ExecutionStoreError) -> [ExecutionRecord] {
        try base.listExecutions(filter)
    }
    func describeExecution(_ executionArn: String) throws(ExecutionStoreError) -> ExecutionRecord? {
        try base.describeExecution(executionArn)
    }
    func resolveExecution(_ prefix: String) throws(ExecutionStoreError) -> ExecutionRecord {
        try base.resolveExecution(prefix)
    }
    func history(_ executionArn: String, afterId: Int) throws(ExecutionStoreError) -> [HistoryEvent] {
        try base.history(executionArn, afterId: afterId)
    }
    func requestStop(_ executionArn: String, error: String?, cause: String?) throws(ExecutionStoreError) {
        try base.requestStop(executionArn, error: error, cause: cause)
    }
    func stopRequest(_ executionArn: String) throws(ExecutionStoreError) -> StopRequest? {
        try base.stopRequest(executionArn)
    }
    func prune(stoppedBefore date: Double, status: ExecutionRecord.Status?) throws(ExecutionStoreError) -> Int {
        try base.prune(stoppedBefore: date, status: status)
    }
}
