import SFNJSON

/// A state machine inside a CloudFormation or SAM template (`Resources` entries of type
/// `AWS::StepFunctions::StateMachine` or `AWS::Serverless::StateMachine`) or a `serverless.yml`
/// (`stepFunctions.stateMachines`): picks the machine, reads `Definition`, `DefinitionString` or
/// `DefinitionUri`, resolves the template's intrinsic functions and applies
/// `DefinitionSubstitutions` with the caller's substitutions over them.
struct TemplateReader {
    let document: JSONValue
    let locations: SourceLocations?
    let file: String
    let options: DefinitionSourceOptions
    /// The template's text, for JSON embedded in it (`DefinitionString`).
    let text: String

    static let machineTypes: Set<String> = ["AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine"]

    /// The kind of template `value` is, or nil for a plain definition.
    static func kind(of value: JSONValue) -> DefinitionSource.Kind? {
        guard let o = value.objectValue, !o.contains("States"), !o.contains("StartAt") else { return nil }
        if o["stepFunctions"]?.objectValue != nil { return .serverless }
        if o["Resources"]?.objectValue != nil || o.contains("AWSTemplateFormatVersion") { return .cloudFormation }
        return nil
    }

    /// A machine found in the template: its name, its body and the pointer to the body.
    struct Machine {
        var name: String
        var body: JSONObject
        var pointer: String
    }

    func machines(kind: DefinitionSource.Kind) -> [Machine] {
        var found: [Machine] = []
        if kind == .serverless, let all = document["stepFunctions"]?["stateMachines"]?.objectValue {
            for (name, body) in all {
                if let b = body.objectValue {
                    found.append(
                        Machine(
                            name: name, body: b, pointer: "/stepFunctions/stateMachines/" + JSONPointer.escape(name)))
                }
            }
        }
        let resources = document["Resources"]?.objectValue ?? document["resources"]?["Resources"]?.objectValue
        let base = document["Resources"] != nil ? "/Resources/" : "/resources/Resources/"
        for (id, resource) in resources ?? JSONObject() {
            guard let type = resource["Type"]?.stringValue, Self.machineTypes.contains(type) else { continue }
            found.append(
                Machine(
                    name: id, body: resource["Properties"]?.objectValue ?? JSONObject(),
                    pointer: base + JSONPointer.escape(id) + "/Properties"))
        }
        return found
    }

    mutating func read(kind: DefinitionSource.Kind) throws(DefinitionSourceError) -> DefinitionSource {
        let all = machines(kind: kind)
        let what = kind == .serverless ? "serverless file" : "template"
        guard !all.isEmpty else {
            throw DefinitionSourceError(message: "The \(what) '\(file)' defines no state machine")
        }
        let machine: Machine
        if let wanted = options.stateMachine {
            guard let m = all.first(where: { $0.name == wanted }) else {
                let names = all.map(\.name)
                let hint = Suggestion.closest(to: wanted, in: names).map { " Did you mean '\($0)'?" } ?? ""
                throw DefinitionSourceError(
                    message:
                        "The \(what) has no state machine '\(wanted)' (it has: \(names.joined(separator: ", "))).\(hint)"
                )
            }
            machine = m
        } else if all.count == 1 {
            machine = all[0]
        } else {
            throw DefinitionSourceError(
                message:
                    "The \(what) defines \(all.count) state machines (\(all.map(\.name).joined(separator: ", "))); "
                    + "choose one with --state-machine NAME")
        }
        var resolver = IntrinsicResolver(template: document, kind: kind, substitutions: options.substitutions)
        let (definition, definitionLocations, definitionFile) = try body(of: machine, resolver: &resolver)
        // The template's substitutions, resolved, under the caller's.
        var values = options.substitutions
        let subsKey = kind == .serverless ? "definitionSubstitutions" : "DefinitionSubstitutions"
        for (k, v) in machine.body[subsKey]?.objectValue ?? JSONObject() where values[k] == nil {
            let r = resolver.resolve(v)
            values[k] = r.stringValue ?? JSONPrinter.compact(r)
        }
        let resolved = resolver.resolve(definition)
        if kind == .serverless { addSelfReferences(in: resolved, to: &values) }
        var source = DefinitionSource(
            file: definitionFile, kind: kind, definition: resolved, locations: definitionLocations,
            stateMachineName: machine.name, unresolved: [])
        source.substitute(values)
        return source
    }

    /// The definition of `machine` with the locations of its values, from whichever property holds it.
    private func body(of machine: Machine, resolver: inout IntrinsicResolver) throws(DefinitionSourceError)
        -> (JSONValue, SourceLocations?, String)
    {
        let b = machine.body
        for key in ["Definition", "definition"] {
            if let d = b[key] {
                return (d, rebased(locations, under: machine.pointer + "/" + key), file)
            }
        }
        if let s = b["DefinitionString"] {
            let text = resolver.resolve(s).stringValue ?? ""
            do {
                let value = try JSONParser.parse(text)
                let key = locations?.offsets[machine.pointer + "/DefinitionString"]
                if let key, let embedded = embeddedLocations(of: text, keyOffset: key) {
                    return (value, embedded, file)
                }
                // The string's own lines are not the file's: every value points at DefinitionString.
                let offsets = key.map { ["": $0] } ?? [:]
                return (value, locations.map { SourceLocations(offsets: offsets, source: $0.source) }, file)
            } catch {
                throw DefinitionSourceError(
                    message: "DefinitionString of '\(machine.name)' is not valid JSON: \(error)",
                    location: locations?.location(of: machine.pointer + "/DefinitionString"))
            }
        }
        if let uri = b["DefinitionUri"] {
            guard let path = uri.stringValue else {
                throw DefinitionSourceError(
                    message: "DefinitionUri of '\(machine.name)' names an S3 object; sfn reads local files only "
                        + "(give the path of the definition file)")
            }
            let full = path.hasPrefix("/") ? path : Self.directory(of: file) + "/" + path
            let inner = try DefinitionSource.read(file: full)
            return (inner.definition, inner.locations, full)
        }
        if b["DefinitionS3Location"] != nil {
            throw DefinitionSourceError(
                message:
                    "'\(machine.name)' keeps its definition in S3 (DefinitionS3Location); sfn reads local files only")
        }
        throw DefinitionSourceError(
            message: "The state machine '\(machine.name)' has no Definition, DefinitionString or DefinitionUri")
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The locations under `prefix`, keyed from it, so the definition's pointers find them.
    private func rebased(_ locations: SourceLocations?, under prefix: String) -> SourceLocations? {
        guard let locations else { return nil }
        var offsets: [String: Int] = [:]
        for (k, v) in locations.offsets where k.hasPrefix(prefix) {
            let rest = k.dropFirst(prefix.count)
            if rest.isEmpty || rest.first == "/" { offsets[String(rest)] = v }
        }
        return SourceLocations(offsets: offsets, source: locations.source)
    }
}

/// "Did you mean": the closest name by edit distance, when it is close enough to be a typo.
enum Suggestion {
    static func closest(to word: String, in names: [String]) -> String? {
        let scored = names.map { ($0, distance(Array(word.lowercased()), Array($0.lowercased()))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(2, word.count / 3) ? best.0 : nil
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
