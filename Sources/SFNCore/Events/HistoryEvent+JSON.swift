import SFNJSON

extension HistoryEvent {
    /// The event as GetExecutionHistory returns it: `timestamp`, `type`, `id`, `previousEventId`
    /// and the type's `...EventDetails` with AWS's member names. Payloads (`input`, `output`,
    /// `parameters`, assigned values) are JSON text, as AWS sends them, with their `...Details`.
    public var json: JSONValue {
        var o = JSONObject(minimumCapacity: 5)
        o.append("timestamp", .string(Timestamp.format(millis: timestamp)))
        o.append("type", .string(type.rawValue))
        o.append("id", .int(id))
        o.append("previousEventId", .int(previousEventId))
        if let key = type.detailsKey, let body = details.json { o.append(key, body) }
        return .object(o)
    }
}

extension HistoryEventDetails {
    /// The `...EventDetails` object; nil for `.none`.
    var json: JSONValue? {
        var o = JSONObject(minimumCapacity: 6)
        switch self {
        case .none:
            return nil
        case .executionStarted(let input, let roleArn):
            o.payload("input", input)
            o.append("roleArn", .string(roleArn))
        case .executionSucceeded(let output), .lambdaFunctionSucceeded(let output):
            o.payload("output", output)
        case .executionEnded(let error, let cause), .mapRunFailed(let error, let cause):
            o.failure(error, cause)
        case .executionRedriven(let count):
            o.append("redriveCount", .int(count))
        case .stateEntered(let name, let input):
            o.append("name", .string(name))
            o.payload("input", input)
        case .stateExited(let name, let output, let assigned):
            o.append("name", .string(name))
            o.payload("output", output)
            if case .object(let variables)? = assigned, !variables.isEmpty {
                var texts = JSONObject(minimumCapacity: variables.count)
                for (k, v) in variables { texts.append(k, .string(JSONPrinter.compact(v))) }
                o.append("assignedVariables", .object(texts))
                o.append("assignedVariablesDetails", ["truncated": false])
            }
        case .evaluationFailed(let error, let cause, let location, let state):
            o.failure(error, cause)
            if let location { o.append("location", .string(location)) }
            o.append("state", .string(state))
        case .taskScheduled(let task, let region, let parameters, let timeout, let heartbeat):
            o.resource(task)
            o.append("region", .string(region))
            o.append("parameters", .string(JSONPrinter.compact(parameters)))
            if let timeout { o.append("timeoutInSeconds", .int(timeout)) }
            if let heartbeat { o.append("heartbeatInSeconds", .int(heartbeat)) }
        case .taskStarted(let task):
            o.resource(task)
        case .taskOutput(let task, let output):
            o.resource(task)
            if let output { o.payload("output", output) }
        case .taskFailed(let task, let error, let cause):
            o.resource(task)
            o.failure(error, cause)
        case .lambdaFunctionScheduled(let resource, let input, let timeout):
            o.append("resource", .string(resource))
            o.payload("input", input)
            if let timeout { o.append("timeoutInSeconds", .int(timeout)) }
        case .lambdaFunctionFailed(let error, let cause):
            o.failure(error, cause)
        case .mapStateStarted(let length):
            o.append("length", .int(length))
        case .mapIteration(let name, let index):
            o.append("name", .string(name))
            o.append("index", .int(index))
        case .mapRunStarted(let arn):
            o.append("mapRunArn", .string(arn))
        }
        return .object(o)
    }
}

extension JSONObject {
    /// A payload as AWS sends it: JSON text, and whether it was truncated (never, here).
    fileprivate mutating func payload(_ name: String, _ value: JSONValue) {
        append(name, .string(JSONPrinter.compact(value)))
        append(name + "Details", ["truncated": false])
    }

    /// `error` and `cause`, each only when there is one (a Fail state may name neither).
    fileprivate mutating func failure(_ error: StatesErrorName?, _ cause: String?) {
        if let error, !error.rawValue.isEmpty { append("error", .string(error.rawValue)) }
        if let cause { append("cause", .string(cause)) }
    }

    fileprivate mutating func resource(_ task: TaskResource) {
        append("resourceType", .string(task.resourceType))
        append("resource", .string(task.resource))
    }
}
