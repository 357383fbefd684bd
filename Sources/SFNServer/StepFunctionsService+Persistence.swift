import SFNCore
import SFNJSON
import SFNStore

/// The API's own resources (state machines as created here, versions, aliases, activities, tags,
/// the version or alias an execution was started through) in the store's `api_resources`, so that
/// `sfn serve` restarted on the same store describes them again. Each change is written as it is
/// made, under the state lock, so that two writes of one resource reach the store in order.
extension StepFunctionsService {
    enum Kind {
        static let machine = "stateMachine"
        static let version = "stateMachineVersion"
        static let alias = "stateMachineAlias"
        static let activity = "activity"
        static let executionTarget = "executionTarget"
    }

    /// Writes the resource at `arn` as `s` holds it now (with its tags).
    func persist(_ arn: String, in s: State) throws(APIError) {
        guard let resources = store as? any APIResourceStore else { return }
        let resource: APIResource
        if let m = s.machines[arn] {
            resource = APIResource(kind: Kind.machine, arn: arn, document: Self.document(m, tags: s.tags[arn]))
        } else if let v = s.versions[arn] {
            resource = APIResource(kind: Kind.version, arn: arn, document: Self.document(v, tags: nil))
        } else if let a = s.aliases[arn] {
            var o = JSONObject()
            o.append("name", .string(a.name))
            o.append("machineArn", .string(a.machineArn))
            if let d = a.description { o.append("description", .string(d)) }
            o.append("routingConfiguration", Self.routingJSON(a.routing))
            o.append("creationDate", .double(a.creationDate))
            o.append("updateDate", .double(a.updateDate))
            resource = APIResource(kind: Kind.alias, arn: arn, document: .object(o))
        } else if let a = s.activities[arn] {
            var o = JSONObject()
            o.append("name", .string(a.name))
            o.append("creationDate", .double(a.creationDate))
            o.append("tags", Self.tagsJSON(s.tags[arn] ?? []))
            resource = APIResource(kind: Kind.activity, arn: arn, document: .object(o))
        } else if let t = s.executionTargets[arn] {
            var o = JSONObject()
            if let v = t.version { o.append("version", .string(v)) }
            if let a = t.alias { o.append("alias", .string(a)) }
            resource = APIResource(kind: Kind.executionTarget, arn: arn, document: .object(o))
        } else {
            return
        }
        try storeCall { () throws(ExecutionStoreError) in try resources.saveAPIResource(resource) }
    }

    /// Deletes resources from the store.
    func forget(_ arns: [String]) throws(APIError) {
        guard let resources = store as? any APIResourceStore else { return }
        try storeCall { () throws(ExecutionStoreError) in try resources.deleteAPIResources(arns) }
    }

    static func document(_ m: Machine, tags: [(key: String, value: String)]?) -> JSONValue {
        var o = JSONObject()
        o.append("name", .string(m.name))
        o.append("definition", .string(m.definition))
        o.append("type", .string(m.type))
        o.append("roleArn", .string(m.roleArn))
        o.append("creationDate", .double(m.creationDate))
        o.append("revisionId", .string(m.revisionId))
        o.append("loggingConfiguration", m.loggingConfiguration)
        o.append("tracingConfiguration", m.tracingConfiguration)
        if let d = m.description { o.append("description", .string(d)) }
        o.append("version", .int(m.version))
        if let p = m.publishedRevision { o.append("publishedRevision", .string(p)) }
        if let tags { o.append("tags", tagsJSON(tags)) }
        return .object(o)
    }

    static func tagsJSON(_ tags: [(key: String, value: String)]) -> JSONValue {
        .array(tags.map { ["key": .string($0.key), "value": .string($0.value)] })
    }

    static func routingJSON(_ routing: [(versionArn: String, weight: Int)]) -> JSONValue {
        .array(routing.map { ["stateMachineVersionArn": .string($0.versionArn), "weight": .int($0.weight)] })
    }

    /// Reads back what an earlier server on this store created. Throws when the store cannot be
    /// read or a definition kept there no longer loads.
    public func restore() throws(APIError) {
        guard let resources = store as? any APIResourceStore else { return }
        let all = try storeCall { () throws(ExecutionStoreError) in try resources.apiResources() }
        var s = State()
        for r in all {
            let d = r.document
            func text(_ key: String) -> String { d[key]?.stringValue ?? "" }
            func date(_ key: String) -> Double { d[key]?.doubleValue ?? 0 }
            switch r.kind {
            case Kind.machine, Kind.version:
                let definition = text("definition")
                let loaded: StateMachine
                do throws(APIError) { loaded = try load(definition) } catch {
                    throw APIError("ServiceException", "the store's state machine '\(r.arn)': \(error.message)")
                }
                var m = Machine(
                    name: text("name"), arn: r.arn, definition: definition,
                    definitionHash: SQLiteExecutionStore.hash(definition), type: text("type"), roleArn: text("roleArn"),
                    creationDate: date("creationDate"), revisionId: text("revisionId"), loaded: loaded,
                    loggingConfiguration: d["loggingConfiguration"] ?? ["level": "OFF", "includeExecutionData": false],
                    tracingConfiguration: d["tracingConfiguration"] ?? ["enabled": false])
                m.description = d["description"]?.stringValue
                m.version = d["version"]?.intValue ?? 0
                m.publishedRevision = d["publishedRevision"]?.stringValue
                if r.kind == Kind.machine {
                    s.machines[r.arn] = m
                    s.order.append(r.arn)
                    let tags = (try? readTags(d["tags"])) ?? []
                    if !tags.isEmpty { s.tags[r.arn] = tags }
                } else {
                    s.versions[r.arn] = m
                }
            case Kind.alias:
                let routing = (d["routingConfiguration"]?.arrayValue ?? []).map {
                    (versionArn: $0["stateMachineVersionArn"]?.stringValue ?? "", weight: $0["weight"]?.intValue ?? 0)
                }
                s.aliases[r.arn] = Alias(
                    name: text("name"), arn: r.arn, machineArn: text("machineArn"),
                    description: d["description"]?.stringValue, routing: routing, creationDate: date("creationDate"),
                    updateDate: date("updateDate"))
                s.aliasOrder.append(r.arn)
            case Kind.activity:
                s.activities[r.arn] = Activity(name: text("name"), arn: r.arn, creationDate: date("creationDate"))
                s.activityOrder.append(r.arn)
                let tags = (try? readTags(d["tags"])) ?? []
                if !tags.isEmpty { s.tags[r.arn] = tags }
            case Kind.executionTarget:
                s.executionTargets[r.arn] = (d["version"]?.stringValue, d["alias"]?.stringValue)
            default:
                continue
            }
        }
        let restored = s
        state.withLock { $0 = restored }
    }
}
