import SFNCore
import SFNGraph
import SFNJSON
import SFNStore

/// The state machine routes: the list with counts, one machine's definition and graph, Validate,
/// and Start execution.
extension ConsoleService {
    func stateMachines() throws(ConsoleError) -> JSONValue {
        let summaries = try storeCall { () throws(ExecutionStoreError) in try store.stateMachineSummaries() }
        let types = service.state.withLock { s in
            s.machines.values.reduce(into: [String: String]()) { $0[$1.name] = $1.type }
        }
        return .array(
            summaries.map { s in
                var counts = JSONObject()
                for status in ExecutionRecord.Status.allCases {
                    counts.append(status.rawValue, .int(s.counts[status] ?? 0))
                }
                var o = JSONObject()
                o.append("name", .string(s.record.name))
                o.append("stateMachineArn", .string(s.record.stateMachineArn))
                o.append("type", .string(types[s.record.name] ?? "STANDARD"))
                o.append("creationDate", .double(s.record.creationDate))
                o.append("counts", .object(counts))
                o.append("lastStartDate", s.lastStartDate.map(JSONValue.double) ?? .null)
                return .object(o)
            })
    }

    /// The machine's definition: the service's own when the API created or updated it, else the store's.
    func definition(of name: String) throws(ConsoleError) -> (text: String, type: String, arn: String) {
        if let m = service.state.withLock({ $0.machines[service.machineArn(name)] }) {
            return (m.definition, m.type, m.arn)
        }
        let summaries = try storeCall { () throws(ExecutionStoreError) in try store.stateMachineSummaries() }
        guard let record = summaries.first(where: { $0.record.name == name })?.record,
            let text = try storeCall({ () throws(ExecutionStoreError) in
                try store.definition(hash: record.definitionHash)
            })
        else { throw ConsoleError(404, "StateMachineDoesNotExist", "no state machine named '\(name)' in the store") }
        return (text, "STANDARD", record.stateMachineArn)
    }

    func stateMachine(_ name: String) throws(ConsoleError) -> JSONValue {
        let (text, type, arn) = try definition(of: name)
        var o = JSONObject()
        o.append("name", .string(name))
        o.append("stateMachineArn", .string(arn))
        o.append("type", .string(type))
        o.append("definition", .string(text))
        let picture = Self.picture(text, overlay: nil)
        o.append("graph", picture.svg.map(JSONValue.string) ?? .null)
        if let problem = picture.problem { o.append("graphProblem", .string(problem)) }
        o.append("states", Self.stateLines(text))
        return .object(o)
    }

    /// The graph as SVG (coloured by `overlay` when given), or why the definition cannot be drawn.
    static func picture(_ text: String, overlay: ExecutionOverlay?) -> (svg: String?, problem: String?) {
        do {
            let machine = try StateMachine.load(text).machine
            return (WorkflowGraph(machine.definition, overlay: overlay).svg(), nil)
        } catch {
            let first = error.diagnostics.first { $0.severity == .error }
            return (nil, first.map { "\($0.code.rawValue): \($0.message)" } ?? "the definition does not load")
        }
    }

    /// Each state's pointer, name and first and last line in the definition text, so that the page
    /// can go from a state in the graph to its lines and back.
    static func stateLines(_ text: String) -> JSONValue {
        guard let (value, locations) = try? JSONParser.parseWithLocations(text) else { return .array([]) }
        let bytes = Array(text.utf8)
        var out: [JSONValue] = []
        func walk(_ states: JSONValue?, _ base: String) {
            guard case .object(let members)? = states else { return }
            for (name, state) in members {
                let pointer = base + "/States/" + Self.escape(name)
                if let start = locations.offsets[pointer] {
                    let end = JSONExtent.end(bytes, from: start)
                    out.append([
                        "pointer": .string(pointer), "name": .string(name),
                        "type": state["Type"]?.stringValue.map(JSONValue.string) ?? .null,
                        "from": .int(locations.source.location(ofOffset: start).line),
                        "to": .int(locations.source.location(ofOffset: end).line),
                    ])
                }
                if case .array(let branches)? = state["Branches"] {
                    for i in branches.indices { walk(branches[i]["States"], pointer + "/Branches/\(i)") }
                }
                walk(state["ItemProcessor"]?["States"], pointer + "/ItemProcessor")
                walk(state["Iterator"]?["States"], pointer + "/Iterator")
            }
        }
        walk(value["States"], "")
        return .array(out)
    }

