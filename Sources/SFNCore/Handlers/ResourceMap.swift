import SFNJSON

/// The `--resources FILE` map: which local command runs each resource, so that definitions written
/// for AWS run here unchanged.
///
///     {
///       "arn:aws:lambda:us-east-1:123456789012:function:Greeter": "python3 greeter.py",
///       "Resizer:prod": { "command": "./resize.sh", "workingDirectory": "tools",
///                         "environment": { "MODE": "fast" } },
///       "arn:aws:states:::sqs:sendMessage": "cat > /dev/null; echo '{}'"
///     }
///
/// A key is an exact Resource string or a Lambda function (name, `name:alias`, partial or full ARN).
/// Function keys serve both Lambda ARN resources and `arn:aws:states:::lambda:invoke` (chosen by its
/// FunctionName parameter); an unqualified key serves every version and alias, a qualified key wins
/// for its own qualifier. Relative working directories are resolved against `baseDirectory` (the
/// map file's directory), which is also the default working directory.
public struct ResourceMap: Sendable {
    var commands = LambdaKeyedTable<ShellCommand>()
    /// Entries of the other kinds (`ResourceMap+Integrations`): container images, Lambda code and
    /// local state machines.
    var integrations = IntegrationEntries()
    /// Each entry's `awsArn`: the AWS resource that stands in for it on AWS (`ResourceMap+AWS`).
    var awsArns = LambdaKeyedTable<String>()

    public init() {}

    /// Reads a map; `baseDirectory` anchors relative paths (nil: sfn's working directory).
    public init(_ value: JSONValue, baseDirectory: String? = nil) throws(StatesError) {
        guard let root = value.objectValue else { throw Self.error("The resources map must be a JSON object.") }
        for (key, entry) in root {
            switch entry {
            case .string(let line):
                commands.insert(key, ShellCommand(line, workingDirectory: baseDirectory))
            case .object(var obj):
                guard try takeAWSArn(key, from: &obj) else { continue }
                if try integrations.insert(key, obj, baseDirectory: baseDirectory) { continue }
                guard let line = obj["command"]?.stringValue else {
                    throw Self.error(
                        "Resource '\(key)' needs a string \"command\" (or \"image\" for a container, \"runtime\" and "
                            + "\"handler\" for Lambda code, \"definition\" for a state machine).")
                }
                var dir = baseDirectory
                if let wd = obj["workingDirectory"] {
                    guard let wd = wd.stringValue else {
                        throw Self.error("Resource '\(key)': workingDirectory must be a string.")
                    }
                    if let base = baseDirectory, !wd.hasPrefix("/") { dir = "\(base)/\(wd)" } else { dir = wd }
                }
                var env: [String: String] = [:]
                if let e = obj["environment"] {
                    guard let e = e.objectValue else {
                        throw Self.error("Resource '\(key)': environment must be an object.")
                    }
                    for (k, v) in e {
                        guard let s = v.stringValue else {
                            throw Self.error("Resource '\(key)': environment value '\(k)' must be a string.")
                        }
                        env[k] = s
                    }
                }
                for k in obj.keys where !["command", "workingDirectory", "environment"].contains(k) {
                    throw Self.error(
                        "Resource '\(key)' has an unknown field '\(k)' (known: command, workingDirectory, environment, awsArn)."
                    )
                }
                commands.insert(key, ShellCommand(line, workingDirectory: dir, environment: env))
            default:
                throw Self.error("Resource '\(key)' must map to a command line or an object with \"command\".")
            }
        }
    }

    /// Parses map text; see `init(_:baseDirectory:)`.
    public init(parsing text: String, baseDirectory: String? = nil) throws(StatesError) {
        let value: JSONValue
        do { value = try JSONParser.parse(text) } catch {
            throw Self.error("The resources map is not valid JSON: \(error)")
        }
        try self.init(value, baseDirectory: baseDirectory)
    }

    /// Adds or replaces one entry.
    public mutating func set(_ key: String, _ command: ShellCommand) { commands.insert(key, command) }

    /// The command for an exact resource string, or for the Lambda function it names.
    public func command(forResource resource: String) -> ShellCommand? {
        if let c = commands[exact: resource] { return c }
        return LambdaFunctionRef.isFunctionARN(resource) ? commands.lookup(function: resource) : nil
    }

    /// The command for a Lambda function name or ARN.
    public func command(forFunction function: String) -> ShellCommand? { commands.lookup(function: function) }

    static func error(_ message: String) -> StatesError { StatesError("States.Runtime", message) }
}
