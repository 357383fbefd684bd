import SFNJSON

/// The `--connections FILE` credentials of HTTP tasks: what an EventBridge connection holds on AWS,
/// kept in a local file and never printed or recorded (the task's parameters name only the
/// connection's ARN).
///
///     {
///       "arn:aws:events:us-east-1:123456789012:connection/github/1a2b": {
///         "apiKey": {"name": "Authorization", "value": "token s3cret"}},
///       "billing": {"basic": {"username": "me", "password": "pw"}},
///       "orders": {"oauth": {"clientId": "id", "clientSecret": "secret",
///                            "authorizationEndpoint": "https://auth.example.com/token", "scope": "orders"}}
///     }
///
/// A key is the connection's ARN or its name (the ARN's part after `connection/`). A connection that
/// the file does not have sends no credentials.
public struct HTTPConnections: Sendable {
    enum Credentials: Sendable {
        case apiKey(name: String, value: String)
        case basic(username: String, password: String)
        case oauth(clientId: String, clientSecret: String, endpoint: String, scope: String?)
    }

    var entries: [String: Credentials] = [:]

    public init() {}

    public init(_ value: JSONValue) throws(StatesError) {
        guard let root = value.objectValue else { throw Self.error("The connections file must be a JSON object.") }
        for (key, entry) in root {
            func field(_ kind: String, _ name: String) throws(StatesError) -> String {
                guard let s = entry[kind]?[name]?.stringValue else {
                    throw Self.error("Connection '\(key)': \(kind) needs a string \"\(name)\".")
                }
                return s
            }
            if entry["apiKey"] != nil {
                entries[key] = .apiKey(name: try field("apiKey", "name"), value: try field("apiKey", "value"))
            } else if entry["basic"] != nil {
                entries[key] = .basic(
                    username: try field("basic", "username"), password: try field("basic", "password"))
            } else if entry["oauth"] != nil {
                entries[key] = .oauth(
                    clientId: try field("oauth", "clientId"), clientSecret: try field("oauth", "clientSecret"),
                    endpoint: try field("oauth", "authorizationEndpoint"),
                    scope: entry["oauth"]?["scope"]?.stringValue)
            } else {
                throw Self.error("Connection '\(key)' needs one of \"apiKey\", \"basic\" or \"oauth\".")
            }
        }
    }

    /// The credentials for a ConnectionArn: by ARN, else by the connection's name.
    func credentials(_ arn: String) -> Credentials? {
        if let c = entries[arn] { return c }
        guard let r = arn.range(of: ":connection/") else { return nil }
        let rest = arn[r.upperBound...]
        let name = rest.split(separator: "/").first.map(String.init) ?? String(rest)
        return entries[name]
    }

    static func error(_ message: String) -> StatesError { StatesError("States.Runtime", message) }
}

extension HTTPConnections {
    /// Loads a `--connections FILE`; a problem names the file, never a credential.
    public init(contentsOfFile path: String) throws(StatesError) {
        let text = try readHandlerFile(path, what: "connections file")
        let value: JSONValue
        do { value = try JSONParser.parse(text) } catch {
            throw Self.error("The connections file '\(path)' is not valid JSON: \(error)")
        }
        try self.init(value)
    }
}
