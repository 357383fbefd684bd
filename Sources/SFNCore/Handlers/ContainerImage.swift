import SFNJSON

/// A resources-map entry that runs a container: what an ECS task definition, a Batch job
/// definition or an EKS cluster stands for locally.
///
///     "arn:aws:ecs:us-east-1:123456789012:task-definition/report:3": {
///       "image": "python:3.12-slim", "command": ["python", "report.py"],
///       "environment": {"STAGE": "dev"}, "containerName": "report",
///       "cpus": 1, "memory": "512m", "runtimeArguments": ["-v", "/data:/data"]
///     }
///
/// The key is the task definition (ARN, `family:revision` or `family`), the job definition (ARN,
/// `name:revision` or `name`), the EKS cluster name, or the resource itself
/// (`arn:aws:states:::ecs:runTask`) for every task of that kind. The state's overrides
/// (command, environment, CPU, memory) win over the entry's defaults.
public struct ContainerImage: Sendable, Hashable {
    public struct Variable: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public var image: String
    /// The command the task definition gives (the image's CMD when nil).
    public var command: [String]?
    public var environment: [Variable]
    /// The container's name in results (ECS `Containers[].Name`); default: the override's name,
    /// else the task definition's family.
    public var containerName: String?
    /// Default limits, as `docker run --cpus` and `--memory` take them.
    public var cpus: Double?
    public var memory: String?
    /// More `docker run` arguments, before the image (volumes, networks, ...).
    public var runtimeArguments: [String]

    public init(image: String, command: [String]? = nil, environment: [Variable] = []) {
        self.image = image
        self.command = command
        self.environment = environment
        self.runtimeArguments = []
    }

    init(_ key: String, _ entry: JSONObject, baseDirectory: String?) throws(StatesError) {
        let fields = try EntryFields(
            key, entry,
            known: ["image", "command", "environment", "containerName", "cpus", "memory", "runtimeArguments"])
        image = try fields.requiredString("image")
        command = try fields.words("command")
        environment = try fields.environment().map { Variable($0.0, $0.1) }
        containerName = try fields.string("containerName")
        cpus = try fields.number("cpus")
        if let m = entry["memory"]?.intValue {
            memory = "\(m)m"
        } else {
            memory = try fields.string("memory")
        }
        runtimeArguments = try fields.words("runtimeArguments") ?? []
    }
}

/// What one container run is made of once the entry and the state's overrides are merged.
struct ContainerLaunch {
    var image: String
    var name: String
    /// Replaces the image's ENTRYPOINT (EKS `command`); nil keeps it.
    var entryPoint: String?
    /// Arguments after the image (the CMD, or what follows the entry point).
    var arguments: [String]?
    var environment: [ContainerImage.Variable]
    var cpus: Double?
    var memory: String?
    var runtimeArguments: [String]

    init(_ image: ContainerImage, name: String) {
        self.image = image.image
        self.name = name
        arguments = image.command
        environment = image.environment
        cpus = image.cpus
        memory = image.memory
        runtimeArguments = image.runtimeArguments
    }

    /// Sets a variable; a later value for the same name replaces the earlier one, as an
    /// override replaces the task definition's.
    mutating func setVariable(_ name: String, _ value: String) {
        if let i = environment.firstIndex(where: { $0.name == name }) {
            environment[i].value = value
        } else {
            environment.append(ContainerImage.Variable(name, value))
        }
    }

    /// `RUNTIME run --rm --name NAME [-d] [--cpus N] [--memory M] [-e K=V]... [ARGS...] IMAGE [CMD...]`.
    func argv(runtime: String, containerId: String, detached: Bool) -> [String] {
        var argv = [runtime, "run", "--rm", "--name", containerId]
        if detached { argv.append("-d") }
        if let cpus { argv += ["--cpus", Self.decimal(cpus)] }
        if let memory { argv += ["--memory", memory] }
        for v in environment { argv += ["-e", "\(v.name)=\(v.value)"] }
        if let entryPoint { argv += ["--entrypoint", entryPoint] }
        argv += runtimeArguments
        argv.append(image)
        argv += arguments ?? []
        return argv
    }

    /// `1`, `0.25`: no trailing zeros, as the CLI flags are usually written.
    static func decimal(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e12 { return String(Int(v)) }
        var s = String(v)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }

    /// A Kubernetes quantity as docker takes it: CPU `500m` is 0.5; memory `512Mi` is `512m`,
    /// `1Gi` is `1g`, a plain number is bytes.
    static func kubernetesCPU(_ text: String) -> Double? {
        if text.hasSuffix("m"), let milli = Double(text.dropLast()) { return milli / 1000 }
        return Double(text)
    }

    static func kubernetesMemory(_ text: String) -> String? {
        let units: [(String, String)] = [("Ki", "k"), ("Mi", "m"), ("Gi", "g"), ("Ti", "t")]
        for (suffix, unit) in units where text.hasSuffix(suffix) {
            let number = text.dropLast(2)
            return Int(number) != nil ? number + unit : nil
        }
        let decimal: [(String, Double)] = [("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12)]
        for (suffix, factor) in decimal where text.hasSuffix(suffix) {
            guard let n = Double(text.dropLast()) else { return nil }
            return String(Int(n * factor))
        }
        return Int(text).map(String.init)
    }
}
