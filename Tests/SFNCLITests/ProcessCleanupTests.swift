import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// End to end through the built binary: whatever way an execution ends, no command it started is
/// left running. Each command writes its process group id to a file, then holds the group open
/// with background and foreground sleeps far longer than the test.
@Suite(.serialized) struct ProcessCleanupTests {
    /// A scratch directory with a file each command writes its group id into.
    final class Scratch: Sendable {
        let path: String
        init() throws {
            path =
                FileManager.default.temporaryDirectory.appendingPathComponent("sfn-cleanup-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }

        /// A command that records its group in `name` and then sleeps (two sleeps: one in the
        /// background, so killing only the leader would leave a process behind).
        func sleeper(_ name: String) -> String { "shell:echo $$ > \(path)/\(name); sleep 300 & sleep 300" }

        func groups() -> [pid_t] {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            return files.compactMap { f in
                (try? String(contentsOfFile: path + "/" + f, encoding: .utf8)).flatMap {
                    pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines))
                }
            }
        }

        func write(_ text: String, _ name: String) throws -> String {
            let p = path + "/" + name
            try text.write(toFile: p, atomically: true, encoding: .utf8)
            return p
        }
    }

    /// True while any process of group `g` is alive and not a zombie.
    static func groupAlive(_ g: pid_t) -> Bool {
        guard kill(-g, 0) == 0 else { return false }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return true }
        for e in entries where pid_t(e) != nil {
            guard let stat = try? String(contentsOfFile: "/proc/\(e)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 2, fields[2] == Substring(String(g)), fields[0] != "Z" { return true }
        }
        return false
    }

    /// Waits (up to 20 s) until every recorded group is gone.
    static func expectAllGone(_ groups: [pid_t]) async throws {
        for _ in 0..<400 {
            if !groups.contains(where: groupAlive) { return }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        Issue.record("process groups still alive: \(groups.filter(groupAlive))")
        for g in groups { kill(-g, SIGKILL) }
    }

    @Test func failingParallelBranchStopsTheOtherBranchesCommands() async throws {
        guard CLI.binary != nil else { Issue.record("sfn binary not built"); return }
        let s = try Scratch()
        let def = """
            {"StartAt": "Fan", "States": {"Fan": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "Slow1", "States": {"Slow1": {"Type": "Task", "Resource": "\(s.sleeper("a"))", "End": true}}},
              {"StartAt": "Slow2", "States": {"Slow2": {"Type": "Task", "Resource": "\(s.sleeper("b"))", "End": true}}},
              {"StartAt": "Settle", "States": {
                "Settle": {"Type": "Task", "Resource": "shell:sleep 1; echo 1", "Next": "Boom"},
                "Boom": {"Type": "Fail", "Error": "Boom", "Cause": "the third branch failed"}}}
            ]}}}
            """
        let r = try await CLI.run(["run", try s.write(def, "def.json")], timeout: 120)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("\"Boom\""))
        #expect(s.groups().count == 2, "both sleepers should have started")
        try await Self.expectAllGone(s.groups())
    }

    @Test func taskTimeoutStopsTheWholeGroup() async throws {
        guard CLI.binary != nil else { Issue.record("sfn binary not built"); return }
        let s = try Scratch()
        let def =
            #"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\#(s.sleeper("t"))", "TimeoutSeconds": 1, "End": true}}}"#
        let r = try await CLI.run(["run", try s.write(def, "def.json")], timeout: 120)
        #expect(r.status == 1)
        #expect(r.stderr.contains("States.Timeout"))
        try await Self.expectAllGone(s.groups())
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func signalToSfnRunStopsEveryCommandAndReportsAborted(signal: Int32) async throws {
        guard let binary = CLI.binary else { Issue.record("sfn binary not built"); return }
        let s = try Scratch()
        let def = """
            {"StartAt": "Fan", "States": {"Fan": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "\(s.sleeper("a"))", "End": true}}},
              {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "\(s.sleeper("b"))", "End": true}}}
            ]}}}
            """
        let p = Process()
        p.executableURL = binary
        p.arguments = ["run", try s.write(def, "def.json")]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        // Wait until both commands have started.
        for _ in 0..<400 where s.groups().count < 2 { try await Task.sleep(nanoseconds: 50_000_000) }
        #expect(s.groups().count == 2, "the commands never started")
        kill(p.processIdentifier, signal)
        p.waitUntilExit()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(p.terminationReason == .exit && p.terminationStatus == 128 + signal, "status \(p.terminationStatus)")
        #expect(stderr.contains("\"ABORTED\""), "\(stderr)")
        try await Self.expectAllGone(s.groups())
    }
}
