import SFNJSON

/// Writes a Step Functions Local mock config for a definition: one test case that answers every
/// Task state with a response of its resource's shape (a Lambda invoke result, an SQS message id,
/// a DynamoDB item, ...), so a definition full of Lambda calls runs at once and the file is a
/// starting point to edit.
public enum MockConfigTemplate {
    /// The mock config for `definition` under the machine name `machine`, test case `testCase`.
    public static func make(for definition: JSONValue, machine: String, testCase: String = "HappyPath") -> JSONValue {
        var states = JSONObject()
        var responses = JSONObject()
        for (name, resource) in DefinitionStates.tasks(in: definition) where states[name] == nil {
            let responseName = "\(name)Response"
            states[name] = .string(responseName)
            // Retries, loops and Map iterations each take an invocation number.
            responses[responseName] = ["0-999": ["Return": response(for: resource)]]
        }
        let cases: JSONValue = .object(JSONObject([(testCase, .object(states))]))
        return [
            "StateMachines": .object(JSONObject([(machine, JSONValue.object(JSONObject([("TestCases", cases)])))])),
            "MockedResponses": .object(responses),
        ]
    }

    /// A response shaped as the resource's service returns it.
    static func response(for resource: String) -> JSONValue {
        let id = "00000000-0000-4000-8000-000000000000"
        let bare = resource.replacingSuffixes([".sync:2", ".sync", ".waitForTaskToken"])
        if LambdaFunctionRef.isFunctionARN(resource) { return ["ok": true] }
        if resource.hasSuffix(".waitForTaskToken") { return ["ok": true] }
        switch bare.split(separator: ":").last.map(String.init) ?? "" {
        case "invoke" where bare.contains(":lambda:"):
            return [
                "ExecutedVersion": "$LATEST", "Payload": ["ok": true], "StatusCode": 200,
                "SdkHttpMetadata": ["HttpStatusCode": 200], "SdkResponseMetadata": ["RequestId": .string(id)],
            ]
        case "invoke" where bare.contains(":http:"):
            return ["ResponseBody": ["ok": true], "Headers": [:], "StatusCode": 200, "StatusText": "OK"]
        case "sendMessage": return ["MD5OfMessageBody": "d41d8cd98f00b204e9800998ecf8427e", "MessageId": .string(id)]
        case "publish": return ["MessageId": .string(id)]
        case "getItem": return ["Item": [:]]
        case "query", "scan": return ["Count": 0, "Items": [], "ScannedCount": 0]
        case "putItem", "updateItem", "deleteItem": return [:]
        case "putEvents": return ["Entries": [["EventId": .string(id)]], "FailedEntryCount": 0]
        case "startExecution":
            let arn = "arn:aws:states:us-east-1:123456789012:execution:Child:\(id)"
            if resource.hasSuffix(".sync:2") {
                return ["ExecutionArn": .string(arn), "Output": [:], "Status": "SUCCEEDED"]
            }
            if resource.hasSuffix(".sync") {
                return ["ExecutionArn": .string(arn), "Output": "{}", "Status": "SUCCEEDED"]
            }
            return ["ExecutionArn": .string(arn), "StartDate": "2024-01-01T00:00:00Z"]
        case "runTask":
            return ["Tasks": [["LastStatus": "STOPPED", "Containers": [["ExitCode": 0]]]], "Failures": []]
        case "submitJob": return ["JobId": .string(id), "JobName": "job", "Status": "SUCCEEDED"]
        case "startJobRun": return ["JobRunId": .string(id)]
        default: return [:]
        }
    }
}

/// The states of a definition as written (every nesting level: Parallel branches, Map processors).
public enum DefinitionStates {
    /// Every state name, in definition order.
    public static func names(in definition: JSONValue) -> [String] {
        var out: [String] = []
        walk(definition) { name, _ in out.append(name) }
        return out
    }

    /// Every Task state with its Resource.
    public static func tasks(in definition: JSONValue) -> [(name: String, resource: String)] {
        var out: [(String, String)] = []
        walk(definition) { name, state in
            if state["Type"] == "Task", let r = state["Resource"]?.stringValue { out.append((name, r)) }
        }
        return out
    }

    private static func walk(_ machine: JSONValue, _ visit: (String, JSONValue) -> Void) {
        for (name, state) in machine["States"]?.objectValue ?? JSONObject() {
            visit(name, state)
            for branch in state["Branches"]?.arrayValue ?? [] { walk(branch, visit) }
            if let p = state["ItemProcessor"] ?? state["Iterator"] { walk(p, visit) }
        }
    }
}

extension MockConfig {
    /// Checks that every state a test case mocks exists in the definition; the error names the
    /// states it has, and the closest one.
    public func checkStates(machine: String?, testCase: String, against states: [String]) throws(StatesError) {
        let known = Set(states)
        for (m, cases) in stateMachines where machine == nil || m == machine {
            for (state, _) in cases[testCase] ?? [:] where !known.contains(state) {
                let hint = Suggestion.closest(to: state, in: states).map { " Did you mean '\($0)'?" } ?? ""
                throw MockConfig.configError(
                    "Test case '\(testCase)' of '\(m)' mocks the state '\(state)', which the definition does not have "
                        + "(it has: \(states.joined(separator: ", "))).\(hint)")
            }
        }
    }
}

extension String {
    fileprivate func replacingSuffixes(_ suffixes: [String]) -> String {
        for s in suffixes where hasSuffix(s) { return String(dropLast(s.count)) }
        return self
    }
}
