import SFNJSON

/// `awsArn` in a resources-map entry names the AWS resource that stands in for the entry once the
/// definition runs on AWS: the Lambda function a `shell:` command becomes, the function a command
/// or Lambda code serves, the ECS task definition of a container, the bucket of local S3 data.
/// Nothing local reads it: `sfn validate --aws` reports it and `sfn export` puts it in place.
///
///     "shell:./price.sh": { "awsArn": "arn:aws:lambda:eu-west-1:111122223333:function:Price" },
///     "PriceOrder": { "command": "python3 price.py", "awsArn": "arn:aws:lambda:...:function:Price" }
///
/// An entry with `awsArn` alone serves nothing locally: the resource runs as it would without the
/// map (a `shell:` command runs itself), and only its AWS counterpart is named.
extension ResourceMap {
    /// Takes a valid `awsArn` out of `entry`; false when nothing else is left in it.
    mutating func takeAWSArn(_ key: String, from entry: inout JSONObject) throws(StatesError) -> Bool {
        guard let value = entry.removeValue(forKey: "awsArn") else { return true }
        guard let arn = value.stringValue else { throw Self.error("Resource '\(key)': awsArn must be a string.") }
        guard Self.isARN(arn) else {
            throw Self.error(
                "Resource '\(key)': awsArn must be an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE), not '\(arn)'."
            )
        }
        awsArns.insert(key, arn)
        return !entry.isEmpty
    }

    /// The `awsArn` of the entry keyed by exactly `key`.
    public func awsArn(forKey key: String) -> String? { awsArns[exact: key] }

    /// The `awsArn` for a Task resource: its exact entry (a callback resource's also without
    /// `.waitForTaskToken`), else the entry of the Lambda function it names.
    public func awsArn(forResource resource: String) -> String? {
        if let arn = awsArns[exact: resource] { return arn }
        if TaskDispatcher.isCallback(resource),
            let arn = awsArns[exact: String(resource.dropLast(TaskDispatcher.callbackSuffix.count))]
        {
            return arn
        }
        return LambdaFunctionRef.isFunctionARN(resource) ? awsArns.lookup(function: resource) : nil
    }

    /// The `awsArn` for a Lambda function name or ARN (a `lambda:invoke` FunctionName).
    public func awsArn(forFunction function: String) -> String? { awsArns.lookup(function: function) }

    /// Whether the map has an entry keyed by exactly `key` (of any kind, `awsArn` alone included).
    func hasEntry(_ key: String) -> Bool {
        commands[exact: key] != nil || awsArns[exact: key] != nil || integrations.containers[key] != nil
            || integrations.lambdaCode[exact: key] != nil || integrations.stateMachines[key] != nil
    }

    /// `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`, with a partition, a service and a resource,
    /// and no blank; region and account may be empty (`arn:aws:s3:::bucket`).
    public static func isARN(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 6, parts[0] == "arn", !parts[1].isEmpty, !parts[2].isEmpty else { return false }
        guard !parts[5...].joined(separator: ":").isEmpty else { return false }
        return !text.contains { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    }
}
