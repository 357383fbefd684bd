import SFNJSON
import Synchronization

/// INLINE Map iterations nobody observes, over an item processor that cannot block (no Task or
/// Wait anywhere in it): one executor per worker runs item after item, and workers take items
/// in chunks from one atomic counter.
///
/// The general side-by-side route (Executor+Map) builds an executor, a child frame and an
/// outcome per item, numbers each iteration's start and end through the shared counter, and
/// takes a lock per item to hand it out; with nobody listening none of that is needed. What
/// stays the same: at most `workers` iterations at once (MaxConcurrency), the ItemSelector
/// applied to every item before any iteration runs (so a selector failure wins, as before),
/// iteration events numbered (from the worker's block of ids), the first failure in item order
/// reported and the others stopped.
extension Executor {
    /// Whether `runIterationsUnobserved` may run this Map's iterations.
    func runsUnobserved(_ map: MapState, distributed: Bool, seeded: [Int: JSONValue]?) -> Bool {
        !observing && !distributed && seeded == nil && options.virtualClock == nil
            && !Self.mayBlock(map.processor) && ItemSelection.applies(to: self)
    }

    func runIterationsUnobserved(
        _ map: MapState, items: [JSONValue], effective: JSONValue, workers: Int, _ run: inout StateRun
    ) async throws(StatesError) -> (results: [JSONValue], bound: Int) {
        let selection = ItemSelection(map.iterationSelector, effective: effective)
        let slots = ResultSlots(count: items.count)
        let chunk = Self.chunkSize(items.count, workers: workers)
        let mapRun = run
        // A selector of the item and its index cannot fail: with a single Pass after it, each
        // output is evaluated from the item itself (Executor+MapFusion).
        let fused = fusionApplies ? FusedPass.make(map, selection) : nil
        if fused == nil {
            try await selectAll(map, selection, items: items, into: slots, chunk: chunk, workers: workers, &run)
        }

        let shared = beginShared()
        let seed = self.seed(shared: shared)
        let processor = map.processor
        let resets = Self.mayAssign(processor)
        let queue = ChunkQueue(count: items.count, chunk: chunk)
        let cap = options.maxPayloadBytes
        let outcomes = await Self.inWorkers(workers) { () async -> InlineOutcome in
            let executor = Executor(seed: seed, chain: 0)
            shared.enter()
            defer { shared.release(executor.idBlock) }
            // For the fused route: the Pass's environment (its input set per item), and the
            // selection for an item run the general way.
            // Each worker fuses its own copy: the leaves and key array of one shared template were
            // retained per item from both cores, which passed their reference counts between them.
            let route = fused.flatMap { _ in FusedPass.make(map, selection, ownKeys: true) }.map {
                FusedRoute($0, executor)
            }
            var prepared = selection.prepare(executor, mapRun)
            var outcome = InlineOutcome()
            while let range = queue.take() {
                if Task.isCancelled {
                    outcome.failure = (range.lowerBound, StatesError(.cancelled, "The branch was cancelled"))
                    break
                }
                for i in range where queue.admits(i) {
                    _ = shared.next(block: &executor.idBlock)  // MapIterationStarted
                    do throws(StatesError) {
                        if let route,
                            let output = try executor.runFused(
                                route, shared: shared, index: i, item: items[i], bound: &outcome.bound)
                        {
                            slots.base[i] = output
                        } else {
                            let input =
                                fused == nil
                                ? slots.base[i]
                                : try selection.select(index: i, item: items[i], &prepared, executor, mapRun)
                            let output = try await executor.runGraph(processor, input: input)
                            outcome.bound &+= JSONSize.upperBound(output, cap: cap)
                            slots.base[i] = output
                        }
                        _ = shared.next(block: &executor.idBlock)  // MapIterationSucceeded
                    } catch {
                        _ = shared.next(block: &executor.idBlock)  // MapIterationFailed
                        outcome.failure = (i, error)
                        queue.stop(at: i)
                        break
                    }
                    // What an iteration assigns stays inside it.
                    if resets {
                        executor.variables = seed.variables
                        executor.variableQuota = seed.variableQuota
                    }
                }
                if outcome.failure != nil { break }
            }
            outcome.skippedMillis = executor.skippedMillis
            outcome.timedOut = executor.timedOut
            return outcome
        }
        finishShared(shared)
        var failure: (index: Int, error: StatesError)?
        var cancelled: StatesError?
        // The results array's own share of the payload bound: brackets and commas.
        var bound = 2 + max(items.count - 1, 0)
        for outcome in outcomes {
            bound &+= outcome.bound
            absorb(
                BranchOutcome(
                    index: 0, result: .success(.null), skippedMillis: outcome.skippedMillis,
                    timedOut: outcome.timedOut, lastEventId: 0))
            guard let f = outcome.failure else { continue }
            if f.error.error == .cancelled {
                cancelled = f.error
            } else if failure.map({ f.index < $0.index }) ?? true {
                failure = f
            }
        }
        if let error = failure?.error ?? cancelled {
            run.failedEvent = .mapStateFailed
            throw error
        }
        return (slots.take(), bound)
    }

