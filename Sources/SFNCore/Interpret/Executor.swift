import SFNJSON
import SFNJSONPath
import SFNJSONata

/// Runs one execution of a machine. Not shared between tasks: one executor per execution, and
/// one per Parallel branch or Map worker while those run side by side (with a shared event log).
///
/// Its mutable properties are `@exclusivity(unchecked)`: an executor belongs to one task, so the
/// runtime's dynamic exclusivity checks guard nothing here, yet they cost about a tenth of every
/// transition (a thread-local access set per read and write).
final class Executor {
    let machine: MachineDefinition
    let options: ExecutionOptions
    /// The event log when this executor runs alone (`shared` is nil).
    @exclusivity(unchecked) var log: EventLog
    /// The event log shared with sibling branches or iterations running side by side.
    let shared: SharedEventLog?
    /// The ids this executor reserved in `shared` and has not used yet.
    @exclusivity(unchecked) var idBlock = SharedEventLog.IdBlock()
    /// Whether observers listen: only then are events built (and `chain` kept).
    let observing: Bool
    /// The last event of this executor's own line of events (a branch's, an iteration's), which
    /// the next one names as its previousEventId.
    @exclusivity(unchecked) var chain = 0
    /// `options.random` behind a closure context of this executor's own: paths take it on every
    /// transition, and retaining the options' context from branches on several cores would pass
    /// its reference count back and forth between them.
    let random: @Sendable () -> UInt64
    /// Time skipped by Wait states under `skipWaits`, added to the injected clock.
    @exclusivity(unchecked) var skippedMillis = 0.0
    @exclusivity(unchecked) var variables: [String: JSONValue] = [:] {
        didSet { variableLookup = nil }
    }
    /// The `$name` resolver handed to paths, built once per change of `variables`.
    @exclusivity(unchecked) var variableLookup: ((String) -> JSONValue?)?
    /// AWS's 10 MiB quota on all variables (see Executor+Variables). Kept here, not in
    /// `StateRun`, so that states without Assign carry nothing more per transition.
    @exclusivity(unchecked) var variableQuota = VariableQuota()
    /// A var only for TestState, which puts the request's context into it before the state runs.
    @exclusivity(unchecked) var execution: ExecutionInfo
    /// The machine's TimeoutSeconds as a point on the execution clock; infinity without one.
    let deadline: Double
    /// Set when the execution ran past its deadline.
    @exclusivity(unchecked) var timedOut = false
    /// While a redrive runs the state it restarts: the recorded results of that state's
    /// iterations or branches (see Executor+Redrive). Read only by Map and Parallel.
    var redriveSeeds: RedriveSeeds?
    /// Set only by TestState, which reports a state's raw result (see `finish(with:)`).
    @exclusivity(unchecked) var inspection: TestStateInspection?
    /// The highest id an event other than ExecutionSucceeded may take before the history quota
    /// ends the execution (`ExecutionOptions.maxHistoryEvents` - 1); Int.max for no limit.
    let lastEventId: Int
    /// `$$` for states that do not read it: one empty object per executor, not one per path
    /// environment (an allocation per transition), nor one for the process (whose reference
    /// count branches on several cores would pass back and forth).
    let noContext = JSONValue.object(JSONObject())

    /// `redrive` restarts a recorded execution: its start time and RedriveCount are the
    /// recorded ones, and its TimeoutSeconds counts from now.
    init(machine: MachineDefinition, options: ExecutionOptions, input: JSONValue, redrive: RedrivePlan? = nil) {
        self.machine = machine
        self.options = options
        self.log = EventLog(sink: EventSink(options.observers))
        self.shared = nil
        observing = log.sink != nil
        random = { [source = options.random] in source() }
        let info = ExecutionInfo(
            options: options, input: input, startMillis: redrive?.startMillis,
            redriveCount: redrive?.redriveCount ?? 0)
        self.execution = info
        let base = redrive == nil ? info.startMillis : options.now()
        deadline = machine.timeoutSeconds.map { base + Double($0) * 1000 } ?? .infinity
        lastEventId = Self.lastEventId(options)
    }

    static func lastEventId(_ options: ExecutionOptions) -> Int {
        options.maxHistoryEvents > 0 ? options.maxHistoryEvents - 1 : .max
    }

