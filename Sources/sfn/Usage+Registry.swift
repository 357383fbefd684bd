/// Every subcommand's help text in one list: the source of the completions and of the man page,
/// so that both say what `sfn COMMAND --help` says.
extension Usage {
    struct Command {
        var name: String
        var summary: String
        var help: String
    }

    static let registry: [Command] = [
        Command(name: "run", summary: "Run a state machine once and print its output", help: run),
        Command(name: "test", summary: "Run case files and compare with the expected results", help: test),
        Command(
            name: "validate", summary: "Check definitions as ValidateStateMachineDefinition does",
            help: ValidateCommand.usage),
        Command(
            name: "export", summary: "Print a definition as AWS runs it, and a CloudFormation template",
            help: ExportCommand.usage),
        Command(name: "graph", summary: "Draw a definition, and an execution over it", help: GraphCommand.usage),
        Command(
            name: "executions", summary: "List the executions recorded in the store", help: ExecutionsCommand.usage),
        Command(
            name: "map-runs", summary: "List or show Distributed Map runs (ListMapRuns, DescribeMapRun)",
            help: MapRunsCommand.usage),
        Command(
            name: "describe", summary: "Show one recorded execution (DescribeExecution)", help: DescribeCommand.usage),
        Command(
            name: "history", summary: "Show an execution's history events (GetExecutionHistory)",
            help: HistoryCommand.usage),
        Command(name: "stop", summary: "Stop a running execution (StopExecution)", help: StopCommand.usage),
        Command(name: "prune", summary: "Delete closed executions from the store", help: PruneCommand.usage),
        Command(
            name: "redrive", summary: "Restart a failed execution from the state that did not finish",
            help: RedriveCommand.usage),
        Command(name: "test-state", summary: "Run one state as AWS's TestState API does", help: testState),
        Command(name: "eval", summary: "Evaluate one JSONata or JSONPath expression", help: eval),
        Command(
            name: "mock-config", summary: "Write a mock config that answers every Task state",
            help: MockConfigCommand.usage),
        Command(
            name: "serve", summary: "Serve the Step Functions API on localhost (AWS SDKs, AWS CLI)",
            help: serve),
        Command(
            name: "console", summary: "Open the console in the browser: graphs, executions, events, redrive",
            help: ConsoleCommand.usage),
        Command(
            name: "task-success", summary: "Answer a callback task with its output (SendTaskSuccess)",
            help: TaskCallbackCommands.successUsage),
        Command(
            name: "task-failure", summary: "Fail a callback task (SendTaskFailure)",
            help: TaskCallbackCommands.failureUsage),
        Command(
            name: "task-heartbeat", summary: "Keep a callback task alive (SendTaskHeartbeat)",
            help: TaskCallbackCommands.heartbeatUsage),
        Command(
            name: "activity-worker", summary: "Answer activity tasks with a command",
            help: ActivityWorkerCommand.usage),
        Command(name: "completions", summary: "Print a shell completion script (bash, zsh or fish)", help: completions),
    ]

    static let completions = """
        Usage: sfn completions bash|zsh|fish

        Prints the completion script for the shell: commands, and each command's options.

        Options:
          -h, --help   Show this help

        Examples:
          sfn completions bash > sfn.bash
          sfn completions fish > sfn.fish

        Exit status: 0 printed, 2 bad usage.
        """

    /// The options a help text lists under "Options:" (each line's leading `-x, --name` forms).
    static func options(in help: String) -> [String] {
        var out: [String] = []
        var inOptions = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("Options:") {
                inOptions = true
                continue
            }
            if inOptions && !line.isEmpty && !line.hasPrefix(" ") { inOptions = false }
            guard inOptions else { continue }
            let trimmed = line.drop { $0 == " " }
            // An option line starts with "-"; continuation lines are indented further and do not.
            guard trimmed.hasPrefix("-"), line.count - trimmed.count <= 4 else { continue }
            for word in trimmed.split(separator: " ").prefix(3) {
                let name = word.hasSuffix(",") ? word.dropLast() : word
                guard name.hasPrefix("-"), name.count > 1 else { break }
                let option = String(name.prefix { $0 != "=" && $0 != "[" })
                if !out.contains(option) { out.append(option) }
                if !word.hasSuffix(",") { break }
            }
        }
        return out
    }
}