    /// The ItemSelector on every item, into `slots`: its failure is the Map's, before any
    /// iteration.
    private func selectAll(
        _ map: MapState, _ selection: ItemSelection, items: [JSONValue], into slots: ResultSlots, chunk: Int,
        workers: Int, _ run: inout StateRun
    ) async throws(StatesError) {
        let mapRun = run
        let selectQueue = ChunkQueue(count: items.count, chunk: chunk)
        let stateSeed = seed(shared: nil)
        let selectionFailed = await Self.inWorkers(workers) { () async -> Bool in
            let executor = Executor(seed: stateSeed, chain: 0)
            var prepared = selection.prepare(executor, mapRun)
            while let range = selectQueue.take() {
                for i in range {
                    do throws(StatesError) {
                        slots.base[i] = try selection.select(
                            index: i, item: items[i], &prepared, executor, mapRun)
                    } catch {
                        selectQueue.stop()
                        return true
                    }
                }
            }
            return false
        }.contains(true)
        if selectionFailed {
            // Found again in item order (the first failing item's error is the Map's, as on the
            // general route); every slot is filled again, in case the failure does not repeat.
            for (index, item) in items.enumerated() {
                do {
                    slots.base[index] = try selectItem(
                        map.iterationSelector, index: index, item: item, effective: selection.effective, &run)
                } catch {
                    noteEvaluationFailure(error, run)
                    run.failedEvent = .mapStateFailed
                    throw error
                }
            }
        }
    }

    /// Runs `work` in `workers` child tasks and gathers what each returns.
    private static func inWorkers<T: Sendable>(
        _ workers: Int, _ work: @escaping @Sendable () async -> T
    ) async -> [T] {
        await withTaskGroup(of: T.self) { group in
            for _ in 0..<workers { group.addTask(operation: work) }
            var all: [T] = []
            for await one in group { all.append(one) }
            return all
        }
    }

    /// Items per take: small enough that workers on a loaded machine even out, large enough that
    /// the shared counter is touched rarely.
    static func chunkSize(_ count: Int, workers: Int) -> Int {
        min(256, max(1, count / max(1, workers * 16)))
    }

    /// Whether running `graph` can change the executor's variables (an Assign of a state, a
    /// Choice rule or a catcher), so that each iteration must start again from the Map's.
    static func mayAssign(_ graph: StateGraph) -> Bool {
        graph.states.contains { state in
            if state.assign != nil || state.catchers.contains(where: { $0.assign != nil }) { return true }
            if case .choice(let choice) = state.kind { return choice.choices.contains { $0.assign != nil } }
            return false
        }
    }
}

/// How one unobserved Map worker ended.
private struct InlineOutcome: Sendable {
    var failure: (index: Int, error: StatesError)?
    var skippedMillis = 0.0
    var timedOut = false
    /// The sum of `JSONSize.upperBound` of the outputs this worker wrote.
    var bound = 0
}

/// The Map's results, one slot per item, written by the workers without a lock: each index is
/// handed to exactly one worker (first the selected input goes there, then the output).
final class ResultSlots: @unchecked Sendable {
    let base: UnsafeMutablePointer<JSONValue>
    let count: Int
    /// Whether the values were moved out (nothing is left to deinitialize).
    private var taken = false

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: .null, count: count)
    }

    /// The values, moved out (once); the slots are left uninitialized.
    func take() -> [JSONValue] {
        precondition(!taken, "the results were taken already")
        taken = true
        return [JSONValue](unsafeUninitializedCapacity: count) { buffer, n in
            buffer.baseAddress!.moveInitialize(from: base, count: count)
            n = count
        }
    }

    deinit {
        if !taken { base.deinitialize(count: count) }
        base.deallocate()
    }
}

/// Hands out ranges of item indexes to workers from one atomic counter. A failure stops the
/// items after it only: those before it still run, so that the lowest failing item is found
/// whatever the timing (its error is the Map's).
final class ChunkQueue: Sendable {
    private let next = Atomic<Int>(0)
    /// The lowest failing index so far: no item at or after it is started.
    private let limit = Atomic<Int>(.max)
    private let count: Int
    private let chunk: Int

    init(count: Int, chunk: Int) {
        self.count = count
        self.chunk = chunk
    }

    /// The next range to work on; nil when all are taken or the rest come after a failure.
    func take() -> Range<Int>? {
        let end = min(count, limit.load(ordering: .relaxed))
        let start = next.wrappingAdd(chunk, ordering: .relaxed).oldValue
        guard start < end else { return nil }
        return start..<min(start + chunk, count)
    }

    /// No item at or after `index` is started any more (everything, for 0).
    func stop(at index: Int = 0) {
        var current = limit.load(ordering: .relaxed)
        while index < current {
            let (exchanged, original) = limit.compareExchange(
                expected: current, desired: index, ordering: .relaxed)
            if exchanged { break }
            current = original
        }
    }

    /// Whether item `index` is still to run.
    func admits(_ index: Int) -> Bool { index < limit.load(ordering: .relaxed) }
}