    /// Whether the event numbered `id` (at least `lastEventId`) reached the history quota. Ids
    /// are exact in a lone or observed log; beside unobserved siblings they come in blocks and
    /// run ahead of the count, which is then asked for.
    func quotaReached(_ id: Int) -> Bool {
        guard let shared, !observing else { return true }
        return shared.countAtLeast >= lastEventId
    }

    /// The error AWS ends an execution with when its history is full.
    func historyQuotaError() -> StatesError {
        StatesError(
            .runtime,
            "The execution reached the maximum number of history events (\(options.maxHistoryEvents)).")
    }

    /// An executor for a branch or iteration that runs beside others (see `ExecutorSeed`).
    init(seed: ExecutorSeed, chain: Int) {
        machine = seed.machine
        options = seed.options
        execution = seed.execution
        deadline = seed.deadline
        shared = seed.shared
        // A recorded child execution (a Distributed Map's) has its own history and observer.
        let sink = seed.shared == nil ? seed.childObserver.flatMap { EventSink([$0]) } : nil
        log = EventLog(sink: sink)
        observing = sink != nil || (seed.shared?.observing ?? false)
        self.chain = chain
        variables = seed.variables
        variableQuota = seed.variableQuota
        skippedMillis = seed.skippedMillis
        random = { [source = seed.options.random] in source() }
        lastEventId = Self.lastEventId(seed.options)
    }

    /// Records an event in whichever log this executor writes to and returns its id. Its
    /// previousEventId is `previous`, or the last event of this executor's line, which the event
    /// becomes unless `advances` is false. The details are built only when someone listens.
    @discardableResult
    func record(
        _ type: HistoryEventType, previous: Int? = nil, advances: Bool = true, at time: Double? = nil,
        _ details: @autoclosure () -> HistoryEventDetails = .none
    ) -> Int {
        if !observing {
            if let shared { return shared.next(block: &idBlock) }
            return log.next()
        }
        let before = previous ?? chain
        let millis = time ?? now()
        let id: Int
        if let shared {
            id = shared.add(type, previous: before, at: millis, details())
        } else {
            id = log.add(type, previous: before, at: millis, details())
        }
        if advances { chain = id }
        return id
    }

    /// The error that ends an execution past its TimeoutSeconds.
    func executionTimeout() -> StatesError {
        timedOut = true
        return StatesError(.timeout, "The execution ran longer than its TimeoutSeconds")
    }

    @inline(__always) func now() -> Double { options.now() + skippedMillis }

    /// Advances the virtual clock instead of sleeping; bounded so that clocks stay finite (a
    /// JSONata `$now()` or a timestamp far past year 9999 has no meaning anyway).
    func skip(_ millis: Double) {
        skippedMillis = min(skippedMillis + max(0, millis), 1.0e15)
    }

    /// Runs the execution to its end.
    func run(input: JSONValue) async -> ExecutionResult {
        // The first state names no previous event: ExecutionStarted does not begin the line.
        record(
            .executionStarted, advances: false, at: execution.startMillis,
            .executionStarted(input: input, roleArn: execution.roleArn))
        return await conclude { () async throws(StatesError) -> JSONValue in
            try await runGraph(machine.graph, input: input)
        }
    }

    /// Runs the execution's work and records how it ended.
    func conclude(_ work: () async throws(StatesError) -> JSONValue) async -> ExecutionResult {
        do throws(StatesError) {
            let output = try await work()
            // ExecutionSucceeded may be the quota's last event, nothing after it.
            if lastEventId < .max && log.count > lastEventId { throw historyQuotaError() }
            record(.executionSucceeded, .executionSucceeded(output: output))
            return ExecutionResult(status: .succeeded, output: output, eventCount: log.count)
        } catch {
            let status: ExecutionStatus = Task.isCancelled ? .aborted : (timedOut ? .timedOut : .failed)
            let type: HistoryEventType =
                status == .aborted
                ? .executionAborted
                : (status == .timedOut ? .executionTimedOut : .executionFailed)
            record(type, status == .aborted ? .none : .executionEnded(error: error.error, cause: error.cause))
            if status == .aborted { return ExecutionResult(status: .aborted, eventCount: log.count) }
            return ExecutionResult(
                status: status, error: error.error.rawValue, cause: error.cause,
                eventCount: log.count)
        }
    }

