import SFNCore
import SFNJSON
import SFNStore

/// PublishStateMachineVersion, ListStateMachineVersions, DeleteStateMachineVersion and the
/// aliases (Create/Describe/Update/Delete/ListStateMachineAliases), with AWS's ARN forms: a version
/// is `...:stateMachine:NAME:1`, an alias `...:stateMachine:NAME:ALIAS`.
extension StepFunctionsService {
    /// What an ARN given to StartExecution or DescribeStateMachine names.
    enum Qualifier: Equatable {
        case none
        case version(Int)
        case alias(String)
    }

    /// Splits a state machine ARN, qualified or not, into the machine's ARN and the qualifier.
    func splitMachineArn(_ arn: String) throws(APIError) -> (base: String, qualifier: Qualifier) {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 7 || parts.count == 8, parts[0] == "arn", parts[2] == "states",
            parts[5] == "stateMachine", !parts[6].isEmpty
        else { throw APIError.invalidArn(arn) }
        let base = parts[0..<7].joined(separator: ":")
        guard parts.count == 8 else { return (base, .none) }
        let last = String(parts[7])
        if let n = Int(last), n > 0, last.allSatisfy(\.isNumber) { return (base, .version(n)) }
        guard !last.isEmpty else { throw APIError.invalidArn(arn) }
        return (base, .alias(last))
    }

    func versionArn(_ machineArn: String, _ n: Int) -> String { machineArn + ":" + String(n) }

    // MARK: Versions

    /// Publishes the machine's current revision as a new version, or returns the version already
    /// published from it (AWS's idempotence); `s` must hold the machine.
    func publish(_ arn: String, description: String?, in s: inout State) throws(APIError) -> Machine {
        guard var m = s.machines[arn] else { throw APIError.missingMachine(arn) }
        if m.publishedRevision == m.revisionId, let last = s.versions[versionArn(arn, m.version)] {
            guard description == nil || description == last.description else {
                throw APIError(
                    "ConflictException",
                    "Failed to publish the State Machine version: version \(m.version) has this revision with "
                        + "another description")
            }
            return last
        }
        guard s.versions.values.filter({ $0.name == m.name }).count < 1000 else {
            throw APIError(
                "ServiceQuotaExceededException", "State machine '\(arn)' has 1000 versions: delete some first")
        }
        m.version += 1
        m.publishedRevision = m.revisionId
        var v = m
        v.arn = versionArn(arn, m.version)
        v.description = description
        v.creationDate = ExecutionOptions.systemNowMillis()
        v.publishedRevision = nil
        s.machines[arn] = m
        s.versions[v.arn] = v
        try persist(arn, in: s)
        try persist(v.arn, in: s)
        return v
    }

    func publishVersion(_ r: APIRequest) throws(APIError) -> JSONValue {
        let arn = try r.required("stateMachineArn")
        guard try splitMachineArn(arn).qualifier == .none else { throw APIError.invalidArn(arn) }
        let revision = try r.string("revisionId")
        let description = try versionDescription(r, key: "description")
        let v = try state.withLock { s throws(APIError) -> Machine in
            guard let m = s.machines[arn] else { throw APIError.missingMachine(arn) }
            if let revision, revision != m.revisionId {
                throw APIError(
                    "ConflictException",
                    "Failed to publish the State Machine version for revision \(revision). "
                        + "The current State Machine revision is \(m.revisionId).")
            }
            return try publish(arn, description: description, in: &s)
        }
        return ["creationDate": Self.seconds(v.creationDate), "stateMachineVersionArn": .string(v.arn)]
    }

    func versionDescription(_ r: APIRequest, key: String) throws(APIError) -> String? {
        let d = try r.string(key)
        if let d, d.count > 256 {
            throw APIError.validation(
                "1 validation error detected: Value at '\(key)' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 256")
        }
        return d
    }

    func listVersions(_ r: APIRequest) throws(APIError) -> JSONValue {
        let arn = try r.required("stateMachineArn")
        guard try splitMachineArn(arn).qualifier == .none else { throw APIError.invalidArn(arn) }
        let page = try r.page()
        let items = try state.withLock { s throws(APIError) -> [JSONValue] in
            guard s.machines[arn] != nil else { throw APIError.missingMachine(arn) }
            let prefix = arn + ":"
            // Newest first, as AWS lists them.
            return s.versions.values.filter { $0.arn.hasPrefix(prefix) }.sorted { $0.version > $1.version }.map {
                ["stateMachineVersionArn": .string($0.arn), "creationDate": Self.seconds($0.creationDate)]
            }
        }
        var o = JSONObject()
        o.appendPage("stateMachineVersions", items, offset: page.offset, size: page.size)
        return .object(o)
    }

