import SFNJSON

/// Retry and Catch: which error names match, the back-off between attempts, and the output a
/// catcher hands to its Next state.
extension Executor {
    enum Recovery {
        case retry
        case caught(Transition)
        /// Nothing matched: the error ends the state.
        case fail
    }

    /// Whether `ErrorEquals` names match `error`, as AWS matches them.
    static func matches(_ names: [String], _ error: StatesErrorName) -> Bool {
        // States.Runtime ends the execution: nothing retries or catches it.
        if error == .runtime { return false }
        for text in names {
            let name = StatesErrorName(rawValue: text)
            if name == error { return true }
            // AWS's documentation says States.ALL does not catch States.DataLimitExceeded, but AWS
            // itself catches it for an oversized task result (conformance error_handling/
            // *_catch_state_all_data_limit_exceeded_on_large_utf8_response): the recordings win.
            if name == .all { return error != .cancelled }
            if name == .taskFailed && error != .timeout && error != .cancelled { return true }
        }
        return false
    }

    /// Decides what follows a failed attempt: another attempt (after the back-off), a catcher's
    /// Next state (with `run.output` set), or failure.
    func recover(from error: StatesError, _ run: inout StateRun, retries: inout [Int]) async throws(StatesError)
        -> Recovery
    {
        let state = run.state
        if let r = state.retriers.firstIndex(where: { Self.matches($0.errorEquals, error.error) }) {
            if retries.isEmpty { retries = Array(repeating: 0, count: state.retriers.count) }
            let retrier = state.retriers[r]
            if retries[r] < retrier.maxAttempts {
                var seconds = Double(retrier.intervalSeconds)
                for _ in 0..<retries[r] { seconds *= retrier.backoffRate }
                if let cap = retrier.maxDelaySeconds { seconds = min(seconds, Double(cap)) }
                if retrier.jitterFull { seconds *= Double(options.random() >> 11) / Double(1 << 53) }
                retries[r] += 1
                run.retryCount += 1
                let millis = seconds * 1000
                if millis > 0 {
                    if options.skipWaits { skip(millis) } else { await options.sleep(millis) }
                }
                if deadline < .infinity && now() >= deadline { throw executionTimeout() }
                run.output = .null
                run.pendingAssign = nil
                return .retry
            }
        }
        guard let catcher = state.catchers.first(where: { Self.matches($0.errorEquals, error.error) }) else {
            return .fail
        }
        var errorOutput = JSONObject(minimumCapacity: 2)
        errorOutput.append("Error", .string(error.error.rawValue))
        if let cause = error.cause { errorOutput.append("Cause", .string(cause)) }
        let errorValue = JSONValue.object(errorOutput)
        run.pendingAssign = nil
        try caught(errorValue, catcher, &run)
        return .caught(.next(catcher.next))
    }
}