    /// The id of the next event of a run loop (`runGraph`, `runFast`), with the loop's locals: the
    /// loop's own log when it runs alone and unobserved; beside siblings, unobserved, the next id
    /// of this executor's block (the shared log is reached only to refill it, and not retained:
    /// `unsafelyUnwrapped`); otherwise the event itself, recorded.
    @inline(__always) func eventId(
        _ type: HistoryEventType, _ details: @autoclosure () -> HistoryEventDetails, local: Bool,
        log: inout EventLog, shared: SharedEventLog?, sharedBase: Int, observing: Bool
    ) -> Int {
        if local { return log.next() }
        if !observing && shared != nil {
            if idBlock.next != idBlock.end {
                idBlock.next += 1
                return sharedBase + idBlock.next
            }
            return shared.unsafelyUnwrapped.next(block: &idBlock)
        }
        return record(type, details())
    }

    /// Runs states from the graph's start until one ends the graph.
    func runGraph(_ graph: StateGraph, input: JSONValue, from start: Int? = nil) async throws(StatesError) -> JSONValue
    {
        // The event log lives in a local while the loop runs alone and unobserved: a class
        // property would cost an exclusivity check on every event. Beside siblings, ids come
        // from the shared log; with observers, events go through `record`.
        var log = self.log
        let shared = self.shared
        let observing = self.observing
        let local = shared == nil && !observing
        // The history quota: one comparison per event, against a local.
        let lastEventId = self.lastEventId
        defer { if local { self.log = log } }
        // Beside siblings, an id comes from this executor's block without touching the shared log:
        // retaining it per event, from branches on both cores, passed its reference count between
        // the cores (parallel took 28% more CPU a transition than loop).
        let sharedBase = shared?.base ?? 0
        @inline(__always) func add(_ type: HistoryEventType, _ details: @autoclosure () -> HistoryEventDetails) -> Int {
            eventId(
                type, details(), local: local, log: &log, shared: shared, sharedBase: sharedBase, observing: observing)
        }
        var index = start ?? graph.startIndex
        var data = input
        var steps = 0
        let states = graph.states
        while true {
            // Runs of Pass and Choice states go through the synchronous loop (Executor+Hot).
            if states[index].plan.fast {
                if try runFast(states, &index, &data, &log, &steps, local: local) { return data }
            }
            steps += 1
            // Cancellation (a failed sibling, a stopped execution) is checked every few steps: often
            // beside siblings, rarely alone; a Task that waits is cancelled through its handler.
            if steps & (shared != nil ? 0x3F : 0x3FF) == 0 && Task.isCancelled {
                throw StatesError(.cancelled, "The branch was cancelled")
            }
            if deadline < .infinity && now() >= deadline { throw executionTimeout() }
            // Unretained: `states` holds every node for the whole loop.
            unowned(unsafe) let state = states[index]
            unowned(unsafe) let plan = state.plan
            let previous = observing ? chain : 0
            let enteredId = add(plan.enteredEvent, .stateEntered(name: state.name, input: data))
            // The quota's last event was taken by a state that has not finished: AWS fails here.
            if enteredId >= lastEventId && quotaReached(enteredId) { throw historyQuotaError() }
            // The clock is read only when something can see the entered time (the context object).
            let entered = plan.readsClock ? now() : 0
            // `data` moves into the run and its output moves back: no reference count touched.
            var run = StateRun(state: state, enteredEventId: enteredId, enteredMillis: entered, input: data.take())
            run.enteredPrevious = previous
            var next: Transition
            var retries: [Int] = []
            while true {
                // Parallel and Map add events from nested loops: hand them the log meanwhile.
                let nests = plan.nestsGraphs
                let handOver = nests && local
                if handOver { self.log = log }
                do {
                    // The common kinds never suspend: calling them directly spares an async frame.
                    if plan.hot != .other {
                        next = try runHot(Unmanaged.passUnretained(state), &run)
                    } else {
                        next = try await step(state, &run)
                    }
                    if handOver { log = self.log }
                    break
                } catch {
                    if handOver { log = self.log }
                    // JSONata evaluation errors get their own history event before the failure
                    // (Task, Parallel and Map record their own).
                    if !nests && error.error == .queryEvaluationError {
                        if local { _ = log.next() } else { noteEvaluationFailure(error, run) }
                    }
                    let failedEvent = run.failedEvent
                    run.failedEvent = nil
                    let decision: Recovery =
                        state.retriers.isEmpty && state.catchers.isEmpty
                        ? .fail : try await recover(from: error, &run, retries: &retries)
                    switch decision {
                    case .retry:
                        continue
                    case .caught(let target):
                        if let failedEvent { _ = add(failedEvent, .none) }
                        next = target
                    case .fail:
                        if let failedEvent { _ = add(failedEvent, .none) }
                        throw error
                    }
                    break
                }
            }
            if options.awsLimits { try checkPayloadSize(run) }
            if case .some = run.pendingAssign { assignVariables(run.pendingAssign.unsafelyUnwrapped) }
            if let exited = plan.exitedEvent {
                let exitedId = add(
                    exited,
                    .stateExited(
                        name: state.name, output: run.output,
                        assignedVariables: run.pendingAssign))
                // An end state's exit may be followed by ExecutionSucceeded; `run` decides that.
                if exitedId >= lastEventId, case .next = next, quotaReached(exitedId) { throw historyQuotaError() }
            }
            data = run.output.take()
            switch next {
            case .end: return data
            case .next(let i): index = i
            }
        }
    }
}

