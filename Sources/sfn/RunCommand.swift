import SFNCore
import SFNJSON
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `sfn run DEFINITION [--input FILE] [--pretty] [--no-wait]`.
enum RunCommand {
    static func main(_ argv: [String]) async -> Int32 {
        let args: Arguments
        do {
            args = try Arguments(
                argv,
                flags: Set([
                    "--pretty", "--compact", "--no-wait", "--aws-limits", "--no-input", "--activities", "--help", "-h",
                ])
                .union(RunRecording.flags).union(RunObservers.flags).union(RunDiagnostics.flags),
                values: Set([
                    "--input", "--name", "--resources", "--mock-config", "--test-case", "--s3-root", "--connections",
                ])
                .union(IntegrationOptions.values)
                .union(InputLinesRun.values).union(RunSafety.values).union(PayloadLimitOption.values)
                .union(RunRecording.values).union(RunObservers.values).union(DefinitionInput.valueOptions))
        } catch {
            Console.error("sfn run: \(error)\n\n\(Usage.run)")
            return 2
        }
        if args.has("--help") || args.has("-h") {
            print(Usage.run)
            return 0
        }
        guard args.positional.count == 1, let file = args.positional.first else {
            Console.error("sfn run: expected exactly one DEFINITION file\n\n\(Usage.run)")
            return 2
        }

        // JSON, YAML or a template, with its substitutions made (DefinitionSource).
        guard let sourceOptions = DefinitionInput.options(args, command: "run"),
            let source = DefinitionInput.readForRunning(file, sourceOptions, command: "run")
        else { return 2 }
        // The library refuses what AWS would refuse (LoadOptions says what still runs), with every diagnostic.
        let machine: StateMachine
        do {
            let loaded = try StateMachine.load(definition: source.definition, locations: source.locations)
            if !loaded.overridden.isEmpty {
                Console.error(DiagnosticPrinter.text(loaded.overridden, file: source.file))
            }
            machine = loaded.machine
            if args.has("--aws-limits"), let problem = AWSQuotas.definitionProblem(source.definition) {
                Console.error("sfn run: \(source.file): \(problem)")
                return 2
            }
            for warning in RunLimits.credentialsWarnings(source.definition) { Console.error("sfn run: \(warning)") }
        } catch {
            Console.error(DiagnosticPrinter.text(error.diagnostics, file: source.file))
            return 2
        }

        if args.values["--input-lines"] != nil {
            return await InputLinesRun.start(machine, args: args, source: source, file: file)
        }
        guard
            let input = readInput(
                args.values["--input"], noInput: args.has("--no-input"), eager: LazyInput.readsWhole(machine))
        else { return 2 }
        if args.has("--aws-limits"),
            let problem = RunLimits.inputProblem(input, source: args.values["--input"] ?? "<stdin>")
        {
            Console.error("sfn run: \(problem)")
            return 2
        }
        guard let maxPayload = PayloadLimitOption.bytes(args, command: "run") else { return 2 }
        if let problem = PayloadLimitOption.inputProblem(
            input, cap: maxPayload, source: args.values["--input"] ?? "<stdin>",
            textBytes: LazyInput.fileSize(args.values["--input"]))
        {
            Console.error("sfn run: \(problem)")
            return 2
        }

        var options = ExecutionOptions()
        guard var tasks = taskDispatcher(args, states: DefinitionStates.names(in: source.definition)) else { return 2 }
        tasks.shellWorkingDirectory = RunLimits.shellDirectory(forDefinition: file)
        options.tasks = tasks
        options.skipWaits = args.has("--no-wait")
        options.awsLimits = args.has("--aws-limits")
        options.maxPayloadBytes = maxPayload
        options.executionName = args.values["--name"]
        options.roleArn = args.values["--role-arn"]
        if let root = args.values["--s3-root"] { options.s3Root = root }
        // Ctrl-C / SIGTERM: the execution's running commands are ended first, then it is reported
        // as aborted and sfn exits with the shell's status for that signal (130, 143).
        let supervisor = tasks.runner.supervisor
        let recording: RunRecording?
        // The store keeps the definition as it ran: substitutions made, taken out of its template.
        switch RunRecording.begin(
            args, machineName: source.stateMachineName ?? RunRecording.stem(file),
            definition: JSONPrinter.pretty(source.definition), input: input, supervisor: supervisor,
            options: &options)
        {
        case .success(let r): recording = r
        case .failure(let status): return status.code
        }
        // After the recording has named the state machine and the execution: logs carry their ARNs.
        guard let observers = RunObservers.attach(args, to: &options) else { return 2 }
        let diagnostics = RunDiagnostics.attach(args, to: &options)
        if TaskStderrEcho.wanted(args) { options.observers.append(TaskStderrEcho()) }
        // With nothing to complete (no store, no files, no commands yet) a signal can exit from
        // its handler, and no thread waits for one (start-up, issue 18).
        let immediate =
            recording == nil && !observers.needFinishing
            ? Dictionary(
                uniqueKeysWithValues: [SIGINT, SIGTERM, SIGHUP].map { ($0, Array((abortedLine($0) + "\n").utf8)) })
            : nil
        supervisor.installTerminationHandlers(immediateExit: immediate) { signal in reportAborted(signal) }
        let result = await RunRecording.run(machine, input: input, options: options, recording: recording)
        // Commands killed by a termination signal make their Task fail; the execution was aborted.
        if let signal = supervisor.receivedSignal { reportAborted(signal) }
        observers.finish()

        switch result.status {
        case .succeeded:
            let output = result.output ?? .null
            let pretty = args.has("--pretty") || (!args.has("--compact") && Console.stdoutIsTerminal)
            Console.outJSON(output, pretty: pretty)
            // Exit at once: tearing down a large input and output would only cost time.
            exit(0)
        default:
            let summary =
                diagnostics
                ?? (RunDiagnostics.summaryWanted(args)
                    ? recording?.recordedEvents().map(RunDiagnostics.replaying) : nil)
            for line in summary?.failureSummary(error: result.error, cause: result.cause) ?? [] {
                Console.error(line)
            }
            var o = JSONObject()
            o.append("error", result.error.map(JSONValue.string) ?? .null)
            o.append("cause", result.cause.map(JSONValue.string) ?? .null)
            Console.error(JSONPrinter.compact(.object(o)))
            return 1
        }
    }

