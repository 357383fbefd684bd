import Foundation
import SFNCore
import SFNJSON
import SFNStore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `sfn redrive NAME`: RedriveExecution on an execution of the store. In the foreground it
/// prints the output and exits as `sfn run` does; `--detach` starts the redrive in a process of
/// its own and prints RedriveExecution's answer, `{"redriveDate": ...}`, once it has begun.
enum RedriveCommand {
    static let usage = """
        Usage: sfn redrive NAME [--store PATH] [--detach] [--no-wait] [--resources FILE] [--s3-root DIR] [--pretty]

        Restarts a FAILED, TIMED_OUT or ABORTED execution (or one left RUNNING by a killed sfn)
        from the state that did not finish, with its recorded input and variables, as AWS's
        RedriveExecution does: inside a Map or Parallel only the iterations and branches that did
        not succeed run again, and a Distributed Map redrives its Map Run: only the child
        executions that did not succeed (and items never started) run. The history goes on after
        an ExecutionRedriven event, and $$.Execution.RedriveCount counts up. NAME is an execution
        name, a unique prefix of one, or its ARN.

        Options:
          --store PATH   The store (default: $SFN_STORE, else .sfn/sfn.db)
          --detach       Return at once with {"redriveDate": ...}; the redrive runs on in the
                         background (follow it with sfn history NAME)
          --pretty       Indent the output
          --compact      Never indent the output
          --no-wait      Do not sleep in Wait states or between retries
          --aws-limits   Enforce AWS's 256 KiB payload quota (States.DataLimitExceeded)
          --max-payload SIZE    Fail a state that produces a value larger than SIZE with
                                States.DataLimitExceeded (default a quarter of the memory)
          --resources FILE      Map Task resources (ARNs, Lambda names) to local commands
          --s3-root DIR  The folder standing in for S3, as sfn run's (default: .sfn/s3)
          --mock-config FILE    Answer Task states from an AWS Step Functions Local mock config
          --test-case NAME      The mock config's test case to use
          -h, --help     Show this help


        Examples:
          sfn redrive NAME

        Exit status: 0 succeeded (or, with --detach, started), 1 execution failed, 2 bad usage,
        an execution that cannot be redriven (ExecutionNotRedrivable, ExecutionDoesNotExist) or
        a store that cannot be read.
        """

