import Dispatch
import SFNCore
import SFNJSON
import SFNStore
import Synchronization

/// StartExecution, StartSyncExecution, DescribeExecution, DescribeStateMachineForExecution,
/// StopExecution, RedriveExecution.
extension StepFunctionsService {
    /// The running execution a stop request reaches, set once it has started.
    final class ExecutionBox: Sendable {
        let execution = Mutex<Execution?>(nil)
    }

    func startExecution(_ r: APIRequest) throws(APIError) -> JSONValue {
        let given = try r.required("stateMachineArn")
        let (m, base, version, alias) = try target(given)
        let testCase = given.firstIndex(of: "#").map { String(given[given.index(after: $0)...]) }
        let name = try r.string("name") ?? Self.uuid()
        if let problem = ExecutionOptions.nameProblem(name) {
            throw APIError("InvalidName", "Invalid Name: '\(name)' (\(problem))")
        }
        let input = try readInput(r).1
        var options = try executionOptions(m, name: name, testCase: testCase)
        let arn = options.executionArn(name: name)
        let now = ExecutionOptions.systemNowMillis()
        let record = ExecutionRecord(
            executionArn: arn, stateMachineArn: base.arn, stateMachineName: base.name, name: name, startDate: now,
            input: input, definitionHash: m.definitionHash)
        let recorder: ExecutionRecorder
        do throws(ExecutionStoreError) {
            // Created first and looked up only when the name is taken: one store call per start.
            recorder = try ExecutionRecorder(store: store, record: record, definition: m.definition) {
                [weak self] in self?.ended(arn)
            }
        } catch  where error.kind == .executionAlreadyExists {
            let old = try storeCall { () throws(ExecutionStoreError) in try store.describeExecution(arn) }
            // AWS: the same name and input as a running execution returns that execution.
            if let old, old.status == .running && old.input == input {
                return ["executionArn": .string(arn), "startDate": Self.seconds(old.startDate)]
            }
            throw APIError("ExecutionAlreadyExists", "Execution Already Exists: '\(arn)'")
        } catch {
            throw APIError("ServiceException", "the store failed: \(error.message)", status: 500)
        }
        if version != nil || alias != nil {
            try state.withLock { s throws(APIError) in
                s.executionTargets[arn] = (version, alias)
                try persist(arn, in: s)
            }
        }
        options.observers.append(recorder)
        let execution = m.loaded.start(input: input, options: options)
        track(arn, execution, recorder: recorder)
        return ["executionArn": .string(arn), "startDate": Self.seconds(now)]
    }

    /// Keeps a running execution reachable for StopExecution until it ends, and its recorder for
    /// DescribeExecution until the store has its last write (then `ended` lets go of both).
    func track(_ arn: String, _ execution: Execution, recorder: ExecutionRecorder? = nil) {
        let ended = state.withLock { s -> Bool in
            if let recorder {
                // It may have ended already, before this runs: then it stays out.
                guard recorder.isRunning else { return true }
                s.live[arn] = recorder
            }
            s.running[arn] = execution
            return false
        }
        guard recorder == nil, !ended else { return }
        Task {
            _ = await execution.result
            self.state.withLock { _ = $0.running.removeValue(forKey: arn) }
        }
    }

    /// An execution's outcome is with the store: it is no longer stopped here, and DescribeExecution
    /// reads the store once the outcome is committed.
    func ended(_ arn: String) {
        state.withLock { _ = $0.running.removeValue(forKey: arn) }
        let forget: @Sendable () -> Void = { [weak self] in
            self?.state.withLock { _ = $0.live.removeValue(forKey: arn) }
        }
        if let grouped = store as? GroupCommitStore { grouped.afterCommit(forget) } else { forget() }
    }

    func readInput(_ r: APIRequest) throws(APIError) -> (String, JSONValue) {
        let text = try r.string("input") ?? "{}"
        do { return (text, try JSONParser.parse(text)) } catch {
            throw APIError(
                "InvalidExecutionInput",
                "Invalid execution input: \(error.message) at line \(error.line), column \(error.column)")
        }
    }

    /// The options an execution of `m` runs with: names, region, account, role and its Task
    /// resources (the mock config's test case when the ARN names one).
    func executionOptions(_ m: Machine, name: String, testCase: String?) throws(APIError) -> ExecutionOptions {
        var options = ExecutionOptions(
            executionName: name, stateMachineName: m.name, region: configuration.region,
            accountId: configuration.accountId, roleArn: m.roleArn)
        var tasks = TaskDispatcher()
        if let resources = configuration.resources { tasks.resources = resources }
        // Callback and activity tasks wait for SendTask* (and GetActivityTask) through the store.
        tasks.callbackStore = store as? any TaskTokenStore
        tasks.servesActivities = true
        tasks.callbacksWaitUnsent = true
        tasks.executionRole = configuration.policies?.role(m.roleArn)
        if let testCase {
            guard let config = configuration.mockConfig else {
                throw APIError.validation("the ARN names test case '\(testCase)' but the server has no --mock-config")
            }
            do throws(StatesError) {
                try tasks.useMockConfig(config, testCase: testCase, machine: m.name)
            } catch {
                throw APIError.validation(error.cause ?? error.error.rawValue)
            }
        }
        options.tasks = tasks
        options.maxPayloadBytes = configuration.maxPayloadBytes
        recordMapRuns(m, into: &options)
        return options
    }

