import Foundation
import SFNCore
import SFNJSON
import Testing

@testable import SFNStore

/// Task tokens in real SQLite files: answers through a second connection (as another process
/// makes them), AWS's refusals, and the migration of a version 1 store.
@Suite struct TaskTokenStoreTests {
    let path: String

    init() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-tokens-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        path = dir.appendingPathComponent("sfn.db").path
    }

    func waiting(_ token: String) -> TaskTokenRecord {
        TaskTokenRecord(token: token, executionArn: "arn:x", stateName: "Approve", heartbeatDate: 1000)
    }

    @Test func anAnswerFromAnotherConnectionIsSeen() throws {
        let runner = try SQLiteExecutionStore(path: path)
        let worker = try SQLiteExecutionStore(path: path)
        try runner.createTaskToken(waiting("t1"))
        try worker.answerTaskToken("t1", .heartbeat, date: 5000)
        #expect(try runner.taskToken("t1")?.heartbeatDate == 5000)
        #expect(try runner.taskToken("t1")?.status == .waiting)
        try worker.answerTaskToken("t1", .success(output: ["ok": [1, 2]]), date: 6000)
        let done = try #require(try runner.taskToken("t1"))
        #expect(done.status == .succeeded)
        #expect(done.output == ["ok": [1, 2]])
        #expect(done.stateName == "Approve" && done.executionArn == "arn:x")
    }

    @Test func theFirstAnswerWinsAndLateOnesAreRefused() throws {
        let store = try SQLiteExecutionStore(path: path)
        try store.createTaskToken(waiting("t2"))
        try store.answerTaskToken("t2", .failure(error: "Rejected", cause: "no"), date: 0)
        #expect {
            try store.answerTaskToken("t2", .success(output: 1), date: 0)
        } throws: { ($0 as? ExecutionStoreError)?.kind == .taskTimedOut }
        let r = try #require(try store.taskToken("t2"))
        #expect(r.status == .failed && r.error == "Rejected" && r.cause == "no")
    }

    @Test func aClosedTokenTakesNoAnswerAndAnUnknownOneIsNamed() throws {
        let store = try SQLiteExecutionStore(path: path)
        try store.createTaskToken(waiting("t3"))
        try store.closeTaskToken("t3")
        #expect {
            try store.answerTaskToken("t3", .heartbeat, date: 0)
        } throws: { ($0 as? ExecutionStoreError)?.kind == .taskTimedOut }
        #expect {
            try store.answerTaskToken("nope", .heartbeat, date: 0)
        } throws: { error in
            let e = error as? ExecutionStoreError
            return e?.kind == .taskDoesNotExist && e?.message.contains("'nope'") == true
        }
        #expect(try store.taskToken("nope") == nil)
    }

    @Test func workersTakeActivityTasksOldestFirstAndEachOnce() throws {
        let runner = try SQLiteExecutionStore(path: path)
        let workerA = try SQLiteExecutionStore(path: path)
        let workerB = try SQLiteExecutionStore(path: path)
        for (token, n) in [("a1", 1), ("a2", 2)] {
            var r = waiting(token)
            r.activity = "resize"
            r.input = ["n": .int(n)]
            try runner.createTaskToken(r)
        }
        #expect(try workerA.claimActivityTask("other") == nil)
        let first = try #require(try workerA.claimActivityTask("resize"))
        #expect(first.token == "a1" && first.input == ["n": 1] && first.claimed)
        #expect(try workerB.claimActivityTask("resize")?.token == "a2")
        #expect(try workerB.claimActivityTask("resize") == nil)
        try workerA.answerTaskToken("a1", .success(output: "done"), date: 0)
        #expect(try runner.taskToken("a1")?.output == "done")
    }

    @Test func aVersionOneStoreGainsTokensAndKeepsItsExecutions() throws {
        do {
            let store = try SQLiteExecutionStore(path: path)
            let record = ExecutionRecord(
                executionArn: "arn:old", stateMachineArn: "arn:sm", stateMachineName: "sm", name: "old",
                startDate: 0, input: ["kept": true], definitionHash: "h")
            try store.createExecution(record, definition: "{}")
            // Back to what a version 1 sfn wrote: no task_tokens table.
            try store.connection.exec("DROP TABLE task_tokens; PRAGMA user_version = 1")
        }
        let store = try SQLiteExecutionStore(path: path)
        #expect(try store.describeExecution("arn:old")?.input == ["kept": true])
        try store.createTaskToken(waiting("t4"))
        #expect(try store.taskToken("t4")?.status == .waiting)
        let version = try store.connection.prepare("PRAGMA user_version")
        #expect(try version.step())
        #expect(version.int(0) == SQLiteExecutionStore.schemaVersion)
    }
}