    private static let abortReported = Mutex(false)

    /// Prints the one ABORTED line (whichever of the signal handler and the finished run gets
    /// here first) and exits with 128 + the signal number.
    static func reportAborted(_ signal: Int32) -> Never {
        if abortReported.withLock({ done in
            defer { done = true }; return !done
        }) {
            RunObservers.finishCurrent()
            let name = [SIGINT: "SIGINT", SIGTERM: "SIGTERM", SIGHUP: "SIGHUP"][signal] ?? "signal \(signal)"
            RunRecording.abandon(cause: "The execution was aborted by \(name)")
            Console.error(abortedLine(signal))
            exit(128 + signal)
        }
        // The other path is printing and exiting.
        while true { pause() }
    }

    /// The one line printed when a termination signal ends the run.
    static func abortedLine(_ signal: Int32) -> String {
        let name = [SIGINT: "SIGINT", SIGTERM: "SIGTERM", SIGHUP: "SIGHUP"][signal] ?? "signal \(signal)"
        var o = JSONObject()
        o.append("status", "ABORTED")
        o.append("cause", .string("The execution was aborted by \(name); every running command was stopped"))
        return JSONPrinter.compact(.object(o))
    }

    /// Task handlers from `--resources FILE` and `--mock-config FILE --test-case NAME`; nil (after
    /// printing why) when a file is unusable.
    static func taskDispatcher(_ args: Arguments, states: [String]) -> TaskDispatcher? {
        var tasks = TaskDispatcher()
        tasks.describeUnmapped = Usage.unmappedResource
        tasks.servesActivities = args.has("--activities")
        tasks.servesHTTP = true
        guard IntegrationOptions.apply(args, to: &tasks) else { return nil }
        if let problem = RunSafety.apply(args, to: &tasks) {
            Console.error("sfn run: \(problem)")
            return nil
        }
        do {
            if let file = args.values["--connections"] {
                tasks.httpConnections = try HTTPConnections(contentsOfFile: file)
            }
            if let file = args.values["--resources"] {
                tasks.resources = try ResourceMap(contentsOfFile: file)
            }
            if let file = args.values["--mock-config"] {
                guard let testCase = args.values["--test-case"] else {
                    Console.error("sfn run: --mock-config needs --test-case NAME")
                    return nil
                }
                let config = try MockConfig(contentsOfFile: file)
                // --state-machine picks the machine in a config that has several.
                let machine = args.values["--state-machine"].flatMap { config.stateMachines[$0] != nil ? $0 : nil }
                try config.checkStates(machine: machine, testCase: testCase, against: states)
                try tasks.useMockConfig(config, testCase: testCase, machine: machine)
            } else if args.values["--test-case"] != nil {
                Console.error("sfn run: --test-case needs --mock-config FILE")
                return nil
            }
        } catch {
            Console.error("sfn: \(error.cause ?? error.error.rawValue)")
            return nil
        }
        return tasks
    }

    /// The execution input; nil after printing why it is unusable (see InputArgument).
    static func readInput(_ value: String?, noInput: Bool = false, eager: Bool = false) -> JSONValue? {
        InputArgument.executionInput(value, noInput: noInput, eager: eager)
    }
}
