import SFNCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Dispatches `sfn <command> ...` to the command's file; each command returns its exit status.
let arguments = Array(CommandLine.arguments.dropFirst())
#if os(Linux)
// Commands run under a supervisor process: this same binary, re-executed with a hidden argument
// (see SupervisorProcess), so that no command outlives sfn, even after kill -9.
ProcessSupervisor.useSupervisorProcess(["/proc/self/exe", SupervisorProcess.argument])
#endif
let status: Int32
// Async commands run on the main thread (MainExecutor), not under top-level `await`: a short
// run then starts no thread at all (issue 18, docs/performance.md).
switch arguments.first {
case nil, "--help", "-h", "help":
    print(Usage.main)
    status = arguments.isEmpty ? 2 : 0
case "--version", "-V", "version":
    print("sfn \(Usage.version) (commit \(buildCommit))")
    status = 0
case SupervisorProcess.argument:
    SupervisorProcess.serve()
case "run":
    status = MainExecutor.run { await RunCommand.main(Array(arguments.dropFirst())) }
case "test":
    status = MainExecutor.run { await TestCommand.main(Array(arguments.dropFirst())) }
case "graph":
    status = GraphCommand.main(Array(arguments.dropFirst()))
case "redrive":
    status = MainExecutor.run { await RedriveCommand.main(Array(arguments.dropFirst())) }
case "test-state":
    status = MainExecutor.run { await TestStateCommand.main(Array(arguments.dropFirst())) }
case "eval":
    status = MainExecutor.run { await EvalCommand.main(Array(arguments.dropFirst())) }
case "mock-config":
    status = MockConfigCommand.main(Array(arguments.dropFirst()))
case "validate":
    status = ValidateCommand.main(Array(arguments.dropFirst()))
case "export":
    status = ExportCommand.main(Array(arguments.dropFirst()))
case "executions":
    status = ExecutionsCommand.main(Array(arguments.dropFirst()))
case "map-runs":
    status = MapRunsCommand.main(Array(arguments.dropFirst()))
case "describe":
    status = DescribeCommand.main(Array(arguments.dropFirst()))
case "history":
    status = MainExecutor.run { await HistoryCommand.main(Array(arguments.dropFirst())) }
case "stop":
    status = MainExecutor.run { await StopCommand.main(Array(arguments.dropFirst())) }
case "serve":
    status = ServeCommand.main(Array(arguments.dropFirst()))
case "console":
    status = ConsoleCommand.main(Array(arguments.dropFirst()))
case "task-success":
    status = TaskCallbackCommands.success(Array(arguments.dropFirst()))
case "task-failure":
    status = TaskCallbackCommands.failure(Array(arguments.dropFirst()))
case "task-heartbeat":
    status = TaskCallbackCommands.heartbeat(Array(arguments.dropFirst()))
case "activity-worker":
    status = MainExecutor.run { await ActivityWorkerCommand.main(Array(arguments.dropFirst())) }
case "prune":
    status = PruneCommand.main(Array(arguments.dropFirst()))
case "completions":
    status = CompletionsCommand.main(Array(arguments.dropFirst()))
case "man":
    print(ManPage.roff())
    status = 0
default:
    let hint = Suggestion.hint(arguments[0], in: Usage.commands + Usage.commands.map { "--" + $0 })
    Console.error("sfn: unknown command '\(arguments[0])'\(hint)\n\n\(Usage.main)")
    status = 2
}
exit(status)
