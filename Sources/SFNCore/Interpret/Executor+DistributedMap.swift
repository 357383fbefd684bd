import SFNJSON

/// A Distributed Map whose ItemReader streams (CSV or JSONL through s3:getObject): items are read,
/// selected and batched a window at a time, the window's child executions run side by side, and
/// their results go to the ResultWriter as they come. Memory is the window (MaxConcurrency and
/// batch sizes), not the object.
extension Executor {
    /// The stream of a reader that streams, with how many items it holds; nil for other readers.
    func itemStream(_ reader: JSONValue, effective: JSONValue, _ run: StateRun) throws(StatesError)
        -> (stream: ItemStream, count: Int)?
    {
        guard case .object(let o) = reader, Self.s3Action(o["Resource"]?.stringValue ?? "") == "getObject" else {
            return nil
        }
        var config: ReaderConfig
        do { config = try ReaderConfig(o["ReaderConfig"]) } catch {
            throw StatesError(.itemReaderFailed, run.prefix + error.message)
        }
        guard ItemStream.streams(config) else { return nil }
        config.maxItems = try maxItems(o["ReaderConfig"], effective: effective, run)
        let arguments = try resourceArguments(o, effective: effective, run)
        let bucket = arguments["Bucket"]?.stringValue ?? ""
        let key = arguments["Key"]?.stringValue ?? ""
        let s3 = LocalS3(root: options.s3Root)
        do throws(LocalS3Error) {
            guard let path = s3.path(bucket: bucket, key: key) else {
                throw LocalS3Error("the bucket '\(bucket)' and key '\(key)' do not name a file under \(s3.root)")
            }
            let count = try ItemStream.count(path: path, bucket: bucket, key: key, config: config)
            return (try ItemStream(path: path, bucket: bucket, key: key, config: config), count)
        } catch {
            throw StatesError(.itemReaderFailed, run.prefix + error.message)
        }
    }

