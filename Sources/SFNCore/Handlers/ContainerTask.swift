import SFNJSON

/// `ecs:runTask`, `batch:submitJob` and `eks:runJob` (each also `.sync`) run as a local container
/// with `docker` or `podman`: the image the resources map names for the task definition, job
/// definition or cluster (see `ContainerImage`), with the state's overrides as `docker run`
/// arguments. `.sync` waits for the container, and its exit code decides: the result, or the
/// `States.TaskFailed` cause, is the task, job or Kubernetes job as AWS describes it. Without
/// `.sync` the container is started detached and the result is RunTask's, SubmitJob's or the
/// created job's response.
struct ContainerTask {
    enum Service: String {
        case ecs, batch, eks
    }

    let service: Service
    let sync: Bool
    let request: TaskRequest
    /// The ARN pieces of the calling execution: where the task "runs".
    let region: String
    let account: String

    /// The service and pattern of a container resource, or nil for any other resource.
    static func parse(_ resource: String) -> (Service, Bool)? {
        guard resource.hasPrefix("arn:"), let r = resource.range(of: ":states:::") else { return nil }
        var action = String(resource[r.upperBound...])
        var sync = false
        if action.hasSuffix(".sync") {
            action.removeLast(5)
            sync = true
        }
        switch action {
        case "ecs:runTask": return (.ecs, sync)
        case "batch:submitJob": return (.batch, sync)
        case "eks:runJob": return (.eks, sync)
        default: return nil
        }
    }

    init(_ service: Service, sync: Bool, request: TaskRequest) {
        self.service = service
        self.sync = sync
        self.request = request
        // arn:PARTITION:states:REGION:ACCOUNT:execution:MACHINE:NAME
        let parts = (request.context["Execution"]?["Id"]?.stringValue ?? "").split(separator: ":").map(String.init)
        region = parts.count > 4 ? parts[3] : "us-east-1"
        account = parts.count > 4 ? parts[4] : "123456789012"
    }

    var parameters: JSONValue { request.input }

    /// The resources-map keys that may name this task's image, most specific first.
    var lookupKeys: [String] {
        var keys: [String] = []
        func definitionKeys(_ value: String?, marker: String) {
            guard let value, !value.isEmpty else { return }
            keys.append(value)
            var short = value
            if let r = value.range(of: marker) { short = String(value[r.upperBound...]) }
            if short != value { keys.append(short) }
            if let colon = short.lastIndex(of: ":") { keys.append(String(short[..<colon])) }
        }
        switch service {
        case .ecs: definitionKeys(parameters["TaskDefinition"]?.stringValue, marker: ":task-definition/")
        case .batch: definitionKeys(parameters["JobDefinition"]?.stringValue, marker: ":job-definition/")
        case .eks:
            if let cluster = parameters["ClusterName"]?.stringValue { keys.append(cluster) }
            if let endpoint = parameters["Endpoint"]?.stringValue { keys.append(endpoint) }
        }
        let resource = request.resource
        keys.append(resource)
        if sync { keys.append(String(resource.dropLast(5))) } else { keys.append(resource + ".sync") }
        return keys
    }

    /// The manifest's first container (`Job.spec.template.spec.containers[0]`) of an EKS job.
    var eksContainer: JSONValue? { parameters["Job"]?["spec"]?["template"]?["spec"]?["containers"]?[0] }

    /// The launch: the entry's image and defaults, then the state's overrides. An EKS job whose
    /// cluster has no entry runs the image its manifest names.
    func launch(_ entry: ContainerImage?) throws(StatesError) -> ContainerLaunch? {
        switch service {
        case .ecs:
            guard let entry else { return nil }
            return try ecsLaunch(entry)
        case .batch:
            guard let entry else { return nil }
            return try batchLaunch(entry)
        case .eks:
            guard let image = entry ?? eksContainer?["image"]?.stringValue.map({ ContainerImage(image: $0) }) else {
                return nil
            }
            return try eksLaunch(image)
        }
    }

    private func ecsLaunch(_ entry: ContainerImage) throws(StatesError) -> ContainerLaunch {
        let overrides = parameters["Overrides"]
        let containerOverrides = overrides?["ContainerOverrides"]?.arrayValue ?? []
        let name =
            entry.containerName ?? containerOverrides.first?["Name"]?.stringValue
            ?? family(
                parameters["TaskDefinition"]?.stringValue, marker: ":task-definition/")
        var launch = ContainerLaunch(entry, name: name)
        // Task-level sizes first; a container's own override is more specific.
        if let cpu = number(overrides?["Cpu"]) { launch.cpus = cpu / 1024 }
        if let memory = number(overrides?["Memory"]) { launch.memory = "\(Int(memory))m" }
        // ECS refuses an override for a container the task definition does not have.
        if entry.containerName != nil,
            let other = containerOverrides.compactMap({ $0["Name"]?.stringValue }).first(where: { $0 != name })
        {
            throw StatesError(
                "ECS.InvalidParameterException",
                "Override for container named \(other) is not a container in the TaskDefinition.")
        }
        for o in containerOverrides where o["Name"]?.stringValue == nil || o["Name"]?.stringValue == name {
            if let command = try strings(o["Command"], "Command") { launch.arguments = command }
            for (k, v) in try variables(o["Environment"]) { launch.setVariable(k, v) }
            if let cpu = number(o["Cpu"]), cpu > 0 { launch.cpus = cpu / 1024 }
            if let memory = number(o["Memory"]) { launch.memory = "\(Int(memory))m" }
        }
        return launch
    }

