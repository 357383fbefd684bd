import SFNJSON

/// Walks history events in id order and keeps, per state entry, whether it is still open and
/// whether its last attempt failed. An event belongs to the nearest open entry up its
/// `previousEventId` line (found with path compression, so a long Map stays linear).
struct HistoryReader {
    struct Entry {
        var name: String
        /// The state type as the Entered event names it: "Task", "Parallel", "Map", ...
        var kind: String
        var enteredEvent: Int
        var open = true
        var lastAttemptFailed = false
        var attempts = 0
        var error: String?
        var cause: String?
    }

    var entries: [Entry] = []
    var entryOfEvent: [Int: Int] = [:]
    var parent: [Int: Int] = [:]
    var jump: [Int: Int] = [:]
    var runs: [String: ExecutionOverlay.StateRun] = [:]
    /// The state each Exited event left, to find the transitions taken.
    var exitedBy: [Int: String] = [:]
    /// "from\0to" for every transition taken; "from\0" for a state that ended the execution.
    var taken: Set<String> = []
    var executionStatus = "RUNNING"
    var executionError: String?
    var executionCause: String?

    static let failures: Set<String> = [
        "TaskFailed", "TaskTimedOut", "TaskStartFailed", "TaskSubmitFailed", "LambdaFunctionFailed",
        "LambdaFunctionTimedOut", "LambdaFunctionStartFailed", "LambdaFunctionScheduleFailed", "ActivityFailed",
        "ActivityTimedOut", "ActivityScheduleFailed", "MapRunFailed",
    ]
    static let attempts: Set<String> = [
        "TaskScheduled", "LambdaFunctionScheduled", "ActivityScheduled", "ParallelStateStarted", "MapStateStarted",
    ]

    mutating func read(_ event: JSONValue) {
        guard let type = event["type"]?.stringValue, let id = event["id"]?.intValue else { return }
        // A line only runs back to earlier events: a hand-made history that points forward or at
        // itself must not send the walk up the line round in a circle.
        let written = event["previousEventId"]?.intValue ?? 0
        let prev = written < id ? written : 0
        parent[id] = prev
        let details = Self.details(of: event, type: type)
        let time = event["timestamp"].flatMap(Self.millis)
        if type.hasSuffix("StateEntered") {
            let name = details?["name"]?.stringValue ?? ""
            let kind = String(type.dropLast("StateEntered".count))
            if let from = exitedBy[prev] { taken.insert(from + "\u{0}" + name) }
            entries.append(Entry(name: name, kind: kind, enteredEvent: id))
            entryOfEvent[id] = entries.count - 1
            var run = runs[name] ?? ExecutionOverlay.StateRun()
            run.entered += 1
            run.input = details?["input"].map(Self.text)
            if run.started == nil { run.started = time }
            runs[name] = run
            if kind == "Fail" {
                entries[entries.count - 1].lastAttemptFailed = true
                close(entries.count - 1, as: .failed, time: time)
            }
        } else if type.hasSuffix("StateExited") {
            let name = details?["name"]?.stringValue ?? ""
            exitedBy[id] = name
            guard let e = owner(of: prev, named: name) else { return }
            runs[name, default: .init()].output = details?["output"].map(Self.text)
            runs[name, default: .init()].exited += 1
            close(e, as: entries[e].lastAttemptFailed ? .caught : .succeeded, time: time)
        } else if Self.attempts.contains(type) {
            guard let e = owner(of: prev) else { return }
            entries[e].attempts += 1
            entries[e].lastAttemptFailed = false
        } else if type.hasPrefix("MapIteration") {
            guard let name = details?["name"]?.stringValue else { return }
            switch type {
            case "MapIterationStarted": runs[name, default: .init()].iterations += 1
            case "MapIterationFailed":
                runs[name, default: .init()].iterationsFailed += 1
                failInner(from: prev, upTo: "Map", marking: false, details: nil)
            case "MapIterationAborted": runs[name, default: .init()].iterationsAborted += 1
            default: break
            }
        } else if Self.failures.contains(type) {
            guard let e = owner(of: prev) else { return }
            fail(e, details)
        } else if type == "EvaluationFailed" {
            let name = details?["state"]?.stringValue ?? ""
            guard let e = entries.lastIndex(where: { $0.open && $0.name == name }) ?? owner(of: prev) else { return }
            fail(e, details)
        } else if type == "ParallelStateFailed" || type == "MapStateFailed" {
            failInner(from: prev, upTo: String(type.dropLast("StateFailed".count)), marking: true, details: details)
        } else if type == "ExecutionRedriven" {
            redriven()
        } else if type.hasPrefix("Execution") && type != "ExecutionStarted" {
            switch type {
            case "ExecutionSucceeded":
                executionStatus = "SUCCEEDED"
                if let from = exitedBy[prev] { taken.insert(from + "\u{0}") }
            case "ExecutionFailed": executionStatus = "FAILED"
            case "ExecutionTimedOut": executionStatus = "TIMED_OUT"
            default: executionStatus = "ABORTED"
            }
            executionError = details?["error"].map(Self.text)
            executionCause = details?["cause"].map(Self.text)
            guard type == "ExecutionFailed" else { return }
            // A Fail state that ended the execution: the error is the one it raised.
            if let e = entryOfEvent[prev], entries[e].kind == "Fail" {
                runs[entries[e].name, default: .init()].error = executionError
                runs[entries[e].name, default: .init()].cause = executionCause
            }
            if let e = owner(of: prev) {
                if !entries[e].lastAttemptFailed || entries[e].error == nil { fail(e, details) }
            }
        }
    }