    /// The Map from MapStateStarted on, over streamed items.
    func runStreamingMap(
        _ map: MapState, stream: ItemStream, count: Int, limit: Int, effective: JSONValue, _ run: inout StateRun
    ) async throws(StatesError) -> Transition {
        let state = run.state
        record(.mapStateStarted, .mapStateStarted(length: count))
        let tolerance = try mapTolerance(map, effective: effective, total: count, run)
        var source = IterationSource(stream: stream, prefix: run.prefix)
        do {
            if let batcher = map.itemBatcher {
                source.limits = try batchLimits(batcher, effective: effective, run)
                source.batchInput = try batchInput(batcher, effective: effective, run)
            }
        } catch {
            noteEvaluationFailure(error, run)
            run.failedEvent = .mapStateFailed
            throw error
        }
        let recorder = options.mapRuns
        // Each child execution, when recorded, is an execution of its own under MACHINE/LABEL.
        let childPrefix: (String) -> String = { arn in
            Self.childMachineArn(arn).replacing(":stateMachine:", with: ":execution:") + ":"
                + (arn.split(separator: ":").last.map(String.init) ?? "") + "-"
        }
        // A redrive redrives the Map Run its first entry began, under the same ARN.
        var resume = recorder == nil ? nil : mapRunResume(run, childPrefix: childPrefix)
        resume?.restartsChildren = map.executionType == "EXPRESS"
        let arn =
            resume?.mapRunArn
            ?? execution.mapRunArn(stateName: map.label ?? state.name, enteredEventId: run.enteredEventId)
        record(.mapRunStarted, .mapRunStarted(mapRunArn: arn))
        var sink: ResultSink?
        if case .object(let writer)? = map.resultWriter {
            sink = try resultSink(writer, mapRunArn: arn, effective: effective, run)
        }
        var results: [JSONValue] = []
        let workers = Self.mapWorkers(limit: limit, items: max(count, 2), processor: map.processor)
        // Enough work per window that the workers rarely wait for each other at its end.
        let window = max(64, workers * 16)
        let seed = self.seed(shared: nil)
        var failures = 0
        var iterations = 0
        var mapRun = MapRunRecord(
            mapRunArn: arn, executionArn: execution.executionArn, stateMachineArn: Self.childMachineArn(arn),
            startDate: options.now() + skippedMillis, maxConcurrency: limit,
            toleratedFailurePercentage: tolerance.percentage ?? 0, toleratedFailureCount: Int(tolerance.count ?? 0))
        mapRun.itemCounts.total = count
        if let resume { mapRun = Self.redrivenMapRun(mapRun, resume, now: mapRun.startDate) }
        recorder?.mapRun(mapRun)
        let childMachine = mapRun.stateMachineArn
        let childArnPrefix = childPrefix(arn)
        let childMachineName = options.stateMachineName + "/" + (map.label ?? state.name)
        let runId = arn.split(separator: ":").last.map(String.init) ?? ""
        let seedFor: (Int, JSONValue) -> ExecutorSeed = { [options] index, input in
            guard let recorder else { return seed }
            let name = runId + "-" + String(index)
            let record = ExecutionRecord(
                executionArn: childArnPrefix + String(index), stateMachineArn: childMachine,
                stateMachineName: childMachineName,
                name: name, startDate: options.now(), input: input, definitionHash: "")
            var child = seed
            child.childObserver = recorder.childExecution(record)
            return child
        }
        defer {
            if let recorder {
                mapRun.stopDate = options.now() + skippedMillis
                if mapRun.status == .running { mapRun.status = .failed }
                recorder.flush()
                recorder.mapRun(mapRun)
            }
        }
        var nextSave = ExecutionOptions.systemNowMillis() + 1000
        do {
            while true {
                var inputs: [JSONValue] = []
                inputs.reserveCapacity(window)
                while inputs.count < window,
                    let input = try source.next(map, executor: self, effective: effective, &run)
                {
                    inputs.append(input)
                }
                if inputs.isEmpty { break }
                let outcomes: [BranchOutcome]
                if let resume {
                    outcomes = await Self.runRedriveWindow(
                        resume, seed, map.processor, inputs: inputs, first: iterations, workers: workers,
                        options.virtualClock, now: now(), fresh: seedFor)
                } else {
                    let seeds = recorder == nil ? nil : inputs.indices.map { seedFor(iterations + $0, inputs[$0]) }
                    outcomes = await Self.runWindow(
                        seed, seeds, map.processor, inputs: inputs, first: iterations, workers: workers,
                        options.virtualClock)
                }
                mapRun.executionCounts.total += inputs.count
                for outcome in outcomes {
                    absorb(outcome)
                    let input = inputs[outcome.index - iterations]
                    let itemCount = map.itemBatcher == nil ? 1 : (input["Items"]?.arrayValue?.count ?? 1)
                    var result: JSONValue
                    switch outcome.result {
                    case .success(let v):
                        result = v
                        mapRun.executionCounts.succeeded += 1
                        mapRun.itemCounts.succeeded += itemCount
                    case .failure(let e):
                        mapRun.executionCounts.failed += 1
                        mapRun.itemCounts.failed += itemCount
                        failures += 1
                        result = Self.failedItem(e)
                        // With a percentage the total must be known: the check waits for the end.
                        if tolerance.percentage == nil && tolerance.exceeded(by: failures) {
                            throw MapStop.threshold
                        }
                    }
                    if let sink {
                        try sink.add(index: outcome.index, input: input, result: result)
                    } else {
                        results.append(result)
                    }
                }
                iterations += inputs.count
                // The counts so far, about once a second: what `sfn map-runs` shows of a run in
                // progress, or of one killed before its end.
                if let recorder, ExecutionOptions.systemNowMillis() >= nextSave {
                    recorder.flush()
                    recorder.mapRun(mapRun)
                    nextSave = ExecutionOptions.systemNowMillis() + 1000
                }
            }
            if tolerance.percentage != nil {
                var final = tolerance
                final.total = iterations
                if final.exceeded(by: failures) { throw MapStop.threshold }
            }
        } catch let stop as MapStop {
            sink?.discard()
            switch stop {
            case .threshold:
                record(.mapRunFailed)
                run.failedEvent = .mapStateFailed
                throw Self.thresholdExceeded()
            case .failed(let error):
                record(.mapRunFailed)
                run.failedEvent = .mapStateFailed
                throw error
            }
        } catch let error as LocalS3Error {
            sink?.discard()
            record(.mapRunFailed)
            run.failedEvent = .mapStateFailed
            throw StatesError(.resultWriterFailed, run.prefix + error.message)
        } catch {
            sink?.discard()
            throw StatesError(.runtime, run.prefix + "\(error)")
        }
        mapRun.status = .succeeded
        if sink?.exporting == true {
            mapRun.executionCounts.resultsWritten = mapRun.executionCounts.total
            mapRun.itemCounts.resultsWritten = mapRun.itemCounts.succeeded + mapRun.itemCounts.failed
        }
        let completion = record(.mapRunSucceeded, advances: false)
        var result = JSONValue.array(results)
        if let sink {
            do throws(LocalS3Error) { result = try sink.finish() } catch {
                throw StatesError(.resultWriterFailed, run.prefix + error.message)
            }
        }
        record(.mapStateSucceeded, previous: completion, advances: false)
        if observing { chain = completion }
        return try finish(with: result, &run)
    }

    /// Why a streamed Map stops early.
    enum MapStop: Error {
        case threshold
        case failed(StatesError)
    }

