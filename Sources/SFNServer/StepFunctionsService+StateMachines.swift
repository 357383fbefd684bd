import SFNCore
import SFNJSON
import SFNStore

/// CreateStateMachine, DescribeStateMachine, UpdateStateMachine, DeleteStateMachine,
/// ListStateMachines, ValidateStateMachineDefinition.
extension StepFunctionsService {
    func createStateMachine(_ r: APIRequest) throws(APIError) -> JSONValue {
        let name = try r.required("name")
        if let problem = ExecutionOptions.nameProblem(name) {
            throw APIError("InvalidName", "Invalid Name: '\(name)' (\(problem))")
        }
        let definition = try r.required("definition")
        let roleArn = try r.required("roleArn")
        let type = try r.string("type") ?? "STANDARD"
        guard type == "STANDARD" || type == "EXPRESS" else {
            throw APIError.validation(
                "1 validation error detected: Value '\(type)' at 'type' failed to satisfy constraint: "
                    + "Member must satisfy enum value set: [STANDARD, EXPRESS]")
        }
        let loaded = try load(definition)
        let arn = machineArn(name)
        let now = ExecutionOptions.systemNowMillis()
        let tags = try readTags(r.members["tags"])
        let machine = Machine(
            name: name, arn: arn, definition: definition, definitionHash: SQLiteExecutionStore.hash(definition),
            type: type, roleArn: roleArn, creationDate: now,
            revisionId: Self.requestId(), loaded: loaded,
            loggingConfiguration: r.members["loggingConfiguration"] ?? ["level": "OFF", "includeExecutionData": false],
            tracingConfiguration: r.members["tracingConfiguration"] ?? ["enabled": false])
        let publish = try r.bool("publish") ?? false
        let description = try versionDescription(r, key: "versionDescription")
        let (created, version) = try state.withLock { s throws(APIError) -> (Machine, Machine?) in
            if let old = s.machines[arn] {
                // AWS answers a repeated create with the same definition and role with the first one.
                guard old.definition == definition, old.roleArn == roleArn, old.type == type else {
                    throw APIError("StateMachineAlreadyExists", "State Machine Already Exists: '\(arn)'")
                }
                return (old, nil)
            }
            s.machines[arn] = machine
            s.order.append(arn)
            if !tags.isEmpty { s.tags[arn] = tags }
            try persist(arn, in: s)
            return (machine, publish ? try self.publish(arn, description: description, in: &s) : nil)
        }
        if created.revisionId == machine.revisionId {
            _ = try storeCall { () throws(ExecutionStoreError) in
                try store.stateMachine(named: name, creatingWith: definition)
            }
        }
        var o = JSONObject()
        o.append("stateMachineArn", .string(created.arn))
        o.append("creationDate", Self.seconds(created.creationDate))
        if let version { o.append("stateMachineVersionArn", .string(version.arn)) }
        return .object(o)
    }

    /// The definition loaded as AWS's create would: InvalidDefinition with the first problem.
    func load(_ definition: String) throws(APIError) -> StateMachine {
        // AWS's hard quota on a definition, checked as its API checks the request's length.
        let length = AWSQuotas.definitionLength(definition)
        if length > AWSQuotas.maxDefinitionLength {
            throw APIError.validation(AWSQuotas.definitionValidationMessage(length: length))
        }
        do { return try StateMachine.load(definition).machine } catch {
            let text = error.diagnostics.filter { $0.severity == .error }.map { d in
                "\(d.code.rawValue): \(d.message) at \(d.pointer.isEmpty ? "/" : d.pointer)"
            }.joined(separator: ", ")
            throw APIError("InvalidDefinition", "Invalid State Machine Definition: '\(text)'")
        }
    }

    func machine(_ arn: String) throws(APIError) -> Machine {
        let base = arn.split(separator: "#", maxSplits: 1).first.map(String.init) ?? arn
        _ = try machineName(fromArn: base)
        guard let m = state.withLock({ $0.machines[base] }) else { throw APIError.missingMachine(base) }
        return m
    }

