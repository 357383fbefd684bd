import SFNCore
import SFNJSON

/// A batch of history events as one row stores it: two JSON arrays, so that `sqlite3`'s JSON
/// functions can read them. `events` holds one array per event,
/// `[id, previousEventId, timestampMillis, "Type", "kind", {details}]`, whose payload members
/// (`input`, `output`, `parameters`, `assignedVariables`) are indexes into `payloads`. A payload
/// equal to one of the last few is stored once: a state's output is usually the next state's
/// input, so a loop of Pass states stores each value once instead of twice.
struct EventChunk {
    var events: [UInt8] = [UInt8(ascii: "[")]
    var payloads: [UInt8] = [UInt8(ascii: "[")]
    private var payloadCount = 0
    /// The printed forms of the last payloads and their indexes, newest last.
    private var recent: [(bytes: [UInt8], index: Int)] = []
    private var scratch: [UInt8] = []
    private(set) var count = 0
    private(set) var firstId = 0
    private(set) var lastId = 0

    init() {}

    mutating func append(_ event: HistoryEvent) {
        if count == 0 { firstId = event.id } else { events.append(UInt8(ascii: ",")) }
        count += 1
        lastId = event.id
        events.append(UInt8(ascii: "["))
        int(event.id)
        comma()
        int(event.previousEventId)
        comma()
        if event.timestamp == event.timestamp.rounded(), abs(event.timestamp) < 9e15 {
            int(Int(event.timestamp))
        } else {
            JSONPrinter.write(.double(event.timestamp), into: &events, indent: nil)
        }
        comma()
        JSONPrinter.writeString(event.type.rawValue, into: &events)
        details(event.details)
        events.append(UInt8(ascii: "]"))
    }

    /// The two arrays, closed.
    func finished() -> (events: [UInt8], payloads: [UInt8]) {
        (events + [UInt8(ascii: "]")], payloads + [UInt8(ascii: "]")])
    }

    private mutating func details(_ details: HistoryEventDetails) {
        var d = DetailsWriter()
        switch details {
        case .none:
            return
        case .executionStarted(let input, let roleArn):
            d.kind = "executionStarted"
            d.payload("input", payload(input))
            d.string("roleArn", roleArn)
        case .executionSucceeded(let output):
            d.kind = "executionSucceeded"
            d.payload("output", payload(output))
        case .lambdaFunctionSucceeded(let output):
            d.kind = "lambdaFunctionSucceeded"
            d.payload("output", payload(output))
        case .executionEnded(let error, let cause):
            d.kind = "executionEnded"
            d.failure(error, cause)
        case .mapRunFailed(let error, let cause):
            d.kind = "mapRunFailed"
            d.failure(error, cause)
        case .lambdaFunctionFailed(let error, let cause):
            d.kind = "lambdaFunctionFailed"
            d.failure(error, cause)
        case .stateEntered(let name, let input):
            d.kind = "stateEntered"
            d.string("name", name)
            d.payload("input", payload(input))
        case .stateExited(let name, let output, let assigned):
            d.kind = "stateExited"
            d.string("name", name)
            d.payload("output", payload(output))
            if let assigned { d.payload("assignedVariables", payload(assigned)) }
        case .evaluationFailed(let error, let cause, let location, let state):
            d.kind = "evaluationFailed"
            d.failure(error, cause)
            if let location { d.string("location", location) }
            d.string("state", state)
        case .taskScheduled(let task, let region, let parameters, let timeout, let heartbeat):
            d.kind = "taskScheduled"
            d.resource(task)
            d.string("region", region)
            d.payload("parameters", payload(parameters))
            if let timeout { d.int("timeoutInSeconds", timeout) }
            if let heartbeat { d.int("heartbeatInSeconds", heartbeat) }
        case .taskStarted(let task):
            d.kind = "taskStarted"
            d.resource(task)
        case .taskOutput(let task, let output):
            d.kind = "taskOutput"
            d.resource(task)
            if let output { d.payload("output", payload(output)) }
        case .taskFailed(let task, let error, let cause):
            d.kind = "taskFailed"
            d.resource(task)
            d.failure(error, cause)
        case .lambdaFunctionScheduled(let resource, let input, let timeout):
            d.kind = "lambdaFunctionScheduled"
            d.string("resource", resource)
            d.payload("input", payload(input))
            if let timeout { d.int("timeoutInSeconds", timeout) }
        case .mapStateStarted(let length):
            d.kind = "mapStateStarted"
            d.int("length", length)
        case .mapIteration(let name, let index):
            d.kind = "mapIteration"
            d.string("name", name)
            d.int("index", index)
        case .mapRunStarted(let arn):
            d.kind = "mapRunStarted"
            d.string("mapRunArn", arn)
        case .executionRedriven(let count):
            d.kind = "executionRedriven"
            d.int("redriveCount", count)
        }
        comma()
        JSONPrinter.writeString(d.kind, into: &events)
        comma()
        events.append(UInt8(ascii: "{"))
        events.append(contentsOf: d.bytes)
        events.append(UInt8(ascii: "}"))
    }

    /// The index of `value` in `payloads`, adding it unless one of the last few is the same.
    private mutating func payload(_ value: JSONValue) -> Int {
        scratch.removeAll(keepingCapacity: true)
        JSONPrinter.write(value, into: &scratch, indent: nil)
        for entry in recent.reversed() where entry.bytes == scratch { return entry.index }
        if payloadCount > 0 { payloads.append(UInt8(ascii: ",")) }
        payloads.append(contentsOf: scratch)
        payloadCount += 1
        if recent.count == 4 { recent.removeFirst() }
        recent.append((scratch, payloadCount - 1))
        return payloadCount - 1
    }

    private mutating func int(_ n: Int) {
        JSONPrinter.write(.int(n), into: &events, indent: nil)
    }

    private mutating func comma() { events.append(UInt8(ascii: ",")) }
}

/// The members of one event's details object.
private struct DetailsWriter {
    var kind = ""
    var bytes: [UInt8] = []

    private mutating func key(_ name: String) {
        if !bytes.isEmpty { bytes.append(UInt8(ascii: ",")) }
        JSONPrinter.writeString(name, into: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func string(_ name: String, _ value: String) {
        key(name)
        JSONPrinter.writeString(value, into: &bytes)
    }

    mutating func int(_ name: String, _ value: Int) {
        key(name)
        JSONPrinter.write(.int(value), into: &bytes, indent: nil)
    }

    mutating func payload(_ name: String, _ index: Int) { int(name, index) }

    mutating func failure(_ error: StatesErrorName?, _ cause: String?) {
        if let error { string("error", error.rawValue) }
        if let cause { string("cause", cause) }
    }

    mutating func resource(_ task: TaskResource) {
        string("resourceType", task.resourceType)
        string("resource", task.resource)
    }
}
