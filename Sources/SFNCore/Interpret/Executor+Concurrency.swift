import SFNJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a branch or iteration executor is made from: everything it needs, all Sendable, so it
/// can be built inside a child task.
struct ExecutorSeed: Sendable {
    let machine: MachineDefinition
    let options: ExecutionOptions
    let execution: ExecutionInfo
    let deadline: Double
    let variables: [String: JSONValue]
    let variableQuota: Executor.VariableQuota
    let skippedMillis: Double
    /// The shared log; nil for a child execution (a DISTRIBUTED Map iteration), whose events
    /// are its own and unobserved.
    let shared: SharedEventLog?
    /// The observer of a child execution's own history (Map Runs in the store), when recorded.
    var childObserver: (any ExecutionObserver)? = nil
}

/// How a branch or iteration ended, carried back to the parent executor.
struct BranchOutcome: Sendable {
    var index: Int
    var result: Result<JSONValue, StatesError>
    var skippedMillis: Double
    var timedOut: Bool
    /// The last event of the branch's own line (observed runs only).
    var lastEventId: Int
}

extension Executor {
    /// A seed for executors that run beside each other, writing to `shared`.
    func seed(shared: SharedEventLog?) -> ExecutorSeed {
        ExecutorSeed(
            machine: machine, options: options, execution: execution, deadline: deadline,
            variables: variables, variableQuota: variableQuota,
            skippedMillis: skippedMillis, shared: shared)
    }

    /// The log siblings share: this executor's own when it has one, a new one seeded with the
    /// events so far otherwise. `finishShared` takes the events back.
    func beginShared() -> SharedEventLog {
        if let shared { return shared }
        return SharedEventLog(log, quota: lastEventId)
    }

    func finishShared(_ shared: SharedEventLog) {
        if self.shared == nil { log = shared.snapshot }
    }

    /// Takes the outcome of children: the latest virtual clock, and an execution timeout.
    func absorb(_ outcome: BranchOutcome) {
        skippedMillis = max(skippedMillis, outcome.skippedMillis)
        if outcome.timedOut { timedOut = true }
    }

    /// Runs `graph` in a fresh executor made from `seed` (inside a child task); its events
    /// follow `chain`.
    static func runSeeded(
        _ seed: ExecutorSeed, _ graph: StateGraph, input: JSONValue, index: Int,
        chain: Int = 0
    ) async -> BranchOutcome {
        let child = Executor(seed: seed, chain: chain)
        seed.shared?.enter()
        let recorded = seed.shared == nil && seed.childObserver != nil
        if seed.shared == nil {
            child.record(.executionStarted, .executionStarted(input: input, roleArn: seed.execution.roleArn))
        }
        defer { seed.shared?.release(child.idBlock) }
        do {
            let out = try await child.runGraph(graph, input: input)
            if recorded { child.record(.executionSucceeded, .executionSucceeded(output: out)) }
            return BranchOutcome(
                index: index, result: .success(out), skippedMillis: child.skippedMillis,
                timedOut: false, lastEventId: child.chain)
        } catch {
            if recorded {
                child.record(
                    error.error == .timeout && child.timedOut ? .executionTimedOut : .executionFailed,
                    .executionEnded(error: error.error, cause: error.cause))
            }
            return BranchOutcome(
                index: index, result: .failure(error), skippedMillis: child.skippedMillis,
                timedOut: child.timedOut, lastEventId: child.chain)
        }
    }

    /// Whether a graph can block (Task, Wait, or a nested graph that can): such work is worth
    /// spreading over many concurrent workers, pure data work only over the processors.
    static func mayBlock(_ graph: StateGraph) -> Bool {
        graph.states.contains { state in
            switch state.kind {
            case .task, .wait: return true
            case .parallel(let p): return p.branches.contains(where: mayBlock)
            case .map(let m): return mayBlock(m.processor)
            default: return false
            }
        }
    }

    static let processorCount: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}
