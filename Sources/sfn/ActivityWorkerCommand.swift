import SFNCore
import SFNJSON
import SFNStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `sfn activity-worker ACTIVITY -- COMMAND...`: an activity worker over the store. It polls for
/// the activity's tasks (GetActivityTask), runs COMMAND on each task's input and answers the
/// task's token with the command's output (SendTaskSuccess) or its error (SendTaskFailure),
/// heartbeating while the command runs.
enum ActivityWorkerCommand {
    static let usage = """
        Usage: sfn activity-worker ACTIVITY [--once] [--idle-exit SECONDS] [--store PATH] -- COMMAND...

        Works on the activity tasks that `sfn run --activities` executions wait on. ACTIVITY is the
        activity's name or ARN (arn:aws:states:REGION:ACCOUNT:activity:NAME). For each task the
        worker runs COMMAND with the task's input as JSON on stdin: its stdout (JSON, or nothing
        for null) is the task's result; a non-zero exit fails the task, named by a last line such
        as {"error": "E", "cause": "C"} or else States.TaskFailed. A heartbeat is sent every
        second while COMMAND runs.

        Options:
          --once               Stop after one task
          --idle-exit SECONDS  Stop when no task came for this long (default: never)
          --store PATH         The store (default $SFN_STORE, else .sfn/sfn.db)
          -h, --help           Show this help

        Examples:
          sfn activity-worker NAME --once -- ./worker.sh

        Exit status: 0 when it stops (--once, --idle-exit), 2 bad usage or an unreadable store.
        """

    static func main(_ argv: [String]) async -> Int32 {
        let split = argv.firstIndex(of: "--")
        let own = Array(argv[..<(split ?? argv.endIndex)])
        let command = split.map { Array(argv[($0 + 1)...]) } ?? []
        guard
            let args = StoreCommands.arguments(
                own, command: "activity-worker", usage: usage, flags: ["--once"], values: ["--idle-exit"])
        else { return 2 }
        if args.has("--help") || args.has("-h") {
            print(usage)
            return 0
        }
        guard args.positional.count == 1, let given = args.positional.first, !command.isEmpty else {
            Console.error("sfn activity-worker: give one ACTIVITY and, after --, the COMMAND to run\n\n\(usage)")
            return 2
        }
        var idleLimit: Double?
        if let text = args.values["--idle-exit"] {
            guard let s = Double(text), s >= 0 else {
                Console.error("sfn activity-worker: --idle-exit takes a number of seconds, not '\(text)'")
                return 2
            }
            idleLimit = s
        }
        let activity = TaskDispatcher.activityName(given) ?? given
        // The worker may start before any run made the store: it opens (creates) it itself.
        let store: SQLiteExecutionStore
        do throws(ExecutionStoreError) { store = try SQLiteExecutionStore(path: RunRecording.storePath(args)) } catch {
            Console.error("sfn activity-worker: \(error)")
            return 2
        }
        let line = command.map(shellQuote).joined(separator: " ")
        let handler = ShellTaskHandler(command: ShellCommand(line), style: .shell)
        var idleSince = ExecutionOptions.systemNowMillis()
        while true {
            let task: TaskTokenRecord?
            do throws(ExecutionStoreError) { task = try store.claimActivityTask(activity) } catch {
                Console.error("sfn activity-worker: \(error)")
                return 2
            }
            guard let task else {
                if let idleLimit, ExecutionOptions.systemNowMillis() - idleSince >= idleLimit * 1000 { return 0 }
                try? await Task.sleep(nanoseconds: 50_000_000)
                continue
            }
            await work(task, handler: handler, store: store)
            if args.has("--once") { return 0 }
            idleSince = ExecutionOptions.systemNowMillis()
        }
    }

    /// Runs the command on one task and answers its token; heartbeats go out while it runs.
    private static func work(_ task: TaskTokenRecord, handler: ShellTaskHandler, store: SQLiteExecutionStore) async {
        let token = task.token
        let beats = Task {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: 1_000_000_000)
                if Task.isCancelled { break }
                try? store.answerTaskToken(token, .heartbeat, date: ExecutionOptions.systemNowMillis())
            }
        }
        let answer: TaskTokenAnswer
        do throws(StatesError) {
            answer = .success(
                output: try await handler.run(input: task.input ?? .null, timeoutSeconds: nil, heartbeatSeconds: nil))
        } catch {
            answer = .failure(error: error.error.rawValue, cause: error.cause)
        }
        beats.cancel()
        do throws(ExecutionStoreError) {
            try store.answerTaskToken(token, answer, date: ExecutionOptions.systemNowMillis())
        } catch {
            // The task timed out or its execution ended meanwhile: AWS's worker gets TaskTimedOut too.
            Console.error("sfn activity-worker: \(error)")
        }
    }

    /// One argument as the shell reads it back unchanged.
    private static func shellQuote(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0) }
        if plain && !word.isEmpty { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
