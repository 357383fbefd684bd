import SFNJSON
import SFNJSONPath

/// The Map state: items, ItemSelector, ItemBatcher (Executor+MapBatching), iterations (inline in
/// this history, distributed as child executions with their own), tolerated failures, and AWS's
/// wording for bad counts.
extension Executor {
    func runMap(_ map: MapState, _ run: inout StateRun) async throws(StatesError) -> Transition {
        let state = run.state
        let effective: JSONValue
        var items: [JSONValue]
        let limit: Int
        // A Distributed Map streams its items (Executor+DistributedMap), under a redrive too: its
        // Map Run, not this history, knows which child executions finished.
        var streamed: (stream: ItemStream, count: Int)?
        do {
            effective = try payload(run, parameters: false)
            let streaming = map.processorMode == "DISTRIBUTED"
            if streaming, let reader = map.itemReader, let s = try itemStream(reader, effective: effective, run) {
                streamed = s
                items = []
            } else if let reader = map.itemReader {
                items = try readItems(map, reader: reader, effective: effective, run)
            } else {
                items = try mapItems(map, effective: effective, run)
            }
            if streaming && streamed == nil { streamed = (ItemStream(items: items), items.count) }
            limit =
                try count(map.maxConcurrency, "MaxConcurrency", float: false, input: effective, run).map { Int($0) }
                ?? 0
        } catch {
            if error.error == .queryEvaluationError {
                noteEvaluationFailure(error, run)
                run.failedEvent = .mapStateFailed
            }
            throw error
        }
        if let streamed {
            return try await runStreamingMap(
                map, stream: streamed.stream, count: streamed.count, limit: limit, effective: effective, &run)
        }
        let started = record(.mapStateStarted, .mapStateStarted(length: items.count))
        var tolerance = try mapTolerance(map, effective: effective, total: items.count, run)

        // With an ItemBatcher, iterations work on batches of selected items: the selector has
        // been applied, and failures are counted per batch (child execution).
        if let batcher = map.itemBatcher {
            items = try batched(map, batcher, items: items, effective: effective, &run)
        }

        let distributed = map.processorMode == "DISTRIBUTED"
        if distributed {
            record(
                .mapRunStarted,
                .mapRunStarted(
                    mapRunArn: execution.mapRunArn(
                        stateName: map.label ?? state.name,
                        enteredEventId: run.enteredEventId)))
        }
        // A redrive keeps the iterations that succeeded before; only the others run.
        let seeded = redriveResults(run)
        let workers = Self.mapWorkers(
            limit: limit, items: items.count - (seeded?.count ?? 0), processor: map.processor)
        tolerance.total = items.count
        let results: [JSONValue]
        // The results' payload bound (`JSONSize.upperBound`) when the workers measured them.
        var resultBound: Int?
        // The event that completed the Map's work last (an iteration's, the Map Run's): what
        // MapStateSucceeded and the state's exit follow.
        var completion: Int?
        if workers > 1 && runsUnobserved(map, distributed: distributed, seeded: seeded) {
            (results, resultBound) = try await runIterationsUnobserved(
                map, items: items, effective: effective, workers: workers, &run)
        } else if workers <= 1 {
            (results, completion) = try await runIterationsInOrder(
                map, items: items, effective: effective, distributed: distributed, tolerance: tolerance,
                seeded: seeded, &run)
        } else {
            (results, completion) = try await runIterationsSideBySide(
                map, items: items, effective: effective, distributed: distributed, tolerance: tolerance,
                workers: workers, started: started, seeded: seeded, &run)
        }
        if distributed { completion = record(.mapRunSucceeded, advances: false) }
        var result = JSONValue.array(results)
        if let writer = map.resultWriter {
            // The Map Run's ARN carries the Label when there is one, else the state's name.
            let arn = execution.mapRunArn(stateName: map.label ?? state.name, enteredEventId: run.enteredEventId)
            result = try writeResults(
                writer, inputs: writerInputs(map, items: items, effective: effective, &run), results: results,
                mapRunArn: arn, effective: effective, run)
        }
        record(.mapStateSucceeded, previous: completion, advances: false)
        if observing, let completion { chain = completion }
        let transition = try finish(with: result, resultBound: resultBound, &run)
        result = .null
        Self.release(consume results)
        return transition
    }

    /// Results at least this many are freed on another thread (`release`).
    static let releasedAside = 4096

