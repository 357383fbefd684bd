import Foundation
import SFNCore
import SFNJSON
import SFNStore
import Testing

/// The console's store queries on a real SQLite file: one list across machines with filters and
/// pages newest first, and the machines with their executions counted by status.
struct ConsoleQueryTests {
    static func store() throws -> (SQLiteExecutionStore, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-console-\(UUID().uuidString)")
        let path = dir.appendingPathComponent("sfn.db").path
        return (try SQLiteExecutionStore(path: path), dir.path)
    }

    static func record(_ machine: String, _ name: String, _ status: ExecutionRecord.Status, at start: Double)
        -> ExecutionRecord
    {
        ExecutionRecord(
            executionArn: "arn:aws:states:us-east-1:123456789012:execution:\(machine):\(name)",
            stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:\(machine)", stateMachineName: machine,
            name: name, status: status, startDate: start, stopDate: status == .running ? nil : start + 5, input: [:],
            definitionHash: "h-\(machine)")
    }

    /// Two machines, 30 executions a second apart: every third failed, the newest running.
    static func filled() throws -> (SQLiteExecutionStore, String) {
        let (store, dir) = try store()
        for machine in ["alpha", "beta"] {
            _ = try store.stateMachine(named: machine, creatingWith: #"{"StartAt":"P","States":{}}"# + machine)
        }
        for i in 0..<30 {
            let status: ExecutionRecord.Status = i == 29 ? .running : i % 3 == 0 ? .failed : .succeeded
            let machine = i % 2 == 0 ? "alpha" : "beta"
            try store.createExecution(
                record(machine, "run-\(i)", status, at: 1_000_000 + Double(i) * 1000), definition: "{}")
            if status != .running {
                try store.update(record(machine, "run-\(i)", status, at: 1_000_000 + Double(i) * 1000))
            }
        }
        return (store, dir)
    }

    @Test func pagesGoNewestFirstWithoutGapsOrRepeats() throws {
        let (store, dir) = try Self.filled()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var seen: [String] = []
        var query = ExecutionQuery(limit: 7)
        var pages = 0
        while true {
            let page = try store.queryExecutions(query)
            seen += page.records.map(\.name)
            pages += 1
            guard let next = page.next else { break }
            query.after = next
        }
        #expect(pages == 5)
        #expect(seen == (0..<30).reversed().map { "run-\($0)" })
    }

    @Test func filtersCombine() throws {
        let (store, dir) = try Self.filled()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let failed = try store.queryExecutions(ExecutionQuery(status: .failed)).records.map(\.name)
        #expect(failed == [27, 24, 21, 18, 15, 12, 9, 6, 3, 0].map { "run-\($0)" })
        let alphaFailed = try store.queryExecutions(ExecutionQuery(status: .failed, stateMachineName: "alpha"))
        #expect(alphaFailed.records.map(\.name) == [24, 18, 12, 6, 0].map { "run-\($0)" })
        let prefixed = try store.queryExecutions(ExecutionQuery(namePrefix: "run-2")).records.map(\.name)
        #expect(
            prefixed == [
                "run-29", "run-28", "run-27", "run-26", "run-25", "run-24", "run-23", "run-22", "run-21", "run-20",
                "run-2",
            ])
        let recent = try store.queryExecutions(ExecutionQuery(startedSince: 1_000_000 + 27_000)).records.map(\.name)
        #expect(recent == ["run-29", "run-28", "run-27"])
        // A name with LIKE's wildcards is matched as text.
        #expect(try store.queryExecutions(ExecutionQuery(namePrefix: "run_")).records.isEmpty)
    }

    @Test func machinesCountTheirExecutions() throws {
        let (store, dir) = try Self.filled()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let summaries = try store.stateMachineSummaries()
        #expect(summaries.map(\.record.name) == ["alpha", "beta"])
        let alpha = summaries[0]
        #expect(alpha.counts[.failed] == 5 && alpha.counts[.succeeded] == 10)
        #expect(alpha.lastStartDate.map { $0 - 1_028_000 } == 0)
        let beta = summaries[1]
        #expect(beta.counts[.running] == 1 && beta.counts[.failed] == 5 && beta.counts[.succeeded] == 9)
        #expect(beta.record.definitionHash == SQLiteExecutionStore.hash(#"{"StartAt":"P","States":{}}"# + "beta"))
    }
}
