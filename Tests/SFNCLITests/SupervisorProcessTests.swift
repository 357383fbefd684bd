import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Through the built binary: `kill -9` of sfn leaves no process of its run behind, not even a
/// grandchild that moved to a session of its own with `setsid`, nor the supervisor process.
@Suite(.serialized) struct SupervisorProcessTests {
    /// The parent of `pid` from /proc, nil once it is gone (or a zombie, which runs nothing).
    static func parent(of pid: pid_t) -> pid_t? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 1, fields[0] != "Z" else { return nil }
        return pid_t(fields[1])
    }

    static func alive(_ pid: pid_t) -> Bool { parent(of: pid) != nil }

    /// Every live process below `root`.
    static func descendants(of root: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        let links = entries.compactMap { pid_t($0) }.compactMap { p in parent(of: p).map { (p, $0) } }
        var result: [pid_t] = []
        var frontier: Set<pid_t> = [root]
        while !frontier.isEmpty {
            let next = links.filter { frontier.contains($0.1) }.map(\.0)
            result += next
            frontier = Set(next)
        }
        return result
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/stat"), "needs /proc (Linux)"))
    func killMinusNineOfSfnLeavesNoProcessOfItsRun() async throws {
        let binary = try #require(CLI.binary, "the sfn binary was not built")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-sup-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The command starts a grandchild in a new session (out of the command's process group,
        // which is all that ending a command kills), records its pid, then waits.
        let command = "shell:setsid sleep 300 & echo $! > \(dir)/grandchild; sleep 300"
        let def = #"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\#(command)", "End": true}}}"#
        try def.write(toFile: dir + "/def.json", atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = binary
        p.arguments = ["run", dir + "/def.json"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let sfn = p.processIdentifier
        var grandchild: pid_t?
        for _ in 0..<400 where grandchild == nil {
            try await Task.sleep(nanoseconds: 25_000_000)
            grandchild = (try? String(contentsOfFile: dir + "/grandchild", encoding: .utf8)).flatMap {
                pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        let setsidChild = try #require(grandchild, "the command never started its grandchild")
        let tree = Self.descendants(of: sfn)
        // sfn, its supervisor, the shell, its sleep and the setsid sleep.
        #expect(tree.count >= 4, "the run's processes: \(tree)")
        #expect(tree.contains(setsidChild), "the setsid grandchild stays below sfn (the supervisor is its subreaper)")
        kill(sfn, SIGKILL)
        p.waitUntilExit()
        var left = tree.filter(Self.alive)
        for _ in 0..<200 where !left.isEmpty {
            try await Task.sleep(nanoseconds: 25_000_000)
            left = tree.filter(Self.alive)
        }
        #expect(left.isEmpty, "processes of the run still alive after kill -9 of sfn: \(left)")
        for pid in left { kill(pid, SIGKILL) }
    }

    /// The commands of a Map run one at a time are all children of one reaper: a reaper is kept
    /// for the next command once its command has ended and what it left has been killed.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/stat"), "needs /proc (Linux)"))
    func commandsRunOneAtATimeShareOneReaper() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-reap-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Each command prints its parent's pid and leaves a process in a session of its own,
        // which must be gone before the next command starts under the same reaper.
        let command = "shell:setsid sleep 300 </dev/null >/dev/null 2>&1 & echo $! >> \(dir)/left; echo $PPID"
        let def = #"""
            {"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 1, "End": true,
              "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "P",
                "States": {"P": {"Type": "Task", "Resource": "\#(command)", "End": true}}}}}}
            """#
        try def.write(toFile: dir + "/def.json", atomically: true, encoding: .utf8)
        let run = try await CLI.run(["run", dir + "/def.json", "--input", "[1, 2, 3, 4, 5, 6]", "--compact"])
        #expect(run.status == 0, "\(run.stderr)")
        let parents = run.stdout.trimmingCharacters(in: CharacterSet(charactersIn: "[]\n")).split(separator: ",")
        #expect(parents.count == 6, "\(run.stdout)")
        #expect(Set(parents).count == 1, "one reaper for commands run one at a time: \(run.stdout)")
        let left = ((try? String(contentsOfFile: dir + "/left", encoding: .utf8)) ?? "").split(separator: "\n")
            .compactMap { pid_t($0) }
        #expect(left.count == 6)
        #expect(left.filter(Self.alive).isEmpty, "what the commands left is still alive: \(left)")
        for pid in left { kill(pid, SIGKILL) }
    }
}
