import SFNJSON

/// The resources map's entries that are not command lines: a container image (ECS task
/// definitions, Batch job definitions, EKS clusters), Lambda code run by its runtime, and a local
/// state machine (for `states:startExecution`). The kind is told by the entry's fields:
///
///     "report-task:3":  { "image": "python:3.12-slim", "command": ["python", "report.py"] }
///     "Price":          { "runtime": "python3", "handler": "app.handler", "codeUri": "src/" }
///     "OrderChild":     { "definition": "child.asl.json" }
struct IntegrationEntries: Sendable {
    var containers: [String: ContainerImage] = [:]
    var lambdaCode = LambdaKeyedTable<LambdaCode>()
    var stateMachines: [String: LocalStateMachine] = [:]

    /// Reads `entry` when it is one of these kinds; false when it is a command entry.
    mutating func insert(_ key: String, _ entry: JSONObject, baseDirectory: String?) throws(StatesError) -> Bool {
        if entry["image"] != nil {
            containers[key] = try ContainerImage(key, entry, baseDirectory: baseDirectory)
        } else if entry["runtime"] != nil || entry["handler"] != nil {
            lambdaCode.insert(key, try LambdaCode(key, entry, baseDirectory: baseDirectory))
        } else if entry["definition"] != nil {
            stateMachines[key] = try LocalStateMachine(key, entry, baseDirectory: baseDirectory)
        } else {
            return false
        }
        return true
    }

    /// The first of `keys` that names a container.
    func container(_ keys: [String]) -> ContainerImage? {
        for key in keys { if let c = containers[key] { return c } }
        return nil
    }

    /// The local state machine for a StateMachineArn: the ARN itself, else an entry of the same
    /// name (keyed by name or by an ARN in another region or account).
    func stateMachine(_ arnOrName: String) -> LocalStateMachine? {
        if let m = stateMachines[arnOrName] { return m }
        let name = LocalStateMachine.name(of: arnOrName)
        return stateMachines.keys.sorted().lazy.compactMap { self.stateMachines[$0] }.first { $0.name == name }
    }
}

/// Field readers shared by the entry kinds; errors name the entry and the field.
struct EntryFields {
    let key: String
    let entry: JSONObject
    let known: [String]

    init(_ key: String, _ entry: JSONObject, known: [String]) throws(StatesError) {
        self.key = key
        self.entry = entry
        self.known = known
        for field in entry.keys where !known.contains(field) {
            let names = (known + ["awsArn"]).joined(separator: ", ")
            throw ResourceMap.error("Resource '\(key)' has an unknown field '\(field)' (known: \(names)).")
        }
    }

    func string(_ field: String) throws(StatesError) -> String? {
        guard let value = entry[field] else { return nil }
        guard let s = value.stringValue else {
            throw ResourceMap.error("Resource '\(key)': \(field) must be a string.")
        }
        return s
    }

    func requiredString(_ field: String) throws(StatesError) -> String {
        guard let s = try string(field), !s.isEmpty else {
            throw ResourceMap.error("Resource '\(key)' needs a string \"\(field)\".")
        }
        return s
    }

    func number(_ field: String) throws(StatesError) -> Double? {
        guard let value = entry[field] else { return nil }
        guard let n = value.doubleValue, n > 0 else {
            throw ResourceMap.error("Resource '\(key)': \(field) must be a positive number.")
        }
        return n
    }

    /// A list of words: a JSON array of strings, or a string split on blanks.
    func words(_ field: String) throws(StatesError) -> [String]? {
        switch entry[field] {
        case nil: return nil
        case .string(let s)?: return s.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        case .array(let items)?:
            var out: [String] = []
            for item in items {
                guard let s = item.stringValue else {
                    throw ResourceMap.error("Resource '\(key)': \(field) must be an array of strings.")
                }
                out.append(s)
            }
            return out
        default: throw ResourceMap.error("Resource '\(key)': \(field) must be an array of strings.")
        }
    }

    func environment() throws(StatesError) -> [(String, String)] {
        guard let value = entry["environment"] else { return [] }
        guard let object = value.objectValue else {
            throw ResourceMap.error("Resource '\(key)': environment must be an object.")
        }
        var out: [(String, String)] = []
        for (name, v) in object {
            guard let s = v.stringValue else {
                throw ResourceMap.error("Resource '\(key)': environment value '\(name)' must be a string.")
            }
            out.append((name, s))
        }
        return out
    }

    /// A path relative to the map file's folder.
    func path(_ field: String, baseDirectory: String?) throws(StatesError) -> String? {
        guard let p = try string(field) else { return nil }
        if p.hasPrefix("/") { return p }
        guard let base = baseDirectory else { return p }
        return base + "/" + p
    }
}

/// A local state machine that `states:startExecution` runs: `{"definition": "child.asl.json"}`
/// (ASL in JSON or YAML, relative to the map file), with `substitutions` for its `${...}`.
public struct LocalStateMachine: Sendable, Hashable {
    /// The definition file's path.
    public var definition: String
    public var substitutions: [String: String]
    /// The map key's name part: the child's state machine name.
    public var name: String

    init(_ key: String, _ entry: JSONObject, baseDirectory: String?) throws(StatesError) {
        let fields = try EntryFields(key, entry, known: ["definition", "substitutions"])
        definition = try fields.path("definition", baseDirectory: baseDirectory) ?? ""
        substitutions = [:]
        if let subs = entry["substitutions"] {
            guard let object = subs.objectValue else {
                throw ResourceMap.error("Resource '\(key)': substitutions must be an object.")
            }
            for (k, v) in object { substitutions[k] = v.stringValue ?? JSONPrinter.compact(v) }
        }
        name = Self.name(of: key)
    }

    /// The name in `arn:aws:states:REGION:ACCOUNT:stateMachine:NAME[:VERSION]`; other text as is.
    static func name(of arnOrName: String) -> String {
        let parts = arnOrName.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count >= 7, parts[0] == "arn", parts[5] == "stateMachine" { return String(parts[6]) }
        return arnOrName
    }
}