    /// Drops the Map's results. Freeing many of them (an object, its values, its strings each)
    /// took the thread that goes on with the execution about 420 instructions an item, after
    /// the iterations had run on all cores; a large array is freed by a task of its own, beside
    /// what follows. An array still referenced elsewhere (a ResultPath that kept it) is only
    /// released there.
    static func release(_ results: consuming [JSONValue]) {
        guard results.count >= releasedAside else { return }
        let aside = consume results
        Task.detached(priority: .utility) { _ = aside }
    }

    /// How many failed iterations a DISTRIBUTED Map tolerates.
    struct Tolerance {
        var count: Double?
        var percentage: Double?
        var total: Int

        func exceeded(by failures: Int) -> Bool {
            let share = Double(failures) * 100 / Double(max(total, 1))
            return Double(failures) > (count ?? 0) && share > (percentage ?? 0)
        }
    }

    static func thresholdExceeded() -> StatesError {
        StatesError(.exceedToleratedFailureThreshold, "The specified tolerated failure threshold was exceeded")
    }

    /// The output AWS gives a tolerated failed iteration.
    static func failedItem(_ error: StatesError) -> JSONValue {
        .object(
            JSONObject([
                ("Error", .string(error.error.rawValue)),
                ("Cause", error.cause.map(JSONValue.string) ?? .null),
            ]))
    }

    /// Workers for the iterations: one when MaxConcurrency is 1; for work that can block (tasks,
    /// waits) up to MaxConcurrency (0 means no limit, capped at 256); for pure data work no more
    /// than there are processors.
    static func mapWorkers(limit: Int, items: Int, processor: StateGraph) -> Int {
        if limit == 1 || items <= 1 { return 1 }
        let cap = mayBlock(processor) ? 256 : processorCount
        return min(items, limit > 0 ? min(limit, cap) : cap)
    }

    /// Iterations one after another, in this executor.
    private func runIterationsInOrder(
        _ map: MapState, items: [JSONValue], effective: JSONValue, distributed: Bool,
        tolerance: Tolerance, seeded: [Int: JSONValue]?, _ run: inout StateRun
    )
        async throws(StatesError) -> ([JSONValue], completion: Int?)
    {
        let state = run.state
        var completion: Int?
        var results: [JSONValue] = []
        results.reserveCapacity(items.count)
        var failures = 0
        for (index, item) in items.enumerated() {
            if let recorded = seeded?[index] {
                results.append(recorded)
                continue
            }
            let itemInput: JSONValue
            do {
                itemInput = try selectItem(map.iterationSelector, index: index, item: item, effective: effective, &run)
            } catch {
                noteEvaluationFailure(error, run)
                run.failedEvent = .mapStateFailed
                throw error
            }
            let iteration = HistoryEventDetails.mapIteration(name: state.name, index: index)
            if !distributed { record(.mapIterationStarted, iteration) }
            do {
                let output =
                    distributed
                    ? try await runChildExecution(map.processor, input: itemInput)
                    : try await runBranch(map.processor, input: itemInput)
                // Iteration ends do not begin a line: the next iteration follows this one's last event.
                if !distributed { completion = record(.mapIterationSucceeded, advances: false, iteration) }
                results.append(output)
            } catch {
                if !distributed {
                    record(.mapIterationFailed, advances: false, iteration)
                    run.failedEvent = .mapStateFailed
                    throw error
                }
                failures += 1
                if tolerance.exceeded(by: failures) {
                    record(.mapRunFailed)
                    run.failedEvent = .mapStateFailed
                    throw Self.thresholdExceeded()
                }
                results.append(Self.failedItem(error))
            }
        }
        return (results, completion)
    }

