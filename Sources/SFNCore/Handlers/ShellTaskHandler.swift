import SFNJSON

/// Runs a task as a local command: the input as compact JSON on stdin, stdout parsed as the result.
///
/// A non-zero exit fails the task. When the last line of stdout, or else of stderr, is a JSON
/// object with `errorType` (Lambda's convention) or `error`, that names the error and its
/// `errorMessage`/`cause` becomes the cause; otherwise the error is States.TaskFailed with the exit
/// status and the end of stderr. Empty stdout is `null`.
public struct ShellTaskHandler: TaskHandler {
    /// How a result and errors are shaped.
    public enum Style: Sendable, Hashable {
        /// A `shell:` resource or a mapped non-Lambda resource.
        case shell
        /// A command standing in for a Lambda function: errors carry the whole error object as
        /// their cause, as AWS reports an unhandled Lambda exception.
        case lambda
    }

    public var command: ShellCommand
    public var style: Style
    public var runner: ShellRunner

    public init(command: ShellCommand, style: Style = .shell, runner: ShellRunner = ShellRunner()) {
        self.command = command
        self.style = style
        self.runner = runner
    }

    public func invoke(_ request: TaskRequest) async throws -> JSONValue {
        try await run(
            input: request.input, timeoutSeconds: request.timeoutSeconds, heartbeatSeconds: request.heartbeatSeconds,
            stderrLine: request.stderrLine)
    }

    /// Runs the command on `input` and interprets the outcome; `stderrLine` receives each line of
    /// its stderr as it comes.
    public func run(
        input: JSONValue, timeoutSeconds: Double?, heartbeatSeconds: Double?,
        stderrLine: (@Sendable (String) -> Void)? = nil
    ) async throws(StatesError) -> JSONValue {
        var bytes: [UInt8] = []
        JSONPrinter.write(input, into: &bytes, indent: nil)
        let outcome = try await runner.run(
            command, input: bytes, timeoutSeconds: timeoutSeconds, heartbeatSeconds: heartbeatSeconds,
            stderrLine: stderrLine)
        return try interpret(outcome, timeoutSeconds: timeoutSeconds, heartbeatSeconds: heartbeatSeconds)
    }

    /// Turns a finished run into the task's result or error.
    func interpret(_ o: ShellOutcome, timeoutSeconds: Double?, heartbeatSeconds: Double?) throws(StatesError)
        -> JSONValue
    {
        switch o.ending {
        case .timedOut:
            throw StatesError(
                "States.Timeout",
                "The command '\(command.line)' did not finish within \(seconds(timeoutSeconds)) (TimeoutSeconds); its process group was killed."
            )
        case .heartbeatTimedOut:
            throw StatesError(
                "States.HeartbeatTimeout",
                "The command '\(command.line)' sent no heartbeat for \(seconds(heartbeatSeconds)) (HeartbeatSeconds); its process group was killed."
            )
        case .cancelled:
            throw StatesError.cancelled
        case .outputTooLarge:
            throw StatesError(
                "States.TaskFailed",
                "The command '\(command.line)' wrote more than \(runner.maxOutputBytes) bytes to stdout; it was killed."
            )
        case .finished:
            break
        }
        guard o.exitStatus == 0 else { throw failure(o) }
        let text = trimmed(o.stdout[...])
        if text.isEmpty { return .null }
        do {
            return try JSONParser.parse(bytes: Array(text))
        } catch {
            throw StatesError(
                "States.TaskFailed",
                "The command '\(command.line)' wrote output that is not JSON (\(error)): \(excerpt(text))")
        }
    }

    private func failure(_ o: ShellOutcome) -> StatesError {
        for stream in [o.stdout, o.stderr] {
            if let e = conventionError(lastLine(stream)) { return e }
        }
        let how: String
        if let s = o.exitStatus {
            how = "exited with status \(s)"
        } else if let sig = o.terminatingSignal {
            how = "was killed by signal \(sig)" + (ShellOutcome.signalName(sig).map { " (\($0))" } ?? "")
        } else {
            how = "ended abnormally"
        }
        let tail = trimmed(o.stderr.suffix(1000)[...])
        let cause =
            tail.isEmpty
            ? "The command '\(command.line)' \(how)."
            : "The command '\(command.line)' \(how): \(String(decoding: tail, as: UTF8.self))"
        return StatesError("States.TaskFailed", cause)
    }

    /// An error object on the last line, in Lambda's or Step Functions' convention.
    private func conventionError(_ line: ArraySlice<UInt8>) -> StatesError? {
        guard line.first == UInt8(ascii: "{"), let value = try? JSONParser.parse(bytes: Array(line)),
            let obj = value.objectValue
        else { return nil }
        if let type = obj["errorType"]?.stringValue {
            if style == .lambda { return StatesError(type, JSONPrinter.compact(value)) }
            return StatesError(type, causeText(obj["errorMessage"]))
        }
        if let name = obj["error"]?.stringValue {
            return StatesError(name, causeText(obj["cause"]))
        }
        return nil
    }

    private func causeText(_ v: JSONValue?) -> String? {
        switch v {
        case nil, .null?: return nil
        case .string(let s)?: return s
        case let other?: return JSONPrinter.compact(other)
        }
    }

    private func lastLine(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        let t = trimmed(bytes[...])
        if let nl = t.lastIndex(of: 0x0A) { return trimmed(t[(nl + 1)...]) }
        return t
    }

    private func trimmed(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var s = s
        while let f = s.first, f == 0x20 || f == 0x0A || f == 0x0D || f == 0x09 { s.removeFirst() }
        while let l = s.last, l == 0x20 || l == 0x0A || l == 0x0D || l == 0x09 { s.removeLast() }
        return s
    }

    private func excerpt(_ s: ArraySlice<UInt8>) -> String {
        let text = String(decoding: s.prefix(200), as: UTF8.self)
        return s.count > 200 ? text + "..." : text
    }

    private func seconds(_ s: Double?) -> String {
        guard let s else { return "the allowed time" }
        return s == s.rounded() && abs(s) < 1e15 ? "\(Int(s)) seconds" : "\(s) seconds"
    }
}
