import SFNCore
import SFNJSON

/// `sfn test-state DEFINITION --state NAME ...`: one state run as AWS's TestState API runs it,
/// its response printed in the API's shape.
enum TestStateCommand {
    static func main(_ argv: [String]) async -> Int32 {
        let args: Arguments
        do {
            args = try Arguments(
                argv, flags: ["--pretty", "--compact", "--reveal-secrets", "--help", "-h"],
                values: [
                    "--state", "--input", "--variables", "--context", "--mock", "--mock-result", "--mock-error",
                    "--retrier-retry-count", "--map-iteration-failure-count", "--error-caused-by-state",
                    "--inspection-level",
                ])
        } catch {
            Console.error("sfn test-state: \(error)\n\n\(Usage.testState)")
            return 2
        }
        if args.has("--help") || args.has("-h") {
            print(Usage.testState)
            return 0
        }
        guard args.positional.count == 1, let file = args.positional.first else {
            Console.error("sfn test-state: expected exactly one DEFINITION file\n\n\(Usage.testState)")
            return 2
        }
        let request: TestStateRequest
        switch makeRequest(args) {
        case .success(let r): request = r
        case .failure(let f):
            Console.error("sfn test-state: \(f)")
            return 2
        }
        guard let definition = readJSON(file, what: "the definition") else { return 2 }
        let machine: StateMachine
        let stateName: String?
        do {
            (machine, stateName) = try StateMachine.loadForTestState(definition, stateName: request.stateName)
        } catch {
            Console.error(DiagnosticPrinter.text(error.diagnostics, file: file))
            return 2
        }
        var named = request
        named.stateName = stateName
        var options = ExecutionOptions()
        var tasks = TaskDispatcher()
        tasks.describeUnmapped = { unmapped in
            unmapped.summary + " Answer it with --mock-result JSON or --mock-error NAME:CAUSE."
        }
        options.tasks = tasks
        let response: TestStateResponse
        do {
            response = try await machine.testState(named, options: options)
        } catch {
            Console.error("sfn test-state: \(error)")
            return 2
        }
        let pretty = args.has("--pretty") || (!args.has("--compact") && Console.stdoutIsTerminal)
        Console.outJSON(response.json, pretty: pretty)
        return response.status == .failed ? 1 : 0
    }

    /// The request the options describe.
    static func makeRequest(_ args: Arguments) -> Result<TestStateRequest, CLIFailure> {
        var r = TestStateRequest(stateName: args.values["--state"])
        if let path = args.values["--input"] {
            guard let v = InputArgument.read(path) else { return .failure(CLIFailure("unusable --input")) }
            r.input = v
        }
        for (flag, isVariables) in [("--variables", true), ("--context", false)] {
            guard let path = args.values[flag] else { continue }
            guard case .object(let o)? = readJSON(path, what: flag) else {
                return .failure(CLIFailure("\(flag) \(path): expected a JSON object"))
            }
            if isVariables { r.variables = o } else { r.context = o }
        }
        let mocks = ["--mock", "--mock-result", "--mock-error"].filter { args.values[$0] != nil }
        if mocks.count > 1 { return .failure(CLIFailure("give only one of \(mocks.joined(separator: ", "))")) }
        if let path = args.values["--mock"] {
            guard let v = readJSON(path, what: "the mock") else { return .failure(CLIFailure("unusable --mock")) }
            do {
                r.mock = try TestStateRequest(json: ["mock": v]).mock
            } catch {
                return .failure(CLIFailure("--mock \(path): \(error)"))
            }
            if r.mock == nil {
                return .failure(CLIFailure("--mock \(path): expected {\"result\": ...} or {\"errorOutput\": {...}}"))
            }
        }
        if let text = args.values["--mock-result"] {
            do {
                r.mock = .result(try JSONParser.parse(text))
            } catch {
                return .failure(
                    CLIFailure("--mock-result: not valid JSON (\(error.line):\(error.column): \(error.message))"))
            }
        }
        if let spec = args.values["--mock-error"] {
            let parts = spec.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = parts.first, !name.isEmpty else {
                return .failure(CLIFailure("--mock-error: expected NAME or NAME:CAUSE, got '\(spec)'"))
            }
            r.mock = .error(error: String(name), cause: parts.count > 1 ? String(parts[1]) : nil)
        }
        for (flag, key) in [
            ("--retrier-retry-count", \TestStateConfiguration.retrierRetryCount),
            ("--map-iteration-failure-count", \TestStateConfiguration.mapIterationFailureCount),
        ] {
            guard let text = args.values[flag] else { continue }
            guard let n = Int(text), n >= 0 else {
                return .failure(CLIFailure("\(flag): expected a whole number of at least 0, got '\(text)'"))
            }
            r.configuration[keyPath: key] = n
        }
        r.configuration.errorCausedByState = args.values["--error-caused-by-state"]
        if let level = args.values["--inspection-level"] {
            guard let l = TestStateRequest.InspectionLevel(rawValue: level.uppercased()) else {
                return .failure(CLIFailure("--inspection-level: expected INFO, DEBUG or TRACE, got '\(level)'"))
            }
            r.inspectionLevel = l
        }
        r.revealSecrets = args.has("--reveal-secrets")
        return .success(r)
    }

    /// A JSON file ("-" for standard input); nil after printing what is wrong and where.
    static func readJSON(_ path: String, what: String) -> JSONValue? {
        let read = path == "-" ? Console.readStandardInput() : Console.readFile(path)
        switch read {
        case .failure(let m):
            Console.error("sfn: \(m)")
            return nil
        case .success(let text):
            do {
                return try JSONParser.parse(text)
            } catch {
                Console.error("sfn: \(path):\(error.line):\(error.column): \(what) is not valid JSON: \(error.message)")
                return nil
            }
        }
    }
}