    /// One window's child executions over `workers` tasks; outcomes in iteration order.
    static func runWindow(
        _ seed: ExecutorSeed, _ seeds: [ExecutorSeed]?, _ processor: StateGraph, inputs: [JSONValue], first: Int,
        workers: Int, _ clock: VirtualClock?
    ) async -> [BranchOutcome] {
        if workers <= 1 || inputs.count == 1 {
            var outcomes: [BranchOutcome] = []
            for (k, input) in inputs.enumerated() {
                outcomes.append(await runSeeded(seeds?[k] ?? seed, processor, input: input, index: first + k))
            }
            return outcomes
        }
        let queue = WorkQueue(count: inputs.count)
        let n = min(workers, inputs.count)
        var outcomes: [BranchOutcome] = []
        outcomes.reserveCapacity(inputs.count)
        await withTaskGroup(of: [BranchOutcome].self) { group in
            let share = ClockShare.make(clock, children: n)
            for _ in 0..<n {
                group.addTask {
                    var mine: [BranchOutcome] = []
                    while let k = queue.next() {
                        mine.append(
                            await Executor.runSeeded(seeds?[k] ?? seed, processor, input: inputs[k], index: first + k))
                    }
                    return mine
                }
            }
            for await mine in group {
                share?.processed()
                outcomes.append(contentsOf: mine)
            }
        }
        outcomes.sort { $0.index < $1.index }
        return outcomes
    }

    /// ToleratedFailureCount and ToleratedFailurePercentage, checked.
    func mapTolerance(_ map: MapState, effective: JSONValue, total: Int, _ run: StateRun) throws(StatesError)
        -> Tolerance
    {
        let toleratedCount = try count(
            map.toleratedFailureCount, "ToleratedFailureCount", float: false, input: effective, run)
        let toleratedPercentage = try count(
            map.toleratedFailurePercentage, "ToleratedFailurePercentage", float: true, input: effective, run)
        if let c = toleratedCount, c < 0 {
            throw StatesError(.runtime, run.prefix + "ToleratedFailureCount cannot be negative.")
        }
        if let p = toleratedPercentage, p < 0 || p > 100 {
            throw StatesError(.runtime, run.prefix + "ToleratedFailurePercentage must be between 0 and 100.")
        }
        return Tolerance(count: toleratedCount, percentage: toleratedPercentage, total: total)
    }
}

/// The iterations' inputs of a streamed Map: items read, selected (ItemSelector) and, with an
/// ItemBatcher, grouped into batches as `batches(of:)` groups them.
struct IterationSource {
    var stream: ItemStream
    var limits: Executor.BatchLimits?
    var batchInput: JSONValue?
    /// Items read so far (the ItemSelector's `$$.Map.Item.Index`).
    private var itemIndex = 0
    /// An item read but left for the next batch (it did not fit the last one).
    private var carry: (item: JSONValue, size: Int)?

    /// The state's error prefix, for what the reader cannot read.
    let prefix: String

    init(stream: ItemStream, prefix: String) {
        self.stream = stream
        self.prefix = prefix
    }

    mutating func next(_ map: MapState, executor: Executor, effective: JSONValue, _ run: inout StateRun)
        throws(Executor.MapStop) -> JSONValue?
    {
        guard let limits else {
            guard let item = try read() else { return nil }
            return try select(map.itemSelector, item, executor, effective, &run)
        }
        let empty = JSONSize.exact(envelope([]), cap: Int.max)
        var batch: [JSONValue] = []
        var bytes = empty
        while limits.items.map({ batch.count < $0 }) ?? true {
            var next = carry
            carry = nil
            if next == nil {
                guard let item = try read() else { break }
                let selected = try select(map.itemSelector, item, executor, effective, &run)
                next = (selected, JSONSize.exact(selected, cap: limits.bytes))
            }
            guard let (item, size) = next else { break }
            if !batch.isEmpty && bytes + 1 + size > limits.bytes {
                carry = (item, size)
                break
            }
            if batch.isEmpty && empty + size > limits.bytes {
                throw .failed(
                    StatesError(
                        .dataLimitExceeded,
                        run.prefix
                            + "The item at index \(itemIndex - 1) does not fit in a batch of at most \(limits.bytes) bytes (MaxInputBytesPerBatch)."
                    ))
            }
            bytes += batch.isEmpty ? size : size + 1
            batch.append(item)
        }
        // Not a ternary: JSONValue is ExpressibleByNilLiteral, and `nil` there would be JSON null.
        if batch.isEmpty { return nil }
        return envelope(batch)
    }

    private func envelope(_ batch: [JSONValue]) -> JSONValue {
        var o = JSONObject(minimumCapacity: 2)
        if let batchInput { o.append("BatchInput", batchInput) }
        o.append("Items", .array(batch))
        return .object(o)
    }

    private mutating func read() throws(Executor.MapStop) -> JSONValue? {
        do throws(LocalS3Error) {
            guard let item = try stream.next() else { return nil }
            itemIndex += 1
            return item
        } catch {
            throw .failed(StatesError(.itemReaderFailed, prefix + error.message))
        }
    }

    private func select(
        _ selector: Template?, _ item: JSONValue, _ executor: Executor, _ effective: JSONValue, _ run: inout StateRun
    ) throws(Executor.MapStop) -> JSONValue {
        do {
            return try executor.selectItem(selector, index: itemIndex - 1, item: item, effective: effective, &run)
        } catch {
            executor.noteEvaluationFailure(error, run)
            throw .failed(error)
        }
    }
}