    static func main(_ argv: [String]) async -> Int32 {
        let args: Arguments
        do {
            args = try Arguments(
                argv, flags: ["--pretty", "--compact", "--no-wait", "--aws-limits", "--detach", "--help", "-h"],
                values: ["--store", "--resources", "--mock-config", "--test-case", "--s3-root", "--max-payload"])
        } catch {
            Console.error("sfn redrive: \(error)\n\n\(usage)")
            return 2
        }
        if args.has("--help") || args.has("-h") {
            print(usage)
            return 0
        }
        guard args.positional.count == 1, let name = args.positional.first else {
            Console.error("sfn redrive: expected exactly one execution NAME\n\n\(usage)")
            return 2
        }
        let path = RunRecording.storePath(args)
        let store: SQLiteExecutionStore
        do throws(ExecutionStoreError) {
            store = try SQLiteExecutionStore(path: path)
        } catch {
            Console.error("sfn redrive: cannot open the store '\(path)': \(error)")
            return 2
        }
        let redrive: StoredRedrive
        do throws(RedriveError) {
            redrive = try store.prepareRedrive(name)
        } catch {
            Console.error("sfn redrive: \(error.code): \(error.message) (execution '\(name)' in '\(path)')")
            return 2
        }
        let states = redrive.machine.definition.graph.allStateNames
        guard let tasks = RunCommand.taskDispatcher(args, states: states) else { return 2 }
        if args.has("--detach") { return detach(argv, store: store, record: redrive.record) }

        var options = ExecutionOptions()
        options.tasks = tasks
        options.skipWaits = args.has("--no-wait")
        options.awsLimits = args.has("--aws-limits")
        if let root = args.values["--s3-root"] { options.s3Root = root }
        guard PayloadLimitOption.apply(args, to: &options, command: "redrive") else { return 2 }
        options = redrive.options(options)
        options.mapRuns = redrive.mapRunRecorder { error in
            Console.error("sfn: warning: the store did not record a Map Run: \(error)")
        }
        let supervisor = tasks.runner.supervisor
        let running = Mutex<Execution?>(nil)
        let recorder: StoreRecorder?
        do throws(ExecutionStoreError) {
            recorder = try redrive.recorder(
                at: options.now(),
                onStopRequest: { _ in
                    supervisor.terminateAll(graceSeconds: 1)
                    running.withLock { $0 }?.stop()
                },
                onError: { error in Console.error("sfn: warning: the store stopped recording this redrive: \(error)") })
        } catch {
            Console.error("sfn redrive: cannot record the redrive in '\(path)': \(error)")
            return 2
        }
        if let recorder { options.observers.append(recorder) }
        options.observers.append(TaskStderrEcho())
        supervisor.installTerminationHandlers { signal in
            let name = [SIGINT: "SIGINT", SIGTERM: "SIGTERM", SIGHUP: "SIGHUP"][signal] ?? "signal \(signal)"
            recorder?.abandon(cause: "The execution was aborted by \(name)")
            Console.error(#"{"status":"ABORTED","cause":"The execution was aborted by \#(name)"}"#)
            exit(128 + signal)
        }
        let execution: Execution
        do throws(RedriveError) {
            execution = try redrive.machine.startRedrive(redrive.recorded, options: options)
        } catch {
            Console.error("sfn redrive: \(error.code): \(error.message)")
            return 2
        }
        running.withLock { $0 = execution }
        var result = await execution.result
        if result.status == .aborted, let record = recorder?.record {
            result.error = record.error
            result.cause = record.cause ?? "The execution was stopped by sfn stop"
        }
        switch result.status {
        case .succeeded:
            let pretty = args.has("--pretty") || (!args.has("--compact") && Console.stdoutIsTerminal)
            Console.outJSON(result.output ?? .null, pretty: pretty)
            return 0
        default:
            var o = JSONObject()
            o.append("error", result.error.map(JSONValue.string) ?? .null)
            o.append("cause", result.cause.map(JSONValue.string) ?? .null)
            Console.error(JSONPrinter.compact(.object(o)))
            return 1
        }
    }

    /// Starts `sfn redrive` without `--detach` in a session of its own, waits until its record
    /// shows the new redrive, and prints RedriveExecution's answer.
    static func detach(_ argv: [String], store: SQLiteExecutionStore, record: ExecutionRecord) -> Int32 {
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let childArgs = [executable, "redrive"] + argv.filter { $0 != "--detach" }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY, 0)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(spawnSetsid))
        var pid: pid_t = 0
        let cArgs = childArgs.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, cArgs, environ)
        guard spawned == 0 else {
            Console.error("sfn redrive: cannot start the detached redrive: \(String(cString: strerror(spawned)))")
            return 2
        }
        // The answer is the redrive's own date, once its process has written the record.
        for _ in 0..<1000 {
            if let now = try? store.describeExecution(record.executionArn),
                now.redriveCount > record.redriveCount, let date = now.redriveDate
            {
                var o = JSONObject()
                o.append("redriveDate", .string(ExecutionRecord.isoDate(date)))
                Console.outJSON(.object(o), pretty: false)
                return 0
            }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                Console.error("sfn redrive: the detached redrive ended before it began (exit status \(status >> 8))")
                return 2
            }
            usleep(10_000)
        }
        Console.error("sfn redrive: the detached redrive (pid \(pid)) has not begun after 10 s")
        return 2
    }

    /// POSIX_SPAWN_SETSID, which Swift's Glibc module does not import: the detached redrive
    /// leaves the caller's session, so a terminal closing does not end it.
    #if os(Linux)
    static let spawnSetsid: Int32 = 0x80
    #else
    static let spawnSetsid: Int32 = 0x400
    #endif
}
