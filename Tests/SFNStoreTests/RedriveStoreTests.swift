import Foundation
import SFNCore
import SFNJSON
import SFNStore
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Redrive through the library over a real SQLite store: `prepareRedrive` reads what a run
/// recorded, `StoredRedrive.run` continues the same stored execution.
struct RedriveStoreTests {
    static let definition =
        #"{"StartAt":"Prep","States":{"Prep":{"Type":"Pass","Result":1,"ResultPath":"$.prep","#
        + #""Assign":{"v":"kept"},"Next":"Work"},"Work":{"Type":"Task","Resource":"arn:aws:states:::my:work","#
        + #""ResultPath":"$.work","Next":"Last"},"Last":{"Type":"Pass","Parameters":{"v.$":"$v","#
        + #""work.$":"$.work","count.$":"$$.Execution.RedriveCount"},"End":true}}}"#

    func temporaryStore() throws -> (SQLiteExecutionStore, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("sfn.db").path
        return (try SQLiteExecutionStore(path: path), dir.path)
    }

    func options(failing: Bool) -> ExecutionOptions {
        var options = ExecutionOptions(stateMachineName: "flow")
        var tasks = TaskDispatcher()
        tasks.allowsShell = false
        tasks.register(resource: "arn:aws:states:::my:work") { _ in
            if failing { throw StatesError("Flaky", "not yet") }
            return "done"
        }
        options.tasks = tasks
        return options
    }

    /// Runs the definition once, recorded under `name`, as `sfn run` records it.
    func recordedRun(_ store: SQLiteExecutionStore, name: String) async throws -> ExecutionResult {
        var options = options(failing: true)
        options.executionName = name
        let stored = try store.stateMachine(named: "flow", creatingWith: Self.definition)
        let record = ExecutionRecord(
            executionArn: options.executionArn(name: name), stateMachineArn: stored.stateMachineArn,
            stateMachineName: "flow", name: name, startDate: options.now(), input: ["in": true],
            definitionHash: SQLiteExecutionStore.hash(Self.definition))
        options.observers.append(
            try StoreRecorder(store: store, record: record, definition: Self.definition))
        let machine = try StateMachine(definitionText: Self.definition)
        return await machine.run(input: ["in": true], options: options)
    }

    @Test func redriveContinuesTheStoredExecution() async throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let failed = try await recordedRun(store, name: "run-1")
        #expect(failed.status == .failed)
        let before = try store.history(store.resolveExecution("run-1").executionArn)
        #expect(before.last?.type == .executionFailed)

        let redrive = try store.prepareRedrive("run")
        #expect(redrive.record.status == .failed)
        let result = try await redrive.run(options: options(failing: false))
        #expect(result.status == .succeeded)
        #expect(result.output == ["v": "kept", "work": "done", "count": 1])

        let record = try store.resolveExecution("run-1")
        #expect(record.status == .succeeded)
        #expect(record.redriveCount == 1)
        #expect(record.redriveDate != nil)
        #expect(record.output == result.output)
        #expect(record.error == nil)
        let history = try store.history(record.executionArn)
        #expect(history.map(\.id) == Array(1...history.count), "one history, numbered on")
        #expect(Array(history.prefix(before.count)) == before)
        #expect(history[before.count].type == .executionRedriven)
        #expect(history[before.count].details == .executionRedriven(redriveCount: 1))
        #expect(history.last?.type == .executionSucceeded)

        do {
            _ = try store.prepareRedrive("run-1")
            Issue.record("a SUCCEEDED execution was prepared for redrive")
        } catch {
            #expect(error.code == "ExecutionNotRedrivable")
            #expect(error.message == "Execution is SUCCEEDED and cannot be redriven.")
        }
    }

    @Test func runningExecutionWithItsProcessAliveIsRefused() async throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let machine = try store.stateMachine(named: "flow", creatingWith: Self.definition)
        let options = ExecutionOptions(stateMachineName: "flow")
        // A recorder owns the execution for this (living) process and leaves it RUNNING.
        let recorder = try StoreRecorder(
            store: store,
            record: ExecutionRecord(
                executionArn: options.executionArn(name: "live"), stateMachineArn: machine.stateMachineArn,
                stateMachineName: "flow", name: "live", startDate: options.now(), input: [:],
                definitionHash: SQLiteExecutionStore.hash(Self.definition)),
            definition: Self.definition)
        recorder.receive(
            HistoryEvent(
                id: 1, previousEventId: 0, timestamp: options.now(), type: .executionStarted,
                details: .executionStarted(input: [:], roleArn: "role")))
        recorder.flush()
        do {
            _ = try store.prepareRedrive("live")
            Issue.record("a RUNNING execution was prepared for redrive")
        } catch {
            #expect(error.message == "Execution is RUNNING and cannot be redriven.")
        }
        let missing = #expect(throws: RedriveError.self) { try store.prepareRedrive("absent") }
        #expect(missing?.code == "ExecutionDoesNotExist")
    }
}
