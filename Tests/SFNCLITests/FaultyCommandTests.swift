import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Through the built binary: commands that crash, hang, print garbage or too much, close stdin
/// early or leave processes behind fail their Task with a clear error and cause, in bounded
/// time, and none of them stops sfn, leaks a process (checked through /proc with a marker only
/// the test's commands carry) or loses the history.
@Suite(.serialized, .enabled(if: ProcessScan.available, "needs /proc (Linux)"))
struct FaultyCommandTests {
    /// What one run of a faulty Task came to: the error and cause its Catch saw.
    struct Caught {
        var run: CLIRun
        var seconds: Double
        var error: String?
        var cause: String?
        var history: String
    }

    final class Scratch: Sendable {
        let path: String
        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-faulty-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    /// A Task running `command` (with `fields` such as TimeoutSeconds) whose Catch keeps the error
    /// and goes on to a Pass state: sfn must carry on and finish the execution.
    static func caughtDefinition(_ command: String, fields: [String: Any] = [:]) throws -> Data {
        var task: [String: Any] = [
            "Type": "Task", "Resource": "shell:" + command, "End": true,
            "Catch": [["ErrorEquals": ["States.ALL"], "ResultPath": "$.caught", "Next": "Recovered"]],
        ]
        task.merge(fields) { _, new in new }
        let definition: [String: Any] = [
            "StartAt": "T", "States": ["T": task, "Recovered": ["Type": "Pass", "End": true]],
        ]
        return try JSONSerialization.data(withJSONObject: definition)
    }

    /// Runs the definition with --history and reads what the Catch recorded.
    static func runCaught(_ definition: Data, _ extra: [String] = []) async throws -> Caught {
        let s = try Scratch()
        let file = s.path + "/def.json"
        try definition.write(to: URL(fileURLWithPath: file))
        let started = Date()
        let run = try await CLI.run(["run", file, "--history", s.path + "/history.json"] + extra, timeout: 120)
        let seconds = Date().timeIntervalSince(started)
        let output = try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let caught = output?["caught"] as? [String: Any]
        let history = (try? String(contentsOfFile: s.path + "/history.json", encoding: .utf8)) ?? ""
        return Caught(
            run: run, seconds: seconds, error: caught?["Error"] as? String, cause: caught?["Cause"] as? String,
            history: history)
    }

    /// The run went on after the Task failed and its history was written whole.
    static func expectCarriedOn(_ c: Caught, failedEvent: String) {
        #expect(c.run.status == 0 && !c.run.signaled, "sfn must finish the execution: \(c.run.stderr)")
        #expect(c.history.contains("\"\(failedEvent)\""), "the history has the \(failedEvent) event")
        #expect(c.history.contains("\"ExecutionSucceeded\""), "the history runs to the end")
    }

    @Test func crashNamesTheSignal() async throws {
        let mark = ProcessScan.marker()
        defer { ProcessScan.killAll(mark) }
        let c = try await Self.runCaught(try Self.caughtDefinition(ProcessScan.export(mark) + "kill -SEGV $$"))
        #expect(c.error == "States.TaskFailed")
        #expect(c.cause?.contains("was killed by signal 11 (SIGSEGV)") == true, "\(c.cause ?? c.run.stderr)")
        #expect(c.seconds < 30, "ended within 30 s (a busy machine starts a debug sfn slowly): \(c.seconds)")
        Self.expectCarriedOn(c, failedEvent: "TaskFailed")
        #expect(try await ProcessScan.waitUntilGone(mark, seconds: 5).isEmpty)
    }

    @Test func hangIsKilledAtTimeoutSecondsWithItsGroup() async throws {
        let mark = ProcessScan.marker()
        defer { ProcessScan.killAll(mark) }
        let command = ProcessScan.export(mark) + "sleep 300 & sleep 300"
        let c = try await Self.runCaught(try Self.caughtDefinition(command, fields: ["TimeoutSeconds": 1]))
        #expect(c.error == "States.Timeout")
        #expect(c.cause?.contains("did not finish within 1 seconds (TimeoutSeconds)") == true, "\(c.cause ?? "")")
        #expect(c.seconds >= 1 && c.seconds < 31, "ended within 30 s of a 1 s timeout: \(c.seconds)")
        Self.expectCarriedOn(c, failedEvent: "TaskTimedOut")
        #expect(try await ProcessScan.waitUntilGone(mark, seconds: 5).isEmpty)
    }

