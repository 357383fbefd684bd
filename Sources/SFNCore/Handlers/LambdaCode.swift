import SFNJSON

/// A Lambda function's code, run as Lambda runs it: a resources-map entry
///
///     "Price": { "runtime": "python3", "handler": "app.handler", "codeUri": "src/",
///                "environment": {"TABLE": "orders"}, "timeout": 10, "memorySize": 256 }
///
/// keyed like a command entry (function name, `name:alias` or ARN). The handler is called with
/// the event and a context (request id, remaining time, ...) by a bootstrap of the runtime's own
/// (`LambdaCode+Bootstrap`), in the code folder; an exception becomes Lambda's error:
/// `errorType` is the error name, the error object the cause.
public struct LambdaCode: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case python, node
    }

    public var kind: Kind
    /// `module.function` (python) or `file.export` (node), relative to `codeUri`.
    public var handler: String
    /// The code's folder (the function's working directory and import root).
    public var codeUri: String
    public var environment: [String: String]
    /// Seconds, Lambda's default 3; the handler is ended past it (`Sandbox.Timedout`).
    public var timeout: Double
    public var memorySize: Int
    /// The program that runs the bootstrap: `python3` or `node` unless the entry names one.
    public var interpreter: String

    init(_ key: String, _ entry: JSONObject, baseDirectory: String?) throws(StatesError) {
        let fields = try EntryFields(
            key, entry,
            known: ["runtime", "handler", "codeUri", "environment", "timeout", "memorySize", "interpreter"])
        let runtime = try fields.requiredString("runtime")
        if runtime.hasPrefix("python") {
            kind = .python
        } else if runtime.hasPrefix("node") {
            kind = .node
        } else {
            throw ResourceMap.error(
                "Resource '\(key)': the runtime '\(runtime)' cannot run here (python3.x and nodejs runtimes can).")
        }
        handler = try fields.requiredString("handler")
        guard let dot = handler.lastIndex(of: "."), dot != handler.startIndex,
            handler.index(after: dot) != handler.endIndex
        else {
            throw ResourceMap.error(
                "Resource '\(key)': the handler '\(handler)' must be FILE.FUNCTION (for example app.handler).")
        }
        codeUri = try fields.path("codeUri", baseDirectory: baseDirectory) ?? baseDirectory ?? "."
        environment = Dictionary(try fields.environment(), uniquingKeysWith: { $1 })
        timeout = try fields.number("timeout") ?? 3
        memorySize = Int(try fields.number("memorySize") ?? 128)
        interpreter = try fields.string("interpreter") ?? (kind == .python ? "python3" : "node")
    }

    /// Invokes the handler with `event`; `functionName` names it in the context. The state's
    /// TimeoutSeconds, when shorter than the function's timeout, ends it as `States.Timeout`.
    func invoke(
        _ event: JSONValue, functionName: String, region: String, stateTimeout: Double?, runner: ShellRunner
    ) async throws(StatesError) -> JSONValue {
        let bootstrap = try Self.bootstrapFile(kind)
        let requestId = LambdaInvokeResponse.randomUUID()
        let name = LambdaFunctionRef(functionName)?.name ?? functionName
        var command = ShellCommand(interpreter, workingDirectory: codeUri, environment: environment)
        command.argv = [
            interpreter, bootstrap, handler, name, String(Int(timeout * 1000)), String(memorySize), requestId, region,
        ]
        command.usesShell = false
        command.line = "\(interpreter) (\(kind.rawValue) Lambda bootstrap) \(handler)"
        command.environment["AWS_LAMBDA_FUNCTION_NAME"] = name
        command.environment["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST"
        command.environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = String(memorySize)
        command.environment["AWS_REGION"] = region
        command.environment["AWS_DEFAULT_REGION"] = region
        command.environment["LAMBDA_TASK_ROOT"] = codeUri
        command.environment["_HANDLER"] = handler
        // No __pycache__ left in the user's code folder by a local run.
        if environment["PYTHONDONTWRITEBYTECODE"] == nil { command.environment["PYTHONDONTWRITEBYTECODE"] = "1" }
        // The bootstrap ends a handler past its timeout; this limit is a backstop for a handler
        // that never yields to it, with room for loading the code on a busy machine.
        let functionLimits = stateTimeout.map { timeout + Self.startupAllowance <= $0 } ?? true
        let limit = functionLimits ? timeout + Self.startupAllowance : stateTimeout
        var input: [UInt8] = []
        JSONPrinter.write(event, into: &input, indent: nil)
        let outcome: ShellOutcome
        do {
            outcome = try await runner.run(command, input: input, timeoutSeconds: limit)
        } catch {
            throw StatesError(
                "States.Runtime",
                "The \(kind.rawValue) handler of Lambda function '\(name)' could not be started: "
                    + "\(error.cause ?? error.error.rawValue) (is \(interpreter) installed?)")
        }
        switch outcome.ending {
        case .timedOut where functionLimits:
            let seconds = Self.twoDecimals(timeout)
            throw lambdaError(
                "Sandbox.Timedout", "RequestId: \(requestId) Error: Task timed out after \(seconds) seconds", requestId)
        case .timedOut:
            throw StatesError(
                "States.Timeout",
                "Lambda function '\(name)' did not finish within the state's TimeoutSeconds; its process was killed.")
        case .cancelled, .heartbeatTimedOut: throw StatesError.cancelled
        case .outputTooLarge:
            throw lambdaError(
                "Function.ResponseSizeTooLarge", "Response payload size exceeded maximum allowed payload size.",
                requestId)
        case .finished: break
        }
        let text = String(decoding: outcome.stdout, as: UTF8.self)
        if outcome.exitStatus == 0, let value = try? JSONParser.parse(text) { return value }
        if outcome.exitStatus == 1, let error = try? JSONParser.parse(text), let type = error["errorType"]?.stringValue
        {
            throw StatesError(type, JSONPrinter.compact(error))
        }
        let how = outcome.exitStatus.map { "exit status \($0)" } ?? "signal: \(outcome.terminatingSignal ?? 0)"
        throw lambdaError(
            "Runtime.ExitError", "RequestId: \(requestId) Error: Runtime exited with error: \(how)", requestId)
    }

    /// The time an interpreter may take to start and load the code before the handler's own
    /// timeout starts (Lambda's init phase, whose 10 s a loaded machine can exceed).
    static let startupAllowance = 60.0

    private func lambdaError(_ type: String, _ message: String, _ requestId: String) -> StatesError {
        let object: JSONValue = ["errorMessage": .string(message), "errorType": .string(type)]
        return StatesError(type, JSONPrinter.compact(object))
    }

    static func twoDecimals(_ v: Double) -> String {
        let hundredths = Int((v * 100).rounded())
        let cents = hundredths % 100
        return "\(hundredths / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}