    /// Iterations spread over `workers` child tasks, each with executors of its own; results keep
    /// the item order. An INLINE failure stops the others (they are aborted).
    private func runIterationsSideBySide(
        _ map: MapState, items: [JSONValue], effective: JSONValue, distributed: Bool,
        tolerance: Tolerance, workers: Int, started: Int, seeded: [Int: JSONValue]?,
        _ run: inout StateRun
    )
        async throws(StatesError) -> ([JSONValue], completion: Int?)
    {
        let state = run.state
        var inputs: [JSONValue] = []
        inputs.reserveCapacity(items.count)
        do {
            for (index, item) in items.enumerated() {
                inputs.append(
                    try selectItem(map.iterationSelector, index: index, item: item, effective: effective, &run))
            }
        } catch {
            noteEvaluationFailure(error, run)
            run.failedEvent = .mapStateFailed
            throw error
        }
        let shared: SharedEventLog? = distributed ? nil : beginShared()
        let seed = self.seed(shared: shared)
        // Under a redrive, the queue hands out the positions of the iterations still to run.
        let pending = seeded.map { s in inputs.indices.filter { s[$0] == nil } }
        let queue = WorkQueue(count: pending?.count ?? inputs.count)
        let processor = map.processor
        let name = state.name
        let clock: @Sendable () -> Double = { [seed] in seed.options.now() + seed.skippedMillis }
        var results = [JSONValue](repeating: .null, count: inputs.count)
        for (i, v) in seeded ?? [:] where i < results.count { results[i] = v }
        var failure: StatesError?
        var failureIndex = Int.max
        var failures = 0
        var completion: Int?
        var last = started
        await withTaskGroup(of: WorkerOutcome.self) { group in
            let share = ClockShare.make(options.virtualClock, children: workers)
            for _ in 0..<workers {
                group.addTask { [inputs, pending] in
                    // Each worker's iterations form one line of events, as one worker's would on AWS.
                    var worker = WorkerOutcome(outcomes: [], last: started, completion: nil)
                    while let k = queue.next() {
                        let i = pending?[k] ?? k
                        let iteration = HistoryEventDetails.mapIteration(name: name, index: i)
                        if let shared {
                            worker.last = shared.add(
                                .mapIterationStarted, previous: worker.last, at: clock(),
                                iteration)
                        }
                        let outcome = await Executor.runSeeded(
                            seed, processor, input: inputs[i], index: i,
                            chain: worker.last)
                        worker.outcomes.append(outcome)
                        if shared != nil { worker.last = outcome.lastEventId }
                        var type = HistoryEventType.mapIterationSucceeded
                        if case .failure(let e) = outcome.result {
                            type = e.error == .cancelled ? .mapIterationAborted : .mapIterationFailed
                        }
                        let end = shared?.add(type, previous: worker.last, at: clock(), iteration)
                        if type == .mapIterationSucceeded {
                            worker.completion = end
                            continue
                        }
                        if !distributed {
                            queue.stop()
                            break
                        }
                    }
                    return worker
                }
            }
            for await worker in group {
                defer { share?.processed() }
                last = max(last, worker.last)
                if let end = worker.completion { completion = max(completion ?? end, end) }
                for outcome in worker.outcomes {
                    absorb(outcome)
                    switch outcome.result {
                    case .success(let v):
                        results[outcome.index] = v
                    case .failure(let e):
                        if distributed {
                            failures += 1
                            results[outcome.index] = Self.failedItem(e)
                            if failure == nil && tolerance.exceeded(by: failures) {
                                failure = Self.thresholdExceeded()
                                queue.stop()
                            }
                        } else if e.error != .cancelled, outcome.index < failureIndex {
                            // The lowest failing item's error is the Map's, as on the unobserved
                            // route, whichever worker reports first.
                            if failure == nil { group.cancelAll() }
                            failure = e
                            failureIndex = outcome.index
                        }
                    }
                }
            }
        }
        if let shared { finishShared(shared) }
        if observing { chain = last }
        if let failure {
            if distributed { record(.mapRunFailed) }
            run.failedEvent = .mapStateFailed
            throw failure
        }
        return (results, completion)
    }

    /// What one Map worker did: its iterations' outcomes, the last event of its line, and the
    /// end of its last successful iteration.
    private struct WorkerOutcome: Sendable {
        var outcomes: [BranchOutcome]
        var last: Int
        var completion: Int?
    }

    /// The array to iterate: Items (JSONata or literal), ItemsPath, or the effective input.
    func mapItems(_ map: MapState, effective: JSONValue, _ run: StateRun) throws(StatesError) -> [JSONValue] {
        let errorName = badValueError(run)
        if let template = map.items {
            let value = try evaluate(template, input: effective, run)
            if case .array(let a) = value { return a }
            if case .jsonata(let expr, let field) = template {
                throw StatesError(
                    errorName,
                    run.prefix
                        + "The JSONata expression '\(expr.text)' specified for the field '\(field)' returned an unexpected result type. Expected 'array', but was '\(value.typeName)' for value: \(JSONPrinter.compact(value))"
                )
            }
            throw StatesError(
                errorName, run.prefix + "Map state input must be an array but was: \(JSONPrinter.compact(value))")
        }
        var value = effective
        if let path = map.itemsPath {
            switch evaluatePath(path, input: effective, run) {
            case .success(let v): value = v
            case .failure(let f): throw invalidPath(path.text, f, run)
            }
        }
        guard case .array(let a) = value else {
            throw StatesError(
                errorName, run.prefix + "Map state input must be an array but was: \(JSONPrinter.compact(value))")
        }
        return a
    }