    private func batchLaunch(_ entry: ContainerImage) throws(StatesError) -> ContainerLaunch {
        let name = entry.containerName ?? family(parameters["JobDefinition"]?.stringValue, marker: ":job-definition/")
        var launch = ContainerLaunch(entry, name: name)
        let o = parameters["ContainerOverrides"]
        if let command = try strings(o?["Command"], "ContainerOverrides.Command") { launch.arguments = command }
        for (k, v) in try variables(o?["Environment"]) { launch.setVariable(k, v) }
        if let vcpus = number(o?["Vcpus"]) { launch.cpus = vcpus }
        if let memory = number(o?["Memory"]) { launch.memory = "\(Int(memory))m" }
        for r in o?["ResourceRequirements"]?.arrayValue ?? [] {
            let value = r["Value"]?.stringValue.flatMap(Double.init)
            switch r["Type"]?.stringValue {
            case "VCPU": if let value { launch.cpus = value }
            case "MEMORY": if let value { launch.memory = "\(Int(value))m" }
            default: break
            }
        }
        // Ref::NAME in the command is the job's parameter NAME, as Batch substitutes it.
        if let params = parameters["Parameters"]?.objectValue, let args = launch.arguments {
            launch.arguments = args.map { arg in
                guard arg.hasPrefix("Ref::"), let v = params[String(arg.dropFirst(5))] else { return arg }
                return v.stringValue ?? JSONPrinter.compact(v)
            }
        }
        return launch
    }

    private func eksLaunch(_ image: ContainerImage) throws(StatesError) -> ContainerLaunch {
        let c = eksContainer
        var launch = ContainerLaunch(image, name: image.containerName ?? c?["name"]?.stringValue ?? "job")
        let command = try strings(c?["command"], "Job container command")
        let args = try strings(c?["args"], "Job container args")
        if let command, let first = command.first {
            launch.entryPoint = first
            launch.arguments = Array(command.dropFirst()) + (args ?? [])
        } else if let args {
            launch.arguments = args
        }
        for e in c?["env"]?.arrayValue ?? [] {
            if let k = e["name"]?.stringValue { launch.setVariable(k, e["value"].map(HTTPTask.text) ?? "") }
        }
        if let cpu = c?["resources"]?["limits"]?["cpu"].map(HTTPTask.text).flatMap(ContainerLaunch.kubernetesCPU) {
            launch.cpus = cpu
        }
        if let memory = c?["resources"]?["limits"]?["memory"].map(HTTPTask.text).flatMap(
            ContainerLaunch.kubernetesMemory)
        {
            launch.memory = memory
        }
        return launch
    }

    /// `family` of `arn:...:task-definition/family:3`, `family:3` or `family`.
    func family(_ value: String?, marker: String) -> String {
        var s = value ?? "task"
        if let r = s.range(of: marker) { s = String(s[r.upperBound...]) }
        if let colon = s.lastIndex(of: ":") { s = String(s[..<colon]) }
        return s
    }

    private func number(_ v: JSONValue?) -> Double? {
        switch v {
        case .string(let s)?: return Double(s)
        case let v?: return v.doubleValue
        case nil: return nil
        }
    }

    private func strings(_ v: JSONValue?, _ what: String) throws(StatesError) -> [String]? {
        guard let v, v != .null else { return nil }
        guard let items = v.arrayValue else { throw invalid("\(what) must be an array of strings") }
        var out: [String] = []
        for item in items {
            guard let s = item.stringValue else { throw invalid("\(what) must be an array of strings") }
            out.append(s)
        }
        return out
    }

    private func variables(_ v: JSONValue?) throws(StatesError) -> [(String, String)] {
        guard let v, v != .null else { return [] }
        guard let items = v.arrayValue else { throw invalid("Environment must be an array of {Name, Value}") }
        var out: [(String, String)] = []
        for item in items {
            guard let name = item["Name"]?.stringValue else {
                throw invalid("each Environment entry needs a string Name")
            }
            out.append((name, item["Value"].map(HTTPTask.text) ?? ""))
        }
        return out
    }

    private func invalid(_ message: String) -> StatesError {
        StatesError("States.Runtime", "The \(service.rawValue) task of state '\(request.stateName)': \(message).")
    }
}
