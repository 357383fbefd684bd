import Foundation
import SFNCore
import SFNJSON
import SFNStore
import Testing

/// `GroupCommitStore`, the server's store: many executions recorded at once through its one
/// writer, on a real database file, read back through a plain `SQLiteExecutionStore`.
@Suite struct GroupCommitStoreTests {
    let path: String

    init() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-group-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        path = dir.appendingPathComponent("sfn.db").path
    }

    static let definition = """
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": {"n": 1}, "Next": "B"},
          "B": {"Type": "Pass", "End": true}}}
        """

    func run(_ store: GroupCommitStore, name: String) async throws -> ExecutionResult {
        let machine = try StateMachine(definitionText: Self.definition)
        var options = ExecutionOptions()
        options.stateMachineName = "group"
        options.executionName = name
        options.recordHistory = true
        let record = ExecutionRecord(
            executionArn: options.executionArn(name: name), stateMachineArn: options.stateMachineArn,
            stateMachineName: "group", name: name, startDate: options.now(), input: ["i": .string(name)],
            definitionHash: SQLiteExecutionStore.hash(Self.definition))
        let recorder = try StoreRecorder(store: store, record: record, definition: Self.definition)
        options.observers.append(recorder)
        return await machine.run(input: ["i": .string(name)], options: options)
    }

    @Test func concurrentExecutionsAreAllRecordedWithTheirEvents() async throws {
        let store = try GroupCommitStore(try SQLiteExecutionStore(path: path))
        let results = try await withThrowingTaskGroup(of: (String, ExecutionResult).self) { group in
            for i in 0..<200 {
                group.addTask { ("e\(i)", try await run(store, name: "e\(i)")) }
            }
            var all: [String: ExecutionResult] = [:]
            for try await (name, result) in group { all[name] = result }
            return all
        }
        store.sync()
        // Another connection, as `sfn executions` would open it.
        let reader = try SQLiteExecutionStore(path: path)
        let listed = try reader.listExecutions(ExecutionFilter(stateMachineName: "group"))
        #expect(listed.count == 200)
        #expect(listed.allSatisfy { $0.status == .succeeded && $0.output == ["n": 1] && $0.ownerPid == 0 })
        for (name, result) in results {
            let arn = "arn:aws:states:us-east-1:123456789012:execution:group:\(name)"
            #expect(try reader.history(arn) == result.history)
        }
    }

    @Test func aTakenNameIsRefusedAndTheFirstRecordStays() async throws {
        let store = try GroupCommitStore(try SQLiteExecutionStore(path: path))
        _ = try await run(store, name: "once")
        var caught: ExecutionStoreError?
        do { _ = try await run(store, name: "once") } catch let error as ExecutionStoreError { caught = error }
        #expect(caught?.kind == .executionAlreadyExists)
        store.sync()
        let arn = "arn:aws:states:us-east-1:123456789012:execution:group:once"
        #expect(try store.history(arn).count == 6)
        // A creation waits for its commit: another connection sees it as soon as it returns.
        let record = ExecutionRecord(
            executionArn: "arn:aws:states:us-east-1:123456789012:execution:group:seen", stateMachineArn: "m",
            stateMachineName: "group", name: "seen", startDate: 1, input: [:], definitionHash: "h")
        try store.createExecution(record, definition: "{}")
        #expect(try SQLiteExecutionStore(path: path).describeExecution(record.executionArn)?.status == .running)
    }
}
