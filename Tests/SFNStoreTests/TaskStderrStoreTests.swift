import Foundation
import SFNCore
import SFNJSON
import Testing

@testable import SFNStore

/// Commands' stderr lines in a real SQLite file: kept apart from the events, in order, pruned with
/// their execution, and the migration of a version 2 store.
@Suite struct TaskStderrStoreTests {
    let path: String

    init() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-stderr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        path = dir.appendingPathComponent("sfn.db").path
    }

    func record(_ name: String, stopDate: Double? = nil) -> ExecutionRecord {
        ExecutionRecord(
            executionArn: "arn:\(name)", stateMachineArn: "arn:sm", stateMachineName: "sm", name: name,
            status: stopDate == nil ? .running : .succeeded, startDate: 0, stopDate: stopDate, input: [:],
            definitionHash: "h")
    }

    @Test func linesComeBackInOrderAcrossAppendsAndConnections() throws {
        let writer = try SQLiteExecutionStore(path: path)
        try writer.createExecution(record("a"), definition: "{}")
        try writer.createExecution(record("b"), definition: "{}")
        try writer.appendTaskStderr(
            [
                TaskStderrLine(stateName: "Prep", eventId: 4, text: "one"),
                .init(stateName: "Prep", eventId: 4, text: ""),
            ],
            to: "arn:a")
        try writer.appendTaskStderr([TaskStderrLine(stateName: "Other", eventId: 3, text: "b's")], to: "arn:b")
        try writer.appendTaskStderr([TaskStderrLine(stateName: "Work", eventId: 9, text: "héllo ✓")], to: "arn:a")
        let reader = try SQLiteExecutionStore(path: path)
        #expect(
            try reader.taskStderr("arn:a") == [
                TaskStderrLine(stateName: "Prep", eventId: 4, text: "one"),
                TaskStderrLine(stateName: "Prep", eventId: 4, text: ""),
                TaskStderrLine(stateName: "Work", eventId: 9, text: "héllo ✓"),
            ])
        #expect(try reader.taskStderr("arn:b").map(\.text) == ["b's"])
        // The lines are not events.
        #expect(try reader.history("arn:a").isEmpty)
        #expect(throws: ExecutionStoreError.self) { try reader.taskStderr("arn:none") }
    }

    @Test func pruneDeletesAnExecutionsLines() throws {
        let store = try SQLiteExecutionStore(path: path)
        try store.createExecution(record("old", stopDate: 1000), definition: "{}")
        try store.createExecution(record("new", stopDate: 9000), definition: "{}")
        try store.appendTaskStderr([TaskStderrLine(stateName: "S", eventId: 2, text: "old line")], to: "arn:old")
        try store.appendTaskStderr([TaskStderrLine(stateName: "S", eventId: 2, text: "new line")], to: "arn:new")
        #expect(try store.prune(stoppedBefore: 5000, status: nil) == 1)
        let left = try store.connection.prepare("SELECT line FROM task_stderr")
        #expect(try left.step())
        #expect(left.string(0) == "new line")
        #expect(try !left.step())
    }

    @Test func aVersionTwoStoreGainsTheTableAndKeepsItsExecutions() throws {
        do {
            let store = try SQLiteExecutionStore(path: path)
            try store.createExecution(record("old"), definition: "{}")
            // Back to what a version 2 sfn wrote: no task_stderr table.
            try store.connection.exec("DROP TABLE task_stderr; PRAGMA user_version = 2")
        }
        let store = try SQLiteExecutionStore(path: path)
        #expect(try store.describeExecution("arn:old")?.name == "old")
        try store.appendTaskStderr([TaskStderrLine(stateName: "S", eventId: 1, text: "after")], to: "arn:old")
        #expect(try store.taskStderr("arn:old").map(\.text) == ["after"])
        let version = try store.connection.prepare("PRAGMA user_version")
        #expect(try version.step())
        #expect(version.int(0) == SQLiteExecutionStore.schemaVersion)
    }
}