    func describe(_ m: Machine) -> JSONValue {
        var o = JSONObject()
        o.append("stateMachineArn", .string(m.arn))
        o.append("name", .string(m.name))
        o.append("status", "ACTIVE")
        o.append("definition", .string(m.definition))
        o.append("roleArn", .string(m.roleArn))
        o.append("type", .string(m.type))
        o.append("creationDate", Self.seconds(m.creationDate))
        o.append("loggingConfiguration", m.loggingConfiguration)
        o.append("tracingConfiguration", m.tracingConfiguration)
        o.append("revisionId", .string(m.revisionId))
        return .object(o)
    }

    /// A state machine or, for a version ARN, that version (with its description).
    func describeStateMachine(_ r: APIRequest) throws(APIError) -> JSONValue {
        let arn = try r.required("stateMachineArn")
        guard case .version = try splitMachineArn(arn).qualifier else { return describe(try machine(arn)) }
        guard let v = state.withLock({ $0.versions[arn] }) else { throw APIError.missingMachine(arn) }
        guard case .object(var o) = describe(v) else { return describe(v) }
        if let d = v.description { o.append("description", .string(d)) }
        return .object(o)
    }

    func updateStateMachine(_ r: APIRequest) throws(APIError) -> JSONValue {
        let arn = try r.required("stateMachineArn")
        var m = try machine(arn)
        let definition = try r.string("definition")
        let roleArn = try r.string("roleArn")
        guard
            definition != nil || roleArn != nil || r.members["loggingConfiguration"] != nil
                || r.members["tracingConfiguration"] != nil
        else {
            throw APIError(
                "MissingRequiredParameter",
                "Either the definition, the role ARN, the logging or the tracing configuration must be given")
        }
        if let definition {
            m.loaded = try load(definition)
            m.definition = definition
            m.definitionHash = SQLiteExecutionStore.hash(definition)
            _ = try storeCall { () throws(ExecutionStoreError) in
                try store.stateMachine(named: m.name, creatingWith: definition)
            }
        }
        if let roleArn { m.roleArn = roleArn }
        if let logging = r.members["loggingConfiguration"] { m.loggingConfiguration = logging }
        if let tracing = r.members["tracingConfiguration"] { m.tracingConfiguration = tracing }
        m.revisionId = Self.requestId()
        let updated = m
        let publish = try r.bool("publish") ?? false
        let description = try versionDescription(r, key: "versionDescription")
        let version = try state.withLock { s throws(APIError) -> Machine? in
            // A version published meanwhile keeps its number; the rest is this update's.
            var merged = updated
            if let current = s.machines[updated.arn] {
                merged.version = current.version
                merged.publishedRevision = current.publishedRevision
            }
            s.machines[updated.arn] = merged
            try persist(updated.arn, in: s)
            return publish ? try self.publish(updated.arn, description: description, in: &s) : nil
        }
        var o = JSONObject()
        o.append("updateDate", Self.seconds(ExecutionOptions.systemNowMillis()))
        o.append("revisionId", .string(m.revisionId))
        if let version { o.append("stateMachineVersionArn", .string(version.arn)) }
        return .object(o)
    }

    func deleteStateMachine(_ r: APIRequest) throws(APIError) -> JSONValue {
        let arn = try r.required("stateMachineArn")
        _ = try machineName(fromArn: arn)
        // Deleting a machine that does not exist succeeds, as on AWS; its versions and aliases go
        // with it.
        try state.withLock { s throws(APIError) in
            if s.machines.removeValue(forKey: arn) != nil { s.order.removeAll { $0 == arn } }
            s.tags[arn] = nil
            let prefix = arn + ":"
            let versions = s.versions.keys.filter { $0.hasPrefix(prefix) }
            let aliases = s.aliasOrder.filter { $0.hasPrefix(prefix) }
            for v in versions { s.versions[v] = nil }
            for a in aliases { s.aliases[a] = nil }
            s.aliasOrder.removeAll { $0.hasPrefix(prefix) }
            try forget([arn] + versions + aliases)
        }
        return [:]
    }

