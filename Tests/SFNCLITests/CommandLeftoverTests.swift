import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Through the built binary: what a command starts in a session of its own (`setsid`) ends with
/// the command, at its TimeoutSeconds or when it exits, while the execution goes on; not only
/// when sfn ends. Each run's next state holds sfn open and touches a file when it is done, so the
/// test can tell that the processes went before the run ended.
@Suite(.serialized, .enabled(if: ProcessScan.available, "needs /proc (Linux)"))
struct CommandLeftoverTests {
    final class Scratch: Sendable {
        let path: String
        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-left-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        var held: String { path + "/held" }
        func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path + "/" + name) }
    }

    /// `first` (with `fields`), caught, then a Task that keeps the run going for 6 s.
    static func definition(_ first: String, fields: [String: Any], scratch: Scratch) throws -> Data {
        var task: [String: Any] = [
            "Type": "Task", "Resource": "shell:" + first, "Next": "Hold",
            "Catch": [["ErrorEquals": ["States.ALL"], "ResultPath": "$.caught", "Next": "Hold"]],
        ]
        task.merge(fields) { _, new in new }
        let hold: [String: Any] = [
            "Type": "Task", "Resource": "shell:sleep 6; touch \(scratch.held)", "ResultPath": "$.held", "End": true,
        ]
        return try JSONSerialization.data(withJSONObject: ["StartAt": "T", "States": ["T": task, "Hold": hold]])
    }

    /// Runs the definition; while it runs, waits for the setsid grandchild (its pid in the file
    /// `grandchild`) and then for every marked process to go. Returns the processes left when the
    /// next state was still running, and the run.
    static func watch(_ definition: Data, scratch: Scratch, mark: String) async throws -> (left: [pid_t], run: CLIRun) {
        let file = scratch.path + "/def.json"
        try definition.write(to: URL(fileURLWithPath: file))
        async let run = CLI.run(["run", file, "--compact"], timeout: 120)
        var grandchild: pid_t?
        for _ in 0..<400 where grandchild == nil {
            try await Task.sleep(nanoseconds: 25_000_000)
            grandchild = (try? String(contentsOfFile: scratch.path + "/grandchild", encoding: .utf8)).flatMap {
                pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        _ = try #require(grandchild, "the command never started its grandchild")
        let left = try await ProcessScan.waitUntilGone(mark, seconds: 4)
        #expect(!scratch.exists("held"), "the next state was still running when the processes were looked for")
        return (left, try await run)
    }

    @Test func setsidGrandchildIsKilledAtTimeoutSeconds() async throws {
        let s = try Scratch()
        let mark = ProcessScan.marker()
        defer { ProcessScan.killAll(mark) }
        let command =
            ProcessScan.export(mark) + "setsid sleep 300 & echo $! > \(s.path)/grandchild; sleep 300"
        let (left, run) = try await Self.watch(
            try Self.definition(command, fields: ["TimeoutSeconds": 1], scratch: s), scratch: s, mark: mark)
        #expect(left.isEmpty, "processes of the timed-out command still alive: \(left)")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("States.Timeout"), "\(run.stdout)")
    }

    @Test func setsidGrandchildEndsWithTheCommandThatStartedIt() async throws {
        let s = try Scratch()
        let mark = ProcessScan.marker()
        defer { ProcessScan.killAll(mark) }
        // The command succeeds at once, leaving a sleep in its group and one in a session of its own.
        let command =
            ProcessScan.export(mark)
            + "sleep 300 & setsid sleep 300 </dev/null >/dev/null 2>&1 & echo $! > \(s.path)/grandchild; echo '{}'"
        let (left, run) = try await Self.watch(
            try Self.definition(command, fields: [:], scratch: s), scratch: s, mark: mark)
        #expect(left.isEmpty, "processes the finished command left are still alive: \(left)")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try await ProcessScan.waitUntilGone(mark, seconds: 5).isEmpty)
    }

    @Test func cancelledBranchTakesItsSetsidGrandchildWithIt() async throws {
        let s = try Scratch()
        let mark = ProcessScan.marker()
        defer { ProcessScan.killAll(mark) }
        let sleeper =
            ProcessScan.export(mark) + "setsid sleep 300 & echo $! > \(s.path)/grandchild; sleep 300"
        let parallel: [String: Any] = [
            "Type": "Parallel", "Next": "Hold",
            "Catch": [["ErrorEquals": ["States.ALL"], "ResultPath": "$.caught", "Next": "Hold"]],
            "Branches": [
                ["StartAt": "S", "States": ["S": ["Type": "Task", "Resource": "shell:" + sleeper, "End": true]]],
                [
                    "StartAt": "Wait",
                    "States": [
                        "Wait": [
                            "Type": "Task", "Resource": "shell:while [ ! -s \(s.path)/grandchild ]; do sleep 0.1; done",
                            "Next": "Boom",
                        ],
                        "Boom": ["Type": "Fail", "Error": "Boom"],
                    ],
                ],
            ],
        ]
        let hold: [String: Any] = [
            "Type": "Task", "Resource": "shell:sleep 6; touch \(s.held)", "ResultPath": "$.held", "End": true,
        ]
        let definition = try JSONSerialization.data(withJSONObject: [
            "StartAt": "P", "States": ["P": parallel, "Hold": hold],
        ])
        let (left, run) = try await Self.watch(definition, scratch: s, mark: mark)
        #expect(left.isEmpty, "processes of the cancelled branch still alive: \(left)")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Boom"), "\(run.stdout)")
    }
}
