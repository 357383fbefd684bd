import SFNJSON

/// One IAM action a Task needs, on one resource (nil: a resource only known when the Task runs).
public struct RequiredPermission: Sendable, Hashable {
    public var action: String
    public var resource: String?

    public init(_ action: String, _ resource: String?) {
        self.action = action
        self.resource = resource
    }
}

/// The IAM actions AWS authorises, against the execution role, before a Task's resource runs.
/// Activities need none (workers poll with their own credentials); a resource that is no AWS
/// service (a Swift handler's own name) needs none; `shell:` resources need `shell:Execute` on
/// the resource string itself, a local action of sfn's own.
public enum TaskPermissions {
    /// The permissions of a Task with `resource`, given its effective parameters (`Parameters` or
    /// `Arguments` once evaluated, or their static values when checked before a run).
    public static func required(
        resource: String, parameters: JSONValue?, region: String = "us-east-1", account: String = "123456789012",
        stateMachineArn: String? = nil
    ) -> [RequiredPermission] {
        let p = parameters?.objectValue
        func text(_ key: String) -> String? { p?[key]?.stringValue }
        if resource.hasPrefix(TaskDispatcher.shellPrefix) { return [RequiredPermission("shell:Execute", resource)] }
        if LambdaFunctionRef.isFunctionARN(resource) { return [RequiredPermission("lambda:InvokeFunction", resource)] }
        let parts = resource.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 6, parts[0] == "arn", parts[2] == "states" else { return [] }
        if parts[3].isEmpty && parts[4].isEmpty {
            return integration(
                parts[5...].joined(separator: ":"), text, region: region, account: account,
                stateMachineArn: stateMachineArn, parameters: p)
        }
        // arn:aws:states:REGION:ACCOUNT:activity:NAME
        return []
    }

    private static func integration(
        _ tail: String, _ text: (String) -> String?, region: String, account: String, stateMachineArn: String?,
        parameters: JSONObject?
    ) -> [RequiredPermission] {
        // SERVICE:ACTION[.sync[:2] | .waitForTaskToken], or aws-sdk:SERVICE:ACTION[...].
        var words = tail.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if words.last == "2" { words.removeLast() }
        guard words.count >= 2 else { return [] }
        let sdk = words[0] == "aws-sdk"
        if sdk { words.removeFirst() }
        guard words.count >= 2 else { return [] }
        let service = words[0]
        let actionWord = words[1].split(separator: ".").first.map(String.init) ?? words[1]
        let isSync = words[1].hasSuffix(".sync")
        if !sdk {
            switch (service, actionWord) {
            case ("lambda", "invoke"):
                return [
                    RequiredPermission(
                        "lambda:InvokeFunction", text("FunctionName").map { functionArn($0, region, account) })
                ]
            case ("states", "startExecution"):
                var result = [RequiredPermission("states:StartExecution", text("StateMachineArn"))]
                if isSync {
                    let executions = text("StateMachineArn").map(executionPattern)
                    result.append(RequiredPermission("states:DescribeExecution", executions))
                    result.append(RequiredPermission("states:StopExecution", executions))
                }
                return result
            case ("http", "invoke"):
                var result = [
                    RequiredPermission(
                        "states:InvokeHTTPEndpoint",
                        stateMachineArn ?? "arn:aws:states:\(region):\(account):stateMachine:*")
                ]
                if let connection = parameters?["Authentication"]?["ConnectionArn"]?.stringValue {
                    result.append(RequiredPermission("events:RetrieveConnectionCredentials", connection))
                }
                return result
            case ("apigateway", "invoke"):
                return [RequiredPermission("execute-api:Invoke", nil)]
            case ("sqs", _):
                return [RequiredPermission("sqs:" + pascal(actionWord), text("QueueUrl").flatMap(queueArn))]
            case ("sns", _):
                return [RequiredPermission("sns:" + pascal(actionWord), text("TopicArn"))]
            case ("dynamodb", _):
                return [
                    RequiredPermission(
                        "dynamodb:" + pascal(actionWord),
                        text("TableName").map { "arn:aws:dynamodb:\(region):\(account):table/\($0)" })
                ]
            case ("events", "putEvents"):
                return [RequiredPermission("events:PutEvents", "arn:aws:events:\(region):\(account):event-bus/default")]
            default:
                break
            }
        }
        let prefix = iamPrefix(service)
        var resource: String?
        if service == "s3", let bucket = text("Bucket") {
            resource = text("Key").map { "arn:aws:s3:::\(bucket)/\($0)" } ?? "arn:aws:s3:::\(bucket)"
        } else if service == "sfn" || service == "states", let arn = text("StateMachineArn") {
            resource = arn
        } else if service == "lambda", let fn = text("FunctionName") {
            resource = functionArn(fn, region, account)
        }
        return [RequiredPermission(prefix + ":" + pascal(actionWord), resource)]
    }

    /// The IAM service prefix of an SDK service name where they differ.
    static func iamPrefix(_ service: String) -> String {
        [
            "sfn": "states", "cloudwatchlogs": "logs", "eventbridge": "events", "cloudwatch": "cloudwatch",
            "elasticloadbalancingv2": "elasticloadbalancing", "apigatewayv2": "apigateway",
        ][service] ?? service
    }

    /// `getObject` → `GetObject`.
    static func pascal(_ action: String) -> String { action.prefix(1).uppercased() + action.dropFirst() }

    /// A function name, partial ARN or full ARN as the full ARN IAM checks.
    static func functionArn(_ name: String, _ region: String, _ account: String) -> String {
        if name.hasPrefix("arn:") { return name }
        let parts = name.split(separator: ":").map(String.init)
        // 123456789012:function:NAME[:QUALIFIER]
        if parts.count >= 3, parts[1] == "function" {
            return "arn:aws:lambda:\(region):\(parts[0]):function:" + parts[2...].joined(separator: ":")
        }
        return "arn:aws:lambda:\(region):\(account):function:\(name)"
    }

    /// https://sqs.REGION.amazonaws.com/ACCOUNT/NAME → arn:aws:sqs:REGION:ACCOUNT:NAME.
    static func queueArn(_ url: String) -> String? {
        let pieces = url.split(separator: "/").map(String.init)
        guard pieces.count >= 4, let host = pieces.first(where: { $0.hasPrefix("sqs.") }) else { return nil }
        let region = host.split(separator: ".").dropFirst().first.map(String.init) ?? ""
        return "arn:aws:sqs:\(region):\(pieces[pieces.count - 2]):\(pieces[pieces.count - 1])"
    }

    /// A state machine's executions: arn:aws:states:R:A:execution:NAME:*.
    static func executionPattern(_ stateMachineArn: String) -> String {
        var parts = stateMachineArn.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count > 5, parts[5] == "stateMachine" { parts[5] = "execution" }
        return parts.joined(separator: ":") + ":*"
    }
}