    static func escape(_ name: String) -> String {
        var out = ""
        for c in name {
            switch c {
            case "~": out += "~0"
            case "/": out += "~1"
            default: out.append(c)
            }
        }
        return out
    }

    func validate(_ name: String) throws(ConsoleError) -> JSONValue {
        let report = DefinitionValidator.validate(text: try definition(of: name).text)
        return [
            "valid": .bool(report.isValid),
            "diagnostics": .array(
                report.diagnostics.map { d in
                    [
                        "severity": .string(d.severity.rawValue), "code": .string(d.code.rawValue),
                        "message": .string(d.message), "pointer": .string(d.pointer),
                        "line": d.location.map { .int($0.line) } ?? .null,
                        "column": d.location.map { .int($0.column) } ?? .null,
                    ]
                }),
        ]
    }

    /// Start execution: `{"input": "JSON text", "name": "optional"}`, through the service's
    /// StartExecution, with the store's machine made known to the service first.
    func start(_ name: String, _ body: [UInt8]) throws(ConsoleError) -> JSONValue {
        let request: JSONValue
        do { request = try JSONParser.parse(bytes: body) } catch {
            throw ConsoleError(400, "SerializationException", "the request body is not JSON: \(error.message)")
        }
        let arn = try register(name)
        var members = JSONObject()
        members.append("stateMachineArn", .string(arn))
        members.append("input", request["input"] ?? .string("{}"))
        if let executionName = request["name"]?.stringValue, !executionName.isEmpty {
            members.append("name", .string(executionName))
        }
        return try call("StartExecution", .object(members))
    }

    /// A machine that only the store knows (a CLI run's) joins the service, as `sfn run` would run it.
    func register(_ name: String) throws(ConsoleError) -> String {
        let arn = service.machineArn(name)
        if service.state.withLock({ $0.machines[arn] }) != nil { return arn }
        let text = try definition(of: name).text
        let loaded: StateMachine
        do throws(APIError) { loaded = try service.load(text) } catch { throw ConsoleError(error) }
        let now = ExecutionOptions.systemNowMillis()
        let machine = StepFunctionsService.Machine(
            name: name, arn: arn, definition: text, definitionHash: SQLiteExecutionStore.hash(text), type: "STANDARD",
            roleArn: "arn:aws:iam::\(service.configuration.accountId):role/sfn-local", creationDate: now,
            revisionId: StepFunctionsService.requestId(), loaded: loaded,
            loggingConfiguration: ["level": "OFF", "includeExecutionData": false],
            tracingConfiguration: ["enabled": false])
        service.state.withLock { s in
            if s.machines[arn] == nil {
                s.machines[arn] = machine
                s.order.append(arn)
            }
        }
        return arn
    }

    /// One of the service's operations, as the AWS API would answer it.
    func call(_ operation: String, _ members: JSONValue) throws(ConsoleError) -> JSONValue {
        do throws(APIError) {
            return try service.call(operation, try APIRequest(Array(JSONPrinter.compact(members).utf8)))
        } catch {
            throw ConsoleError(error)
        }
    }

    func storeCall<T>(_ body: () throws(ExecutionStoreError) -> T) throws(ConsoleError) -> T {
        do throws(ExecutionStoreError) { return try body() } catch { throw ConsoleError(error) }
    }
}

/// Where a JSON value that starts at an offset ends (the offset of its last byte).
enum JSONExtent {
    static func end(_ bytes: [UInt8], from start: Int) -> Int {
        var depth = 0
        var i = start
        var inString = false
        while i < bytes.count {
            let c = bytes[i]
            if inString {
                if c == UInt8(ascii: "\\") {
                    i += 1
                } else if c == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 0 { return i }
                }
            } else if c == UInt8(ascii: "\"") {
                inString = true
            } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                depth += 1
            } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                depth -= 1
                if depth <= 0 { return i }
            } else if depth == 0 && (c == UInt8(ascii: ",") || c == 0x0A) {
                return max(start, i - 1)
            }
            i += 1
        }
        return max(start, bytes.count - 1)
    }
}
