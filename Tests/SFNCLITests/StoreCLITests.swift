import Foundation
import SFNJSON
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The store through the built `sfn`: runs recorded, the commands that read it, stop, kill -9,
/// several writers, and stores that cannot be used.
@Suite struct StoreCLITests {
    let dir: URL
    var store: String { dir.appendingPathComponent("sfn.db").path }

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-store-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    func file(_ name: String, _ text: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    static let loop = """
        {"StartAt": "Init", "States": {
          "Init": {"Type": "Pass", "Parameters": {"i": 0, "n.$": "$.n"}, "Next": "Check"},
          "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThanPath": "$.n", "Next": "Step"}],
                    "Default": "Done"},
          "Step": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)", "n.$": "$.n"}, "Next": "Check"},
          "Done": {"Type": "Succeed"}}}
        """

    /// A Task that sleeps `seconds` (each test its own, so that they can look for their command).
    static func slow(_ seconds: Int) -> String {
        """
        {"StartAt": "First", "States": {
          "First": {"Type": "Pass", "Next": "Sleep"},
          "Sleep": {"Type": "Task", "Resource": "shell:sleep \(seconds); echo '{}'", "End": true}}}
        """
    }

    static let fail = #"{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Boom", "Cause": "on purpose"}}}"#

    func json(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }

    @Test func aRunIsRecordedAndTheCommandsGiveAWSShapes() async throws {
        let def = try file("counter.asl.json", Self.loop)
        let run = try await CLI.run(
            ["run", def, "--store", store, "--name", "count-1"], stdin: Data(#"{"n": 3}"#.utf8))
        #expect(run.status == 0)
        #expect(run.stdout.contains(#""i":3"#))
        let failing = try file("boom.asl.json", Self.fail)
        let failed = try await CLI.run(["run", failing, "--store", store])
        #expect(failed.status == 1)

        let list = try await CLI.run(["executions", "--store", store, "--json"])
        #expect(list.status == 0)
        guard case .array(let items)? = try json(list.stdout)["executions"] else {
            Issue.record("no executions array: \(list.stdout)")
            return
        }
        #expect(items.count == 2)
        #expect(items[0]["status"] == "FAILED")  // newest first
        #expect(items[1]["name"] == "count-1")
        #expect(items[1]["stateMachineArn"] == "arn:aws:states:us-east-1:123456789012:stateMachine:counter")
        #expect(items[1]["executionArn"] == "arn:aws:states:us-east-1:123456789012:execution:counter:count-1")
        for key in ["startDate", "stopDate"] { #expect(items[1][key] != nil) }

        let describe = try json(try await CLI.run(["describe", "count", "--store", store, "--json"]).stdout)
        #expect(describe["status"] == "SUCCEEDED")
        #expect(describe["input"] == #"{"n":3}"#)
        #expect(describe["output"] == #"{"i":3,"n":3}"#)
        #expect(describe["redriveCount"] == 0)
        #expect(describe["redriveStatus"] == "NOT_REDRIVABLE")

        let history = try json(try await CLI.run(["history", "count-1", "--store", store, "--json"]).stdout)
        guard case .array(let events)? = history["events"] else {
            Issue.record("no events array")
            return
        }
        // ExecutionStarted, Init, Check four times, Step three times, Done, ExecutionSucceeded.
        #expect(events.count == 20)
        #expect(events.first?["type"] == "ExecutionStarted")
        #expect(events.first?["executionStartedEventDetails"]?["input"] == #"{"n":3}"#)
        #expect(events[1]["stateEnteredEventDetails"]?["name"] == "Init")
        #expect(events.last?["type"] == "ExecutionSucceeded")
        let previous = events.last?["previousEventId"]
        #expect(previous == .int(events.count - 1))

        let table = try await CLI.run(["history", "count-1", "--store", store])
        #expect(table.stdout.hasPrefix("ID  TIME"))
        let choiceLine = table.stdout.split(separator: "\n").first { $0.contains("ChoiceStateEntered") }
        #expect(choiceLine?.contains("Check") == true)
        let text = try await CLI.run(["executions", "--store", store, "--status", "failed"])
        #expect(text.stdout.split(separator: "\n").count == 2)
        #expect(text.stdout.contains("FAILED") && text.stdout.contains("boom"))
    }

    @Test func twoRunsWriteOneStoreAtOnce() async throws {
        let def = try file("loop.asl.json", Self.loop)
        let input = Data(#"{"n": 5000}"#.utf8)
        async let a = CLI.run(["run", def, "--store", store, "--name", "a"], stdin: input)
        async let b = CLI.run(["run", def, "--store", store, "--name", "b"], stdin: input)
        let (ra, rb) = try await (a, b)
        #expect(ra.status == 0 && rb.status == 0, "\(ra.stderr) \(rb.stderr)")
        #expect(ra.stderr.isEmpty && rb.stderr.isEmpty)
        for name in ["a", "b"] {
            let history = try json(try await CLI.run(["history", name, "--store", store, "--json"]).stdout)
            guard case .array(let events)? = history["events"] else {
                Issue.record("no events for \(name)")
                continue
            }
            #expect(events.count == 4 * 5000 + 8)
            #expect(events.last?["type"] == "ExecutionSucceeded")
        }
    }

    /// Runs that start together on a store no one has opened yet each switch the new file to WAL:
    /// SQLite refuses all but one of them at once ("database is locked", without waiting on the
    /// busy timeout); each must still record its execution, not warn and run without the store (1
    /// in 35 did; the docs' examples, which share one new store, once).
    @Test func manyRunsStartTogetherOnANewStore() async throws {
        let def = try file("pass.asl.json", #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#)
        for round in 0..<8 {
            let store = dir.appendingPathComponent("new-\(round)/sfn.db").path
            let results = try await withThrowingTaskGroup(of: (String, CLIRun).self) { group in
                for i in 0..<16 {
                    let name = "r\(i)"
                    group.addTask { (name, try await CLI.run(["run", def, "--store", store, "--name", name])) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for (name, run) in results {
                #expect(run.status == 0 && run.stderr.isEmpty, "round \(round), \(name): \(run.stderr)")
            }
            let listed = try await CLI.run(["executions", "--store", store])
            let recorded = listed.stdout.split(separator: "\n").dropFirst().compactMap {
                $0.split(separator: " ").first
            }
            #expect(Set(recorded) == Set((0..<16).map { Substring("r\($0)") }), "round \(round)")
        }
    }

    /// Starts `sfn ARGS` in the background and returns the process.
    func start(_ args: [String]) throws -> Process {
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// Waits until `sfn history NAME` lists TaskStarted (the command is running).
    func waitForTask(_ name: String) async throws {
        for _ in 0..<200 {
            let h = try await CLI.run(["history", name, "--store", store])
            if h.stdout.contains("TaskStarted") { return }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        Issue.record("the task of \(name) never started")
    }

    @Test func sigkillLeavesAReadableStoreShowingRunningWithNoLiveProcess() async throws {
        let def = try file("slow.asl.json", Self.slow(337))
        let p = try start(["run", def, "--store", store, "--name", "doomed"])
        try await waitForTask("doomed")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let list = try await CLI.run(["executions", "--store", store])
        #expect(list.stdout.contains("RUNNING (no live process)"), "\(list.stdout)")
        let history = try json(try await CLI.run(["history", "doomed", "--store", store, "--json"]).stdout)
        guard case .array(let events)? = history["events"] else {
            Issue.record("no events")
            return
        }
        #expect(events.map { $0["type"] ?? .null }.suffix(2) == ["TaskScheduled", "TaskStarted"])
        let describe = try json(try await CLI.run(["describe", "doomed", "--store", store, "--json"]).stdout)
        #expect(describe["status"] == "RUNNING")
        // The orphan can be stopped: it is closed ABORTED in the store.
        let stop = try await CLI.run(["stop", "doomed", "--store", store])
        #expect(stop.status == 0)
        let after = try json(try await CLI.run(["describe", "doomed", "--store", store, "--json"]).stdout)
        #expect(after["status"] == "ABORTED")
        _ = try await CLI.runProcess(URL(fileURLWithPath: "/usr/bin/pkill"), ["-f", "sleep 337; echo"], timeout: 10)
    }

    @Test func stopFromAnotherProcessAbortsTheRunAndKillsItsCommand() async throws {
        let def = try file("slow.asl.json", Self.slow(338))
        let p = try start(["run", def, "--store", store, "--name", "victim"])
        // SIGTERM: sfn stops its commands too, should the test end early.
        defer { if p.isRunning { p.terminate() } }
        try await waitForTask("victim")
        let stop = try await CLI.run([
            "stop", "vic", "--store", store, "--error", "Manual", "--cause", "by hand", "--json",
        ])
        #expect(stop.status == 0, "\(stop.stderr)")
        #expect(try json(stop.stdout)["stopDate"] != nil)
        for _ in 0..<100 where p.isRunning { try await Task.sleep(nanoseconds: 50_000_000) }
        #expect(!p.isRunning)
        p.waitUntilExit()
        #expect(p.terminationStatus == 1)
        let describe = try json(try await CLI.run(["describe", "victim", "--store", store, "--json"]).stdout)
        #expect(describe["status"] == "ABORTED")
        #expect(describe["error"] == "Manual")
        #expect(describe["cause"] == "by hand")
        let history = try json(try await CLI.run(["history", "victim", "--store", store, "--json"]).stdout)
        guard case .array(let events)? = history["events"], let last = events.last else {
            Issue.record("no events")
            return
        }
        #expect(last["type"] == "ExecutionAborted")
        #expect(last["executionAbortedEventDetails"]?["error"] == "Manual")
        #expect(last["executionAbortedEventDetails"]?["cause"] == "by hand")
        // Its command is gone too.
        let left = try await CLI.runProcess(
            URL(fileURLWithPath: "/usr/bin/pgrep"), ["-f", "sleep 338; echo"], timeout: 10)
        #expect(left.stdout.isEmpty)
    }

    @Test func historyFollowPrintsEventsUntilTheEnd() async throws {
        let def = try file(
            "waits.asl.json",
            #"{"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": 1, "Next": "B"}, "B": {"Type": "Pass", "End": true}}}"#
        )
        let p = try start(["run", def, "--store", store, "--name", "followed"])
        defer { if p.isRunning { p.terminate() } }
        var follow: CLIRun?
        for _ in 0..<100 {
            let r = try await CLI.run(["history", "followed", "--store", store, "--follow", "--json"])
            if r.status == 0 {
                follow = r
                break
            }
            try await Task.sleep(nanoseconds: 20_000_000)  // until the run has created its record
        }
        let lines = try #require(follow).stdout.split(separator: "\n")
        let types = try lines.map { try json(String($0))["type"] ?? .null }
        #expect(
            types == [
                "ExecutionStarted", "WaitStateEntered", "WaitStateExited", "PassStateEntered", "PassStateExited",
                "ExecutionSucceeded",
            ])
    }

    @Test func anUnusableStoreIsOneWarningAndTheSameExitCode() async throws {
        let blocker = try file("not-a-folder", "x")
        let def = try file("loop.asl.json", Self.loop)
        let ok = try await CLI.run(["run", def, "--store", blocker + "/sfn.db"], stdin: Data(#"{"n": 2}"#.utf8))
        #expect(ok.status == 0)
        #expect(ok.stdout.contains(#""i":2"#))
        #expect(ok.stderr.split(separator: "\n").count == 1)
        #expect(ok.stderr.contains("warning") && ok.stderr.contains("not-a-folder"))
        let failing = try file("boom.asl.json", Self.fail)
        let bad = try await CLI.run(["run", failing, "--store", blocker + "/sfn.db"])
        #expect(bad.status == 1)
        #expect(bad.stderr.split(separator: "\n").count == 2)
    }

    static let sqlite3 = "/usr/bin/sqlite3"

    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: sqlite3), "needs the sqlite3 CLI (apt-get install sqlite3)"
        ))
    func aNewerSchemaIsRefusedWithAClearMessage() async throws {
        let def = try file("loop.asl.json", Self.loop)
        _ = try await CLI.run(["run", def, "--store", store], stdin: Data(#"{"n": 1}"#.utf8))
        // As a newer sfn would leave it (the WAL holds the header too, so go through SQLite).
        let set = try await CLI.runProcess(
            URL(fileURLWithPath: Self.sqlite3), [store, "PRAGMA user_version = 42"], timeout: 30)
        #expect(set.status == 0)
        let list = try await CLI.run(["executions", "--store", store])
        #expect(list.status == 2)
        #expect(list.stderr.contains("schema version 42"))
        let run = try await CLI.run(["run", def, "--store", store], stdin: Data(#"{"n": 1}"#.utf8))
        #expect(run.status == 0)
        #expect(run.stderr.contains("schema version 42"))
    }

    @Test func pruneDeletesClosedExecutions() async throws {
        let def = try file("loop.asl.json", Self.loop)
        _ = try await CLI.run(["run", def, "--store", store, "--name", "ok"], stdin: Data(#"{"n": 1}"#.utf8))
        _ = try await CLI.run(["run", try file("boom.asl.json", Self.fail), "--store", store, "--name", "bad"])
        let young = try await CLI.run(["prune", "--store", store, "--older-than", "30d"])
        #expect(young.stdout.contains("Pruned 0 executions"))
        let failed = try await CLI.run(["prune", "--store", store, "--status", "FAILED"])
        #expect(failed.stdout.contains("Pruned 1 execution "))
        let list = try json(try await CLI.run(["executions", "--store", store, "--json"]).stdout)
        #expect(list["executions"]?[0]?["name"] == "ok")
        let usage = try await CLI.run(["prune", "--store", store, "--older-than", "soon"])
        #expect(usage.status == 2)
        let names = try await CLI.run(["run", def, "--store", store, "--name", "has space"])
        #expect(names.status == 2)
        #expect(names.stderr.contains("white space"))
    }
}
