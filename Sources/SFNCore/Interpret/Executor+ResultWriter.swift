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
        let config = o["WriterConfig"]
        let exporting = o["Resource"] != nil
        let transformation = config?["Transformation"]?.stringValue ?? (exporting ? "NONE" : "COMPACT")
        let lines = config?["OutputType"]?.stringValue == "JSONL"
        let now = Timestamp.format(millis: options.now() + skippedMillis)
        let machineArn = Self.childMachineArn(mapRunArn)
        var succeeded: [JSONValue] = []
        var failed: [JSONValue] = []
        for (index, result) in results.enumerated() {
            let input = index < inputs.count ? inputs[index] : .null
            let failure = Self.failure(result)
            var entry = JSONObject(minimumCapacity: 14)
            if failure != nil || transformation == "NONE" {
                let name = (mapRunArn.split(separator: ":").last.map(String.init) ?? "") + "-" + String(index)
                entry.append(
                    "ExecutionArn", .string(machineArn.replacing(":stateMachine:", with: ":execution:") + ":" + name))
                entry.append("Input", .string(JSONPrinter.compact(input)))
                entry.append("InputDetails", .object(["Included": .bool(true)]))
                entry.append("Name", .string(name))
                if let failure {
                    entry.append("Error", failure.error)
                    entry.append("Cause", failure.cause)
                } else {
                    entry.append("Output", .string(JSONPrinter.compact(result)))
                    entry.append("OutputDetails", .object(["Included": .bool(true)]))
                }
                entry.append("RedriveCount", .int(0))
                entry.append("RedriveStatus", .string(failure == nil ? "NOT_REDRIVABLE" : "REDRIVABLE"))
                if failure == nil {
                    entry.append("RedriveStatusReason", .string("Execution is SUCCEEDED and cannot be redriven"))
                }
                entry.append("StartDate", .string(now))
                entry.append("StateMachineArn", .string(machineArn))
                entry.append("Status", .string(failure == nil ? "SUCCEEDED" : "FAILED"))
                entry.append("StopDate", .string(now))
            }
            if failure != nil {
                failed.append(.object(entry))
            } else if transformation == "NONE" {
                succeeded.append(.object(entry))
            } else if transformation == "FLATTEN", case .array(let a) = result {
                succeeded.append(contentsOf: a)
            } else {
                succeeded.append(result)
            }
        }
        guard exporting else { return .array(succeeded + failed) }

        let arguments = try resourceArguments(o, effective: effective, run)
        guard let bucket = arguments["Bucket"]?.stringValue else {
            throw StatesError(.resultWriterFailed, run.prefix + "The ResultWriter's Parameters need a Bucket")
        }
        let prefix = arguments["Prefix"]?.stringValue ?? ""
        let runId = mapRunArn.split(separator: ":").last.map(String.init) ?? "map-run"
        let folder = prefix.isEmpty ? runId : (prefix.hasSuffix("/") ? prefix : prefix + "/") + runId
        let s3 = LocalS3(root: options.s3Root)
        func file(_ status: String, _ entries: [JSONValue]) throws(LocalS3Error) -> [JSONValue] {
            guard !entries.isEmpty else { return [] }
            let key = folder + "/" + status + "_0.json"
            let text =
                lines
                ? entries.map { JSONPrinter.compact($0) + "\n" }.joined()
                : JSONPrinter.compact(.array(entries))
            try s3.putObject(bucket: bucket, key: key, bytes: Array(text.utf8))
            return [.object(["Key": .string(key), "Size": .int(text.utf8.count)])]
        }
        let manifestKey = folder + "/manifest.json"
        do throws(LocalS3Error) {
            let files = JSONObject([
                ("FAILED", .array(try file("FAILED", failed))),
                ("PENDING", .array([])),
                ("SUCCEEDED", .array(try file("SUCCEEDED", succeeded))),
            ])
            let manifest = JSONValue.object(
                JSONObject([
                    ("DestinationBucket", .string(bucket)),
                    ("MapRunArn", .string(mapRunArn)),
                    ("ResultFiles", .object(files)),
                ]))
            try s3.putObject(bucket: bucket, key: manifestKey, bytes: Array(JSONPrinter.compact(manifest).utf8))
        } catch {
            throw StatesError(.resultWriterFailed, run.prefix + error.message)
        }
        return .object(
            JSONObject([
                ("MapRunArn", .string(mapRunArn)),
                ("ResultWriterDetails", .object(["Bucket": .string(bucket), "Key": .string(manifestKey)])),
            ]))
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
