import SFNJSON

/// Resolves CloudFormation's intrinsic functions (`Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`, ...)
/// the way a deployment would, without a deployment: a name with a `--substitute` value takes it;
/// a parameter takes its Default; a resource becomes a readable placeholder of its type's shape
/// (a Lambda function's ARN ends in `function:LogicalId`, so resource maps and mocks can key on it).
struct IntrinsicResolver {
    let parameters: JSONObject
    let resourceTypes: [String: String]
    let mappings: JSONObject
    let substitutions: [String: String]

    static let region = "us-east-1"
    static let account = "123456789012"

    init(template: JSONValue, kind: DefinitionSource.Kind, substitutions: [String: String]) {
        parameters = template["Parameters"]?.objectValue ?? JSONObject()
        mappings = template["Mappings"]?.objectValue ?? JSONObject()
        var types: [String: String] = [:]
        let resources = template["Resources"]?.objectValue ?? template["resources"]?["Resources"]?.objectValue
        for (id, r) in resources ?? JSONObject() { types[id] = r["Type"]?.stringValue ?? "" }
        if kind == .serverless {
            // Serverless names functions by their key; `Fn::GetAtt: [hello, Arn]` means the function.
            for (name, _) in template["functions"]?.objectValue ?? JSONObject() where types[name] == nil {
                types[name] = "AWS::Lambda::Function"
            }
            for (name, _) in template["stepFunctions"]?["stateMachines"]?.objectValue ?? JSONObject() {
                types[name] = "AWS::StepFunctions::StateMachine"
            }
        }
        resourceTypes = types
        self.substitutions = substitutions
    }

