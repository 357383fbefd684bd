import SFNJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Distributed Map's results on their way out, as its ResultWriter asks: transformed as
/// WriterConfig says (`Transformation` NONE, COMPACT or FLATTEN; `OutputType` JSON or JSONL) and
/// either written as they come to `SUCCEEDED_0.json` / `FAILED_0.json` under the local S3 folder
/// (AWS's layout: `PREFIX/MAP_RUN_ID/manifest.json` beside them) or kept for the state's result.
/// Written as they come, a million results cost a file buffer, not a million values in memory.
final class ResultSink {
    let transformation: String
    let lines: Bool
    let mapRunArn: String
    let machineArn: String
    let runId: String
    let now: String
    private let destination: (s3: LocalS3, bucket: String, folder: String)?
    private var files: [String: OutputFile] = [:]
    private var succeeded: [JSONValue] = []
    private var failed: [JSONValue] = []

    /// `arguments` are the ResultWriter's evaluated Parameters or Arguments (Bucket, Prefix);
    /// without a Resource nothing is written.
    init(writer: JSONObject?, arguments: JSONObject, mapRunArn: String, now: String, s3Root: String)
        throws(LocalS3Error)
    {
        let config = writer?["WriterConfig"]
        let exporting = writer?["Resource"] != nil
        transformation = config?["Transformation"]?.stringValue ?? (exporting ? "NONE" : "COMPACT")
        lines = config?["OutputType"]?.stringValue == "JSONL"
        self.mapRunArn = mapRunArn
        self.now = now
        machineArn = Executor.childMachineArn(mapRunArn)
        runId = mapRunArn.split(separator: ":").last.map(String.init) ?? "map-run"
        guard exporting else {
            destination = nil
            return
        }
        guard let bucket = arguments["Bucket"]?.stringValue else {
            throw LocalS3Error("The ResultWriter's Parameters need a Bucket")
        }
        let prefix = arguments["Prefix"]?.stringValue ?? ""
        let folder = prefix.isEmpty ? runId : (prefix.hasSuffix("/") ? prefix : prefix + "/") + runId
        destination = (LocalS3(root: s3Root), bucket, folder)
    }

    var exporting: Bool { destination != nil }

    /// One child execution's result (a tolerated failure is `Executor.failedItem`'s shape).
    func add(index: Int, input: JSONValue, result: JSONValue) throws(LocalS3Error) {
        let failure = Executor.failure(result)
        if failure != nil || transformation == "NONE" {
            let entry = self.entry(index: index, input: input, result: result, failure: failure)
            try emit(entry, failed: failure != nil)
        } else if transformation == "FLATTEN", case .array(let a) = result {
            for v in a { try emit(v, failed: false) }
        } else {
            try emit(result, failed: false)
        }
    }

    /// The child execution as DescribeExecution gives it.
    private func entry(
        index: Int, input: JSONValue, result: JSONValue, failure: (error: JSONValue, cause: JSONValue)?
    ) -> JSONValue {
        var entry = JSONObject(minimumCapacity: 14)
        let name = runId + "-" + String(index)
        entry.append("ExecutionArn", .string(machineArn.replacing(":stateMachine:", with: ":execution:") + ":" + name))
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
        return .object(entry)
    }

    private func emit(_ value: JSONValue, failed isFailure: Bool) throws(LocalS3Error) {
        guard let destination else {
            if isFailure { failed.append(value) } else { succeeded.append(value) }
            return
        }
        let status = isFailure ? "FAILED" : "SUCCEEDED"
        if files[status] == nil {
            files[status] = try OutputFile(
                s3: destination.s3, bucket: destination.bucket, key: destination.folder + "/" + status + "_0.json",
                lines: lines)
        }
        try files[status]!.append(value)
    }

    /// The state's result: the manifest's location when exporting (the files and the manifest are
    /// in place first), else the transformed results.
    func finish() throws(LocalS3Error) -> JSONValue {
        guard let destination else { return .array(succeeded + failed) }
        func listed(_ status: String) throws(LocalS3Error) -> JSONValue {
            guard let file = files[status] else { return .array([]) }
            let size = try file.close()
            return .array([.object(["Key": .string(file.key), "Size": .int(size)])])
        }
        let manifestKey = destination.folder + "/manifest.json"
        let resultFiles = JSONObject([
            ("FAILED", try listed("FAILED")),
            ("PENDING", .array([])),
            ("SUCCEEDED", try listed("SUCCEEDED")),
        ])
        let manifest = JSONValue.object(
            JSONObject([
                ("DestinationBucket", .string(destination.bucket)),
                ("MapRunArn", .string(mapRunArn)),
                ("ResultFiles", .object(resultFiles)),
            ]))
        try destination.s3.putObject(
            bucket: destination.bucket, key: manifestKey, bytes: Array(JSONPrinter.compact(manifest).utf8))
        return .object(
            JSONObject([
                ("MapRunArn", .string(mapRunArn)),
                (
                    "ResultWriterDetails",
                    .object(["Bucket": .string(destination.bucket), "Key": .string(manifestKey)])
                ),
            ]))
    }

    /// Abandons files not yet closed (the Map failed): their temporary files go.
    func discard() {
        for file in files.values { file.discard() }
        files = [:]
    }
}

/// One results file written through a buffer into a temporary file, renamed into place when closed.
final class OutputFile {
    let key: String
    let path: String
    let temporary: String
    let lines: Bool
    private var fd: Int32
    private var buffer: [UInt8] = []
    private var count = 0
    private var size = 0

    init(s3: LocalS3, bucket: String, key: String, lines: Bool) throws(LocalS3Error) {
        guard let path = s3.path(bucket: bucket, key: key) else {
            throw LocalS3Error("the bucket '\(bucket)' and key '\(key)' do not name a file under \(s3.root)")
        }
        self.key = key
        self.path = path
        self.lines = lines
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        try LocalS3.makeFolders(folder, for: "s3://\(bucket)/\(key)")
        let name = path[path.index(after: path.lastIndex(of: "/") ?? path.startIndex)...]
        temporary = folder + "/." + name + ".\(getpid()).tmp"
        fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw LocalS3Error("cannot write \(temporary) for s3://\(bucket)/\(key)") }
        buffer.reserveCapacity(1 << 18)
        if !lines { buffer.append(UInt8(ascii: "[")) }
    }

    deinit { if fd >= 0 { closeDescriptor(fd) } }

    func append(_ value: JSONValue) throws(LocalS3Error) {
        if !lines && count > 0 { buffer.append(UInt8(ascii: ",")) }
        JSONPrinter.write(value, into: &buffer, indent: nil)
        if lines { buffer.append(UInt8(ascii: "\n")) }
        count += 1
        if buffer.count >= 1 << 18 { try drain() }
    }

    private func drain() throws(LocalS3Error) {
        let written = buffer.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        guard written else { throw LocalS3Error("cannot write \(temporary): \(String(cString: strerror(errno)))") }
        size += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Finishes the file and renames it into place; returns its size in bytes.
    func close() throws(LocalS3Error) -> Int {
        if !lines { buffer.append(UInt8(ascii: "]")) }
        try drain()
        closeDescriptor(fd)
        fd = -1
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw LocalS3Error("cannot write \(path)")
        }
        return size
    }

    func discard() {
        if fd >= 0 { closeDescriptor(fd) }
        fd = -1
        unlink(temporary)
    }
}

/// libc's close, out of reach of the method of that name.
private func closeDescriptor(_ fd: Int32) { close(fd) }
