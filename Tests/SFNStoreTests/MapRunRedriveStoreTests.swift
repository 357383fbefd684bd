import Foundation
import SFNCore
import SFNJSON
import Synchronization
import Testing

@testable import SFNStore

/// A Distributed Map's Map Run redriven through the library over a real SQLite file: the children
/// that succeeded keep their outputs and do not run, the failed one is redriven from its own history,
/// and the Map Run keeps its ARN and counts the redrive (schema version 5).
@Suite struct MapRunRedriveStoreTests {
    static let definition = """
        {"StartAt": "Each", "States": {"Each": {"Type": "Map", "MaxConcurrency": 2, "Label": "Each", "End": true,
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "arn:aws:states:::my:work", "End": true}}}}}}
        """
    let path: String

    init() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-maprun-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        path = dir.appendingPathComponent("sfn.db").path
    }

    /// Items 0 to 9; the handler logs each item it gets and, while `failing`, fails item 3.
    /// The items the handler was called with.
    final class Calls: Sendable {
        let items = Mutex<[Int]>([])
        func add(_ item: Int) { items.withLock { $0.append(item) } }
        func take() -> [Int] {
            items.withLock { i in
                defer { i = [] }; return i
            }
        }
    }

    func options(failing: Bool, calls: Calls) -> ExecutionOptions {
        var options = ExecutionOptions(stateMachineName: "dm")
        var tasks = TaskDispatcher()
        tasks.allowsShell = false
        tasks.register(resource: "arn:aws:states:::my:work") { (request: TaskRequest) in
            let item = request.input.intValue ?? -1
            calls.add(item)
            if failing && item == 3 { throw StatesError("Flaky", "not yet") }
            return .int(item * 10)
        }
        options.tasks = tasks
        return options
    }

    @Test func aRedrivenMapRunRunsOnlyTheChildThatFailed() async throws {
        let store = try SQLiteExecutionStore(path: path)
        let calls = Calls()
        var options = options(failing: true, calls: calls)
        options.executionName = "dm-1"
        let hash = SQLiteExecutionStore.hash(Self.definition)
        let machineRecord = try store.stateMachine(named: "dm", creatingWith: Self.definition)
        let input: JSONValue = .array((0..<10).map { .int($0) })
        options.observers.append(
            try StoreRecorder(
                store: store,
                record: ExecutionRecord(
                    executionArn: options.executionArn(name: "dm-1"), stateMachineArn: machineRecord.stateMachineArn,
                    stateMachineName: "dm", name: "dm-1", startDate: options.now(), input: input, definitionHash: hash),
                definition: Self.definition))
        options.mapRuns = StoreMapRunRecorder(store: store, definition: Self.definition, definitionHash: hash)
        let machine = try StateMachine(definitionText: Self.definition)
        let failed = await machine.run(input: input, options: options)
        #expect(failed.status == .failed)
        #expect(failed.error == "States.ExceedToleratedFailureThreshold")
        #expect(calls.take().sorted() == Array(0..<10))
        let runs = try store.listMapRuns(executionArn: options.executionArn(name: "dm-1"))
        #expect(runs.map(\.status) == [MapRunRecord.Status.failed])
        let arn = try #require(runs.first?.mapRunArn)

        let redrive = try store.prepareRedrive("dm-1")
        let result = try await redrive.run(options: self.options(failing: false, calls: calls))
        #expect(result.status == .succeeded)
        #expect(result.output == .array((0..<10).map { .int($0 * 10) }))
        #expect(calls.take() == [3], "only the failed child runs again")

        let after = try store.listMapRuns(executionArn: options.executionArn(name: "dm-1"))
        #expect(after.map(\.mapRunArn) == [arn], "one Map Run, its ARN kept")
        let run = try #require(after.first)
        #expect(run.status == MapRunRecord.Status.succeeded)
        #expect(run.redriveCount == 1)
        #expect(run.redriveDate != nil)
        #expect(run.startDate == runs.first?.startDate)
        #expect(run.executionCounts.succeeded == 10 && run.executionCounts.failed == 0)

        let prefix = arn.replacing(":mapRun:", with: ":execution:")
        let children = try store.executions(indexedAfter: prefix + "-")
        #expect(children.keys.sorted() == Array(0..<10))
        #expect(children.values.allSatisfy { $0.status == ExecutionRecord.Status.succeeded })
        #expect(children[3]?.redriveCount == 1)
        #expect(children[4]?.redriveCount == 0)
        let history: [HistoryEventType] = try store.history(prefix + "-3").map(\.type)
        #expect(history.first == HistoryEventType.executionStarted)
        #expect(history.last == HistoryEventType.executionSucceeded)
        #expect(history.filter { $0 == HistoryEventType.executionRedriven }.count == 1)
        #expect(history.contains(HistoryEventType.executionFailed), "the failed attempt stays in the child's history")
    }

    /// Two states per child: `Prep` then `Work`; `Work` fails item 3 while `failing`.
    static func twoStates(_ type: String) -> String {
        """
        {"StartAt": "Each", "States": {"Each": {"Type": "Map", "MaxConcurrency": 2, "End": true,
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "\(type)"},
            "StartAt": "Prep", "States": {
              "Prep": {"Type": "Task", "Resource": "arn:aws:states:::my:prep", "Next": "Work"},
              "Work": {"Type": "Task", "Resource": "arn:aws:states:::my:work", "End": true}}}}}}
        """
    }

    /// Runs `definition` over items 0 to 9, recorded as `name`, with `my:prep` logging 100 + item.
    func recordedRun(_ store: SQLiteExecutionStore, _ definition: String, name: String, calls: Calls) async throws
        -> ExecutionResult
    {
        var options = withPrep(options(failing: true, calls: calls), calls: calls)
        options.executionName = name
        let hash = SQLiteExecutionStore.hash(definition)
        let machineRecord = try store.stateMachine(named: "dm", creatingWith: definition)
        let input: JSONValue = .array((0..<10).map { .int($0) })
        options.observers.append(
            try StoreRecorder(
                store: store,
                record: ExecutionRecord(
                    executionArn: options.executionArn(name: name), stateMachineArn: machineRecord.stateMachineArn,
                    stateMachineName: "dm", name: name, startDate: options.now(), input: input, definitionHash: hash),
                definition: definition))
        options.mapRuns = StoreMapRunRecorder(store: store, definition: definition, definitionHash: hash)
        let machine = try StateMachine(definitionText: definition)
        return await machine.run(input: input, options: options)
    }

    func withPrep(_ options: ExecutionOptions, calls: Calls) -> ExecutionOptions {
        var options = options
        options.tasks.register(resource: "arn:aws:states:::my:prep") { (request: TaskRequest) in
            calls.add(100 + (request.input.intValue ?? -1))
            return request.input
        }
        return options
    }

    @Test(arguments: [("STANDARD", [3]), ("EXPRESS", [103, 3])])
    func aFailedChildIsRedrivenFromItsFailedStateOrRestartedWhenExpress(type: String, expected: [Int]) async throws {
        let store = try SQLiteExecutionStore(path: path)
        let calls = Calls()
        let definition = Self.twoStates(type)
        let failed = try await recordedRun(store, definition, name: "two", calls: calls)
        #expect(failed.status == .failed)
        #expect(calls.take().count == 20)
        let redrive = try store.prepareRedrive("two")
        let result = try await redrive.run(options: withPrep(options(failing: false, calls: calls), calls: calls))
        #expect(result.status == .succeeded)
        #expect(result.output == .array((0..<10).map { .int($0 * 10) }))
        #expect(calls.take() == expected)
    }

    @Test func aVersionFourStoreGainsTheMapRunRedriveColumns() throws {
        let record = MapRunRecord(
            mapRunArn: "arn:aws:states:us-east-1:1:mapRun:m/L:r", executionArn: "arn:e", stateMachineArn: "arn:sm",
            startDate: 1)
        do {
            let store = try SQLiteExecutionStore(path: path)
            try store.saveMapRun(record)
            // Back to what a version 4 sfn wrote: no redrive columns.
            try store.connection.exec(
                """
                ALTER TABLE map_runs DROP COLUMN redrive_count; ALTER TABLE map_runs DROP COLUMN redrive_date;
                PRAGMA user_version = 4
                """)
        }
        let store = try SQLiteExecutionStore(path: path)
        #expect(try store.describeMapRun(record.mapRunArn)?.redriveCount == 0)
        var redriven = record
        redriven.redriveCount = 2
        redriven.redriveDate = 5
        try store.saveMapRun(redriven)
        let read = try #require(try store.describeMapRun(record.mapRunArn))
        #expect(read.redriveCount == 2 && read.redriveDate == 5)
        #expect(read.describeJSON["redriveCount"] == 2)
        let version = try store.connection.prepare("PRAGMA user_version")
        #expect(try version.step())
        #expect(version.int(0) == 5)
    }
}