    @Test func silentCommandIsKilledAtHeartbeatSeconds() async throws {
        let mark = ProcessScan.marker()
        defer { ProcessScan.killAll(mark) }
        let command = ProcessScan.export(mark) + "sleep 300 & sleep 300"
        let fields: [String: Any] = ["TimeoutSeconds": 60, "HeartbeatSeconds": 1]
        let c = try await Self.runCaught(try Self.caughtDefinition(command, fields: fields))
        #expect(c.error == "States.HeartbeatTimeout")
        #expect(c.cause?.contains("sent no heartbeat for 1 seconds (HeartbeatSeconds)") == true, "\(c.cause ?? "")")
        #expect(c.seconds >= 1 && c.seconds < 31, "ended within 30 s of a 1 s heartbeat: \(c.seconds)")
        Self.expectCarriedOn(c, failedEvent: "TaskTimedOut")
        #expect(try await ProcessScan.waitUntilGone(mark, seconds: 5).isEmpty)
    }

    @Test func outputThatIsNotJSONFailsWithTheOutputInTheCause() async throws {
        let mark = ProcessScan.marker()
        defer { ProcessScan.killAll(mark) }
        let c = try await Self.runCaught(try Self.caughtDefinition(ProcessScan.export(mark) + "echo 'hello, world'"))
        #expect(c.error == "States.TaskFailed")
        #expect(c.cause?.contains("wrote output that is not JSON") == true, "\(c.cause ?? "")")
        #expect(c.cause?.contains("hello, world") == true)
        #expect(c.seconds < 30, "ended within 30 s (a busy machine starts a debug sfn slowly): \(c.seconds)")
        Self.expectCarriedOn(c, failedEvent: "TaskFailed")
        #expect(try await ProcessScan.waitUntilGone(mark, seconds: 5).isEmpty)
    }

    /// `yes` never stops printing: without the cap it would fill memory.
    @Test func endlessOutputIsCutAtMaxOutput() async throws {
        let mark = ProcessScan.marker()
        defer { ProcessScan.killAll(mark) }
        let c = try await Self.runCaught(
            try Self.caughtDefinition(ProcessScan.export(mark) + "yes"), ["--max-output", "1MiB"])
        #expect(c.error == "States.TaskFailed")
        #expect(c.cause?.contains("wrote more than 1048576 bytes to stdout") == true, "\(c.cause ?? c.run.stderr)")
        #expect(c.seconds < 30, "ended within 30 s (a busy machine starts a debug sfn slowly): \(c.seconds)")
        Self.expectCarriedOn(c, failedEvent: "TaskFailed")
        #expect(try await ProcessScan.waitUntilGone(mark, seconds: 5).isEmpty)
    }

    @Test func maxOutputRejectsWhatIsNotASize() async throws {
        let s = try Scratch()
        try Self.caughtDefinition("echo 1").write(to: URL(fileURLWithPath: s.path + "/def.json"))
        let r = try await CLI.run(["run", s.path + "/def.json", "--max-output", "lots"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--max-output"), "\(r.stderr)")
    }

    /// A command that closes stdin without reading 8 MB of input: feeding it must give EPIPE, not
    /// kill sfn with SIGPIPE.
    @Test func commandClosingStdinEarlyDoesNotKillSfn() async throws {
        let s = try Scratch()
        let definition: [String: Any] = [
            "StartAt": "T",
            "States": ["T": ["Type": "Task", "Resource": "shell:exec 0<&-; echo '{\"ok\": true}'", "End": true]],
        ]
        try JSONSerialization.data(withJSONObject: definition).write(to: URL(fileURLWithPath: s.path + "/def.json"))
        let input = "{\"big\": \"" + String(repeating: "x", count: 8 << 20) + "\"}"
        try input.write(toFile: s.path + "/input.json", atomically: true, encoding: .utf8)
        let r = try await CLI.run(["run", s.path + "/def.json", "--input", s.path + "/input.json", "--compact"])
        #expect(r.status == 0 && !r.signaled, "\(r.stderr)")
        #expect(r.stdout.contains("\"ok\":true"), "\(r.stdout)")
    }
}
