import SFNJSON

/// Loads a state machine (the definition itself, a Parallel branch or a Map's ItemProcessor):
/// its own fields, every state in it, and the graph the states form.
enum MachineLoader {
    enum Kind { case root, branch, processor }

    /// The one load pass over a whole definition: every diagnostic goes to `sink`; the model is
    /// returned when every state could be built, which errors that do not touch the model (a
    /// duplicate name, an unknown field) allow. Whether it may run is the caller's policy.
    static func loadRoot(_ definition: JSONValue, sink: DiagnosticSink) -> MachineDefinition? {
        let walk = LoadWalk(sink: sink)
        var language = ExpressionLanguage.jsonPath
        if let q = definition["QueryLanguage"]?.stringValue, let l = ExpressionLanguage(rawValue: q) { language = l }
        var fields = CompiledFields()
        let graph = load(
            definition, pointer: "", kind: .root, language: language,
            scope: VariableScope(parent: nil), depth: 1, walk: walk, fields: &fields)
        walk.finishVariables()
        guard let graph else { return nil }
        return MachineDefinition(
            graph: graph, timeoutSeconds: fields.value("TimeoutSeconds")?.intValue,
            version: fields.value("Version")?.stringValue, comment: graph.comment, usesContext: walk.usesContext)
    }

    static let topFields: Set<String> = [
        "StartAt", "States", "Comment", "Version", "TimeoutSeconds", "QueryLanguage",
    ]
    private static let nestedFields: Set<String> = ["StartAt", "States", "Comment"]

    /// Loads a machine; `fields` gets its own fields (Comment, Version, TimeoutSeconds) once checked.
    static func load(
        _ value: JSONValue, pointer: String, kind: Kind, language: ExpressionLanguage,
        scope: VariableScope, depth: Int, walk: LoadWalk
    ) -> StateGraph? {
        var fields = CompiledFields()
        return load(
            value, pointer: pointer, kind: kind, language: language, scope: scope, depth: depth, walk: walk,
            fields: &fields)
    }

    private static func load(
        _ value: JSONValue, pointer: String, kind: Kind, language: ExpressionLanguage,
        scope: VariableScope, depth: Int, walk: LoadWalk, fields: inout CompiledFields
    ) -> StateGraph? {
        let sink = walk.sink
        let what = kind == .root ? "The state machine" : kind == .branch ? "The branch" : "The item processor"
        guard case .object(let machine) = value else {
            sink.error(DiagnosticCode.schema, "\(what) must be a JSON object", at: pointer)
            return nil
        }
        guard depth <= LoadWalk.maxMachineDepth else {
            sink.error(
                DiagnosticCode.tooDeeplyNested, "\(what) is nested more than \(LoadWalk.maxMachineDepth) levels deep",
                at: pointer)
            return nil
        }
        fields = checkOwnFields(machine, pointer: pointer, kind: kind, what: what, sink: sink)

        let startPointer = JSONPointer.appending(pointer, "StartAt")
        let startAt = machine["StartAt"]
        if startAt == nil {
            sink.error(DiagnosticCode.schema, "\(what) is missing the required field 'StartAt'", at: pointer)
        } else if startAt?.stringValue == nil {
            sink.error(DiagnosticCode.schema, "\(what)'s 'StartAt' must be a string", at: startPointer)
        }
        let statesPointer = JSONPointer.appending(pointer, "States")
        guard let statesValue = machine["States"] else {
            sink.error(DiagnosticCode.schema, "\(what) is missing the required field 'States'", at: pointer)
            return nil
        }
        guard case .object(let states) = statesValue else {
            sink.error(DiagnosticCode.schema, "\(what)'s 'States' must be a JSON object", at: statesPointer)
            return nil
        }
        if states.isEmpty {
            sink.error(DiagnosticCode.schema, "\(what)'s 'States' must contain at least one state", at: statesPointer)
        }

        var names: [String: Int] = [:]
        for (i, name) in states.keys.enumerated() { names[name] = i }
        var edges: [String: [String]] = [:]
        var hasTerminal = false
        var nodes: [StateNode] = []
        for (name, stateValue) in states {
            let statePointer = JSONPointer.appending(statesPointer, name)
            checkName(name, pointer: statePointer, walk: walk)
            let info = StateLoader.load(
                name: name, value: stateValue, pointer: statePointer, machineLanguage: language,
                scope: scope, depth: depth, names: names, walk: walk)
            if let node = info.node { nodes.append(node) }
            if info.isTerminal { hasTerminal = true }
            for t in info.transitions {
                if states[t.target] == nil {
                    sink.error(
                        DiagnosticCode.missingTransitionTarget,
                        "State '\(name)': Missing 'Next' target: \(t.target) (no such state in this "
                            + "\(kind == .root ? "state machine" : kind == .branch ? "branch" : "item processor"))",
                        at: t.pointer)
                } else {
                    edges[name, default: []].append(t.target)
                }
            }
        }

        if let start = startAt?.stringValue, states[start] == nil {
            sink.error(
                DiagnosticCode.missingTransitionTarget,
                "\(what)'s 'StartAt' names '\(start)', which is not one of its states", at: startPointer)
        }
        if !states.isEmpty, !hasTerminal {
            // AWS reports only this then, not the states a loop leaves unreachable.
            sink.error(
                DiagnosticCode.missingEndState,
                (kind == .root ? "Workflow" : what)
                    + " has no terminal state (a Succeed or Fail state, or one with \"End\": true)",
                at: statesPointer)
        } else if let start = startAt?.stringValue, states[start] != nil {
            reportUnreachable(from: start, states: states, edges: edges, statesPointer: statesPointer, sink: sink)
        }
        guard nodes.count == states.count, let start = startAt?.stringValue.flatMap({ names[$0] }) else { return nil }
        return StateGraph(
            states: nodes, startIndex: start, indexByName: names, queryLanguage: language,
            comment: fields.value("Comment")?.stringValue, pointer: pointer)
    }

