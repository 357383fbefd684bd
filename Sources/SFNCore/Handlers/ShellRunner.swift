import SFNJSON
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs commands in their own process groups with JSON on stdin, collecting stdout and stderr
/// concurrently, enforcing timeouts and heartbeats, and killing the group on cancellation.
///
/// All running commands share one event-loop thread (`poll(2)`); no Foundation.Process, no thread
/// per command.
public struct ShellRunner: Sendable {
    /// How long a group gets between SIGTERM and SIGKILL.
    public var killGraceSeconds: Double = 1
    /// A command writing more than this to stdout is killed and fails (`sfn run --max-output`):
    /// what a command prints is held in memory, so this bounds the memory one command can take.
    public var maxOutputBytes: Int = ShellRunner.defaultMaxOutputBytes
    /// 256 MiB.
    public static let defaultMaxOutputBytes = 256 << 20
    /// How much of stderr is kept for error causes.
    public var stderrTailBytes: Int = 64 << 10
    /// The variables of this process every command gets, read when it starts: PATH, HOME, LANG,
    /// and SFN_STORE (the store `sfn run` records in, so that a command calling `sfn
    /// task-success` answers through it). Nothing else of this process's environment reaches a
    /// command, so secrets in the host's environment stay there.
    public var inheritedVariables = ["PATH", "HOME", "LANG", "SFN_STORE"]
    /// Variables every command gets, before its own (`ShellCommand.environment`).
    public var environment: [String: String] = [:]
    /// The names of every variable of this process: for the tools sfn itself runs on a task's
    /// behalf (a container runtime needs DOCKER_HOST, DOCKER_CONFIG or XDG_RUNTIME_DIR), as
    /// opposed to a task's own command.
    public static func processVariableNames() -> [String] {
        var names: [String] = []
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") { names.append(String(text[..<equals])) }
            entry += 1
        }
        return names
    }
    /// The environment of one command, as KEY=VALUE strings in a stable order.
    func environment(for command: ShellCommand, heartbeat: Bool) -> [String] {
        if environment.isEmpty && command.environment.isEmpty && !heartbeat {
            return inheritedEnvironment()
        }
        // PATH falls back to the usual directories when unset, as a shell's would.
        var variables = ["PATH": "/usr/local/bin:/usr/bin:/bin"]
        for name in inheritedVariables {
            if let value = getenv(name) { variables[name] = String(cString: value) }
        }
        variables.merge(environment) { _, granted in granted }
        variables.merge(command.environment) { _, granted in granted }
        if heartbeat { variables[Self.heartbeatEnvironmentVariable] = String(ProcessSpawn.heartbeatChildFD) }
        return variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    }
    /// `environment(for:heartbeat:)` when only inherited variables are given (a `shell:` task's
    /// usual case): the same list, without a dictionary built, merged and sorted per command.
    private func inheritedEnvironment() -> [String] {
        var pairs: [(name: String, value: String)] = []
        pairs.reserveCapacity(inheritedVariables.count + 1)
        for name in inheritedVariables where !pairs.contains(where: { $0.name == name }) {
            if let value = getenv(name) { pairs.append((name, String(cString: value))) }
        }
        if !pairs.contains(where: { $0.name == "PATH" }) { pairs.append(("PATH", "/usr/local/bin:/usr/bin:/bin")) }
        pairs.sort { $0.name < $1.name }
        return pairs.map { $0.name + "=" + $0.value }
    }
    /// The process groups of this runner's commands; copies of the runner share it.
    public var supervisor = ProcessSupervisor()

    /// Name of the environment variable that tells a command its heartbeat fd (set only when the
    /// state has HeartbeatSeconds). Every write to that fd counts as a heartbeat.
    public static let heartbeatEnvironmentVariable = "SFN_HEARTBEAT_FD"

    public init() {}

    /// Runs `command` with `input` on stdin. Spawn failures throw States.TaskFailed; everything
    /// else, including timeouts and cancellation, is reported in the outcome.
    public func run(
        _ command: ShellCommand, input: [UInt8], timeoutSeconds: Double? = nil,
        heartbeatSeconds: Double? = nil, stderrLine: (@Sendable (String) -> Void)? = nil
    ) async throws(StatesError) -> ShellOutcome {
        let control = RunControl()
        let result: Result<ShellOutcome, StatesError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let started = start(
                    command, input: input, timeoutSeconds: timeoutSeconds,
                    heartbeatSeconds: heartbeatSeconds, control: control, stderrLine: stderrLine
                ) { ended in
                    continuation.resume(returning: ended)
                }
                if case .failure(let e) = started { continuation.resume(returning: .failure(e)) }
            }
        } onCancel: {
            control.cancel()
            ProcessEventLoop.shared.wake()
        }
        return try result.get()
    }

    /// Spawns the command, or asks the supervisor process to, and hands it to the event loop,
    /// which calls `completion` once: with the outcome, or with the error of a spawn that the
    /// supervisor's reaper could not make. When this returns a failure, nothing runs and
    /// `completion` is not called.
    func start(
        _ command: ShellCommand, input: [UInt8], timeoutSeconds: Double?, heartbeatSeconds: Double?,
        control: RunControl, stderrLine: (@Sendable (String) -> Void)? = nil,
        completion: @escaping @Sendable (Result<ShellOutcome, StatesError>) -> Void
    ) -> Result<Void, StatesError> {
        ProcessSpawn.ignoreSIGPIPE
        // A signal from now on has a command to end: its handler thread must run.
        SupervisorSignals.commandStarting()
        guard let (inR, inW) = ProcessSpawn.makePipe() else { return .failure(spawnError(command, SpawnErrno(errno))) }
        guard let (outR, outW) = ProcessSpawn.makePipe() else {
            close(inR); close(inW)
            return .failure(spawnError(command, SpawnErrno(errno)))
        }
        guard let (errR, errW) = ProcessSpawn.makePipe() else {
            close(inR); close(inW); close(outR); close(outW)
            return .failure(spawnError(command, SpawnErrno(errno)))
        }
        var hbPipe: (Int32, Int32)?
        if heartbeatSeconds != nil { hbPipe = ProcessSpawn.makePipe() }

        let environment: [String]? = environment(for: command, heartbeat: hbPipe != nil)

        let start = HandlerClock.now()
        // Under a supervisor process the command is a reaper's child; its pid, then its exit
        // status, come on the reaper's socket, read by the event loop (`ProcessRun`).
        var reaper: ProcessRun.Reaper?
        if let link = supervisor.link(),
            let socket = link.spawn(
                argv: command.argv, searchPath: !command.usesShell, environment: environment,
                workingDirectory: command.workingDirectory,
                stdin: inR, stdout: outW, stderr: errW, heartbeat: hbPipe?.1)
        {
            reaper = ProcessRun.Reaper(socket: socket, pool: link.reapers)
        }
        var pid: pid_t = 0
        if reaper == nil {
            let spawned = ProcessSpawn.spawn(
                argv: command.argv, searchPath: !command.usesShell, environment: environment,
                workingDirectory: command.workingDirectory,
                stdin: inR, stdout: outW, stderr: errW, heartbeat: hbPipe?.1)
            switch spawned {
            case .success(let p): pid = p
            case .failure(let e):
                close(inR); close(outW); close(errW); close(inW); close(outR); close(errR)
                if let hb = hbPipe { close(hb.0); close(hb.1) }
                return .failure(spawnError(command, e))
            }
        }
        close(inR); close(outW); close(errW)
        if let hb = hbPipe { close(hb.1) }
        if pid > 0 {
            if !supervisor.register(pid) { kill(-pid, SIGKILL) }
            if control.attach(pid) { kill(-pid, SIGTERM) }
        }

        let io = ProcessIO(
            stdin: inW, stdout: outR, stderr: errR, heartbeat: hbPipe?.0, input: input,
            stderrTailBytes: stderrTailBytes, stderrLines: stderrLine.map(StderrLineSplitter.init))
        let run = ProcessRun(
            pid: pid, reaper: reaper, io: io, control: control, supervisor: supervisor,
            start: start,
            timeoutSeconds: timeoutSeconds, heartbeatSeconds: heartbeatSeconds,
            killGraceSeconds: killGraceSeconds, maxOutputBytes: maxOutputBytes
        ) { [command] ended in
            completion(ended.mapError { spawnError(command, $0) })
        }
        ProcessEventLoop.shared.add(run)
        return .success(())
    }

    private func spawnError(_ command: ShellCommand, _ e: SpawnErrno) -> StatesError {
        StatesError(
            "States.TaskFailed",
            "The command '\(command.line)' " + (e.afterStart ? "was lost: " : "could not be started: ") + "\(e)")
    }
}

/// Cancellation state shared between a run's thread and the task's cancellation handler.
final class RunControl: Sendable {
    private struct State { var pid: pid_t?; var cancelled = false }
    private let state = Mutex(State())

    var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Records the running pid; returns true if cancellation already happened.
    func attach(_ pid: pid_t) -> Bool {
        state.withLock {
            $0.pid = pid; return $0.cancelled
        }
    }

    /// Forgets the pid before it is reaped, so no signal can reach a recycled id.
    func detach() { state.withLock { $0.pid = nil } }

    func cancel() {
        state.withLock { s in
            s.cancelled = true
            if let pid = s.pid { kill(-pid, SIGTERM) }
        }
    }
}
