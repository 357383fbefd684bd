import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// sfn sends each command straight to a free reaper of its own and asks the supervisor only for
/// new reapers: the reapers it keeps, one that dies mid-command, and the end of everything when
/// sfn is killed while several commands run.
extension SupervisorProcessTests {
    static var procAvailable: Bool { FileManager.default.fileExists(atPath: "/proc/self/stat") }

    static func scratch(_ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// An inline Map running `task` (a Task state's JSON) `concurrency` at a time; `caught`
    /// adds the state "C" a Catch goes to.
    static func map(_ task: String, concurrency: Int, caught: Bool = false) -> String {
        let catchState = caught ? #", "C": {"Type": "Pass", "End": true}"# : ""
        return
            #"""
            {"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": \#(concurrency), "End": true,
              "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "P",
                "States": {"P": \#(task)\#(catchState)}}}}}
            """#
    }

    static func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Commands run three at a time are children of three reapers at most: a reaper is free
    /// again, for sfn's next request, once sfn has read its command's status.
    @Test(.enabled(if: procAvailable, "needs /proc (Linux)"))
    func commandsRunThreeAtATimeUseThreeReapersAtMost() async throws {
        let dir = try Self.scratch("reapers")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let def = Self.map(#"{"Type": "Task", "Resource": "shell:echo $PPID", "End": true}"#, concurrency: 3)
        try def.write(toFile: dir + "/def.json", atomically: true, encoding: .utf8)
        let input = "[" + (1...24).map(String.init).joined(separator: ",") + "]"
        let run = try await CLI.run(["run", dir + "/def.json", "--input", input, "--compact"])
        #expect(run.status == 0, "\(run.stderr)")
        let parents = run.stdout.trimmingCharacters(in: CharacterSet(charactersIn: "[]\n")).split(separator: ",")
        #expect(parents.count == 24, "\(run.stdout)")
        #expect((1...3).contains(Set(parents).count), "reapers for commands run three at a time: \(run.stdout)")
    }

    /// A reaper killed while its command runs fails that Task with a cause that says so, and is
    /// not asked again: the next commands run under a new reaper.
    @Test(.enabled(if: procAvailable, "needs /proc (Linux)"))
    func aReaperKilledMidCommandFailsItsTaskAndIsNotReused() async throws {
        let dir = try Self.scratch("reaper-killed")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The second item's command kills its own parent, the reaper, then goes on a little. It
        // waits first: the reaper says the command's pid only once the command has started.
        let command =
            #"shell:read -r x; if [ \"$x\" = 2 ]; then sleep 0.2; kill -9 $PPID; sleep 0.3; fi; echo $PPID"#
        let task = #"""
            {"Type": "Task", "Resource": "\#(command)", "End": true,
             "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "C"}]}
            """#
        try Self.map(task, concurrency: 1, caught: true).write(
            toFile: dir + "/def.json", atomically: true, encoding: .utf8)
        let run = try await CLI.run(["run", dir + "/def.json", "--input", "[1, 2, 3, 4]", "--compact"])
        #expect(run.status == 0, "\(run.stderr)")
        let output = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [Any]
        let items = try #require(output, "\(run.stdout)")
        try #require(items.count == 4, "\(run.stdout)")
        let first = items[0] as? Int
        let caught = items[1] as? [String: Any]
        let error = caught?["Error"] as? String
        #expect(error == "States.TaskFailed", "\(items[1])")
        let cause = (caught?["Cause"] as? String) ?? ""
        #expect(cause.contains("was lost: the reaper process that ran it has ended"), "\(cause)")
        let (third, fourth) = (items[2] as? Int, items[3] as? Int)
        #expect(first != nil && third != nil && third != first, "a new reaper after the killed one: \(run.stdout)")
        #expect(third == fourth, "the new reaper is kept: \(run.stdout)")
    }

    /// Starts `def` (commands that export `marker` and write a line to `dir/started` once
    /// running), waits for `count` lines, and returns sfn's process and every process below it.
    static func startRun(_ def: String, dir: String, count: Int) async throws -> (Process, [pid_t]) {
        let binary = try #require(CLI.binary, "the sfn binary was not built")
        try def.write(toFile: dir + "/def.json", atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = binary
        p.arguments = [
            "run", dir + "/def.json", "--input", "[" + (1...count).map(String.init).joined(separator: ",") + "]",
        ]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        for _ in 0..<400 where lines(dir + "/started").count < count {
            try await Task.sleep(nanoseconds: 25_000_000)
        }
        try #require(lines(dir + "/started").count == count, "the commands did not all start")
        return (p, descendants(of: p.processIdentifier))
    }

    /// Commands that leave a `setsid` process and wait, `count` at once.
    static func waitingCommands(_ marker: String, dir: String, count: Int) -> String {
        let command =
            "shell:" + ProcessScan.export(marker)
            + "setsid sleep 300 </dev/null >/dev/null 2>&1 & echo x >> \(dir)/started; sleep 300"
        return map(#"{"Type": "Task", "Resource": "\#(command)", "End": true}"#, concurrency: count)
    }

    /// `kill -9` of sfn while three commands run, each under its own reaper, leaves none of
    /// them, nothing they started, no reaper and no supervisor.
    @Test(.enabled(if: procAvailable && ProcessScan.available, "needs /proc (Linux)"))
    func killMinusNineWhileSeveralCommandsRunLeavesNothing() async throws {
        let dir = try Self.scratch("kill9-map")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let marker = ProcessScan.marker()
        let (sfn, tree) = try await Self.startRun(Self.waitingCommands(marker, dir: dir, count: 3), dir: dir, count: 3)
        #expect(ProcessScan.marked(marker).count >= 6, "three commands and their setsid sleeps")
        kill(sfn.processIdentifier, SIGKILL)
        sfn.waitUntilExit()
        let left = try await ProcessScan.waitUntilGone(marker, seconds: 5)
        #expect(left.isEmpty, "commands left after kill -9 of sfn: \(left)")
        var rest = tree.filter(Self.alive)
        for _ in 0..<200 where !rest.isEmpty {
            try await Task.sleep(nanoseconds: 25_000_000)
            rest = tree.filter(Self.alive)
        }
        #expect(rest.isEmpty, "processes of the run (reapers, supervisor) still alive: \(rest)")
        for pid in left + rest { kill(pid, SIGKILL) }
    }

    /// With the supervisor killed first (so no SIGUSR1 comes from it), `kill -9` of sfn still
    /// ends every command: each reaper sees its socket to sfn close and kills what it runs.
    @Test(.enabled(if: procAvailable && ProcessScan.available, "needs /proc (Linux)"))
    func reapersEndTheirCommandsWhenSfnGoesAfterTheSupervisor() async throws {
        let dir = try Self.scratch("kill9-reapers")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let marker = ProcessScan.marker()
        let (sfn, tree) = try await Self.startRun(Self.waitingCommands(marker, dir: dir, count: 2), dir: dir, count: 2)
        let supervisor = tree.first { pid in
            Self.parent(of: pid) == sfn.processIdentifier
                && ((try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? "").contains(
                    "__supervise")
        }
        kill(try #require(supervisor, "no supervisor below sfn: \(tree)"), SIGKILL)
        try await Task.sleep(nanoseconds: 100_000_000)
        #expect(ProcessScan.marked(marker).count >= 4, "the commands outlive their supervisor while sfn runs")
        kill(sfn.processIdentifier, SIGKILL)
        sfn.waitUntilExit()
        let left = try await ProcessScan.waitUntilGone(marker, seconds: 5)
        #expect(left.isEmpty, "commands left after kill -9 of the supervisor, then of sfn: \(left)")
        for pid in left { kill(pid, SIGKILL) }
    }
}