    private static func checkOwnFields(
        _ machine: JSONObject, pointer: String, kind: Kind, what: String, sink: DiagnosticSink
    ) -> CompiledFields {
        var fields = CompiledFields()
        for (key, value) in machine {
            let p = JSONPointer.appending(pointer, key)
            let allowed =
                kind == .root
                ? topFields.contains(key)
                : (nestedFields.contains(key) || (kind == .processor && key == "ProcessorConfig"))
            if !allowed {
                sink.error(DiagnosticCode.schema, "Field '\(key)' is not supported (in \(what.lowercased()))", at: p)
                continue
            }
            switch key {
            case "Comment":
                if value.stringValue == nil {
                    sink.error(DiagnosticCode.schema, "\(what)'s 'Comment' must be a string", at: p)
                }
            case "Version":
                if value.stringValue != "1.0" {
                    sink.error(DiagnosticCode.schema, "\(what)'s 'Version' must be \"1.0\"", at: p)
                }
            case "TimeoutSeconds":
                if !ValueChecks.isInteger(value, min: 1, max: Int.max) {
                    sink.error(DiagnosticCode.schema, "\(what)'s 'TimeoutSeconds' must be a positive integer", at: p)
                }
            case "QueryLanguage":
                if value.stringValue.flatMap(ExpressionLanguage.init(rawValue:)) == nil {
                    sink.error(
                        DiagnosticCode.schema, "\(what)'s 'QueryLanguage' must be \"JSONPath\" or \"JSONata\"", at: p)
                }
            default: break
            }
            fields[key] = .value(value)
        }
        return fields
    }

    /// AWS caps state names at 80 characters and wants them unique in the whole definition.
    private static func checkName(_ name: String, pointer: String, walk: LoadWalk) {
        if name.isEmpty || name.unicodeScalars.count > 80 {
            walk.sink.error(
                DiagnosticCode.invalidStateName, "The state name '\(name)' must be 1 to 80 characters long", at: pointer
            )
        } else if name.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            walk.sink.error(
                DiagnosticCode.invalidStateName, "The state name '\(name)' contains a control character", at: pointer)
        }
        if let first = walk.stateNames[name] {
            walk.sink.error(
                DiagnosticCode.duplicateStateName,
                "The state name '\(name)' is already used at \(first); state names must be unique in the whole "
                    + "definition",
                at: pointer)
        } else {
            walk.stateNames[name] = pointer
        }
    }

    private static func reportUnreachable(
        from start: String, states: JSONObject, edges: [String: [String]],
        statesPointer: String, sink: DiagnosticSink
    ) {
        var seen: Set<String> = [start]
        var queue = [start]
        while let s = queue.popLast() {
            for t in edges[s] ?? [] where !seen.contains(t) {
                seen.insert(t)
                queue.append(t)
            }
        }
        for name in states.keys where !seen.contains(name) {
            sink.error(
                DiagnosticCode.missingTransitionTarget, "State \"\(name)\" is not reachable.",
                at: JSONPointer.appending(statesPointer, name))
        }
    }
}
