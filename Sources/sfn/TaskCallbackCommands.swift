import SFNCore
import SFNJSON
import SFNStore

/// `sfn task-success`, `task-failure` and `task-heartbeat`: SendTaskSuccess, SendTaskFailure and
/// SendTaskHeartbeat over the store, answering a callback task that an `sfn run` (any process
/// using the same store) waits on.
enum TaskCallbackCommands {
    static let successUsage = """
        Usage: sfn task-success TOKEN --output JSON [--store PATH]

        Ends the callback task waiting on TOKEN ($$.Task.Token) successfully, as SendTaskSuccess
        does: JSON becomes the task's result. The waiting sfn run sees it within 50 ms.

        Options:
          --output JSON       The task's result (also --task-output, the AWS CLI's name)
          --store PATH        The store (default $SFN_STORE, else .sfn/sfn.db)
          -h, --help          Show this help

        Examples:
          sfn task-success TOKEN --output '{"approved": true}'

        Exit status: 0 answered, 2 bad usage, JSON that does not parse, a token no task has
        (TaskDoesNotExist) or one no longer waiting (TaskTimedOut).
        """

    static let failureUsage = """
        Usage: sfn task-failure TOKEN [--error ERROR] [--cause CAUSE] [--store PATH]

        Fails the callback task waiting on TOKEN, as SendTaskFailure does: Retry and Catch see
        ERROR, and CAUSE is the cause.

        Options:
          --error ERROR  The error name (at most 256 characters)
          --cause CAUSE  The cause (at most 32768 characters)
          --store PATH   The store (default $SFN_STORE, else .sfn/sfn.db)
          -h, --help     Show this help

        Examples:
          sfn task-failure TOKEN --error Rejected --cause 'not in stock'

        Exit status: 0 answered, 2 bad usage, a token no task has or one no longer waiting.
        """

    static let heartbeatUsage = """
        Usage: sfn task-heartbeat TOKEN [--store PATH]

        Reports that the work of the callback task waiting on TOKEN goes on, as SendTaskHeartbeat
        does: its HeartbeatSeconds start again.

        Options:
          --store PATH   The store (default $SFN_STORE, else .sfn/sfn.db)
          -h, --help     Show this help

        Examples:
          sfn task-heartbeat TOKEN

        Exit status: 0 recorded, 2 bad usage, a token no task has or one no longer waiting.
        """

    /// The cause of a callback task that nothing serves: how to make it wait for an answer.
    static func unmapped(_ unmapped: UnmappedResource) -> String {
        if let activity = TaskDispatcher.activityName(unmapped.resource) {
            return "The state '\(unmapped.stateName)' is an activity task (\(unmapped.resource)) and nothing would "
                + "answer it. Run with --activities, so that it waits for a worker, and start one from another "
                + "shell: sfn activity-worker \(activity) -- COMMAND (the command gets the task's input on stdin "
                + "and its output is the result); or map the resource with --resources FILE."
        }
        let base = String(unmapped.resource.dropLast(TaskDispatcher.callbackSuffix.count))
        let line = JSONPrinter.compact(.object(JSONObject([(base, JSONValue.string("python3 notify.py"))])))
        return "The state '\(unmapped.stateName)' is a callback task (\(unmapped.resource)) and nothing would "
            + "answer it. Map its resource with --resources FILE, a JSON file with a line like \(line): the "
            + "command receives the task's input, with $$.Task.Token where Parameters put it and in "
            + "SFN_TASK_TOKEN, and the run waits until sfn task-success TOKEN --output JSON, sfn task-failure "
            + "TOKEN or its TimeoutSeconds answers; or answer the state from --mock-config FILE --test-case NAME."
    }

    static func success(_ argv: [String]) -> Int32 {
        run(argv, command: "task-success", usage: successUsage, values: ["--output", "--task-output"]) { args in
            guard let text = args.values["--task-output"] ?? args.values["--output"] else {
                Console.error("sfn task-success: --output JSON is required\n\n\(successUsage)")
                return nil
            }
            do {
                return .success(output: try JSONParser.parse(text))
            } catch {
                Console.error("sfn task-success: --output is not JSON: \(error)")
                return nil
            }
        }
    }

    static func failure(_ argv: [String]) -> Int32 {
        run(argv, command: "task-failure", usage: failureUsage, values: ["--error", "--cause"]) { args in
            let error = args.values["--error"]
            let cause = args.values["--cause"]
            if (error?.count ?? 0) > 256 || (cause?.count ?? 0) > 32768 {
                Console.error("sfn task-failure: --error is at most 256 characters and --cause at most 32768")
                return nil
            }
            return .failure(error: error, cause: cause)
        }
    }

    static func heartbeat(_ argv: [String]) -> Int32 {
        run(argv, command: "task-heartbeat", usage: heartbeatUsage, values: []) { _ in .heartbeat }
    }

    private static func run(
        _ argv: [String], command: String, usage: String, values: Set<String>,
        answer: (Arguments) -> TaskTokenAnswer?
    ) -> Int32 {
        guard let args = StoreCommands.arguments(argv, command: command, usage: usage, values: values) else {
            return 2
        }
        if args.has("--help") || args.has("-h") {
            print(usage)
            return 0
        }
        guard args.positional.count == 1, let token = args.positional.first else {
            Console.error("sfn \(command): give one TOKEN\n\n\(usage)")
            return 2
        }
        guard let answer = answer(args), let store = StoreCommands.open(args, command: command) else { return 2 }
        do throws(ExecutionStoreError) {
            try store.answerTaskToken(token, answer, date: ExecutionOptions.systemNowMillis())
            return 0
        } catch {
            Console.error("sfn \(command): \(error)")
            return 2
        }
    }
}
