import SFNCore
import SFNGraph
import SFNJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The execution routes: the list across machines, one execution with its coloured graph, state
/// records, events and Map runs, its live updates (Server-Sent Events), Stop and Redrive.
extension ConsoleService {
    /// `GET /console/api/executions?status=&stateMachine=&prefix=&since=&after=&limit=`: one page,
    /// newest first; the time the store took is in `Server-Timing` and in `elapsedMs`.
    func executions(_ query: [String: String]) -> HTTPResponse {
        let began = Self.nowMillis()
        var timing = 0.0
        let response = api { () throws(ConsoleError) -> JSONValue in
            var q = ExecutionQuery(limit: Int(query["limit"] ?? "") ?? 50)
            if let text = query["status"], !text.isEmpty {
                guard let status = ExecutionRecord.Status(rawValue: text) else {
                    throw ConsoleError(400, "InvalidStatus", "'\(text)' is not an execution status")
                }
                q.status = status
            }
            if let machine = query["stateMachine"], !machine.isEmpty { q.stateMachineName = machine }
            if let prefix = query["prefix"], !prefix.isEmpty { q.namePrefix = prefix }
            if let since = query["since"], !since.isEmpty {
                guard let millis = Double(since) else {
                    throw ConsoleError(400, "InvalidDate", "since=\(since) is not milliseconds since 1970")
                }
                q.startedSince = millis
            }
            q.after = query["after"].flatMap { $0.isEmpty ? nil : $0 }
            let page = try storeCall { () throws(ExecutionStoreError) in try store.queryExecutions(q) }
            timing = Self.nowMillis() - began
            var o = JSONObject()
            o.append("executions", .array(page.records.map { summary($0) }))
            o.append("next", page.next.map(JSONValue.string) ?? .null)
            o.append("elapsedMs", .double((timing * 100).rounded() / 100))
            return .object(o)
        }
        var timed = response
        timed.headers.append((name: "Server-Timing", value: "store;dur=\(String(format2: timing))"))
        return timed
    }

    func summary(_ e: ExecutionRecord) -> JSONValue {
        var o = JSONObject()
        o.append("executionArn", .string(e.executionArn))
        o.append("name", .string(e.name))
        o.append("stateMachineName", .string(e.stateMachineName))
        o.append("status", .string(e.status.rawValue))
        o.append("startDate", .double(e.startDate))
        o.append("stopDate", e.stopDate.map(JSONValue.double) ?? .null)
        if let error = e.error { o.append("error", .string(error)) }
        return .object(o)
    }

