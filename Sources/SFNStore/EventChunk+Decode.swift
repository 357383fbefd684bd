import SFNCore
import SFNJSON

extension EventChunk {
    /// The events of a stored chunk, typed again; throws with what is malformed.
    static func decode(events eventsText: [UInt8], payloads payloadsText: [UInt8]) throws(ExecutionStoreError)
        -> [HistoryEvent]
    {
        let parsedEvents: JSONValue
        let parsedPayloads: JSONValue
        do {
            parsedEvents = try JSONParser.parse(bytes: eventsText, maxDepth: 10_000)
            parsedPayloads = try JSONParser.parse(bytes: payloadsText, maxDepth: 10_000)
        } catch {
            throw ExecutionStoreError(.unavailable, "a stored event chunk is not valid JSON: \(error.message)")
        }
        guard case .array(let rows) = parsedEvents, case .array(let payloads) = parsedPayloads else {
            throw ExecutionStoreError(.unavailable, "a stored event chunk is not a JSON array")
        }
        var out: [HistoryEvent] = []
        out.reserveCapacity(rows.count)
        for row in rows {
            guard case .array(let f) = row, f.count >= 4, case .int(let id) = f[0], case .int(let previous) = f[1],
                case .string(let typeName) = f[3], let type = HistoryEventType(rawValue: typeName)
            else { throw ExecutionStoreError(.unavailable, "a stored event is malformed: \(JSONPrinter.compact(row))") }
            let timestamp: Double
            switch f[2] {
            case .int(let n): timestamp = Double(n)
            case .double(let d): timestamp = d
            default: throw ExecutionStoreError(.unavailable, "event \(id) has no timestamp")
            }
            var details = HistoryEventDetails.none
            if f.count >= 6, case .string(let kind) = f[4], case .object(let body) = f[5] {
                let reader = DetailsReader(body: body, payloads: payloads, id: id)
                details = try reader.details(kind)
            }
            out.append(
                HistoryEvent(id: id, previousEventId: previous, timestamp: timestamp, type: type, details: details))
        }
        return out
    }
}

/// Reads one event's details object back into `HistoryEventDetails`.
private struct DetailsReader {
    let body: JSONObject
    let payloads: [JSONValue]
    let id: Int

    func details(_ kind: String) throws(ExecutionStoreError) -> HistoryEventDetails {
        switch kind {
        case "executionStarted": return .executionStarted(input: try payload("input"), roleArn: try string("roleArn"))
        case "executionSucceeded": return .executionSucceeded(output: try payload("output"))
        case "lambdaFunctionSucceeded": return .lambdaFunctionSucceeded(output: try payload("output"))
        case "executionEnded": return .executionEnded(error: error, cause: optionalString("cause"))
        case "mapRunFailed": return .mapRunFailed(error: error, cause: optionalString("cause"))
        case "lambdaFunctionFailed":
            return .lambdaFunctionFailed(error: error ?? "", cause: optionalString("cause"))
        case "stateEntered": return .stateEntered(name: try string("name"), input: try payload("input"))
        case "stateExited":
            let assigned = body["assignedVariables"] == nil ? nil : try payload("assignedVariables")
            return .stateExited(name: try string("name"), output: try payload("output"), assignedVariables: assigned)
        case "evaluationFailed":
            return .evaluationFailed(
                error: error ?? "", cause: optionalString("cause"), location: optionalString("location"),
                state: try string("state"))
        case "taskScheduled":
            return .taskScheduled(
                try resource(), region: try string("region"), parameters: try payload("parameters"),
                timeoutInSeconds: optionalInt("timeoutInSeconds"), heartbeatInSeconds: optionalInt("heartbeatInSeconds"))
        case "taskStarted": return .taskStarted(try resource())
        case "taskOutput":
            let output = body["output"] == nil ? nil : try payload("output")
            return .taskOutput(try resource(), output: output)
        case "taskFailed": return .taskFailed(try resource(), error: error ?? "", cause: optionalString("cause"))
        case "lambdaFunctionScheduled":
            return .lambdaFunctionScheduled(
                resource: try string("resource"), input: try payload("input"),
                timeoutInSeconds: optionalInt("timeoutInSeconds"))
        case "mapStateStarted":
            guard let length = optionalInt("length") else { throw missing("length") }
            return .mapStateStarted(length: length)
        case "mapIteration":
            guard let index = optionalInt("index") else { throw missing("index") }
            return .mapIteration(name: try string("name"), index: index)
        case "mapRunStarted": return .mapRunStarted(mapRunArn: try string("mapRunArn"))
        case "executionRedriven": return .executionRedriven(redriveCount: optionalInt("redriveCount") ?? 0)
        default: throw ExecutionStoreError(.unavailable, "event \(id) has details of an unknown kind '\(kind)'")
        }
    }

    private var error: StatesErrorName? { optionalString("error").map { StatesErrorName(rawValue: $0) } }

    private func missing(_ key: String) -> ExecutionStoreError {
        ExecutionStoreError(.unavailable, "event \(id) lacks its '\(key)'")
    }

    private func string(_ key: String) throws(ExecutionStoreError) -> String {
        guard let s = optionalString(key) else { throw missing(key) }
        return s
    }

    private func optionalString(_ key: String) -> String? {
        if case .string(let s)? = body[key] { return s }
        return nil
    }

    private func optionalInt(_ key: String) -> Int? {
        if case .int(let n)? = body[key] { return n }
        return nil
    }

    private func payload(_ key: String) throws(ExecutionStoreError) -> JSONValue {
        guard let index = optionalInt(key), payloads.indices.contains(index) else { throw missing(key) }
        return payloads[index]
    }

    private func resource() throws(ExecutionStoreError) -> TaskResource {
        TaskResource(resourceType: try string("resourceType"), resource: try string("resource"))
    }
}
