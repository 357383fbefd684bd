import SFNJSON

/// An IAM identity-based policy document, as an execution role carries it: `Version`, and
/// `Statement` (one object or an array) with `Effect` Allow or Deny, `Action` or `NotAction`, and
/// `Resource` or `NotResource`, each a string or an array of strings in which `*` matches any run
/// of characters and `?` any one. Actions match without regard to case, as IAM's do; resources
/// match exactly. An explicit Deny beats any Allow; what no statement allows is denied.
///
/// `Condition` is accepted and not evaluated: a statement applies as if its condition held
/// (docs/security.md). `Sid` and `Principal` are accepted and ignored.
public struct IAMPolicy: Sendable {
    public struct Statement: Sendable {
        public var allows: Bool
        /// The patterns of `Action`, or of `NotAction` when `negatedActions`.
        public var actions: [String]
        public var negatedActions: Bool
        public var resources: [String]
        public var negatedResources: Bool
    }

    public enum Decision: Sendable, Equatable {
        case allowed
        /// No statement allows it.
        case implicitlyDenied
        /// A Deny statement matches it.
        case explicitlyDenied
    }

    public var statements: [Statement]
    /// Where the policy came from (a file name), for messages.
    public var source: String

    /// Reads a policy document; `source` names it in errors.
    public init(_ value: JSONValue, source: String = "the policy") throws(StatesError) {
        self.source = source
        guard let root = value.objectValue else { throw Self.error(source, "a policy document must be a JSON object") }
        for key in root.keys where !["Version", "Id", "Statement"].contains(key) {
            throw Self.error(source, "unknown field '\(key)' (known: Version, Id, Statement)")
        }
        if let version = root["Version"], version.stringValue == nil {
            throw Self.error(source, "Version must be a string such as \"2012-10-17\"")
        }
        let list: [JSONValue]
        switch root["Statement"] {
        case .object?: list = [root["Statement"]!]
        case .array(let items)?: list = items
        case nil: throw Self.error(source, "it has no Statement")
        default: throw Self.error(source, "Statement must be an object or an array of objects")
        }
        statements = []
        for (i, item) in list.enumerated() {
            statements.append(try Self.statement(item, at: "Statement[\(i)]", source: source))
        }
    }

    /// Parses policy text; see `init(_:source:)`.
    public init(parsing text: String, source: String = "the policy") throws(StatesError) {
        let value: JSONValue
        do { value = try JSONParser.parse(text) } catch {
            throw Self.error(source, "it is not valid JSON: \(error)")
        }
        try self.init(value, source: source)
    }

    /// Whether the policy allows `action` on `resource`. A nil resource stands for one not known
    /// before the Task runs: allowed if some Allow applies to the action on any resource, denied
    /// explicitly only by a Deny that applies to every resource.
    public func decide(action: String, resource: String?) -> Decision {
        var allowed = false
        for s in statements where s.applies(toAction: action) {
            if s.allows {
                if resource.map({ s.applies(toResource: $0) }) ?? true { allowed = true }
            } else if let resource {
                if s.applies(toResource: resource) { return .explicitlyDenied }
            } else if !s.negatedResources && s.resources.contains("*") {
                return .explicitlyDenied
            }
        }
        return allowed ? .allowed : .implicitlyDenied
    }

    private static func statement(_ value: JSONValue, at path: String, source: String) throws(StatesError) -> Statement
    {
        guard let obj = value.objectValue else { throw error(source, "\(path) must be an object") }
        let known = ["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition", "Principal"]
        for key in obj.keys where !known.contains(key) {
            throw error(source, "\(path) has an unknown field '\(key)' (known: \(known.joined(separator: ", ")))")
        }
        let allows: Bool
        switch obj["Effect"]?.stringValue {
        case "Allow": allows = true
        case "Deny": allows = false
        default: throw error(source, "\(path).Effect must be \"Allow\" or \"Deny\"")
        }
        let (actions, notActions) = (obj["Action"], obj["NotAction"])
        guard (actions == nil) != (notActions == nil) else {
            throw error(source, "\(path) needs exactly one of Action and NotAction")
        }
        let (resources, notResources) = (obj["Resource"], obj["NotResource"])
        guard (resources == nil) != (notResources == nil) else {
            throw error(source, "\(path) needs exactly one of Resource and NotResource")
        }
        let actionName = actions != nil ? "Action" : "NotAction"
        let resourceName = resources != nil ? "Resource" : "NotResource"
        return Statement(
            allows: allows,
            actions: try strings((actions ?? notActions)!, "\(path).\(actionName)", source),
            negatedActions: actions == nil,
            resources: try strings((resources ?? notResources)!, "\(path).\(resourceName)", source),
            negatedResources: resources == nil)
    }

    private static func strings(_ value: JSONValue, _ path: String, _ source: String) throws(StatesError) -> [String] {
        switch value {
        case .string(let s): return [s]
        case .array(let items):
            var result: [String] = []
            for item in items {
                guard let s = item.stringValue else { throw error(source, "\(path) must hold only strings") }
                result.append(s)
            }
            return result
        default: throw error(source, "\(path) must be a string or an array of strings")
        }
    }

    static func error(_ source: String, _ message: String) -> StatesError {
        StatesError("States.Runtime", "The policy \(source) is unusable: \(message).")
    }
}

extension IAMPolicy.Statement {
    func applies(toAction action: String) -> Bool {
        let lowered = action.lowercased()
        let any = actions.contains { IAMPolicy.matches(pattern: $0.lowercased(), lowered) }
        return any != negatedActions
    }

    func applies(toResource resource: String) -> Bool {
        let any = resources.contains { IAMPolicy.matches(pattern: $0, resource) }
        return any != negatedResources
    }
}

extension IAMPolicy {
    /// `*` matches any run of characters (`:` and `/` included, as in IAM), `?` any one.
    public static func matches(pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.utf8)
        let t = Array(text.utf8)
        var (pi, ti) = (0, 0)
        var star = -1
        var resume = 0
        while ti < t.count {
            if pi < p.count && (p[pi] == UInt8(ascii: "?") || p[pi] == t[ti]) {
                pi += 1
                ti += 1
            } else if pi < p.count && p[pi] == UInt8(ascii: "*") {
                star = pi
                resume = ti
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                resume += 1
                ti = resume
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}