    /// `GET /console/api/execution?arn=`: everything the execution's page shows, its events as
    /// rows (`EventRows`). A closed execution's answer is kept (it cannot change until a redrive,
    /// which changes its record), so it opens again at once.
    func execution(_ arn: String) -> HTTPResponse {
        let headers = [("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store")]
        let e: ExecutionRecord
        do throws(ConsoleError) {
            guard let found = try storeCall({ () throws(ExecutionStoreError) in try store.describeExecution(arn) })
            else { throw ConsoleError(404, "ExecutionDoesNotExist", "no execution '\(arn)' in the store") }
            e = found
        } catch {
            return api { () throws(ConsoleError) -> JSONValue in throw error }
        }
        let key = "\(e.status.rawValue) \(e.stopDate ?? 0) \(e.redriveCount)"
        if e.status != .running, let kept = pages.withLock({ $0[arn] }), kept.key == key {
            return HTTPResponse(status: 200, headers: headers, body: kept.body)
        }
        let history: [HistoryEvent]
        let text: String
        do throws(ConsoleError) {
            history = try storeCall { () throws(ExecutionStoreError) in try store.history(arn) }
            text =
                try storeCall { () throws(ExecutionStoreError) in try store.definition(hash: e.definitionHash) } ?? ""
        } catch {
            return api { () throws(ConsoleError) -> JSONValue in throw error }
        }
        let lean = LeanOverlay(history)
        let overlay = lean.overlay
        var o = JSONObject()
        var record = summary(e)
        if case .object(var r) = record {
            r.append("stateMachineArn", .string(e.stateMachineArn))
            r.append("input", .string(JSONPrinter.pretty(e.input)))
            if let output = e.output { r.append("output", .string(JSONPrinter.pretty(output))) }
            if let cause = e.cause { r.append("cause", .string(cause)) }
            r.append("redriveCount", .int(e.redriveCount))
            r.append("redrivable", .bool(service.redriveStatus(e) == "REDRIVABLE"))
            record = .object(r)
        }
        o.append("execution", record)
        o.append("definition", .string(text))
        let picture = Self.picture(text, overlay: overlay)
        o.append("graph", picture.svg.map(JSONValue.string) ?? .null)
        if let problem = picture.problem { o.append("graphProblem", .string(problem)) }
        o.append("states", Self.stateLines(text))
        o.append("runs", Self.runs(lean))
        // The rows go in as text: `{...,"rows":[...]}`.
        var body = Array(JSONPrinter.compact(.object(o)).utf8.dropLast())
        body += Array(#","rows":"#.utf8)
        var rows = EventRows()
        body += rows.rows(history)
        body.append(UInt8(ascii: "}"))
        if e.status != .running {
            pages.withLock { kept in
                if kept.count >= 8 { kept.removeAll() }
                kept[arn] = (key, body)
            }
        }
        return HTTPResponse(status: 200, headers: headers, body: body)
    }

    /// `GET /console/api/execution/event?arn=&id=`: one event as GetExecutionHistory gives it.
    func event(_ arn: String, id: Int) throws(ConsoleError) -> JSONValue {
        let events = try storeCall { () throws(ExecutionStoreError) in try store.history(arn, afterId: max(0, id - 1)) }
        guard let event = events.first(where: { $0.id == id }) else {
            throw ConsoleError(404, "EventDoesNotExist", "execution '\(arn)' has no event \(id)")
        }
        return StepFunctionsService.apiEvent(event, includeData: true)
    }

    /// Each state's record in the overlay: status, counts, last input and output, error, timing.
    static func runs(_ lean: LeanOverlay) -> JSONValue {
        var o = JSONObject()
        for (name, run) in lean.overlay.states.sorted(by: { $0.key < $1.key }) {
            var r = JSONObject()
            r.append("status", .string(run.status.rawValue))
            r.append("entered", .int(run.entered))
            r.append("retries", .int(run.retries))
            if run.iterations > 0 {
                r.append("iterations", .int(run.iterations))
                r.append("iterationsFailed", .int(run.iterationsFailed))
                r.append("iterationsAborted", .int(run.iterationsAborted))
            }
            if let input = lean.inputs[name] { r.append("input", .string(input)) }
            if let output = lean.outputs[name] { r.append("output", .string(output)) }
            if let error = run.error { r.append("error", .string(error)) }
            if let cause = run.cause { r.append("cause", .string(cause)) }
            if let started = run.started { r.append("started", .double(started)) }
            if let ended = run.ended { r.append("ended", .double(ended)) }
            o.append(name, .object(r))
        }
        return .object(o)
    }

    /// `GET /console/api/execution/events?arn=&after=`: Server-Sent Events while the execution
    /// runs. Each message has the new events, the record and every state's run; `end` follows
    /// once it has stopped and every event has been sent.
    func events(_ arn: String, after: Int) -> HTTPResponse {
        HTTPResponse(
            status: 200,
            headers: [("Content-Type", "text/event-stream"), ("Cache-Control", "no-store")],
            stream: { [self] write in
                var last = after
                var history: [HistoryEvent] = []
                var quiet = 0
                while true {
                    guard let fresh = try? store.history(arn, afterId: history.last?.id ?? 0),
                        let e = try? store.describeExecution(arn)
                    else {
                        _ = write(Array("event: end\ndata: {}\n\n".utf8))
                        return
                    }
                    history += fresh
                    let unsent = history.filter { $0.id > last }
                    if !unsent.isEmpty {
                        let message: JSONValue = [
                            "execution": summary(e), "runs": Self.runs(LeanOverlay(history)),
                        ]
                        var rows = EventRows()
                        var data = Array("data: ".utf8) + Array(JSONPrinter.compact(message).utf8.dropLast())
                        data += Array(#","rows":"#.utf8) + rows.rows(history, after: last) + Array("}\n\n".utf8)
                        last = unsent.last!.id
                        guard write(data) else { return }
                        quiet = 0
                    } else if e.status != .running || !e.ownerIsAlive {
                        _ = write(Array("event: end\ndata: \(JSONPrinter.compact(summary(e)))\n\n".utf8))
                        return
                    } else {
                        quiet += 1
                        // A comment now and then: a closed page shows as a failed write.
                        if quiet % 40 == 0, !write(Array(": waiting\n\n".utf8)) { return }
                    }
                    usleep(250_000)
                }
            })
    }

    func stop(_ arn: String) throws(ConsoleError) -> JSONValue {
        try call(
            "StopExecution", ["executionArn": .string(arn), "error": "Console", "cause": "Stopped from the console"])
    }

    func redrive(_ arn: String) throws(ConsoleError) -> JSONValue {
        try call("RedriveExecution", ["executionArn": .string(arn)])
    }

    static func nowMillis() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) * 1000 + Double(t.tv_nsec) / 1_000_000
    }
}

extension String {
    /// A number with two decimals, without Foundation.
    init(format2 value: Double) {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        self = "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
