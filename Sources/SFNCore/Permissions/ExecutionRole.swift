import SFNJSON

/// The execution role a run's Tasks are authorised against: its ARN and its policy. A Task whose
/// actions the policy does not allow fails with `States.Permissions` before anything runs, its
/// cause worded as AWS words an AccessDenied error. Without a role everything is allowed.
public struct ExecutionRole: Sendable {
    public var roleArn: String
    public var policy: IAMPolicy

    public init(roleArn: String, policy: IAMPolicy) {
        self.roleArn = roleArn
        self.policy = policy
    }

    /// The first permission of `required` the role lacks, and why, or nil when it has them all.
    public func denial(_ required: [RequiredPermission]) -> (RequiredPermission, IAMPolicy.Decision)? {
        for permission in required {
            let decision = policy.decide(action: permission.action, resource: permission.resource)
            if decision != .allowed { return (permission, decision) }
        }
        return nil
    }

    /// AWS's AccessDenied wording for a denied permission.
    public func message(_ permission: RequiredPermission, _ decision: IAMPolicy.Decision) -> String {
        let resource = permission.resource ?? "*"
        let why =
            decision == .explicitlyDenied
            ? "with an explicit deny in an identity-based policy"
            : "because no identity-based policy allows the \(permission.action) action"
        return "User: \(roleArn) is not authorized to perform: \(permission.action) on resource: \(resource) \(why) "
            + "(\(policy.source))"
    }

    /// Fails with States.Permissions when the role may not run this Task.
    func authorize(_ request: TaskRequest) throws(StatesError) {
        let context = request.context
        let machineArn = context["StateMachine"]?["Id"]?.stringValue
        var region = "us-east-1"
        var account = "123456789012"
        if let arn = machineArn ?? context["Execution"]?["Id"]?.stringValue {
            let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count > 4 {
                region = String(parts[3])
                account = String(parts[4])
            }
        }
        let required = TaskPermissions.required(
            resource: request.resource, parameters: request.input, region: region, account: account,
            stateMachineArn: machineArn)
        if let (permission, decision) = denial(required) {
            throw StatesError("States.Permissions", message(permission, decision))
        }
    }
}

/// `--policies FILE`: role ARNs mapped to policy documents, so that a state machine's roleArn
/// picks its policy. A role the file does not name gets no permissions at all.
public struct RolePolicies: Sendable {
    public var policies: [String: IAMPolicy]
    public var source: String

    public init(_ value: JSONValue, source: String = "the policies file") throws(StatesError) {
        self.source = source
        guard let root = value.objectValue else {
            throw IAMPolicy.error(source, "it must be a JSON object from role ARNs to policy documents")
        }
        policies = [:]
        for (arn, document) in root {
            policies[arn] = try IAMPolicy(document, source: source)
        }
    }

    public init(parsing text: String, source: String = "the policies file") throws(StatesError) {
        let value: JSONValue
        do { value = try JSONParser.parse(text) } catch {
            throw IAMPolicy.error(source, "it is not valid JSON: \(error)")
        }
        try self.init(value, source: source)
    }

    /// The role with its policy; a role the file does not name has an empty one (denies all).
    public func role(_ roleArn: String) -> ExecutionRole {
        let empty = IAMPolicy(statements: [], source: "\(source), which has no policy for this role")
        return ExecutionRole(roleArn: roleArn, policy: policies[roleArn] ?? empty)
    }
}

extension IAMPolicy {
    init(statements: [Statement], source: String) {
        self.statements = statements
        self.source = source
    }
}
