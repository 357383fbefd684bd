import SFNJSON
import SFNJSONPath

/// A Distributed Map's ItemReader over the local S3 folder (`ExecutionOptions.s3Root`):
/// s3:getObject with a ReaderConfig (CSV, JSON, JSONL, MANIFEST) and s3:listObjectsV2.
extension Executor {
    func readItems(_ map: MapState, reader: JSONValue, effective: JSONValue, _ run: StateRun)
        throws(StatesError) -> [JSONValue]
    {
        guard case .object(let o) = reader else { return [] }
        let resource = o["Resource"]?.stringValue ?? ""
        let arguments = try resourceArguments(o, effective: effective, run)
        var config: ReaderConfig
        do { config = try ReaderConfig(o["ReaderConfig"]) } catch {
            throw StatesError(.itemReaderFailed, run.prefix + error.message)
        }
        config.maxItems = try maxItems(o["ReaderConfig"], effective: effective, run)
        let s3 = LocalS3(root: options.s3Root)
        let bucket = arguments["Bucket"]?.stringValue ?? ""
        do throws(LocalS3Error) {
            switch Self.s3Action(resource) {
            case "listObjectsV2":
                return config.limited(
                    try s3.listObjects(bucket: bucket, prefix: arguments["Prefix"]?.stringValue ?? ""))
            case "getObject":
                let key = arguments["Key"]?.stringValue ?? ""
                let bytes = try s3.getObject(bucket: bucket, key: key)
                if config.inputType == .manifest {
                    return try ManifestReader(s3: s3, config: config).items(manifest: bytes, key: key)
                }
                return try config.items(of: bytes, key: key)
            default:
                throw LocalS3Error(
                    "the ItemReader resource '\(resource)' is not one a Distributed Map reads locally "
                        + "(arn:aws:states:::s3:getObject, arn:aws:states:::s3:listObjectsV2)")
            }
        } catch {
            throw StatesError(.itemReaderFailed, run.prefix + error.message)
        }
    }

    /// The S3 action of `arn:aws:states:::s3:ACTION` (and of the aws-sdk form).
    static func s3Action(_ resource: String) -> String? {
        for prefix in ["arn:aws:states:::s3:", "arn:aws:states:::aws-sdk:s3:"] where resource.hasPrefix(prefix) {
            return String(resource.dropFirst(prefix.count))
        }
        return nil
    }

    /// MaxItems or MaxItemsPath of a ReaderConfig.
    func maxItems(_ config: JSONValue?, effective: JSONValue, _ run: StateRun) throws(StatesError) -> Int? {
        guard case .object(let c)? = config else { return nil }
        if let n = c["MaxItems"]?.intValue { return n }
        guard let text = c["MaxItemsPath"]?.stringValue, case .success(let path) = ExpressionChecker.path(text) else {
            return nil
        }
        switch evaluatePath(path, input: effective, run) {
        case .success(let v):
            guard let n = v.intValue, n >= 0 else {
                throw StatesError(
                    .runtime,
                    run.prefix
                        + "The MaxItemsPath field refers to value \"\(Self.plain(v))\" which is not a valid integer: \(text)"
                )
            }
            return n
        case .failure(let f): throw invalidPath(text, f, run)
        }
    }

    /// An ItemReader's or ResultWriter's Parameters (JSONPath: `key.$` paths against the effective
    /// input) or Arguments (JSONata: `{% %}` strings), evaluated when the Map starts.
    func resourceArguments(_ o: JSONObject, effective: JSONValue, _ run: StateRun) throws(StatesError) -> JSONObject {
        var result = JSONObject()
        if case .object(let parameters)? = o["Parameters"] {
            for (key, value) in parameters {
                guard key.hasSuffix(".$"), let text = value.stringValue else {
                    result.append(key, value)
                    continue
                }
                let name = String(key.dropLast(2))
                switch ExpressionChecker.path(text) {
                case .success(let path):
                    switch evaluatePath(path, input: effective, run) {
                    case .success(let v): result.append(name, v)
                    case .failure(let f): throw invalidPath(text, f, run)
                    }
                case .failure(let problem):
                    throw StatesError(.runtime, run.prefix + "The value of '\(key)' is not a path: \(problem.reason)")
                }
            }
        }
        if case .object(let arguments)? = o["Arguments"] {
            for (key, value) in arguments {
                guard let text = value.stringValue, text.hasPrefix("{%"), text.hasSuffix("%}") else {
                    result.append(key, value)
                    continue
                }
                switch ExpressionChecker.jsonata(String(text.dropFirst(2).dropLast(2))) {
                case .success(let compiled):
                    result.append(
                        key, try evaluateJSONata(compiled.expression, field: "Arguments/" + key, input: effective, run))
                case .failure(let problem):
                    throw StatesError(.queryEvaluationError, run.prefix + problem.reason)
                }
            }
        }
        return result
    }
}
