import SFNJSON

/// Where a redrive picks an execution up, read from its recorded events: the top-level state that
/// did not finish, its recorded input, the variables as they were when it was entered and, for a
/// Map or Parallel, the results of the iterations and branches that already succeeded.
///
/// The reading relies on what a recorded history guarantees: top-level states run one at a time,
/// so everything between a Map's or Parallel's Entered and Exited events belongs to it; state
/// names are unique across a definition (AWS refuses duplicates), so a name tells a top-level
/// state from a nested one and a Parallel branch by its states; and an iteration's
/// MapIterationSucceeded names, as its previousEventId, the last event of the iteration's own
/// line, the StateExited that carries its output. AWS's events hold all of this, so no side
/// record is needed.
struct RedrivePlan {
    /// The execution's input and start (ExecutionStarted's), kept for `$$.Execution`.
    var input: JSONValue
    var startMillis: Double
    /// The count this redrive makes (`$$.Execution.RedriveCount`, ExecutionRedriven's).
    var redriveCount: Int
    /// The last recorded event: numbering continues after it, and ExecutionRedriven follows it.
    var lastEventId: Int
    /// The top-level variables before the state that runs again.
    var variables: [String: JSONValue]
    var resume: Resume
    /// The Map Run the restarted state began (a Distributed Map's first entry): the redrive
    /// redrives that run, under its ARN, rather than start another.
    var mapRunArn: String?

    enum Resume {
        /// Run the top-level state at `index` with `input`; `seeds` are the recorded results of
        /// its iterations or branches that succeeded (by index), which do not run again.
        case state(index: Int, input: JSONValue, seeds: [Int: JSONValue])
        /// Every state had finished (the process died before recording the end): the output.
        case end(JSONValue)
    }

    /// An EXPRESS child of a redriven Map Run: AWS starts it again (StartExecution), so it runs
    /// from the start with its input; its local history goes on after the recorded events.
    init(restarting recorded: RecordedExecution, graph: StateGraph) throws(RedriveError) {
        try self.init(recorded, graph: graph)
        variables = [:]
        resume = .state(index: graph.startIndex, input: input, seeds: [:])
        mapRunArn = nil
    }

    init(_ recorded: RecordedExecution, graph: StateGraph) throws(RedriveError) {
        if let reason = recorded.notRedrivableReason { throw RedriveError(message: reason) }
        let events = recorded.events
        let started = events[0]
        input = recorded.input
        if case .executionStarted(let recordedInput, _) = started.details { input = recordedInput }
        startMillis = started.timestamp
        redriveCount = recorded.redriveCount + 1
        lastEventId = events.reduce(0) { max($0, $1.id) }
        var scan = Scan(graph: graph, events: events)
        for event in events { scan.read(event) }
        variables = scan.variablesForResume
        resume = scan.resume(input: input)
        if scan.open != nil { mapRunArn = scan.mapRunArn }
    }

    /// The walk over the events.
    private struct Scan {
        let graph: StateGraph
        /// Events by id (ids are dense from 1; a gap only costs a lookup that finds nothing).
        let byId: [Int: HistoryEvent]
        var variables: [String: JSONValue] = [:]
        /// The top-level state entered and not exited, with its input.
        var open: (index: Int, input: JSONValue)?
        /// Results carried into the open state's latest entry by earlier redrives.
        var seeds: [Int: JSONValue] = [:]
        /// Results of the open state's iterations or branches in its latest entry.
        var current: [Int: JSONValue] = [:]
        /// The last top-level state that exited, with its input, output and the variables before it.
        var exited: (index: Int, input: JSONValue, output: JSONValue, before: [String: JSONValue])?
        /// For an open Parallel: the branch each branch-level state name belongs to, and whether
        /// the state starts or ends its branch.
        var branchOf: [String: (branch: Int, starts: Bool, ends: Bool)] = [:]
        /// The Map Run the open state began in its first entry (its later entries redrove it).
        var mapRunArn: String?

        init(graph: StateGraph, events: [HistoryEvent]) {
            self.graph = graph
            var byId: [Int: HistoryEvent] = [:]
            byId.reserveCapacity(events.count)
            for e in events { byId[e.id] = e }
            self.byId = byId
        }

        mutating func read(_ event: HistoryEvent) {
            switch event.details {
            case .stateEntered(let name, let input):
                if let index = graph.indexByName[name] {
                    enter(index, input: input)
                } else if let b = branchOf[name], b.starts {
                    current[b.branch] = nil
                }
            case .stateExited(let name, let output, let assigned):
                if let index = graph.indexByName[name], open?.index == index {
                    let before = variables
                    if case .object(let o)? = assigned { for (k, v) in o { variables[k] = v } }
                    exited = (index, open?.input ?? .null, output, before)
                    open = nil
                    branchOf = [:]
                } else if let b = branchOf[name], b.ends {
                    current[b.branch] = output
                }
            case .mapRunStarted(let arn):
                // A top-level Distributed Map's own run: a nested one's events are its children's.
                if open != nil && mapRunArn == nil { mapRunArn = arn }
            case .mapIteration(let name, let index):
                guard let open, graph.states[open.index].name == name else { return }
                if event.type == .mapIterationStarted {
                    current[index] = nil
                } else if event.type == .mapIterationSucceeded,
                    case .stateExited(_, let output, _)? = byId[event.previousEventId]?.details
                {
                    current[index] = output
                }
            default:
                return
            }
        }

        /// A top-level state entered: a new state, or the open one again after a redrive, which
        /// keeps what its earlier entries finished.
        private mutating func enter(_ index: Int, input: JSONValue) {
            if open?.index == index {
                seeds.merge(current) { _, new in new }
            } else {
                seeds = [:]
                branchOf = [:]
                mapRunArn = nil
                if case .parallel(let parallel) = graph.states[index].kind {
                    for (b, branch) in parallel.branches.enumerated() {
                        for (i, state) in branch.states.enumerated() {
                            branchOf[state.name] = (b, i == branch.startIndex, Self.endsBranch(state))
                        }
                    }
                }
            }
            current = [:]
            open = (index, input)
        }

        /// Whether a state's exit ends its branch (End, or a Succeed state).
        static func endsBranch(_ state: StateNode) -> Bool {
            if case .succeed = state.kind { return true }
            if case .end = state.transition { return true }
            return false
        }

        /// Where to go on: the open state; else after the last exited one; else the start.
        func resume(input: JSONValue) -> Resume {
            if let open {
                return .state(index: open.index, input: open.input, seeds: seeds.merging(current) { _, new in new })
            }
            guard let exited else { return .state(index: graph.startIndex, input: input, seeds: [:]) }
            let state = graph.states[exited.index]
            // Where a Choice went, or whether a Catch took over, the events do not say: such a
            // state runs again from its recorded input (its work, a Choice's rules, is pure).
            var rerun = !state.catchers.isEmpty
            if case .choice = state.kind { rerun = true }
            if rerun { return .state(index: exited.index, input: exited.input, seeds: [:]) }
            if case .succeed = state.kind { return .end(exited.output) }
            switch state.transition {
            case .end: return .end(exited.output)
            case .next(let i): return .state(index: i, input: exited.output, seeds: [:])
            }
        }

        /// The variables before the state `resume` names.
        var variablesForResume: [String: JSONValue] {
            guard open == nil, let exited else { return variables }
            let state = graph.states[exited.index]
            if case .choice = state.kind { return exited.before }
            return state.catchers.isEmpty ? variables : exited.before
        }
    }
}