    /// The batches of an ItemBatcher: ItemSelector on every item first (as AWS orders them),
    /// then BatchInput, then the grouping.
    func batched(
        _ map: MapState, _ batcher: ItemBatcher, items: [JSONValue], effective: JSONValue,
        _ run: inout StateRun
    ) throws(StatesError) -> [JSONValue] {
        do {
            let limits = try batchLimits(batcher, effective: effective, run)
            var selected = items
            if map.itemSelector != nil {
                selected.removeAll(keepingCapacity: true)
                for (index, item) in items.enumerated() {
                    selected.append(
                        try selectItem(map.itemSelector, index: index, item: item, effective: effective, &run))
                }
            }
            let input = try batchInput(batcher, effective: effective, run)
            return try batches(of: selected, batchInput: input, limits: limits, run)
        } catch {
            noteEvaluationFailure(error, run)
            run.failedEvent = .mapStateFailed
            throw error
        }
    }

    /// An iteration's input: ItemSelector with `$$.Map.Item` bound, or the item itself.
    func selectItem(
        _ selector: Template?, index: Int, item: JSONValue, effective: JSONValue,
        _ run: inout StateRun
    ) throws(StatesError) -> JSONValue {
        guard let selector else { return item }
        var entry = JSONObject(minimumCapacity: 2)
        entry.append("Index", .int(index))
        entry.append("Value", item)
        run.mapItem = .object(entry)
        defer { run.mapItem = nil }
        return try evaluate(selector, input: effective, run)
    }

    /// A distributed iteration is a child execution: its events are its own, numbered from 1.
    private func runChildExecution(_ graph: StateGraph, input: JSONValue) async throws(StatesError) -> JSONValue {
        let outcome = await Self.runSeeded(seed(shared: nil), graph, input: input, index: 0)
        absorb(outcome)
        return try outcome.result.get()
    }

    /// MaxConcurrency / ToleratedFailureCount / ToleratedFailurePercentage, given literally, by
    /// a `...Path` or by JSONata; nil when absent.
    func count(
        _ source: NumberSource?, _ field: String, float: Bool, input: JSONValue,
        _ run: StateRun
    ) throws(StatesError) -> Double? {
        guard let source else { return nil }
        let value: JSONValue
        let pathText: String?
        switch source {
        case .literal(let v):
            value = v
            pathText = nil
        case .path(let p):
            switch evaluatePath(p, input: input, run) {
            case .success(let v): value = v
            case .failure(let f): throw invalidPath(p.text, f, run)
            }
            pathText = p.text
        case .jsonata(let e):
            value = try evaluateJSONata(e, field: field, input: run.input, run)
            pathText = nil
        }
        // Numbers in strings count, as Java's parsers read them.
        var number: Double? = float ? value.doubleValue : value.intValue.map(Double.init)
        if case .string(let s) = value {
            number = float ? Double(s) : Int(s).map(Double.init)
        } else if !value.isNumber {
            number = nil
        }
        guard let number, number.isFinite else {
            let kind = float ? "float" : "integer"
            let message =
                pathText.map {
                    "The \(field)Path field refers to value \"\(Self.plain(value))\" which is not a valid \(kind): \($0)"
                }
                ?? "The \(field) field must be a valid \(kind) but was: \(JSONPrinter.compact(value))"
            throw StatesError(pathText == nil ? .queryEvaluationError : .runtime, run.prefix + message)
        }
        return number
    }
}

extension Executor {
    /// The child executions' inputs as a ResultWriter reports them (batches are already selected).
    func writerInputs(_ map: MapState, items: [JSONValue], effective: JSONValue, _ run: inout StateRun)
        throws(StatesError) -> [JSONValue]
    {
        guard map.iterationSelector != nil else { return items }
        var inputs: [JSONValue] = []
        for (i, item) in items.enumerated() {
            inputs.append(try selectItem(map.iterationSelector, index: i, item: item, effective: effective, &run))
        }
        return inputs
    }
}

extension MapState {
    /// The ItemSelector an iteration applies to its item: none with an ItemBatcher, whose batches
    /// are made of items the selector has already shaped.
    var iterationSelector: Template? { itemBatcher == nil ? itemSelector : nil }
}