    func deleteVersion(_ r: APIRequest) throws(APIError) -> JSONValue {
        let arn = try r.required("stateMachineVersionArn")
        guard case .version = try splitMachineArn(arn).qualifier else {
            throw APIError.validation("'\(arn)' is not a state machine version ARN (…:stateMachine:NAME:VERSION)")
        }
        try state.withLock { s throws(APIError) in
            guard s.versions[arn] != nil else { return }
            let users = s.aliasOrder.filter { s.aliases[$0]?.routing.contains { $0.versionArn == arn } ?? false }
            guard users.isEmpty else {
                throw APIError(
                    "ConflictException",
                    "Version ARN \(arn) is referenced by one or more aliases: \(users.joined(separator: ", "))")
            }
            s.versions[arn] = nil
            try forget([arn])
        }
        return [:]
    }

    // MARK: Aliases

    /// The routing configuration of a request: one or two versions of one machine, weights 0 to
    /// 100 adding up to 100, each version existing.
    func readRouting(_ value: JSONValue?, in s: State) throws(APIError) -> (
        machine: String, routing: [(versionArn: String, weight: Int)]
    ) {
        guard case .array(let items)? = value, (1...2).contains(items.count) else {
            throw APIError.validation("routingConfiguration must list one or two versions")
        }
        var routing: [(versionArn: String, weight: Int)] = []
        var machine: String?
        for item in items {
            guard let arn = item["stateMachineVersionArn"]?.stringValue, let weight = item["weight"]?.intValue else {
                throw APIError.validation("every routingConfiguration entry needs stateMachineVersionArn and weight")
            }
            let (base, qualifier) = try splitMachineArn(arn)
            guard case .version = qualifier else {
                throw APIError.validation("'\(arn)' in routingConfiguration is not a state machine version ARN")
            }
            guard (0...100).contains(weight) else {
                throw APIError.validation("the weight of '\(arn)' must be from 0 to 100, not \(weight)")
            }
            guard s.versions[arn] != nil else {
                throw APIError("ResourceNotFound", "Resource not found: '\(arn)'")
            }
            if let machine, machine != base {
                throw APIError.validation("the versions of an alias must belong to one state machine")
            }
            guard !routing.contains(where: { $0.versionArn == arn }) else {
                throw APIError.validation("routingConfiguration names '\(arn)' twice")
            }
            machine = base
            routing.append((arn, weight))
        }
        guard routing.reduce(0, { $0 + $1.weight }) == 100 else {
            throw APIError.validation("the weights of routingConfiguration must add up to 100")
        }
        return (machine ?? "", routing)
    }

    func createAlias(_ r: APIRequest) throws(APIError) -> JSONValue {
        let name = try r.required("name")
        guard (1...80).contains(name.count), !name.allSatisfy(\.isNumber), ExecutionOptions.nameProblem(name) == nil
        else {
            throw APIError.validation("Invalid alias name '\(name)': 1 to 80 characters, not only digits")
        }
        let description = try versionDescription(r, key: "description")
        let alias = try state.withLock { s throws(APIError) -> Alias in
            let (machine, routing) = try readRouting(r.members["routingConfiguration"], in: s)
            let arn = machine + ":" + name
            if let old = s.aliases[arn] {
                let same =
                    old.description == description && old.routing.map(\.versionArn) == routing.map(\.versionArn)
                    && old.routing.map(\.weight) == routing.map(\.weight)
                guard same else { throw APIError("ConflictException", "Alias '\(arn)' exists with other settings") }
                return old
            }
            let now = ExecutionOptions.systemNowMillis()
            let a = Alias(
                name: name, arn: arn, machineArn: machine, description: description, routing: routing,
                creationDate: now, updateDate: now)
            s.aliases[arn] = a
            s.aliasOrder.append(arn)
            try persist(arn, in: s)
            return a
        }
        return ["stateMachineAliasArn": .string(alias.arn), "creationDate": Self.seconds(alias.creationDate)]
    }

    /// The alias an ARN names: InvalidArn for another form, ResourceNotFound for none.
    func alias(_ arn: String) throws(APIError) -> Alias {
        guard case .alias = try splitMachineArn(arn).qualifier else { throw APIError.invalidArn(arn) }
        guard let a = state.withLock({ $0.aliases[arn] }) else {
            throw APIError("ResourceNotFound", "Resource not found: '\(arn)'")
        }
        return a
    }

