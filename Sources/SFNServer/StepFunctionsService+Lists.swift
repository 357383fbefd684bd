import Dispatch
import SFNCore
import SFNJSON
import SFNStore
import Synchronization

/// ListExecutions, GetExecutionHistory and TestState.
extension StepFunctionsService {
    func listExecutions(_ r: APIRequest) throws(APIError) -> JSONValue {
        guard let arn = try r.string("stateMachineArn") else {
            throw APIError.validation("Must provide a StateMachine ARN or MapRun ARN")
        }
        let name = try machineName(fromArn: arn)
        var status: ExecutionRecord.Status?
        if let text = try r.string("statusFilter") {
            guard let s = ExecutionRecord.Status(rawValue: text) else {
                throw APIError.validation(
                    "1 validation error detected: Value '\(text)' at 'statusFilter' failed to satisfy constraint: "
                        + "Member must satisfy enum value set: [RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, "
                        + "PENDING_REDRIVE]")
            }
            status = s
        }
        let redrive = try r.string("redriveFilter")
        guard redrive == nil || redrive == "REDRIVEN" || redrive == "NOT_REDRIVEN" else {
            throw APIError.validation("redriveFilter must be REDRIVEN or NOT_REDRIVEN")
        }
        let page = try r.page()
        settle()
        let records = try storeCall { () throws(ExecutionStoreError) in
            try store.listExecutions(ExecutionFilter(status: status, stateMachineName: name))
        }
        // Runs of the CLI belong to the machine by name; a machine neither created here nor run
        // there does not exist.
        if records.isEmpty && state.withLock({ $0.machines[arn] }) == nil {
            throw APIError.missingMachine(arn)
        }
        let items = records.filter { e in
            switch redrive {
            case "REDRIVEN": return e.redriveCount > 0
            case "NOT_REDRIVEN": return e.redriveCount == 0
            default: return true
            }
        }.map { e -> JSONValue in
            var o = JSONObject()
            o.append("executionArn", .string(e.executionArn))
            o.append("stateMachineArn", .string(e.stateMachineArn))
            o.append("name", .string(e.name))
            o.append("status", .string(e.status.rawValue))
            o.append("startDate", Self.seconds(e.startDate))
            if let stop = e.stopDate { o.append("stopDate", Self.seconds(stop)) }
            o.append("redriveCount", .int(e.redriveCount))
            if let date = e.redriveDate { o.append("redriveDate", Self.seconds(date)) }
            return .object(o)
        }
        var o = JSONObject()
        o.appendPage("executions", items, offset: page.offset, size: page.size)
        return .object(o)
    }

    /// Waits for the writes queued so far: DescribeExecution may have shown an execution's end from
    /// memory, and a list or history read next must not show less.
    func settle() {
        (store as? GroupCommitStore)?.sync()
    }

    func getExecutionHistory(_ r: APIRequest) throws(APIError) -> JSONValue {
        let e = try record(r)
        let page = try r.page()
        settle()
        let includeData = try r.bool("includeExecutionData") ?? true
        var events = try storeCall { () throws(ExecutionStoreError) in try store.history(e.executionArn) }
        if try r.bool("reverseOrder") ?? false { events.reverse() }
        let end = min(events.count, page.offset + page.size)
        let slice = page.offset < end ? Array(events[page.offset..<end]) : []
        var o = JSONObject()
        o.append("events", .array(slice.map { Self.apiEvent($0, includeData: includeData) }))
        if end < events.count { o.append("nextToken", .string("page-\(end)")) }
        return .object(o)
    }

    /// An event as the API sends it: the timestamp in epoch seconds (the protocol's form), and
    /// without payloads when `includeExecutionData` is false.
    static func apiEvent(_ event: HistoryEvent, includeData: Bool) -> JSONValue {
        guard case .object(let rendered) = event.json else { return event.json }
        var o = JSONObject(minimumCapacity: rendered.count)
        for (key, value) in rendered {
            if key == "timestamp" {
                o.append(key, seconds(event.timestamp))
            } else if !includeData, case .object(let details) = value, key.hasSuffix("EventDetails") {
                var kept = JSONObject()
                for (k, v) in details where !["input", "output", "parameters", "result"].contains(k) {
                    kept.append(k, v)
                }
                o.append(key, .object(kept))
            } else {
                o.append(key, value)
            }
        }
        return .object(o)
    }

    func testState(_ r: APIRequest) throws(APIError) -> JSONValue {
        let text = try r.required("definition")
        let request: TestStateRequest
        do throws(TestStateError) { request = try TestStateRequest(json: .object(r.members)) } catch {
            throw APIError.validation(error.description)
        }
        let definition: JSONValue
        do { definition = try JSONParser.parse(text) } catch {
            throw APIError("InvalidDefinition", "Invalid State Machine Definition: '\(error.message)'")
        }
        let loaded: (machine: StateMachine, stateName: String?)
        do { loaded = try StateMachine.loadForTestState(definition, stateName: request.stateName) } catch {
            let text = error.diagnostics.filter { $0.severity == .error }.map { "\($0.code.rawValue): \($0.message)" }
            throw APIError("InvalidDefinition", "Invalid State Machine Definition: '\(text.joined(separator: ", "))'")
        }
        var effective = request
        effective.stateName = loaded.stateName
        var options = ExecutionOptions(region: configuration.region, accountId: configuration.accountId)
        if let resources = configuration.resources { options.tasks.resources = resources }
        let done = DispatchSemaphore(value: 0)
        let box = Mutex<Result<TestStateResponse, TestStateError>?>(nil)
        let machine = loaded.machine
        let finalOptions = options
        Task {
            let outcome: Result<TestStateResponse, TestStateError>
            do throws(TestStateError) {
                outcome = .success(try await machine.testState(effective, options: finalOptions))
            } catch {
                outcome = .failure(error)
            }
            box.withLock { $0 = outcome }
            done.signal()
        }
        done.wait()
        switch box.withLock({ $0! }) {
        case .success(let response): return response.json
        case .failure(let error): throw APIError.validation(error.description)
        }
    }
}
