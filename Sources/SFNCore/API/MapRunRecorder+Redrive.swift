/// What a redrive of a Distributed Map reads back from whoever recorded its Map Run: the run's
/// record (its start and how often it was redriven) and its child executions by item (or batch)
/// index. A child that SUCCEEDED keeps its recorded output and does not run again; one that
/// failed, timed out, was aborted or was left RUNNING by a killed process is redriven (its history
/// goes on after ExecutionRedriven); an item with no child runs for the first time.
///
/// `StoreMapRunRecorder` answers from its store; with a recorder that does not conform, or a store
/// that cannot list a run's children, a redriven Distributed Map runs every item again under a new
/// Map Run.
public protocol MapRunRedriveSource: MapRunRecorder {
    /// The Map Run's record as last saved; nil when there is none.
    func recordedMapRun(_ mapRunArn: String) -> MapRunRecord?
    /// The Map Run's child executions, by index: those whose ARN is `childPrefix` followed by the
    /// index (`arn:...:execution:MACHINE/LABEL:RUN_ID-`); nil when they cannot be read (the Map
    /// then begins a new Map Run, as an unrecorded one would).
    func recordedChildren(childPrefix: String) -> [Int: ExecutionRecord]?
    /// A child execution's recorded events, in id order (empty when none were kept).
    func childHistory(_ executionArn: String) -> [HistoryEvent]
    /// The observer of a recorded child that runs again: its record (RUNNING, RedriveCount up) replaces
    /// the stored one and its new events follow the recorded ones.
    func redrivenChild(_ record: ExecutionRecord) -> (any ExecutionObserver)?
}

/// Where a store keeps what `MapRunRedriveSource` reads (SFNStore's SQLite store implements it).
public protocol MapRunChildStore: Sendable {
    /// The executions whose ARN starts with `prefix` and goes on with digits only, by those digits.
    func executions(indexedAfter prefix: String) throws(ExecutionStoreError) -> [Int: ExecutionRecord]
}