    func startSyncExecution(_ r: APIRequest) throws(APIError) -> JSONValue {
        let target = try r.required("stateMachineArn")
        let m = try self.target(target).run
        guard m.type == "EXPRESS" else {
            throw APIError(
                "StateMachineTypeNotSupported", "This operation is not supported by this type of state machine")
        }
        let testCase = target.split(separator: "#", maxSplits: 1).dropFirst().first.map(String.init)
        let name = try r.string("name") ?? Self.uuid()
        if let problem = ExecutionOptions.nameProblem(name) {
            throw APIError("InvalidName", "Invalid Name: '\(name)' (\(problem))")
        }
        let (inputText, input) = try readInput(r)
        let options = try executionOptions(m, name: name, testCase: testCase)
        let start = ExecutionOptions.systemNowMillis()
        let result = Self.wait(m.loaded.start(input: input, options: options))
        let stop = ExecutionOptions.systemNowMillis()
        var o = JSONObject()
        o.append("executionArn", .string(arnPrefix + "express:\(m.name):\(name):\(Self.uuid())"))
        o.append("stateMachineArn", .string(m.arn))
        o.append("name", .string(name))
        o.append("startDate", Self.seconds(start))
        o.append("stopDate", Self.seconds(stop))
        o.append("status", .string(ExecutionRecord.Status(result.status).rawValue))
        o.append("input", .string(inputText))
        o.append("inputDetails", ["included": true])
        if let output = result.output {
            o.append("output", .string(JSONPrinter.compact(output)))
            o.append("outputDetails", ["included": true])
        }
        if let error = result.error { o.append("error", .string(error)) }
        if let cause = result.cause { o.append("cause", .string(cause)) }
        o.append(
            "billingDetails",
            [
                "billedMemoryUsedInMB": 64,
                "billedDurationInMilliseconds": .int(max(100, Int((stop - start).rounded(.up)))),
            ])
        return .object(o)
    }