    func listStateMachines(_ r: APIRequest) throws(APIError) -> JSONValue {
        let page = try r.page()
        let items = state.withLock { s in
            s.order.compactMap { s.machines[$0] }.map { m -> JSONValue in
                [
                    "stateMachineArn": .string(m.arn), "name": .string(m.name), "type": .string(m.type),
                    "creationDate": Self.seconds(m.creationDate),
                ]
            }
        }
        var o = JSONObject()
        o.appendPage("stateMachines", items, offset: page.offset, size: page.size)
        return .object(o)
    }

    func validateDefinition(_ r: APIRequest) throws(APIError) -> JSONValue {
        let definition = try r.required("definition")
        let report = DefinitionValidator.validate(text: definition)
        let diagnostics = report.diagnostics.map { d -> JSONValue in
            var o = JSONObject()
            o.append("severity", .string(d.severity == .error ? "ERROR" : "WARNING"))
            o.append("code", .string(d.code.rawValue))
            o.append("message", .string(d.message))
            o.append("location", .string(d.pointer.isEmpty ? "/" : d.pointer))
            return .object(o)
        }
        return [
            "result": .string(report.isValid ? "OK" : "FAIL"), "diagnostics": .array(diagnostics), "truncated": false,
        ]
    }

    // MARK: Tags

    func readTags(_ value: JSONValue?) throws(APIError) -> [(key: String, value: String)] {
        guard let value, !value.isNull else { return [] }
        guard case .array(let items) = value else { throw APIError.validation("'tags' must be a list") }
        var tags: [(key: String, value: String)] = []
        for item in items {
            guard case .object(let o) = item, case .string(let key)? = o["key"] else {
                throw APIError.validation("every tag needs a 'key'")
            }
            tags.append((key, o["value"]?.stringValue ?? ""))
        }
        return tags
    }

    /// A state machine or an activity (the resources AWS tags).
    func taggable(_ arn: String) throws(APIError) {
        if arn.contains(":activity:") {
            _ = try activity(arn)
            return
        }
        _ = try machineName(fromArn: arn)
        guard state.withLock({ $0.machines[arn] }) != nil else {
            throw APIError("ResourceNotFound", "Resource not found: '\(arn)'")
        }
    }

    func tagResource(_ r: APIRequest) throws(APIError) -> JSONValue {
        let arn = try r.required("resourceArn")
        try taggable(arn)
        let tags = try readTags(r.members["tags"])
        try state.withLock { s throws(APIError) in
            var current = s.tags[arn] ?? []
            for tag in tags {
                current.removeAll { $0.key == tag.key }
                current.append(tag)
            }
            s.tags[arn] = current
            try persist(arn, in: s)
        }
        return [:]
    }

    func untagResource(_ r: APIRequest) throws(APIError) -> JSONValue {
        let arn = try r.required("resourceArn")
        try taggable(arn)
        guard case .array(let keys)? = r.members["tagKeys"] else {
            throw APIError.validation("'tagKeys' must be a list of strings")
        }
        let names = Set(keys.compactMap(\.stringValue))
        try state.withLock { s throws(APIError) in
            s.tags[arn]?.removeAll { names.contains($0.key) }
            try persist(arn, in: s)
        }
        return [:]
    }

    func listTags(_ r: APIRequest) throws(APIError) -> JSONValue {
        let arn = try r.required("resourceArn")
        try taggable(arn)
        let tags = state.withLock { $0.tags[arn] ?? [] }
        return ["tags": .array(tags.map { ["key": .string($0.key), "value": .string($0.value)] })]
    }
}
