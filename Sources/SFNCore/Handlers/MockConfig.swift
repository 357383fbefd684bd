import SFNJSON

/// A mock configuration in the AWS Step Functions Local MockConfigFile format:
///
///     { "StateMachines": { MACHINE: { "TestCases": { CASE: { STATE: RESPONSE_NAME } } } },
///       "MockedResponses": { RESPONSE_NAME: { "0": {"Return": ...}, "1-3": {"Throw": {"Error": ..., "Cause": ...}} } } }
///
/// Invocation numbers count per state from 0 within one execution; every retry and every Map
/// iteration is a new invocation. As in Step Functions Local, an invocation with no numbered
/// response fails the execution (there is no wrap-around and no repeat of the last response).
public struct MockConfig: Sendable {
    /// One numbered response.
    public enum Response: Sendable, Equatable {
        case `return`(JSONValue)
        case `throw`(StatesError)
    }

    /// A named mocked response: invocation ranges (inclusive) in ascending order.
    public struct MockedResponse: Sendable {
        public var name: String
        public var ranges: [(ClosedRange<Int>, Response)]

        /// The response for invocation `n` (0-based), or nil when none covers it.
        public func response(forInvocation n: Int) -> Response? {
            for (r, resp) in ranges where r.contains(n) { return resp }
            return nil
        }
    }

    /// Test cases by machine name, each mapping state names to response names.
    public var stateMachines: [String: [String: [String: String]]]
    public var mockedResponses: [String: MockedResponse]

    /// Parses a whole mock config file.
    public init(parsing text: String) throws(StatesError) {
        let value: JSONValue
        do { value = try JSONParser.parse(text) } catch {
            throw MockConfig.configError("The mock config is not valid JSON: \(error)")
        }
        try self.init(value)
    }

    /// Reads an already parsed config (the conformance cases embed one as `mockConfig`).
    public init(_ value: JSONValue) throws(StatesError) {
        guard let root = value.objectValue else {
            throw MockConfig.configError("The mock config must be a JSON object.")
        }
        stateMachines = [:]
        mockedResponses = [:]
        if let machines = root["StateMachines"] {
            guard let machines = machines.objectValue else {
                throw MockConfig.configError("StateMachines must be an object.")
            }
            for (machine, body) in machines {
                guard let cases = body["TestCases"]?.objectValue else {
                    throw MockConfig.configError("StateMachines.\(machine) needs a TestCases object.")
                }
                var byCase: [String: [String: String]] = [:]
                for (testCase, states) in cases {
                    guard let states = states.objectValue else {
                        throw MockConfig.configError("Test case '\(testCase)' of '\(machine)' must be an object.")
                    }
                    var map: [String: String] = [:]
                    for (state, response) in states {
                        guard let r = response.stringValue else {
                            throw MockConfig.configError(
                                "Test case '\(testCase)' maps state '\(state)' to a non-string.")
                        }
                        map[state] = r
                    }
                    byCase[testCase] = map
                }
                stateMachines[machine] = byCase
            }
        }
        if let responses = root["MockedResponses"] {
            guard let responses = responses.objectValue else {
                throw MockConfig.configError("MockedResponses must be an object.")
            }
            for (name, body) in responses {
                mockedResponses[name] = try MockConfig.parseResponse(name: name, body)
            }
        }
    }

    private static func parseResponse(name: String, _ body: JSONValue) throws(StatesError) -> MockedResponse {
        guard let numbered = body.objectValue else { throw configError("Mocked response '\(name)' must be an object.") }
        var ranges: [(ClosedRange<Int>, Response)] = []
        for (key, entry) in numbered {
            guard let range = parseRange(key) else {
                throw configError(
                    "Mocked response '\(name)' has key '\(key)': expected an invocation number (\"0\") or an inclusive range (\"1-3\")."
                )
            }
            guard let obj = entry.objectValue, obj.count == 1 else {
                throw configError(
                    "Mocked response '\(name)' invocation '\(key)' must hold exactly one of Return or Throw.")
            }
            if let r = obj["Return"] {
                ranges.append((range, .return(r)))
            } else if let t = obj["Throw"] {
                guard let error = t["Error"]?.stringValue else {
                    throw configError("Mocked response '\(name)' invocation '\(key)': Throw needs a string Error.")
                }
                let cause: String?
                switch t["Cause"] {
                case nil, .null?: cause = nil
                case .string(let s)?: cause = s
                case let other?: cause = JSONPrinter.compact(other)
                }
                ranges.append((range, .throw(StatesError(error, cause))))
            } else {
                throw configError("Mocked response '\(name)' invocation '\(key)' must hold Return or Throw.")
            }
        }
        ranges.sort { $0.0.lowerBound < $1.0.lowerBound }
        for i in ranges.indices.dropFirst() where ranges[i].0.overlaps(ranges[i - 1].0) {
            throw configError("Mocked response '\(name)' has overlapping invocation ranges.")
        }
        return MockedResponse(name: name, ranges: ranges)
    }

    /// "3" or "1-3" (both ends inclusive, ascending).
    static func parseRange(_ key: String) -> ClosedRange<Int>? {
        let parts = key.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        guard let lo = Int(parts[0]), lo >= 0, parts[0].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return nil
        }
        if parts.count == 1 { return lo...lo }
        guard let hi = Int(parts[1]), hi >= lo, parts[1].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return nil
        }
        return lo...hi
    }

    /// The state → response mapping of one test case, checked against the responses.
    public func testCase(machine: String, _ name: String) throws(StatesError) -> [String: MockedResponse] {
        guard let cases = stateMachines[machine] else {
            throw MockConfig.configError(
                "The mock config has no state machine '\(machine)' (it has: \(stateMachines.keys.sorted().joined(separator: ", ")))."
            )
        }
        guard let states = cases[name] else {
            throw MockConfig.configError(
                "State machine '\(machine)' has no test case '\(name)' in the mock config (it has: \(cases.keys.sorted().joined(separator: ", ")))."
            )
        }
        var result: [String: MockedResponse] = [:]
        for (state, responseName) in states {
            guard let r = mockedResponses[responseName] else {
                throw MockConfig.configError(
                    "Test case '\(name)' maps state '\(state)' to '\(responseName)', which MockedResponses does not define."
                )
            }
            result[state] = r
        }
        return result
    }

    static func configError(_ message: String) -> StatesError { StatesError("States.Runtime", message) }
}
