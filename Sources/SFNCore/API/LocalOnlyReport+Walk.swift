import SFNJSON

/// The walk behind `LocalOnlyReport`: every Task is looked up in the order `TaskDispatcher.invoke`
/// serves it (Swift handlers, callback senders, containers, local state machines, Lambda code,
/// commands, `shell:`), from the values the definition fixes. A field given by a path or JSONata
/// (`FunctionName.$`) is only known at run time and is left out.
struct LocalOnlyWalk {
    let locations: SourceLocations?
    let tasks: TaskDispatcher
    let s3Root: String
    var findings: [LocalOnlyFinding] = []

    init(locations: SourceLocations?, tasks: TaskDispatcher, s3Root: String) {
        self.locations = locations
        self.tasks = tasks
        self.s3Root = s3Root
    }

    private var map: ResourceMap { tasks.resources ?? ResourceMap() }

    mutating func graph(_ graph: JSONValue, pointer: String) {
        guard let states = graph["States"]?.objectValue else { return }
        for (name, state) in states {
            let here = JSONPointer.appending(JSONPointer.appending(pointer, "States"), name)
            switch state["Type"]?.stringValue {
            case "Task":
                task(name, state, here)
            case "Parallel":
                for (i, branch) in (state["Branches"]?.arrayValue ?? []).enumerated() {
                    self.graph(branch, pointer: JSONPointer.appending(JSONPointer.appending(here, "Branches"), i))
                }
            case "Map":
                for field in ["ItemReader", "ResultWriter"] {
                    if let o = state[field], let resource = o["Resource"]?.stringValue {
                        s3(name, resource: resource, fields: o, JSONPointer.appending(here, field))
                    }
                }
                for key in ["ItemProcessor", "Iterator"] {
                    if let processor = state[key] { self.graph(processor, pointer: JSONPointer.appending(here, key)) }
                }
            default:
                break
            }
        }
    }

    /// A field the definition fixes: its value and pointer (nil for `key.$` and JSONata strings).
    private func fixed(_ fields: JSONValue, _ key: String, _ pointer: String) -> (value: String, pointer: String)? {
        for container in ["Parameters", "Arguments"] {
            guard let value = fields[container]?[key]?.stringValue, !value.hasPrefix("{%") else { continue }
            return (value, JSONPointer.appending(JSONPointer.appending(pointer, container), key))
        }
        return nil
    }

    private mutating func add(_ finding: LocalOnlyFinding) {
        var f = finding
        f.location = locations?.location(of: f.pointer)
        findings.append(f)
    }

    private mutating func task(_ name: String, _ state: JSONValue, _ here: String) {
        guard let resource = state["Resource"]?.stringValue else { return }
        let resourcePointer = JSONPointer.appending(here, "Resource")
        let isInvoke = LambdaFunctionRef.isInvokeIntegration(resource)
        let isFunction = LambdaFunctionRef.isFunctionARN(resource)
        let function = isInvoke ? fixed(state, "FunctionName", here) : nil
        // What the definition names on AWS for a function: the ARN resource, or the FunctionName.
        func lambda(_ kind: LocalOnlyFinding.Kind, local: String?, awsArn: String?) -> LocalOnlyFinding {
            let at = function ?? (resource, resourcePointer)
            return LocalOnlyFinding(
                kind: kind, state: name, pointer: at.pointer, resource: resource, value: at.value, local: local,
                awsResource: at.value, awsKind: .lambdaFunction, awsArn: awsArn)
        }
        let lambdaArn = function.map { map.awsArn(forFunction: $0.value) } ?? map.awsArn(forResource: resource)

        // Swift handlers, as `invoke` tries them.
        if tasks.handlers[exact: resource] != nil
            || function.map({ tasks.handlers.lookup(function: $0.value) != nil }) == true
            || (isFunction && tasks.handlers.lookup(function: resource) != nil)
        {
            if isInvoke || isFunction {
                add(lambda(.swiftHandler, local: nil, awsArn: lambdaArn))
            } else {
                add(
                    LocalOnlyFinding(
                        kind: .swiftHandler, state: name, pointer: resourcePointer, resource: resource,
                        value: resource, awsResource: Self.isAWS(resource) ? resource : nil,
                        awsKind: Self.isAWS(resource) ? .serviceIntegration : nil,
                        awsArn: map.awsArn(forResource: resource)))
            }
            return
        }
        if TaskDispatcher.isCallback(resource), let command = tasks.callbackCommand(resource) {
            add(
                LocalOnlyFinding(
                    kind: .mappedCommand, state: name, pointer: resourcePointer, resource: resource, value: resource,
                    local: command.line, awsResource: resource, awsKind: .serviceIntegration,
                    awsArn: map.awsArn(forResource: resource)))
            return
        }
        if integration(name, state, resource, here) { return }
        if let code = function.flatMap({ map.integrations.lambdaCode.lookup(function: $0.value) })
            ?? (isFunction ? map.integrations.lambdaCode.lookup(function: resource) : nil)
        {
            add(
                lambda(.lambdaCode, local: "\(code.kind.rawValue) \(code.handler) (\(code.codeUri))", awsArn: lambdaArn)
            )
            return
        }
        if let command = function.flatMap({ map.command(forFunction: $0.value) }) {
            add(lambda(.mappedCommand, local: command.line, awsArn: lambdaArn))
            return
        }
        if let command = map.command(forResource: resource) {
            if isFunction {
                add(lambda(.mappedCommand, local: command.line, awsArn: lambdaArn))
            } else {
                let aws = Self.isAWS(resource)
                add(
                    LocalOnlyFinding(
                        kind: resource.hasPrefix(TaskDispatcher.shellPrefix) ? .shellCommand : .mappedCommand,
                        state: name, pointer: resourcePointer, resource: resource, value: resource,
                        local: command.line, awsResource: aws ? resource : nil,
                        awsKind: aws ? .serviceIntegration : nil,
                        awsArn: map.awsArn(forResource: resource)))
            }
            return
        }
        if resource.hasPrefix(TaskDispatcher.shellPrefix) || !resource.hasPrefix("arn:") {
            let shell = resource.hasPrefix(TaskDispatcher.shellPrefix)
            let arn = map.awsArn(forResource: resource)
            add(
                LocalOnlyFinding(
                    kind: shell ? .shellCommand : .localResource, state: name, pointer: resourcePointer,
                    resource: resource, value: resource,
                    local: shell ? String(resource.dropFirst(TaskDispatcher.shellPrefix.count)) : nil,
                    awsKind: arn == nil ? nil : .arn, awsArn: arn))
            return
        }
        if Executor.s3Action(resource) != nil { s3(name, resource: resource, fields: state, here) }
    }

