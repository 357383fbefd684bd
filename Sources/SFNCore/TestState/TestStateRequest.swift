import SFNJSON

/// What AWS's TestState API takes, as values: the state to run (by name, in a whole machine or
/// alone), its input, variables and context, the 2025 `mock` and `stateConfiguration`, and how
/// much to report. A server can decode the API's JSON into it (`init(json:)`).
public struct TestStateRequest: Sendable {
    /// `stateName`: the state to run when the definition is a whole machine.
    public var stateName: String?
    public var input: JSONValue
    /// Workflow variables as they are when the state is entered.
    public var variables: JSONObject?
    /// Members of the context object to use instead of the ones made up for the run
    /// (`Execution`, `State`, `StateMachine`, `Task`, `Map`).
    public var context: JSONObject?
    public var mock: TestStateMock?
    public var configuration: TestStateConfiguration
    public var inspectionLevel: InspectionLevel
    /// TRACE only: show HTTP headers and bodies that would otherwise be masked.
    public var revealSecrets: Bool

    public init(
        stateName: String? = nil, input: JSONValue = .object(JSONObject()), variables: JSONObject? = nil,
        context: JSONObject? = nil, mock: TestStateMock? = nil,
        configuration: TestStateConfiguration = TestStateConfiguration(),
        inspectionLevel: InspectionLevel = .info, revealSecrets: Bool = false
    ) {
        self.stateName = stateName
        self.input = input
        self.variables = variables
        self.context = context
        self.mock = mock
        self.configuration = configuration
        self.inspectionLevel = inspectionLevel
        self.revealSecrets = revealSecrets
    }

    /// INFO (status, output, error, nextState), DEBUG (and the data flow's stages), TRACE (and
    /// HTTP requests, which no local resource makes).
    public enum InspectionLevel: String, Sendable, CaseIterable {
        case info = "INFO"
        case debug = "DEBUG"
        case trace = "TRACE"
    }
}

/// The `mock` of a TestState request: a result or an error standing in for every Task resource
/// the state calls (its own, or those inside a Map or Parallel).
public enum TestStateMock: Sendable, Equatable {
    case result(JSONValue)
    case error(error: String, cause: String?)
}

/// The `stateConfiguration` of a TestState request.
public struct TestStateConfiguration: Sendable {
    /// How many retries already happened under the Retry that matches the error: decides between
    /// RETRIABLE and the catchers, and the back-off reported.
    public var retrierRetryCount: Int?
    /// Inside a Map or Parallel, the state whose Task raises the mocked error; others pass their
    /// input on (or return the mocked result).
    public var errorCausedByState: String?
    /// Inside a Map: how many iterations fail with the mocked error (the first ones).
    public var mapIterationFailureCount: Int?

    public init(retrierRetryCount: Int? = nil, errorCausedByState: String? = nil, mapIterationFailureCount: Int? = nil)
    {
        self.retrierRetryCount = retrierRetryCount
        self.errorCausedByState = errorCausedByState
        self.mapIterationFailureCount = mapIterationFailureCount
    }
}

/// A TestState request that cannot run: the message says which field and why.
public struct TestStateError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension TestStateRequest {
    /// Reads the API's request shape: `input`, `variables` and `context` as JSON text (as AWS
    /// takes them) or as JSON values, `mock.result` text, `mock.errorOutput`, `stateConfiguration`.
    public init(json: JSONValue) throws(TestStateError) {
        guard case .object(let o) = json else { throw TestStateError("the request is not a JSON object") }
        self.init()
        stateName = o["stateName"]?.stringValue
        if let v = o["input"] { input = try Self.embedded(v, "input") }
        if let v = o["variables"] {
            guard case .object(let vars) = try Self.embedded(v, "variables") else {
                throw TestStateError("variables: expected a JSON object")
            }
            variables = vars
        }
        if let v = o["context"] {
            guard case .object(let ctx) = try Self.embedded(v, "context") else {
                throw TestStateError("context: expected a JSON object")
            }
            context = ctx
        }
        if let level = o["inspectionLevel"]?.stringValue {
            guard let l = InspectionLevel(rawValue: level) else {
                throw TestStateError("inspectionLevel: expected INFO, DEBUG or TRACE, got '\(level)'")
            }
            inspectionLevel = l
        }
        revealSecrets = o["revealSecrets"]?.boolValue ?? false
        if case .object(let m)? = o["mock"] {
            if let r = m["result"] {
                mock = .result(try Self.embedded(r, "mock.result"))
            } else if case .object(let e)? = m["errorOutput"] {
                guard let name = e["error"]?.stringValue else {
                    throw TestStateError("mock.errorOutput: 'error' is required")
                }
                mock = .error(error: name, cause: e["cause"]?.stringValue)
            }
        }
        if case .object(let c)? = o["stateConfiguration"] {
            configuration.retrierRetryCount = c["retrierRetryCount"]?.intValue
            configuration.errorCausedByState = c["errorCausedByState"]?.stringValue
            configuration.mapIterationFailureCount = c["mapIterationFailureCount"]?.intValue
        }
    }

    /// AWS passes JSON documents as strings; a value that is not a string is taken as it is.
    private static func embedded(_ v: JSONValue, _ field: String) throws(TestStateError) -> JSONValue {
        guard case .string(let text) = v else { return v }
        do {
            return try JSONParser.parse(text)
        } catch {
            throw TestStateError("\(field): not valid JSON (\(error.line):\(error.column): \(error.message))")
        }
    }
}