    func resolve(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items): return .array(items.map(resolve))
        case .object(let o):
            if o.count == 1, let fn = o.keys.first, fn == "Ref" || fn.hasPrefix("Fn::"),
                let resolved = call(fn, o.values[0])
            {
                return resolved
            }
            var out = JSONObject(minimumCapacity: o.count)
            for (k, v) in o { out[k] = resolve(v) }
            return .object(out)
        default: return value
        }
    }

    /// One intrinsic function; nil leaves it as written (a function this reader does not know).
    private func call(_ fn: String, _ argument: JSONValue) -> JSONValue? {
        switch fn {
        case "Ref": return argument.stringValue.map { .string(ref($0)) }
        case "Fn::GetAtt":
            let parts: [String]
            if let s = argument.stringValue {
                parts = s.split(separator: ".", maxSplits: 1).map(String.init)
            } else {
                parts = (argument.arrayValue ?? []).map { resolve($0).stringValue ?? "" }
            }
            guard parts.count == 2 else { return nil }
            return .string(attribute(parts[0], parts[1]))
        case "Fn::Sub":
            if let s = argument.stringValue { return .string(sub(s, [:])) }
            guard let a = argument.arrayValue, a.count == 2, let s = a[0].stringValue else { return nil }
            var vars: [String: String] = [:]
            for (k, v) in a[1].objectValue ?? JSONObject() { vars[k] = text(resolve(v)) }
            return .string(sub(s, vars))
        case "Fn::Join":
            guard let a = argument.arrayValue, a.count == 2, let sep = a[0].stringValue else { return nil }
            let items = resolve(a[1]).arrayValue ?? []
            return .string(items.map(text).joined(separator: sep))
        case "Fn::Select":
            guard let a = argument.arrayValue, a.count == 2,
                let i = resolve(a[0]).stringValue.flatMap({ Int($0) }) ?? a[0].intValue,
                let list = resolve(a[1]).arrayValue, i >= 0, i < list.count
            else { return nil }
            return list[i]
        case "Fn::Split":
            guard let a = argument.arrayValue, a.count == 2, let sep = a[0].stringValue, !sep.isEmpty,
                let s = resolve(a[1]).stringValue
            else { return nil }
            return .array(s.components(separatedBy: sep).map(JSONValue.string))
        case "Fn::FindInMap":
            guard let a = argument.arrayValue?.map(resolve), a.count >= 3 else { return nil }
            return mappings[text(a[0])]?[text(a[1])]?[text(a[2])] ?? (a.count > 3 ? a[3]["DefaultValue"] : nil)
        case "Fn::If":
            // Conditions are not evaluated locally: the first branch is the one a deployment
            // with default parameters most often takes.
            guard let a = argument.arrayValue, a.count == 3 else { return nil }
            return resolve(a[1])
        case "Fn::ImportValue":
            let name = text(resolve(argument))
            return .string(substitutions[name] ?? "imported-\(name)")
        case "Fn::ToJsonString": return .string(JSONPrinter.compact(resolve(argument)))
        case "Fn::Base64": return nil
        default: return nil
        }
    }

    private func text(_ v: JSONValue) -> String { v.stringValue ?? JSONPrinter.compact(v) }

    /// `Fn::Sub`: `${Name}` is a variable, a parameter or pseudo parameter, or a resource (its
    /// Ref); `${Res.Attr}` is an attribute. Names it does not know stay, for DefinitionSubstitutions.
    private func sub(_ s: String, _ vars: [String: String]) -> String {
        Substitution.forEachPlaceholder(in: s) { name in
            if let v = vars[name] ?? substitutions[name] { return v }
            if let dot = name.firstIndex(of: "."), resourceTypes[String(name[..<dot])] != nil {
                return attribute(String(name[..<dot]), String(name[name.index(after: dot)...]))
            }
            if parameters[name] != nil || resourceTypes[name] != nil || Self.pseudo[name] != nil { return ref(name) }
            return nil
        }
    }

    static let pseudo: [String: String] = [
        "AWS::Region": region, "AWS::AccountId": account, "AWS::Partition": "aws", "AWS::StackName": "local",
        "AWS::URLSuffix": "amazonaws.com", "AWS::NoValue": "",
        "AWS::StackId": "arn:aws:cloudformation:\(region):\(account):stack/local/00000000-0000-0000-0000-000000000000",
    ]

    func ref(_ name: String) -> String {
        if let v = substitutions[name] { return v }
        if let v = Self.pseudo[name] { return v }
        if let p = parameters[name] {
            return p["Default"].map(text) ?? name
        }
        let arn = "arn:aws:%@:\(Self.region):\(Self.account):"
        switch resourceTypes[name] {
        case "AWS::SNS::Topic"?: return arn.replacingPercent("sns") + name
        case "AWS::SQS::Queue"?: return "https://sqs.\(Self.region).amazonaws.com/\(Self.account)/\(name)"
        case "AWS::StepFunctions::StateMachine"?, "AWS::Serverless::StateMachine"?:
            return arn.replacingPercent("states") + "stateMachine:" + name
        case "AWS::StepFunctions::Activity"?: return arn.replacingPercent("states") + "activity:" + name
        case "AWS::ECS::TaskDefinition"?: return arn.replacingPercent("ecs") + "task-definition/\(name):1"
        case "AWS::Batch::JobDefinition"?: return arn.replacingPercent("batch") + "job-definition/\(name):1"
        case "AWS::Batch::JobQueue"?: return arn.replacingPercent("batch") + "job-queue/\(name)"
        case "AWS::S3::Bucket"?: return name.lowercased()
        default: return name
        }
    }

    func attribute(_ resource: String, _ attr: String) -> String {
        if let v = substitutions["\(resource).\(attr)"] { return v }
        let arn = "arn:aws:%@:\(Self.region):\(Self.account):"
        switch (resourceTypes[resource] ?? "", attr) {
        case ("AWS::Lambda::Function", "Arn"), ("AWS::Serverless::Function", "Arn"):
            return arn.replacingPercent("lambda") + "function:" + resource
        case ("AWS::SQS::Queue", "Arn"): return arn.replacingPercent("sqs") + resource
        case ("AWS::SQS::Queue", "QueueUrl"): return ref(resource)
        case ("AWS::SQS::Queue", "QueueName"), ("AWS::SNS::Topic", "TopicName"): return resource
        case ("AWS::SNS::Topic", "TopicArn"): return ref(resource)
        case ("AWS::DynamoDB::Table", "Arn"), ("AWS::Serverless::SimpleTable", "Arn"):
            return arn.replacingPercent("dynamodb") + "table/" + resource
        case ("AWS::S3::Bucket", "Arn"): return "arn:aws:s3:::" + resource.lowercased()
        case ("AWS::IAM::Role", "Arn"): return "arn:aws:iam::\(Self.account):role/" + resource
        case ("AWS::ECS::Cluster", "Arn"): return arn.replacingPercent("ecs") + "cluster/" + resource
        case ("AWS::Events::EventBus", "Arn"): return arn.replacingPercent("events") + "event-bus/" + resource
        case (_, "Name"): return resource
        case (let type, "Arn"):
            // arn:aws:SERVICE for AWS::Service::Thing, so the placeholder says what it stands for.
            let service = type.split(separator: ":").dropFirst(1).first.map { $0.lowercased() } ?? "unknown"
            if type == "AWS::StepFunctions::StateMachine" || type == "AWS::Serverless::StateMachine" {
                return ref(resource)
            }
            return arn.replacingPercent(service) + resource
        default: return "\(resource).\(attr)"
        }
    }
}

extension String {
    fileprivate func replacingPercent(_ s: String) -> String {
        guard let r = range(of: "%@") else { return self }
        return replacingCharacters(in: r, with: s)
    }
}
