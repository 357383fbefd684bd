import SFNJSON
import Synchronization
import Testing

@testable import SFNCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process supervision: timeouts, heartbeats, cancellation and terminateAll must leave no process
/// of the command's group behind.
@Suite struct ShellProcessTests {
    /// A temp file the command writes its process group id into.
    final class PidFile: Sendable {
        let path = "/tmp/sfn-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).pid"
        func read() -> pid_t? {
            guard let f = fopen(path, "r") else { return nil }
            defer { fclose(f) }
            var v: Int32 = 0
            return scanInt(f, &v) ? v : nil
        }
        deinit { unlink(path) }
    }

    /// A fresh directory under /tmp, removed with its files when released.
    final class TemporaryDirectory: Sendable {
        let path: String
        init() throws {
            var template = Array("/tmp/sfn-test-XXXXXX".utf8CString)
            guard let p = mkdtemp(&template) else { throw StatesError("mkdtemp failed") }
            path = String(cString: p)
        }
        deinit {
            if let dir = opendir(path) {
                while let entry = readdir(dir) {
                    let name = withUnsafeBytes(of: entry.pointee.d_name) {
                        String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self)
                    }
                    if name != "." && name != ".." { unlink(path + "/" + name) }
                }
                closedir(dir)
            }
            rmdir(path)
        }
    }

    /// True while any live (non-zombie) process of group `g` exists. `kill(-g, 0)` is not enough:
    /// killed orphans stay zombies until PID 1 gets round to reaping them.
    static func groupAlive(_ g: pid_t) -> Bool {
        guard kill(-g, 0) == 0 else { return false }
        // Without /proc (macOS) zombies cannot be told apart; kill's answer has to do.
        guard let dir = opendir("/proc") else { return true }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard Int32(name) != nil, let f = fopen("/proc/\(name)/stat", "r") else { continue }
            var buf = [CChar](repeating: 0, count: 512)
            let line = fgets(&buf, 512, f).map { _ in String(cString: buf) } ?? ""
            fclose(f)
            // pid (comm) state ppid pgrp ...: split after the last ')'.
            guard let close = line.lastIndex(of: ")") else { continue }
            let fields = line[line.index(after: close)...].split(separator: " ")
            if fields.count > 2, fields[2] == String(g), fields[0] != "Z" { return true }
        }
        return false
    }

    /// The group must be gone promptly (it was SIGKILLed or SIGTERMed before `run` returned).
    static func expectGone(_ g: pid_t?) async throws {
        let g = try #require(g, "the command never wrote its pid")
        var tries = 0
        while groupAlive(g), tries < 100 {
            tries += 1
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        #expect(!groupAlive(g), "process group \(g) survived")
    }

    /// Polls `condition` every 5 ms for up to 2 s.
    static func waitFor(_ condition: () -> Bool) async throws {
        var tries = 0
        while !condition(), tries < 400 {
            tries += 1
            try await Task.sleep(nanoseconds: 5_000_000)
        }
    }

    func runner(_ supervisor: ProcessSupervisor = ProcessSupervisor()) -> ShellRunner {
        var r = ShellRunner()
        r.killGraceSeconds = 0.2
        r.supervisor = supervisor
        return r
    }

    @Test func timeoutKillsTheWholeGroup() async throws {
        let pid = PidFile()
        let sup = ProcessSupervisor()
        let handler = ShellTaskHandler(
            command: ShellCommand("echo $$ > \(pid.path); sleep 100 & sleep 100"), runner: runner(sup))
        let start = HandlerClock.now()
        do {
            _ = try await handler.run(input: nil, timeoutSeconds: 0.3, heartbeatSeconds: nil);
            Issue.record("no timeout")
        } catch {
            #expect(error.error == "States.Timeout")
        }
        #expect(HandlerClock.now() - start < 50, "it waited for the 100-second sleep")
        try await Self.expectGone(pid.read())
        #expect(sup.runningGroups.isEmpty)
    }

    @Test func sigtermIgnoringCommandGetsSigkill() async throws {
        let pid = PidFile()
        let handler = ShellTaskHandler(
            command: ShellCommand("trap '' TERM; echo $$ > \(pid.path); sleep 100 & sleep 100"), runner: runner())
        let start = HandlerClock.now()
        do {
            _ = try await handler.run(input: nil, timeoutSeconds: 0.2, heartbeatSeconds: nil);
            Issue.record("no timeout")
        } catch {
            #expect(error.error == "States.Timeout")
        }
        #expect(HandlerClock.now() - start < 50, "it waited for the 100-second sleep")
        try await Self.expectGone(pid.read())
    }

    @Test func backgroundJobsDoNotOutliveTheTask() async throws {
        let pid = PidFile()
        // The leader exits at once; the background sleep holds stdout open.
        let handler = ShellTaskHandler(
            command: ShellCommand("echo $$ > \(pid.path); sleep 100 & echo 5"), runner: runner())
        let start = HandlerClock.now()
        #expect(try await handler.run(input: nil, timeoutSeconds: nil, heartbeatSeconds: nil) == 5)
        #expect(HandlerClock.now() - start < 50, "it waited for the 100-second sleep")
        try await Self.expectGone(pid.read())
    }

    @Test func escapedHoldersOfThePipesDoNotHangTheTask() async throws {
        // setsid puts the sleeper outside the group, still holding stdout; the task must end anyway,
        // long before the sleeper would (the bound is far from any machine's speed).
        let pid = PidFile()
        let line = "setsid sh -c 'echo $$ > \(pid.path); exec sleep 120' & echo 1"
        let handler = ShellTaskHandler(command: ShellCommand(line), runner: runner())
        let start = HandlerClock.now()
        #expect(try await handler.run(input: nil, timeoutSeconds: nil, heartbeatSeconds: nil) == 1)
        #expect(HandlerClock.now() - start < 60, "the task waited for a process outside its group")
        try await Self.waitFor { pid.read() != nil }
        if let p = pid.read() { kill(p, SIGKILL) }
    }

    @Test func hostDescriptorsAreNotInherited() async throws {
        // An fd the host opened without close-on-exec must not show up in the command.
        let fd = open("/dev/null", O_RDONLY)
        defer { close(fd) }
        let handler = ShellTaskHandler(
            command: ShellCommand("test -e /dev/fd/\(fd) && echo true || echo false"), runner: runner())
        #expect(try await handler.run(input: nil, timeoutSeconds: nil, heartbeatSeconds: nil) == false)
    }

    @Test func cancellationKillsTheGroup() async throws {
        let pid = PidFile()
        let sup = ProcessSupervisor()
        let handler = ShellTaskHandler(
            command: ShellCommand("echo $$ > \(pid.path); sleep 100 & sleep 100"), runner: runner(sup))
        let task = Task { () async throws(StatesError) -> JSONValue in
            try await handler.run(input: nil, timeoutSeconds: nil, heartbeatSeconds: nil)
        }
        try await Self.waitFor { pid.read() != nil }
        let start = HandlerClock.now()
        task.cancel()
        let result = await task.result
        #expect(HandlerClock.now() - start < 50, "it waited for the 100-second sleep")
        guard case .failure(let err) = result, let e = err as? StatesError else {
            Issue.record("cancelled task succeeded"); return
        }
        #expect(e == StatesError.cancelled)
        try await Self.expectGone(pid.read())
        #expect(sup.runningGroups.isEmpty)
    }

    @Test func cancelledBeforeStartRunsNothing() async throws {
        let task = Task { () async throws(StatesError) -> JSONValue in
            while !Task.isCancelled { await Task.yield() }
            return try await TaskDispatcher().invoke(
                TaskRequest(resource: "shell:sleep 100", stateName: "S", input: nil))
        }
        task.cancel()
        guard case .failure(let err) = await task.result, let e = err as? StatesError else {
            Issue.record("expected cancellation"); return
        }
        #expect(e.error.rawValue == StatesError.cancelledName)
    }

    @Test func silentCommandHitsHeartbeatTimeout() async throws {
        let pid = PidFile()
        let handler = ShellTaskHandler(command: ShellCommand("echo $$ > \(pid.path); sleep 100"), runner: runner())
        do {
            _ = try await handler.run(input: nil, timeoutSeconds: 5, heartbeatSeconds: 0.3);
            Issue.record("no heartbeat timeout")
        } catch {
            #expect(error.error == "States.HeartbeatTimeout")
        }
        try await Self.expectGone(pid.read())
    }

    @Test func heartbeatsKeepACommandAlive() async throws {
        // Runs ~0.8 s with a heartbeat every 0.1 s under a 0.3 s HeartbeatSeconds.
        let line = "for i in 1 2 3 4 5 6 7 8; do sleep 0.1; echo . >&$SFN_HEARTBEAT_FD; done; echo '\"done\"'"
        let handler = ShellTaskHandler(command: ShellCommand(line), runner: runner())
        #expect(try await handler.run(input: nil, timeoutSeconds: 5, heartbeatSeconds: 0.3) == "done")
    }

    @Test func heartbeatVariableOnlyWithHeartbeatSeconds() async throws {
        let handler = ShellTaskHandler(
            command: ShellCommand("echo \"\\\"${SFN_HEARTBEAT_FD:-none}\\\"\""), runner: runner())
        #expect(try await handler.run(input: nil, timeoutSeconds: nil, heartbeatSeconds: nil) == "none")
        #expect(try await handler.run(input: nil, timeoutSeconds: nil, heartbeatSeconds: 10) == "3")
    }

    @Test func signalHandlersTerminateEverything() async throws {
        // SIGHUP only: the test process keeps its usual SIGINT/SIGTERM behaviour for the others.
        let sup = ProcessSupervisor()
        let got = Mutex<Int32?>(nil)
        sup.installTerminationHandlers(signals: [SIGHUP]) { sig in got.withLock { $0 = sig } }
        let pid = PidFile()
        let h = ShellTaskHandler(
            command: ShellCommand("echo $$ > \(pid.path); sleep 100 & sleep 100"), runner: runner(sup))
        let task = Task { () async throws(StatesError) -> JSONValue in
            try await h.run(input: nil, timeoutSeconds: nil, heartbeatSeconds: nil)
        }
        try await Self.waitFor { pid.read() != nil && !sup.runningGroups.isEmpty }
        kill(getpid(), SIGHUP)
        try await Self.waitFor { got.withLock { $0 } != nil }
        #expect(got.withLock { $0 } == SIGHUP)
        _ = await task.result
        try await Self.expectGone(pid.read())
        #expect(sup.runningGroups.isEmpty)
    }

    @Test func manyCommandsRunAtOnce() async throws {
        // 60 commands that each wait until all 60 have started: they finish only if they really run
        // at the same time (a pool sized to the cores would leave most unstarted and time out).
        let barrier = try TemporaryDirectory()
        let wait = "touch \(barrier.path)/$$; while [ $(ls \(barrier.path) | wc -l) -lt 60 ]; do sleep 0.05; done; cat"
        let results = try await withThrowingTaskGroup(of: JSONValue.self) { group in
            for i in 0..<60 {
                let h = ShellTaskHandler(command: ShellCommand(wait), runner: runner())
                group.addTask { try await h.run(input: .int(i), timeoutSeconds: 60, heartbeatSeconds: nil) }
            }
            var all: [JSONValue] = []
            for try await r in group { all.append(r) }
            return all
        }
        #expect(Set(results.compactMap(\.intValue)) == Set(0..<60))
    }

    @Test func endlessOutputIsCutOff() async throws {
        var r = runner()
        r.maxOutputBytes = 1 << 20
        let handler = ShellTaskHandler(command: ShellCommand("yes"), runner: r)
        do {
            _ = try await handler.run(input: nil, timeoutSeconds: 10, heartbeatSeconds: nil);
            Issue.record("yes finished")
        } catch {
            #expect(error.error == "States.TaskFailed")
            #expect(error.cause?.contains("more than 1048576 bytes") == true)
        }
    }

    @Test func terminateAllStopsEveryRunningGroup() async throws {
        let sup = ProcessSupervisor()
        let files = [PidFile(), PidFile(), PidFile()]
        let tasks = files.map { f in
            let h = ShellTaskHandler(
                command: ShellCommand("echo $$ > \(f.path); sleep 100 & sleep 100"), runner: runner(sup))
            return Task { () async throws(StatesError) -> JSONValue in
                try await h.run(input: nil, timeoutSeconds: nil, heartbeatSeconds: nil)
            }
        }
        for f in files { try await Self.waitFor { f.read() != nil } }
        try await Self.waitFor { sup.runningGroups.count == 3 }
        #expect(sup.runningGroups.count == 3)
        sup.terminateAll(graceSeconds: 0.5)
        for t in tasks {
            guard case .failure(let err) = await t.result, let e = err as? StatesError else {
                Issue.record("terminated task succeeded"); continue
            }
            #expect(e.error == "States.TaskFailed")
            #expect(e.cause?.contains("signal") == true)
        }
        for f in files { try await Self.expectGone(f.read()) }
        #expect(sup.runningGroups.isEmpty)
        // While terminating, new commands are killed as they start.
        let late = ShellTaskHandler(command: ShellCommand("sleep 100"), runner: runner(sup))
        await #expect(throws: StatesError.self) {
            _ = try await late.run(input: nil, timeoutSeconds: 5, heartbeatSeconds: nil)
        }
        sup.resume()
        let again = ShellTaskHandler(command: ShellCommand("echo 1"), runner: runner(sup))
        #expect(try await again.run(input: nil, timeoutSeconds: nil, heartbeatSeconds: nil) == 1)
    }

    @Test func eachExecutionStopsOnlyItsOwnCommands() async throws {
        var first = TaskDispatcher()
        first.runner.killGraceSeconds = 0.2
        let second = first.forNewExecution()
        let branch = first
        // Copies within an execution share its supervisor; another execution has its own.
        #expect(branch.runner.supervisor === first.runner.supervisor)
        #expect(second.runner.supervisor !== first.runner.supervisor)
        let ownA = PidFile()
        let ownB = PidFile()
        let release = PidFile()
        func start(_ d: TaskDispatcher, _ pid: PidFile) -> Task<JSONValue, any Error> {
            let line = "shell:echo $$ > \(pid.path); while [ ! -e \(release.path) ]; do sleep 0.05; done; echo 7"
            return Task { try await d.invoke(TaskRequest(resource: line, stateName: "S", input: [:])) }
        }
        let a = start(branch, ownA)
        let b = start(second, ownB)
        try await Self.waitFor { ownA.read() != nil && ownB.read() != nil }
        try await Self.waitFor { first.runner.supervisor.runningGroups.count == 1 }
        try await Self.waitFor { second.runner.supervisor.runningGroups.count == 1 }
        #expect(first.runner.supervisor.runningGroups == [try #require(ownA.read())])
        #expect(second.runner.supervisor.runningGroups == [try #require(ownB.read())])

        first.runner.supervisor.terminateAll(graceSeconds: 0.5)
        guard case .failure(let error) = await a.result, let e = error as? StatesError else {
            Issue.record("the terminated command succeeded")
            return
        }
        #expect(e.error == "States.TaskFailed")
        try await Self.expectGone(ownA.read())
        #expect(Self.groupAlive(try #require(ownB.read())), "the other execution's command was stopped too")
        #expect(second.runner.supervisor.runningGroups.count == 1)
        fclose(fopen(release.path, "w"))
        #expect(try await b.value == 7)
    }
}

private func scanInt(_ f: UnsafeMutablePointer<FILE>, _ v: inout Int32) -> Bool {
    var buf = [CChar](repeating: 0, count: 32)
    guard fgets(&buf, 32, f) != nil else { return false }
    let s = String(cString: buf).filter { $0.isNumber }
    guard let n = Int32(s) else { return false }
    v = n
    return true
}
