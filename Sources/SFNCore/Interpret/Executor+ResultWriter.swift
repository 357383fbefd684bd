import SFNJSON

/// A Distributed Map's ResultWriter: the child executions' results, transformed as WriterConfig
/// asks, written under the local S3 folder as AWS lays them out (`PREFIX/MAP_RUN_ID/manifest.json`
/// beside `SUCCEEDED_0.json` and `FAILED_0.json`), or given back as the state's result.
extension Executor {
    func writeResults(
        _ writer: JSONValue, inputs: [JSONValue], results: [JSONValue], mapRunArn: String, effective: JSONValue,
        _ run: StateRun
    ) throws(StatesError) -> JSONValue {
        guard case .object(let o) = writer else { return .array(results) }
        let sink = try resultSink(o, mapRunArn: mapRunArn, effective: effective, run)
        do throws(LocalS3Error) {
            for (index, result) in results.enumerated() {
                try sink.add(index: index, input: index < inputs.count ? inputs[index] : .null, result: result)
            }
            return try sink.finish()
        } catch {
            sink.discard()
            throw StatesError(.resultWriterFailed, run.prefix + error.message)
        }
    }

    /// Where a ResultWriter's results go, its arguments evaluated against the effective input.
    func resultSink(_ writer: JSONObject, mapRunArn: String, effective: JSONValue, _ run: StateRun)
        throws(StatesError) -> ResultSink
    {
        let arguments =
            writer["Resource"] == nil ? JSONObject() : try resourceArguments(writer, effective: effective, run)
        let now = Timestamp.format(millis: options.now() + skippedMillis)
        do throws(LocalS3Error) {
            return try ResultSink(
                writer: writer, arguments: arguments, mapRunArn: mapRunArn, now: now, s3Root: options.s3Root)
        } catch {
            throw StatesError(.resultWriterFailed, run.prefix + error.message)
        }
    }

    /// A tolerated failed iteration's result (`failedItem`): its Error and Cause.
    static func failure(_ result: JSONValue) -> (error: JSONValue, cause: JSONValue)? {
        guard case .object(let o) = result, o.count == 2, let error = o["Error"], let cause = o["Cause"] else {
            return nil
        }
        return (error, cause)
    }

    /// The ARN child executions of a Map Run belong to: `...:stateMachine:MACHINE/LABEL`.
    static func childMachineArn(_ mapRunArn: String) -> String {
        var parts = mapRunArn.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count > 1 { parts.removeLast() }
        return parts.joined(separator: ":").replacing(":mapRun:", with: ":stateMachine:")
    }
}