extension Executor {
    /// AWS's 256 KiB quota on what a state hands on.
    static let maxPayloadBytes = 262_144

    func checkPayloadSize(_ run: StateRun) throws(StatesError) {
        var bytes: [UInt8] = []
        JSONPrinter.write(run.output, into: &bytes, indent: nil)
        if bytes.count > Self.maxPayloadBytes {
            throw StatesError(
                .dataLimitExceeded,
                "The state/task '\(run.state.name)' returned a result with a size exceeding the maximum number of bytes service limit."
            )
        }
    }

    /// Runs one state of any kind; `run.output` holds its output afterwards.
    @inline(__always)
    func step(_ state: StateNode, _ run: inout StateRun) async throws(StatesError) -> Transition {
        switch state.kind {
        case .pass:
            return try runPass(&run)
        case .succeed:
            return try runSucceed(&run)
        case .fail(let fail):
            throw try failError(fail, &run)
        case .choice:
            return try runChoice(&run)
        case .wait(let wait):
            return try await runWait(wait, &run)
        case .task(let task):
            return try await runTask(task, &run)
        case .parallel(let parallel):
            return try await runParallel(parallel, &run)
        case .map(let map):
            return try await runMap(map, &run)
        }
    }
}

/// What one state's execution works on.
struct StateRun {
    /// Unretained: the node belongs to the machine's graph, which outlives every run of it (a
    /// retain and a release per transition otherwise).
    unowned(unsafe) let state: StateNode
    let enteredEventId: Int
    let enteredMillis: Double
    /// The raw state input. A var only so that a Choice can move it on as its output.
    var input: JSONValue
    var output: JSONValue = .null
    /// The evaluated Assign object, stored into the variables once the state is done.
    var pendingAssign: JSONValue?
    /// How often the state was retried so far (`$$.State.RetryCount` of a Task).
    var retryCount = 0
    /// `{"Index": i, "Value": item}` while a Map evaluates its ItemSelector (`$$.Map.Item`).
    var mapItem: JSONValue?
    /// `$$.Task.Token` while a `.waitForTaskToken` task attempt runs.
    var taskToken: String?
    /// The event before the state's entered event (observed runs only): where AWS points an
    /// EvaluationFailed of most states.
    var enteredPrevious = 0
    /// The event that marks the state as failed (MapStateFailed, ParallelStateFailed), recorded
    /// only once no retrier runs it again.
    var failedEvent: HistoryEventType?

    init(state: StateNode, enteredEventId: Int, enteredMillis: Double, input: JSONValue) {
        self.state = state
        self.enteredEventId = enteredEventId
        self.enteredMillis = enteredMillis
        self.input = input
    }

    /// "An error occurred while executing the state 'S' (entered at the event id #N). "
    var prefix: String {
        "An error occurred while executing the state '\(state.name)' (entered at the event id #\(enteredEventId)). "
    }
}

extension JSONValue {
    /// The value, leaving null in its place: a move where `let v = x` would be a copy.
    @inline(__always) mutating func take() -> JSONValue {
        var out = JSONValue.null
        swap(&out, &self)
        return out
    }
}
