import Foundation
import SFNCore
import SFNJSON
import SFNStore
import Synchronization

/// The store's part of `sfn run`: names the state machine and the execution, opens the store
/// (`--store PATH`, `SFN_STORE`, `.sfn/sfn.db`; `--no-store` skips it) and records the run with a
/// `StoreRecorder`. A store that cannot be opened is one warning; the run goes on without it.
final class RunRecording: Sendable {
    static let flags: Set<String> = ["--no-store"]
    static let values: Set<String> = ["--store", "--retention", "--state-machine", "--state-machine-name"]
    static let defaultRetentionDays = 90.0

    let recorder: StoreRecorder
    private let store: SQLiteExecutionStore
    private let executionArn: String
    /// Set once the execution has started: a stop request then cancels it.
    private let running = Mutex(false)
    /// The recording of this process's run, for the termination signal handler.
    static let current = Mutex<RunRecording?>(nil)

    private init(recorder: StoreRecorder, store: SQLiteExecutionStore, executionArn: String) {
        self.recorder = recorder
        self.store = store
        self.executionArn = executionArn
    }

    /// The events recorded for this run, read back once it has ended; nil when the store cannot
    /// say.
    func recordedEvents() -> [HistoryEvent]? {
        try? store.history(executionArn)
    }

    /// The store path that the store commands and `sfn run` use.
    static func storePath(_ args: Arguments) -> String {
        // getenv, not ProcessInfo's environment: that builds a dictionary of every variable.
        args.values["--store"] ?? getenv("SFN_STORE").flatMap { $0.pointee == 0 ? nil : String(cString: $0) }
            ?? SQLiteExecutionStore.defaultPath
    }

    /// `machineName` is the name when none is given: a template's logical id, else the file's stem.
    /// Sets the state machine and execution names in `options` and starts recording. Returns
    /// `.failure` with the exit status for bad names (after printing why), `.success(nil)` when
    /// nothing is recorded.
    static func begin(
        _ args: Arguments, machineName defaultName: String, definition: String, input: JSONValue,
        supervisor: ProcessSupervisor, options: inout ExecutionOptions
    ) -> Result<RunRecording?, ExitStatus> {
        let machineName = args.values["--state-machine"] ?? args.values["--state-machine-name"] ?? defaultName
        if let problem = ExecutionOptions.nameProblem(machineName) {
            Console.error("sfn run: the state machine name '\(machineName)' is invalid: \(problem)")
            return .failure(ExitStatus(2))
        }
        options.stateMachineName = machineName
        let name = options.executionName ?? UUID().uuidString.lowercased()
        if let problem = ExecutionOptions.nameProblem(name) {
            Console.error("sfn run: the execution name '\(name)' is invalid: \(problem)")
            return .failure(ExitStatus(2))
        }
        options.executionName = name
        var retention = defaultRetentionDays
        if let text = args.values["--retention"] {
            guard let days = Double(text), days >= 0 else {
                Console.error("sfn run: --retention takes a number of days, not '\(text)'")
                return .failure(ExitStatus(2))
            }
            retention = days
        }
        if args.has("--no-store") { return .success(nil) }

        let path = storePath(args)
        let store: SQLiteExecutionStore
        let recorder: StoreRecorder
        let box = Mutex<RunRecording?>(nil)
        // SHA-256 of the definition, once: the record and the Map Run recorder both key it.
        let definitionHash = SQLiteExecutionStore.hash(definition)
        do throws(ExecutionStoreError) {
            store = try SQLiteExecutionStore(path: path)
            // Callback tasks keep their tokens here, for sfn task-success from any process; the
            // commands this run starts answer through the same store when they call sfn.
            options.tasks.callbackStore = store
            setenv("SFN_STORE", path, 1)
            let now = ExecutionOptions.systemNowMillis()
            _ = try store.prune(stoppedBefore: now - retention * 86_400_000, status: nil)
            let machine = try store.stateMachine(named: machineName, creatingWith: definition)
            let record = ExecutionRecord(
                executionArn: options.executionArn(name: name), stateMachineArn: machine.stateMachineArn,
                stateMachineName: machineName, name: name, startDate: now, input: input,
                definitionHash: definitionHash)
            recorder = try StoreRecorder(
                store: store, record: record, definition: definition,
                onStopRequest: { _ in
                    // Cancel first: a command killed before the execution knows it is stopping
                    // would fail its Task, and the execution would end FAILED, not ABORTED.
                    if box.withLock({ $0 })?.running.withLock({ $0 }) == true { MainExecutor.cancelCommand() }
                    supervisor.terminateAll(graceSeconds: 1)
                },
                onError: { error in Console.error("sfn: warning: the store stopped recording this run: \(error)") })
        } catch {
            if error.kind == .executionAlreadyExists {
                Console.error(
                    "sfn run: an execution named '\(name)' exists already for state machine '\(machineName)' in "
                        + "'\(path)' (AWS: ExecutionAlreadyExists); choose another --name")
                return .failure(ExitStatus(2))
            }
            Console.error("sfn: warning: running without the store: \(error)")
            return .success(nil)
        }
        let recording = RunRecording(
            recorder: recorder, store: store, executionArn: options.executionArn(name: name))
        box.withLock { $0 = recording }
        current.withLock { $0 = recording }
        options.observers.append(recorder)
        options.mapRuns = StoreMapRunRecorder(
            store: store, definition: definition, definitionHash: definitionHash
        ) { error in Console.error("sfn: warning: the store did not record a Map Run: \(error)") }
        return .success(recording)
    }

    /// Runs the machine so that a stop request from another process can end it.
    static func run(
        _ machine: StateMachine, input: JSONValue, options: ExecutionOptions, recording: RunRecording?
    ) async -> ExecutionResult {
        guard let recording else { return await machine.run(input: input, options: options) }
        // The execution runs in the command's own task, which a stop request cancels (as
        // `Execution.stop` cancels its task): a task of its own would be created while the main
        // thread is busy, and start the global executor's threads (MainExecutor).
        recording.running.withLock { $0 = true }
        var result = await machine.run(input: input, options: options)
        if result.status == .aborted {
            let record = recording.recorder.record
            result.error = record.error
            result.cause = record.cause ?? "The execution was stopped by sfn stop"
        }
        return result
    }

    /// Closes the record as ABORTED when a termination signal ends the process first.
    static func abandon(cause: String) {
        current.withLock { $0 }?.recorder.abandon(cause: cause)
    }

    /// The state machine a definition file belongs to by default: its name without `.json` and
    /// `.asl`, with characters AWS refuses in names replaced by '-'.
    static func stem(_ file: String) -> String {
        var name = Substring(file.split(separator: "/").last ?? "StateMachine")
        for suffix in [".json", ".yaml", ".yml", ".asl"] where name.hasSuffix(suffix) {
            name = name.dropLast(suffix.count)
        }
        var cleaned = ""
        for scalar in name.unicodeScalars {
            cleaned.unicodeScalars.append(ExecutionOptions.isNameScalar(scalar) ? scalar : "-")
        }
        return cleaned.isEmpty ? "StateMachine" : String(cleaned.prefix(80))
    }
}

/// A process exit status carried through a `Result`.
struct ExitStatus: Error {
    var code: Int32
    init(_ code: Int32) { self.code = code }
}
