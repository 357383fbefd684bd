import Foundation
import SFNCore
import SFNJSON
import SFNStore
import Synchronization
import Testing

/// The SQLite store through its public API, on real database files in a temporary folder.
@Suite struct SQLiteStoreTests {
    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    var path: String { dir.appendingPathComponent("nested/sfn.db").path }

    static let definition = """
        {"StartAt": "Init", "States": {
          "Init": {"Type": "Pass", "Parameters": {"i": 0}, "Assign": {"seen": 1}, "Next": "Check"},
          "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThan": 3, "Next": "Step"}],
                    "Default": "Done"},
          "Step": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "Check"},
          "Done": {"Type": "Succeed"}}}
        """

    /// Runs the definition with a StoreRecorder and a HistoryRecorder side by side.
    func record(_ store: SQLiteExecutionStore, name: String, definition: String = Self.definition) async throws
        -> (ExecutionResult, [HistoryEvent])
    {
        let machine = try StateMachine(definitionText: definition)
        var options = ExecutionOptions()
        options.stateMachineName = "loop"
        options.executionName = name
        options.recordHistory = true
        let sm = try store.stateMachine(named: "loop", creatingWith: definition)
        let record = ExecutionRecord(
            executionArn: options.executionArn(name: name), stateMachineArn: sm.stateMachineArn,
            stateMachineName: "loop", name: name, startDate: options.now(), input: [:],
            definitionHash: SQLiteExecutionStore.hash(definition))
        let recorder = try StoreRecorder(store: store, record: record, definition: definition)
        options.observers.append(recorder)
        let result = await machine.run(input: [:], options: options)
        return (result, result.history ?? [])
    }