    /// Closes the open entries that a Parallel or Map failure (or one failed iteration) ends,
    /// up to the Parallel or Map state itself, which is marked failed when `marking`.
    private mutating func failInner(from prev: Int, upTo kind: String, marking: Bool, details: JSONValue?) {
        var error: (String?, String?) = (nil, nil)
        var e = owner(of: prev)
        while let x = e, entries[x].kind != kind {
            entries[x].lastAttemptFailed = true
            if error.0 == nil { error = (entries[x].error, entries[x].cause) }
            close(x, as: .failed, time: nil)
            e = owner(of: parent[entries[x].enteredEvent] ?? 0)
        }
        guard marking, let x = e else { return }
        entries[x].lastAttemptFailed = true
        entries[x].error = entries[x].error ?? error.0
        entries[x].cause = entries[x].cause ?? error.1
    }

    private mutating func fail(_ e: Int, _ details: JSONValue?) {
        entries[e].lastAttemptFailed = true
        if let error = details?["error"] { entries[e].error = Self.text(error) }
        if let cause = details?["cause"] { entries[e].cause = Self.text(cause) }
    }

    private mutating func close(_ e: Int, as status: StateStatus, time: Double?) {
        guard entries[e].open else { return }
        entries[e].open = false
        let entry = entries[e]
        var run = runs[entry.name] ?? ExecutionOverlay.StateRun()
        settle(&run, entry, status)
        if let time { run.ended = time }
        runs[entry.name] = run
    }

    /// An entry that exits after its last attempt failed was caught; one that never exits
    /// failed, was cancelled, or is still running.
    private func settle(_ run: inout ExecutionOverlay.StateRun, _ entry: Entry, _ status: StateStatus) {
        if status.precedence > run.status.precedence { run.status = status }
        run.retries += max(0, entry.attempts - 1)
        if entry.lastAttemptFailed {
            run.error = entry.error ?? run.error
            run.cause = entry.cause ?? run.cause
        }
    }

    /// A redrive runs again what did not succeed: those states show what the new run does, not
    /// the failure before it (the console follows an execution through its redrives).
    private mutating func redriven() {
        for e in entries.indices { entries[e].open = false }
        for (name, run) in runs where [.failed, .cancelled, .running].contains(run.status) {
            runs[name]?.status = .notReached
            runs[name]?.error = nil
            runs[name]?.cause = nil
        }
        executionStatus = "RUNNING"
        executionError = nil
        executionCause = nil
    }

    mutating func finish() {
        for e in entries.indices where entries[e].open {
            let entry = entries[e]
            let status: StateStatus =
                entry.lastAttemptFailed ? .failed : executionStatus == "RUNNING" ? .running : .cancelled
            var run = runs[entry.name] ?? ExecutionOverlay.StateRun()
            settle(&run, entry, status)
            runs[entry.name] = run
        }
    }
}
