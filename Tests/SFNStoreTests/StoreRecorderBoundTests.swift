import Dispatch
import Foundation
import SFNCore
import SFNJSON
import SFNStore
import Synchronization
import Testing

/// A StoreRecorder whose store is slower than the run does not queue the run in memory: past its
/// limit, the run waits for the writer, and every event still reaches the store in order.
@Suite struct StoreRecorderBoundTests {
    /// A SQLite store whose `append` waits until `gate` opens.
    final class HeldStore: ExecutionStore {
        let base: SQLiteExecutionStore
        let gate = DispatchSemaphore(value: 0)
        let open = Atomic<Bool>(false)

        init(_ base: SQLiteExecutionStore) { self.base = base }

        func append(_ events: [HistoryEvent], to executionArn: String) throws(ExecutionStoreError) {
            if !open.load(ordering: .acquiring) {
                gate.wait()
                gate.signal()
            }
            try base.append(events, to: executionArn)
        }

        func stateMachine(named name: String, creatingWith definition: String) throws(ExecutionStoreError)
            -> StateMachineRecord
        { try base.stateMachine(named: name, creatingWith: definition) }
        func definition(hash: String) throws(ExecutionStoreError) -> String? { try base.definition(hash: hash) }
        func createExecution(_ record: ExecutionRecord, definition: String) throws(ExecutionStoreError) {
            try base.createExecution(record, definition: definition)
        }
        func update(_ record: ExecutionRecord) throws(ExecutionStoreError) { try base.update(record) }
        func listExecutions(_ filter: ExecutionFilter) throws(ExecutionStoreError) -> [ExecutionRecord] {
            try base.listExecutions(filter)
        }
        func describeExecution(_ arn: String) throws(ExecutionStoreError) -> ExecutionRecord? {
            try base.describeExecution(arn)
        }
        func resolveExecution(_ prefix: String) throws(ExecutionStoreError) -> ExecutionRecord {
            try base.resolveExecution(prefix)
        }
        func history(_ arn: String, afterId: Int) throws(ExecutionStoreError) -> [HistoryEvent] {
            try base.history(arn, afterId: afterId)
        }
        func requestStop(_ arn: String, error: String?, cause: String?) throws(ExecutionStoreError) {
            try base.requestStop(arn, error: error, cause: cause)
        }
        func stopRequest(_ arn: String) throws(ExecutionStoreError) -> StopRequest? { try base.stopRequest(arn) }
        func prune(stoppedBefore date: Double, status: ExecutionRecord.Status?) throws(ExecutionStoreError) -> Int {
            try base.prune(stoppedBefore: date, status: status)
        }
        func queryExecutions(_ query: ExecutionQuery) throws(ExecutionStoreError) -> ExecutionPage {
            try base.queryExecutions(query)
        }
        func stateMachineSummaries() throws(ExecutionStoreError) -> [StateMachineSummary] {
            try base.stateMachineSummaries()
        }
    }

    @Test func theRunWaitsForASlowWriterAndNothingIsLost() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-bound-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = HeldStore(try SQLiteExecutionStore(path: dir.appendingPathComponent("sfn.db").path))
        let definition = #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#
        let sm = try store.stateMachine(named: "held", creatingWith: definition)
        let arn = "arn:aws:states:us-east-1:123456789012:execution:held:one"
        let record = ExecutionRecord(
            executionArn: arn, stateMachineArn: sm.stateMachineArn, stateMachineName: "held", name: "one",
            startDate: 1_765_000_000_000, input: [:], definitionHash: SQLiteExecutionStore.hash(definition))
        let recorder = try StoreRecorder(store: store, record: record, definition: definition, flushInterval: 0.01)
        let total = 200_000
        let taken = Atomic<Int>(0)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            for id in 1...total {
                let type: HistoryEventType = id % 2 == 1 ? .passStateEntered : .passStateExited
                let details: HistoryEventDetails =
                    id % 2 == 1
                    ? .stateEntered(name: "P", input: ["i": .int(id)])
                    : .stateExited(name: "P", output: ["i": .int(id)], assignedVariables: nil)
                recorder.receive(
                    HistoryEvent(
                        id: id, previousEventId: id - 1, timestamp: 1_765_000_000_000, type: type, details: details))
                taken.add(1, ordering: .relaxed)
            }
            done.signal()
        }
        // With the writer held, the run stops short of the end; every event is queued within a
        // second when nothing holds it.
        var waited = 0
        while taken.load(ordering: .relaxed) < 1000 || waited < 50 {
            Thread.sleep(forTimeInterval: 0.02)
            waited += 1
        }
        let stalled = taken.load(ordering: .relaxed)
        #expect(stalled < total / 2)
        store.open.store(true, ordering: .releasing)
        store.gate.signal()
        done.wait()
        recorder.flush()
        let stored = try store.history(arn)
        #expect(stored.count == total)
        #expect(stored.map(\.id) == Array(1...total))
        #expect(stored.last?.details == .stateExited(name: "P", output: ["i": .int(total)], assignedVariables: nil))
    }
}