    /// Payloads equal under `==` but printed differently (1 and 1.0, another key order, a
    /// precomposed and a decomposed "é") come back from the store each with its own text.
    @Test func payloadsEqualButPrintedDifferentlyKeepTheirText() async throws {
        let definition = #"""
            {"StartAt": "A", "States": {
              "A": {"Type": "Pass", "Parameters": {"n": 1, "k": 2, "s": "\u00e9"}, "Next": "B"},
              "B": {"Type": "Pass", "Parameters": {"n": 1.0, "k": 2, "s": "\u00e9"}, "Next": "C"},
              "C": {"Type": "Pass", "Parameters": {"k": 2, "n": 1.0, "s": "\u00e9"}, "Next": "D"},
              "D": {"Type": "Pass", "Parameters": {"k": 2, "n": 1.0, "s": "e\u0301"}, "End": true}}}
            """#
        let store = try SQLiteExecutionStore(path: path)
        let (result, events) = try await record(store, name: "alike", definition: definition)
        #expect(result.status == .succeeded)
        let stored = try store.history("arn:aws:states:us-east-1:123456789012:execution:loop:alike")
        #expect(stored.map { JSONPrinter.compact($0.json) } == events.map { JSONPrinter.compact($0.json) })
        let outputs = stored.compactMap { $0.json["stateExitedEventDetails"]?["output"]?.stringValue }
        #expect(outputs.count == 4)
        #expect(Set(outputs.map { Array($0.utf8) }).count == 4, "\(outputs)")
    }

    @Test func aRunIsRecordedWithEveryEvent() async throws {
        let store = try SQLiteExecutionStore(path: path)
        let (result, events) = try await record(store, name: "first")
        #expect(result.status == .succeeded)
        let arn = "arn:aws:states:us-east-1:123456789012:execution:loop:first"
        let stored = try store.history(arn)
        #expect(stored.count == events.count && stored.count > 10)
        #expect(stored == events)
        #expect(stored.map(\.json) == events.map(\.json))
        let described = try #require(try store.describeExecution(arn))
        #expect(described.status == .succeeded)
        #expect(described.output == ["i": 3])
        #expect(described.ownerPid == 0)
        #expect(described.stopDate != nil)
        #expect(try store.definition(hash: described.definitionHash) == Self.definition)
        // Reading from an id on gives only the later events.
        #expect(try store.history(arn, afterId: 5).map(\.id) == Array(6...events.count))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func everyKindOfDetailsRoundTrips() throws {
        let task = TaskResource(resourceType: "lambda", resource: "invoke")
        let details: [(HistoryEventType, HistoryEventDetails)] = [
            (.executionStarted, .executionStarted(input: ["a": [1, 2.5, "x"]], roleArn: "arn:role")),
            (.passStateEntered, .stateEntered(name: "Ünïcode \"name\"", input: .null)),
            (.passStateExited, .stateExited(name: "S", output: ["a": 1], assignedVariables: ["v": true])),
            (.passStateExited, .stateExited(name: "S", output: ["a": 1], assignedVariables: nil)),
            (
                .evaluationFailed,
                .evaluationFailed(error: "States.QueryEvaluationError", cause: "c", location: nil, state: "S")
            ),
            (
                .taskScheduled,
                .taskScheduled(task, region: "us-east-1", parameters: [:], timeoutInSeconds: 5, heartbeatInSeconds: nil)
            ),
            (.taskStarted, .taskStarted(task)),
            (.taskSubmitted, .taskOutput(task, output: nil)),
            (.taskSucceeded, .taskOutput(task, output: "done")),
            (.taskFailed, .taskFailed(task, error: "E", cause: nil)),
            (.lambdaFunctionScheduled, .lambdaFunctionScheduled(resource: "arn:fn", input: 7, timeoutInSeconds: nil)),
            (.lambdaFunctionStarted, .none),
            (.lambdaFunctionSucceeded, .lambdaFunctionSucceeded(output: [])),
            (.lambdaFunctionFailed, .lambdaFunctionFailed(error: "E", cause: "why")),
            (.mapStateStarted, .mapStateStarted(length: 100_000)),
            (.mapIterationStarted, .mapIteration(name: "M", index: 3)),
            (.mapRunStarted, .mapRunStarted(mapRunArn: "arn:mapRun")),
            (.mapRunFailed, .mapRunFailed(error: nil, cause: nil)),
            (.executionFailed, .executionEnded(error: "", cause: nil)),
        ]
        let events = details.enumerated().map { i, d in
            HistoryEvent(
                id: i + 1, previousEventId: i == 0 ? 0 : (i * 7) % (i + 1),
                timestamp: 1_700_000_000_000 + Double(i * i),
                type: d.0, details: d.1)
        }
        let store = try SQLiteExecutionStore(path: path)
        let record = ExecutionRecord(
            executionArn: "arn:x", stateMachineArn: "arn:sm", stateMachineName: "sm", name: "x", startDate: 0,
            input: [:], definitionHash: "h")
        try store.createExecution(record, definition: "{}")
        try store.append(Array(events.prefix(7)), to: "arn:x")
        try store.append(Array(events.dropFirst(7)), to: "arn:x")
        #expect(try store.history("arn:x") == events)
    }

    @Test func aNewerSchemaIsRefusedAndNeverMisread() throws {
        do { _ = try SQLiteExecutionStore(path: path) }
        // SQLite keeps user_version (the schema version) at offset 60 of the file's header.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.seek(toOffset: 60)
        try handle.write(contentsOf: Data([0, 0, 0, 99]))
        try handle.close()
        #expect {
            _ = try SQLiteExecutionStore(path: path)
        } throws: { error in
            let e = error as? ExecutionStoreError
            return e?.kind == .newerSchema && e?.message.contains("schema version 99") == true
        }
    }

    @Test func aStoreThatCannotBeCreatedSaysWhy() throws {
        let file = dir.appendingPathComponent("plain-file")
        try Data("x".utf8).write(to: file)
        #expect {
            _ = try SQLiteExecutionStore(path: file.path + "/sub/sfn.db")
        } throws: { error in
            (error as? ExecutionStoreError)?.kind == .unavailable
                && (error as? ExecutionStoreError)?.message.contains("plain-file") == true
        }
    }

    /// Connections that open a new store together each switch it to WAL; SQLite refuses all but
    /// one at once ("database is locked", without waiting on the busy timeout), so each opener
    /// tries again: every one must open it (sixteen `sfn run`s on one new store lost 1 in 35).
    @Test func storesOpenedTogetherOnANewFileAllOpen() throws {
        let threads = 16
        for round in 0..<60 {
            let path = dir.appendingPathComponent("together-\(round)/sfn.db").path
            let barrier = UnsafeMutablePointer<pthread_barrier_t>.allocate(capacity: 1)
            pthread_barrier_init(barrier, nil, UInt32(threads))
            defer {
                pthread_barrier_destroy(barrier)
                barrier.deallocate()
            }
            // Only pthread_barrier_wait touches it, which is made for threads to share.
            nonisolated(unsafe) let gate = barrier
            let failures = Mutex<[String]>([])
            let done = DispatchGroup()
            for _ in 0..<threads {
                done.enter()
                Thread {
                    pthread_barrier_wait(gate)
                    do throws(ExecutionStoreError) { _ = try SQLiteExecutionStore(path: path) } catch {
                        failures.withLock { $0.append("\(error)") }
                    }
                    done.leave()
                }.start()
            }
            done.wait()
            #expect(failures.withLock { $0 }.isEmpty, "round \(round)")
        }
    }

    @Test func namesResolveByUniquePrefix() async throws {
        let store = try SQLiteExecutionStore(path: path)
        _ = try await record(store, name: "alpha-1")
        _ = try await record(store, name: "alpha-2")
        _ = try await record(store, name: "beta")
        #expect(try store.resolveExecution("b").name == "beta")
        #expect(try store.resolveExecution("alpha-2").name == "alpha-2")
        #expect(throws: ExecutionStoreError.self) { try store.resolveExecution("alpha") }
        #expect(throws: ExecutionStoreError.self) { try store.resolveExecution("gamma") }
        let listed = try store.listExecutions(ExecutionFilter(limit: 2))
        #expect(listed.map(\.name) == ["beta", "alpha-2"])
        // The same name twice in one state machine is refused, as AWS refuses it.
        await #expect(throws: ExecutionStoreError.self) { _ = try await record(store, name: "beta") }
    }

    @Test func pruneRemovesClosedExecutionsOnly() async throws {
        let store = try SQLiteExecutionStore(path: path)
        _ = try await record(store, name: "done")
        let running = ExecutionRecord(
            executionArn: "arn:running", stateMachineArn: "arn:sm", stateMachineName: "loop", name: "running",
            startDate: 0, input: [:], definitionHash: "h", ownerPid: getpid())
        try store.createExecution(running, definition: "{}")
        let future = ExecutionOptions.systemNowMillis() + 1000
        #expect(try store.prune(stoppedBefore: future, status: .failed) == 0)
        #expect(try store.prune(stoppedBefore: future - 3_600_000, status: nil) == 0)
        #expect(try store.prune(stoppedBefore: future, status: nil) == 1)
        #expect(try store.listExecutions(ExecutionFilter()).map(\.name) == ["running"])
        #expect(throws: ExecutionStoreError.self) {
            try store.history("arn:aws:states:us-east-1:123456789012:execution:loop:done")
        }
    }
}