    /// Containers and local state machines; true when the map serves the Task with one.
    private mutating func integration(_ name: String, _ state: JSONValue, _ resource: String, _ here: String) -> Bool {
        let entries = map.integrations
        if let (service, sync) = ContainerTask.parse(resource) {
            let field: String
            let awsKind: LocalOnlyFinding.AWSKind
            switch service {
            case .ecs: (field, awsKind) = ("TaskDefinition", .ecsTaskDefinition)
            case .batch: (field, awsKind) = ("JobDefinition", .batchJobDefinition)
            case .eks: (field, awsKind) = ("ClusterName", .eksCluster)
            }
            let named = fixed(state, field, here)
            let definitionKeys = named.map { Self.definitionKeys($0.value, service: service) } ?? []
            let keys = definitionKeys + [resource, sync ? String(resource.dropLast(5)) : resource + ".sync"]
            guard let image = entries.container(keys) else { return false }
            let resources = map
            let at = named ?? (resource, JSONPointer.appending(here, "Resource"))
            add(
                LocalOnlyFinding(
                    kind: .container, state: name, pointer: at.pointer, resource: resource, value: at.value,
                    local: image.image, awsResource: named?.value, awsKind: awsKind,
                    // Only a task or job definition's entry names what replaces that field.
                    awsArn: definitionKeys.lazy.compactMap { resources.awsArn(forKey: $0) }.first))
            return true
        }
        if NestedExecution.parse(resource) != nil, let arn = fixed(state, "StateMachineArn", here),
            let machine = entries.stateMachine(arn.value)
        {
            add(
                LocalOnlyFinding(
                    kind: .localStateMachine, state: name, pointer: arn.pointer, resource: resource, value: arn.value,
                    local: machine.definition, awsResource: arn.value.hasPrefix("arn:") ? arn.value : nil,
                    awsKind: .stateMachine, awsArn: map.awsArn(forKey: arn.value) ?? map.awsArn(forKey: machine.name)))
            return true
        }
        return false
    }

    /// An ItemReader, ResultWriter or S3 Task over the local S3 folder: one finding per bucket
    /// the definition fixes.
    private mutating func s3(_ name: String, resource: String, fields: JSONValue, _ here: String) {
        guard Executor.s3Action(resource) != nil, let bucket = fixed(fields, "Bucket", here) else { return }
        let key = fixed(fields, "Key", here)?.value ?? fixed(fields, "Prefix", here)?.value ?? ""
        let folder = key.isEmpty ? nil : LocalS3(root: s3Root).path(bucket: bucket.value, key: key)
        let local = folder ?? "\(s3Root)/\(bucket.value)"
        add(
            LocalOnlyFinding(
                kind: .localS3, state: name, pointer: bucket.pointer, resource: resource, value: bucket.value,
                local: local, awsResource: "arn:aws:s3:::\(bucket.value)", awsKind: .s3Bucket,
                awsArn: map.awsArn(forKey: "arn:aws:s3:::\(bucket.value)") ?? map.awsArn(forKey: "s3://\(bucket.value)")
            ))
    }

    /// The keys a container entry may have for a task or job definition: as written, its
    /// `family:revision`, its family (`ContainerTask.lookupKeys`).
    static func definitionKeys(_ value: String, service: ContainerTask.Service) -> [String] {
        guard service != .eks else { return [value] }
        var keys = [value]
        var short = value
        let marker = service == .ecs ? ":task-definition/" : ":job-definition/"
        if let r = value.range(of: marker) { short = String(value[r.upperBound...]) }
        if short != value { keys.append(short) }
        if let colon = short.lastIndex(of: ":") { keys.append(String(short[..<colon])) }
        return keys
    }

    /// A resource AWS itself runs: an ARN of an AWS service (not `shell:`, not a handler's name).
    static func isAWS(_ resource: String) -> Bool { resource.hasPrefix("arn:aws") }
}
