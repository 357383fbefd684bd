import SFNCore
import SFNGraph
import SFNJSON

/// The event table's rows, written straight to JSON text: an execution of 25,000 events opens in
/// well under a second only if its events are not each built as a `JSONValue` and printed. A row
/// is `[id, previousEventId, type, step, resource, millis, iteration, mapState]`; an event's
/// details are fetched when its row is opened (`/console/api/execution/event`).
struct EventRows {
    /// Per event id: the state it belongs to, its resource, its Map iteration.
    private var steps: [Int: (step: String, resource: String, iteration: Int?, map: String?, type: HistoryEventType)] =
        [:]
    private var quoted: [String: [UInt8]] = [:]

    /// The rows of `events` whose id is over `after`, as a JSON array (every event is read: a
    /// row's step comes from the events before it).
    mutating func rows(_ events: [HistoryEvent], after: Int = 0) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(events.count * 80)
        var first = true
        for i in events.indices {
            let event = events[i]
            let prev = steps[event.previousEventId]
            var step = prev?.step ?? ""
            var resource = ""
            var iteration: Int? = nil
            var map: String? = nil
            switch event.details {
            case .stateEntered(let name, _), .stateExited(let name, _, _): step = name
            case .taskScheduled(let r, _, _, _, _), .taskStarted(let r), .taskOutput(let r, _),
                .taskFailed(let r, _, _):
                resource = r.resourceType + ":" + r.resource
            case .lambdaFunctionScheduled(let r, _, _): resource = r
            case .mapIteration(let name, let index):
                iteration = index
                map = name
            case .mapRunStarted(let arn): resource = arn
            default: break
            }
            let name = event.type.rawValue
            if resource.isEmpty, let prev,
                name.hasPrefix("Task") || name.hasPrefix("LambdaFunction") || name.hasPrefix("Activity")
            {
                resource = prev.resource
            }
            if iteration == nil, let prev,
                ![.mapIterationSucceeded, .mapIterationFailed, .mapIterationAborted].contains(prev.type)
            {
                iteration = prev.iteration
                map = prev.map
            }
            steps[event.id] = (step, resource, iteration, map, event.type)
            guard event.id > after else { continue }
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(UInt8(ascii: "["))
            out.append(contentsOf: String(event.id).utf8)
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: String(event.previousEventId).utf8)
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: text(name))
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: text(step))
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: text(resource))
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: String(Int(event.timestamp)).utf8)
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: iteration.map { String($0) }.map { Array($0.utf8) } ?? Array("null".utf8))
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: map.map { text($0) } ?? Array("null".utf8))
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    /// A string as JSON, escaped once per distinct text (types and state names repeat).
    private mutating func text(_ s: String) -> [UInt8] {
        if let done = quoted[s] { return done }
        let bytes = Array(JSONPrinter.compact(.string(s)).utf8)
        if quoted.count < 10_000 { quoted[s] = bytes }
        return bytes
    }
}

/// The overlay of a long history without printing every payload: the graph's reader turns each
/// event into JSON, payloads as text, though it keeps only each state's last input and output.
/// The events go in with their payloads left out; the last ones are printed afterwards, once a state.
struct LeanOverlay {
    let overlay: ExecutionOverlay
    /// Each state's last input (StateEntered) and output (StateExited), as JSON text.
    var inputs: [String: String] = [:]
    var outputs: [String: String] = [:]

    init(_ history: [HistoryEvent]) {
        var lean = history
        var lastInput: [String: Int] = [:]
        var lastOutput: [String: Int] = [:]
        for i in lean.indices {
            switch lean[i].details {
            case .stateEntered(let name, _):
                lastInput[name] = i
                lean[i].details = .stateEntered(name: name, input: .null)
            case .stateExited(let name, _, let assigned):
                lastOutput[name] = i
                lean[i].details = .stateExited(name: name, output: .null, assignedVariables: assigned)
            case .executionStarted(_, let role): lean[i].details = .executionStarted(input: .null, roleArn: role)
            case .executionSucceeded: lean[i].details = .executionSucceeded(output: .null)
            case .taskOutput(let r, _): lean[i].details = .taskOutput(r, output: nil)
            case .taskScheduled(let r, let region, _, let timeout, let heartbeat):
                lean[i].details = .taskScheduled(
                    r, region: region, parameters: .null, timeoutInSeconds: timeout, heartbeatInSeconds: heartbeat)
            case .lambdaFunctionScheduled(let r, _, let timeout):
                lean[i].details = .lambdaFunctionScheduled(resource: r, input: .null, timeoutInSeconds: timeout)
            case .lambdaFunctionSucceeded: lean[i].details = .lambdaFunctionSucceeded(output: .null)
            default: break
            }
        }
        overlay = ExecutionOverlay(history: lean)
        for (name, i) in lastInput {
            if case .stateEntered(_, let input) = history[i].details { inputs[name] = JSONPrinter.compact(input) }
        }
        for (name, i) in lastOutput {
            if case .stateExited(_, let output, _) = history[i].details { outputs[name] = JSONPrinter.compact(output) }
        }
    }
}