    /// Blocks this connection's thread until the execution ends.
    static func wait(_ execution: Execution) -> ExecutionResult {
        let done = DispatchSemaphore(value: 0)
        let box = Mutex<ExecutionResult?>(nil)
        Task {
            let result = await execution.result
            box.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return box.withLock { $0! }
    }

    func record(_ r: APIRequest, live: Bool = false) throws(APIError) -> ExecutionRecord {
        let arn = try r.required("executionArn")
        try checkExecutionArn(arn)
        if live, let recorder = state.withLock({ $0.live[arn] }) { return recorder.record }
        guard let record = try storeCall({ () throws(ExecutionStoreError) in try store.describeExecution(arn) }) else {
            throw APIError.missingExecution(arn)
        }
        return record
    }

    func describeExecution(_ r: APIRequest) throws(APIError) -> JSONValue {
        let e = try record(r, live: true)
        var o = JSONObject()
        o.append("executionArn", .string(e.executionArn))
        o.append("stateMachineArn", .string(e.stateMachineArn))
        o.append("name", .string(e.name))
        o.append("status", .string(e.status.rawValue))
        o.append("startDate", Self.seconds(e.startDate))
        if let stop = e.stopDate { o.append("stopDate", Self.seconds(stop)) }
        o.append("input", .string(JSONPrinter.compact(e.input)))
        o.append("inputDetails", ["included": true])
        if let output = e.output {
            o.append("output", .string(JSONPrinter.compact(output)))
            o.append("outputDetails", ["included": true])
        }
        if let error = e.error { o.append("error", .string(error)) }
        if let cause = e.cause { o.append("cause", .string(cause)) }
        o.append("redriveCount", .int(e.redriveCount))
        if let date = e.redriveDate { o.append("redriveDate", Self.seconds(date)) }
        o.append("redriveStatus", .string(redriveStatus(e)))
        if let target = state.withLock({ $0.executionTargets[e.executionArn] }) {
            if let v = target.version { o.append("stateMachineVersionArn", .string(v)) }
            if let a = target.alias { o.append("stateMachineAliasArn", .string(a)) }
        }
        return .object(o)
    }

    func redriveStatus(_ e: ExecutionRecord) -> String {
        switch e.status {
        case .failed, .timedOut, .aborted: return "REDRIVABLE"
        case .running where !e.ownerIsAlive: return "REDRIVABLE"
        default: return "NOT_REDRIVABLE"
        }
    }

    func describeStateMachineForExecution(_ r: APIRequest) throws(APIError) -> JSONValue {
        let e = try record(r)
        let definition =
            try storeCall({ () throws(ExecutionStoreError) in try store.definition(hash: e.definitionHash) }) ?? ""
        let m = state.withLock { $0.machines[e.stateMachineArn] }
        var o = JSONObject()
        o.append("stateMachineArn", .string(e.stateMachineArn))
        o.append("name", .string(e.stateMachineName))
        o.append("definition", .string(definition))
        o.append("roleArn", .string(m?.roleArn ?? "arn:aws:iam::\(configuration.accountId):role/sfn-local"))
        o.append("updateDate", Self.seconds(m?.creationDate ?? e.startDate))
        o.append("loggingConfiguration", m?.loggingConfiguration ?? ["level": "OFF", "includeExecutionData": false])
        if let m { o.append("revisionId", .string(m.revisionId)) }
        return .object(o)
    }

    func stopExecution(_ r: APIRequest) throws(APIError) -> JSONValue {
        let e = try record(r)
        let now = ExecutionOptions.systemNowMillis()
        guard e.status == .running else { return ["stopDate": Self.seconds(e.stopDate ?? now)] }
        let error = try r.string("error")
        let cause = try r.string("cause")
        // Through the store, so that whichever process runs it (this server or a CLI run) stops it;
        // one of this server's own stops at once.
        try storeCall { () throws(ExecutionStoreError) in
            try store.requestStop(e.executionArn, error: error, cause: cause)
        }
        stopHere(e.executionArn, StopRequest(error: error, cause: cause))
        return ["stopDate": Self.seconds(now)]
    }

    /// Stops an execution this server runs, once: its recorder takes the request first.
    func stopHere(_ arn: String, _ request: StopRequest) {
        guard let recorder = state.withLock({ $0.live[arn] }), recorder.stopRequested(request) else { return }
        state.withLock { $0.running[arn] }?.stop()
    }

    /// The ticker's work: each live execution's queued events go to the store, and a stop request
    /// another process made (`sfn stop`) reaches it.
    func tick() {
        let live = state.withLock { Array($0.live.values) }
        for recorder in live where recorder.isOpen {
            recorder.flush()
            guard let request = try? store.stopRequest(recorder.executionArn) else { continue }
            stopHere(recorder.executionArn, request)
        }
    }

    func redriveExecution(_ r: APIRequest) throws(APIError) -> JSONValue {
        let e = try record(r)
        let prepared: StoredRedrive
        do throws(RedriveError) { prepared = try store.prepareRedrive(e.executionArn) } catch {
            throw APIError(error.code, error.message)
        }
        let now = ExecutionOptions.systemNowMillis()
        let m = state.withLock { $0.machines[e.stateMachineArn] }
        var base = ExecutionOptions()
        if let resources = configuration.resources { base.tasks.resources = resources }
        base.tasks.callbackStore = store as? any TaskTokenStore
        base.tasks.servesActivities = true
        base.tasks.callbacksWaitUnsent = true
        base.roleArn = m?.roleArn
        base.maxPayloadBytes = configuration.maxPayloadBytes
        var options = prepared.options(base)
        let box = ExecutionBox()
        let recorder = try storeCall { () throws(ExecutionStoreError) in
            try prepared.recorder(at: now, onStopRequest: { _ in box.execution.withLock { $0 }?.stop() })
        }
        options.observers.append(recorder)
        // A Distributed Map the redrive restarts redrives its Map Run (same ARN, only unsuccessful children).
        options.mapRuns = prepared.mapRunRecorder()
        let execution: Execution
        do throws(RedriveError) {
            execution = try prepared.machine.startRedrive(prepared.recorded, options: options)
        } catch {
            throw APIError(error.code, error.message)
        }
        box.execution.withLock { $0 = execution }
        // The answer means the execution runs again, as StartExecution's means it exists: the
        // redriven record (RUNNING, RedriveCount up) is committed first, and the last attempt's
        // recorder, which may still stand in for the store until its outcome's commit, lets go.
        if let grouped = store as? GroupCommitStore { grouped.sync() }
        state.withLock { _ = $0.live.removeValue(forKey: e.executionArn) }
        track(e.executionArn, execution)
        return ["redriveDate": Self.seconds(now)]
    }

    /// How often a running execution's events are committed and its stop requests looked for.
    static let flushInterval = 0.5

    static func uuid() -> String {
        var g = SystemRandomNumberGenerator()
        let hex = (0..<32).map { _ in String(Int.random(in: 0..<16, using: &g), radix: 16) }.joined()
        let c = Array(hex)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-"
            + String(c[20..<32])
    }
}
