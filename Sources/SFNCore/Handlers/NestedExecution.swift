import SFNJSON

/// `states:startExecution` (also `.sync` and `.sync:2`) runs a local definition that the
/// resources map names (`LocalStateMachine`) as a child execution: with the parent's task
/// handlers (not its mock config), recorded in the parent's store when it has one, under the
/// parent's region and account. Results are AWS's: StartExecution's `{ExecutionArn, StartDate}`, DescribeExecution's
/// shape for `.sync` (Input and Output as JSON text) and `.sync:2` (as JSON). A child that does
/// not succeed fails a `.sync` task with `States.TaskFailed`, the child's description (with its
/// Error and Cause) as the cause.
///
/// The fire-and-forget pattern also waits for the child to end before the parent goes on, so
/// that a local run never leaves a child half-run when the process exits; only the result shape
/// is StartExecution's.
struct NestedExecution {
    enum Pattern {
        case start, sync, sync2
    }

    let pattern: Pattern
    let request: TaskRequest

    static func parse(_ resource: String) -> Pattern? {
        guard resource.hasPrefix("arn:"), let r = resource.range(of: ":states:::states:startExecution") else {
            return nil
        }
        switch resource[r.upperBound...] {
        case "": return .start
        case ".sync": return .sync
        case ".sync:2": return .sync2
        default: return nil
        }
    }

    var stateMachineArn: String? { request.input["StateMachineArn"]?.stringValue }

    func run(_ local: LocalStateMachine, dispatcher: TaskDispatcher, skipWaits: Bool) async throws(StatesError)
        -> JSONValue
    {
        let arn = stateMachineArn ?? local.name
        let machine = try load(local, arn: arn)
        // The parent's ARN gives the child's partition, region and account.
        let parent = (request.context["Execution"]?["Id"]?.stringValue ?? "").split(separator: ":").map(String.init)
        var options = ExecutionOptions(skipWaits: skipWaits, tasks: dispatcher.forChildExecution())
        if parent.count > 4 {
            options.partition = parent[1]
            options.region = parent[3]
            options.accountId = parent[4]
        }
        options.stateMachineName = LocalStateMachine.name(of: arn)
        let name = request.input["Name"]?.stringValue ?? LambdaInvokeResponse.randomUUID()
        if let problem = ExecutionOptions.nameProblem(name) {
            throw StatesError("StepFunctions.InvalidNameException", "Invalid Name: '\(name)' (\(problem))")
        }
        options.executionName = name
        let input = childInput()
        let executionArn = options.executionArn(name: name)
        let started = ExecutionOptions.systemNowMillis()
        if let store = dispatcher.callbackStore as? any ExecutionStore {
            try record(in: store, machine: machine.1, input: input, options: &options, started: started)
        }
        let execution = machine.0.start(input: input, options: options)
        let result = await withTaskCancellationHandler {
            await execution.result
        } onCancel: {
            execution.stop()
        }
        if Task.isCancelled { throw StatesError.cancelled }
        let stopped = ExecutionOptions.systemNowMillis()
        let stateMachineArn = options.stateMachineArn
        if pattern == .start {
            return [
                "ExecutionArn": .string(executionArn), "StartDate": .int(Int(started)),
            ]
        }
        var d = JSONObject()
        if result.status != .succeeded {
            if let cause = result.cause { d.append("Cause", .string(cause)) }
            if let error = result.error { d.append("Error", .string(error)) }
        }
        d.append("ExecutionArn", .string(executionArn))
        d.append("Input", pattern == .sync2 ? input : .string(JSONPrinter.compact(input)))
        d.append("InputDetails", ["Included": true])
        d.append("Name", .string(name))
        if result.status == .succeeded {
            let output = result.output ?? .null
            d.append("Output", pattern == .sync2 ? output : .string(JSONPrinter.compact(output)))
            d.append("OutputDetails", ["Included": true])
        }
        d.append("StartDate", .int(Int(started)))
        d.append("StateMachineArn", .string(stateMachineArn))
        d.append("Status", .string(result.status.rawValue))
        d.append("StopDate", .int(Int(stopped)))
        guard result.status == .succeeded else {
            throw StatesError("States.TaskFailed", JSONPrinter.compact(.object(d)))
        }
        return .object(d)
    }

    /// The child's input: the Input parameter, a string holding JSON read as that JSON; none is `{}`.
    func childInput() -> JSONValue {
        switch request.input["Input"] {
        case nil, .null?: return .object(JSONObject())
        case .string(let text)?: return (try? JSONParser.parse(text)) ?? .string(text)
        case let value?: return value
        }
    }

    /// The child's definition, read and loaded; failures name the file and the state.
    private func load(_ local: LocalStateMachine, arn: String) throws(StatesError) -> (StateMachine, String) {
        let what = "The state machine \(arn) of state '\(request.stateName)' (\(local.definition))"
        let source: DefinitionSource
        do {
            source = try DefinitionSource.read(
                file: local.definition, options: DefinitionSourceOptions(substitutions: local.substitutions))
        } catch {
            throw StatesError("States.Runtime", "\(what) cannot be read: \(error)")
        }
        if !source.unresolved.isEmpty {
            let names = source.unresolved.map(\.message).joined(separator: "; ")
            throw StatesError("States.Runtime", "\(what) has placeholders without a value: \(names)")
        }
        do {
            let loaded = try StateMachine.load(definition: source.definition, locations: source.locations)
            return (loaded.machine, JSONPrinter.pretty(source.definition))
        } catch {
            let first = error.diagnostics.first.map { "\($0.message)" } ?? "\(error)"
            throw StatesError("States.Runtime", "\(what) does not load: \(first)")
        }
    }

    /// Creates the child's record in the store and records it as it runs.
    private func record(
        in store: any ExecutionStore, machine definition: String, input: JSONValue, options: inout ExecutionOptions,
        started: Double
    ) throws(StatesError) {
        let name = options.executionName ?? ""
        do throws(ExecutionStoreError) {
            let machine = try store.stateMachine(named: options.stateMachineName, creatingWith: definition)
            let record = ExecutionRecord(
                executionArn: options.executionArn(name: name), stateMachineArn: machine.stateMachineArn,
                stateMachineName: options.stateMachineName, name: name, startDate: started, input: input,
                definitionHash: Digest.hex(Digest.sha256(Array(definition.utf8))))
            options.observers.append(try StoreRecorder(store: store, record: record, definition: definition))
        } catch {
            if error.kind == .executionAlreadyExists {
                throw StatesError(
                    "StepFunctions.ExecutionAlreadyExistsException",
                    "Execution Already Exists: '\(options.executionArn(name: name))'")
            }
            throw StatesError("States.Runtime", "The child execution could not be recorded: \(error)")
        }
    }
}