    func describeAlias(_ r: APIRequest) throws(APIError) -> JSONValue {
        let a = try alias(try r.required("stateMachineAliasArn"))
        var o = JSONObject()
        o.append("stateMachineAliasArn", .string(a.arn))
        o.append("name", .string(a.name))
        if let d = a.description { o.append("description", .string(d)) }
        o.append("routingConfiguration", Self.routingJSON(a.routing))
        o.append("creationDate", Self.seconds(a.creationDate))
        o.append("updateDate", Self.seconds(a.updateDate))
        return .object(o)
    }

    func updateAlias(_ r: APIRequest) throws(APIError) -> JSONValue {
        let arn = try r.required("stateMachineAliasArn")
        _ = try alias(arn)
        let description = try versionDescription(r, key: "description")
        let routingValue = r.members["routingConfiguration"]
        guard description != nil || routingValue != nil else {
            throw APIError.validation("Either the description or the routingConfiguration must be given")
        }
        let date = try state.withLock { s throws(APIError) -> Double in
            guard var a = s.aliases[arn] else { throw APIError("ResourceNotFound", "Resource not found: '\(arn)'") }
            if let routingValue {
                let (machine, routing) = try readRouting(routingValue, in: s)
                guard machine == a.machineArn else {
                    throw APIError.validation("the versions of alias '\(arn)' must belong to \(a.machineArn)")
                }
                a.routing = routing
            }
            if let description { a.description = description }
            a.updateDate = ExecutionOptions.systemNowMillis()
            s.aliases[arn] = a
            try persist(arn, in: s)
            return a.updateDate
        }
        return ["updateDate": Self.seconds(date)]
    }

    func deleteAlias(_ r: APIRequest) throws(APIError) -> JSONValue {
        let arn = try r.required("stateMachineAliasArn")
        _ = try alias(arn)
        try state.withLock { s throws(APIError) in
            s.aliases[arn] = nil
            s.aliasOrder.removeAll { $0 == arn }
            try forget([arn])
        }
        return [:]
    }

    func listAliases(_ r: APIRequest) throws(APIError) -> JSONValue {
        let arn = try r.required("stateMachineArn")
        guard try splitMachineArn(arn).qualifier == .none else { throw APIError.invalidArn(arn) }
        let page = try r.page()
        let items = try state.withLock { s throws(APIError) -> [JSONValue] in
            guard s.machines[arn] != nil else { throw APIError("ResourceNotFound", "Resource not found: '\(arn)'") }
            return s.aliasOrder.compactMap { s.aliases[$0] }.filter { $0.machineArn == arn }.map {
                ["stateMachineAliasArn": .string($0.arn), "creationDate": Self.seconds($0.creationDate)]
            }
        }
        var o = JSONObject()
        o.appendPage("stateMachineAliases", items, offset: page.offset, size: page.size)
        return .object(o)
    }

    /// What StartExecution runs for an ARN: the machine itself, a version, or an alias's version
    /// picked by its weights; with the version and alias ARNs to record.
    func target(_ arn: String) throws(APIError) -> (run: Machine, base: Machine, version: String?, alias: String?) {
        let plain = arn.firstIndex(of: "#").map { String(arn[..<$0]) } ?? arn
        // The common case, a machine's own ARN, without taking the ARN apart.
        if let m = state.withLock({ $0.machines[plain] }) { return (m, m, nil, nil) }
        let (base, qualifier) = try splitMachineArn(plain)
        return try state.withLock { s throws(APIError) in
            guard let m = s.machines[base] else { throw APIError.missingMachine(base) }
            switch qualifier {
            case .none:
                return (m, m, nil, nil)
            case .version:
                guard let v = s.versions[plain] else { throw APIError.missingMachine(plain) }
                return (v, m, plain, nil)
            case .alias:
                guard let a = s.aliases[plain] else {
                    throw APIError("ResourceNotFound", "Resource not found: '\(plain)'")
                }
                var pick = Int.random(in: 0..<100)
                var chosen = a.routing[0].versionArn
                for route in a.routing {
                    if pick < route.weight {
                        chosen = route.versionArn
                        break
                    }
                    pick -= route.weight
                }
                guard let v = s.versions[chosen] else { throw APIError.missingMachine(chosen) }
                return (v, m, chosen, plain)
            }
        }
    }
}
