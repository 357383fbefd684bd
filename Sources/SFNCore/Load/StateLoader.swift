import SFNJSON

/// Loads one state: its Type, each field checked against the state type's table and compiled in
/// the same step, the field groups that exclude each other, the fields it needs, then the type's
/// own rules; the node is assembled from what the fields compiled to.
enum StateLoader {
    /// A transition by name, resolved once the whole machine is known.
    struct Edge { let target: String; let pointer: String }

    struct Info {
        var transitions: [Edge] = []
        var isTerminal = false
        /// The loaded state; nil when it has errors.
        var node: StateNode?
    }

    static func load(
        name: String, value: JSONValue, pointer: String, machineLanguage: ExpressionLanguage,
        scope: VariableScope, depth: Int, names: [String: Int], walk: LoadWalk
    ) -> Info {
        var info = Info()
        let sink = walk.sink
        guard case .object(let object) = value else {
            sink.error(DiagnosticCode.schema, "State '\(name)' must be a JSON object", at: pointer)
            return info
        }
        // Without a usable Type, still follow Next and End so the graph checks do not pile on.
        var fallback = Info()
        if let next = object["Next"]?.stringValue {
            fallback.transitions.append(.init(target: next, pointer: JSONPointer.appending(pointer, "Next")))
        }
        fallback.isTerminal = object["End"]?.boolValue == true
        guard let typeValue = object["Type"] else {
            sink.error(DiagnosticCode.schema, "State '\(name)' is missing the required field 'Type'", at: pointer)
            return fallback
        }
        guard let type = typeValue.stringValue, let table = FieldTable.fields(type) else {
            sink.error(
                DiagnosticCode.schema,
                "State '\(name)' has the unknown Type \(typeValue); expected one of Pass, Task, Choice, Wait, "
                    + "Succeed, Fail, Parallel, Map",
                at: JSONPointer.appending(pointer, "Type"))
            return fallback
        }
        var language = machineLanguage
        if let q = object["QueryLanguage"] {
            if let l = q.stringValue.flatMap(ExpressionLanguage.init(rawValue:)) {
                // Only checked for top-level states: a JSONPath state inside a Distributed Map's
                // processor of a JSONata machine is accepted (asl-validator's valid corpus has one).
                if machineLanguage == .jsonata, l == .jsonPath, depth == 1 {
                    sink.error(
                        DiagnosticCode.schema,
                        "State '\(name)': 'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole "
                            + "state machine",
                        at: JSONPointer.appending(pointer, "QueryLanguage"))
                }
                language = l
            } else {
                sink.error(
                    DiagnosticCode.schema, "State '\(name)': 'QueryLanguage' must be \"JSONPath\" or \"JSONata\"",
                    at: JSONPointer.appending(pointer, "QueryLanguage"))
            }
        }
        let ctx = StateContext(
            walk: walk, name: name, pointer: pointer, object: object, type: type,
            language: language, machineLanguage: machineLanguage, scope: scope, machineDepth: depth,
            names: names)
        let outerUsesContext = walk.stateUsesContext
        walk.stateUsesContext = false
        defer { walk.stateUsesContext = outerUsesContext || walk.stateUsesContext }
        var fields = CompiledFields()

        for (field, v) in object {
            let p = ctx.at(field)
            guard let spec = table[field] else {
                if FieldTable.allStateFields.contains(field) {
                    ctx.error("Field '\(field)' is not supported (state type '\(type)')", at: p)
                } else {
                    ctx.error("Field '\(field)' is not supported", at: p)
                }
                continue
            }
            if let required = spec.language, required != language {
                ctx.wrongLanguage(field, needs: required, at: p)
                continue
            }
            fields[field] = checkField(field, v, kind: spec.kind, at: p, ctx: ctx, info: &info)
        }

        for group in FieldTable.exclusiveGroups {
            let present = group.filter { object[$0] != nil }
            if present.count > 1 {
                ctx.error(
                    "There should only be one of the following fields: [\(present.joined(separator: ", "))]",
                    at: ctx.at(present[1]))
            }
        }

        if FieldTable.transitioning.contains(type) {
            let ends = object["End"]?.boolValue == true
            if ends { info.isTerminal = true }
            if object["Next"] == nil, !ends {
                ctx.error("A '\(type)' state must have either 'Next' or \"End\": true", at: pointer)
            }
        }
        var kind: StateKind?
        switch type {
        case "Succeed":
            info.isTerminal = true
            kind = .succeed
        case "Fail":
            info.isTerminal = true
            kind = .fail(FailState(error: fields.string("Error"), cause: fields.string("Cause")))
        case "Pass":
            if case .value(let result)? = fields["Result"] {
                kind = .pass(PassState(result: result))
            } else {
                kind = .pass(PassState(result: nil))
            }
        case "Task": kind = TaskRules.check(ctx, fields: fields).map(StateKind.task)
        case "Wait": kind = WaitRules.check(ctx, fields: fields).map(StateKind.wait)
        case "Choice": kind = ChoiceRules.check(ctx, fields: fields, info: &info).map(StateKind.choice)
        case "Parallel": kind = ParallelRules.check(ctx).map(StateKind.parallel)
        case "Map": kind = MapRules.check(ctx, fields: fields).map(StateKind.map)
        default: break
        }
        var retriers: [Retrier] = []
        var catchers: [Catcher] = []
        if object["Retry"] != nil || object["Catch"] != nil {
            (retriers, catchers) = RetryCatchRules.check(ctx, info: &info)
        }
        guard let kind else { return info }
        let transition = fields.target("Next").map(Transition.next) ?? .end
        let io = PathDataFlow(
            inputPath: fields.filter("InputPath"), parameters: fields.template("Parameters"),
            resultSelector: fields.template("ResultSelector"), resultPath: fields.resultPath,
            outputPath: fields.filter("OutputPath"))
        info.node = StateNode(
            name: name, pointer: pointer, location: walk.sink.location(of: pointer),
            queryLanguage: language, comment: fields.value("Comment")?.stringValue,
            transition: transition, kind: kind, io: io, arguments: fields.template("Arguments"),
            output: fields.template("Output"), assign: fields.template("Assign"),
            retriers: retriers, catchers: catchers, usesContext: walk.stateUsesContext)
        return info
    }

    /// Checks one field and returns what it compiles to (nil for fields the rules load themselves).
    private static func checkField(
        _ field: String, _ v: JSONValue, kind: FieldKind, at p: String,
        ctx: StateContext, info: inout Info
    ) -> Compiled? {
        let producesResult = ["Task", "Map", "Parallel", "Pass"].contains(ctx.type)
        switch kind {
        case .type, .queryLanguage, .custom:
            return nil
        case .comment:
            if v.stringValue == nil { ctx.error("The field 'Comment' must be a string", at: p) }
            return .value(v)
        case .stateName:
            guard let target = v.stringValue else {
                ctx.error("The field '\(field)' must be a string naming a state", at: p)
                return nil
            }
            info.transitions.append(.init(target: target, pointer: p))
            return ctx.names[target].map(Compiled.target)
        case .end:
            if v.boolValue == nil { ctx.error("The field 'End' must be a boolean", at: p) }
            return .value(v)
        case .resource:
            checkResource(v, at: p, ctx: ctx)
            return .value(v)
        case .inputOutputPath:
            if v.isNull || v.stringValue == "$" { return .filter(v.isNull ? .null : .identity) }
            return ctx.checkPath(v, field: field, at: p, rules: [.null, .context, .variables]).map {
                .filter(.path($0))
            }
        case .resultPath:
            return resultPath(v, at: p, ctx: ctx).map(Compiled.resultPath)
        case .valuePath, .itemsPath:
            return ctx.checkPath(v, field: field, at: p, rules: [.reference, .context, .variables]).map(Compiled.path)
        case .countPath:
            return ctx.checkPath(v, field: field, at: p, rules: [.reference, .variables]).map(Compiled.path)
        case .pathOrIntrinsic:
            return ctx.checkPathExpression(v, field: field, at: p, rules: [.reference, .context, .variables])
                .map { .string(.path($0, field: field)) }
        case .payloadTemplate:
            return ctx.checkPayloadTemplate(v, field: field, at: p).map(Compiled.template)
        case .credentials:
            checkCredentials(v, at: p, ctx: ctx)
            return .value(v)
        case .assign:
            return ctx.checkAssign(v, at: p, access: producesResult ? .result : []).map(Compiled.template)
        case .literal:
            if let s = v.stringValue, s.hasPrefix("$.") || s.hasPrefix("$$.") {
                ctx.sink.warning(
                    .passResultIsStatic, ctx.say("'Result' is taken literally; '\(s)' is not evaluated as a path"),
                    at: p)
            }
            return .value(v)
        case .jsonataValue:
            let access: StateContext.StatesAccess = field == "Output" && producesResult ? .result : []
            return ctx.checkJSONataValue(v, field: field, at: p, access: access).map(Compiled.template)
        case .items:
            if let body = ValueChecks.jsonataBody(v) {
                return ctx.checkExpression(body, field: field, at: p, access: []).map {
                    .template(.jsonata($0, field: field))
                }
            }
            if case .array = v {
                return ctx.checkJSONataValue(v, field: field, at: p, access: []).map(Compiled.template)
            }
            ctx.error("The field 'Items' must be an array or a JSONata expression", at: p)
            return nil
        case .integer, .number:
            return ctx.checkNumber(v, field: field, at: p, kind: kind).map(Compiled.number)
        case .timestamp:
            if ctx.language == .jsonata, let body = ValueChecks.jsonataBody(v) {
                return ctx.checkExpression(body, field: field, at: p, access: []).map(Compiled.jsonata)
            }
            if !(v.stringValue.map(ValueChecks.isTimestamp) ?? false) {
                ctx.error("The field 'Timestamp' must be an ISO-8601 date-time such as \"2016-03-14T01:59:00Z\"", at: p)
                return nil
            }
            return .value(v)
        case .text:
            if ctx.language == .jsonata, let body = ValueChecks.jsonataBody(v) {
                return ctx.checkExpression(body, field: field, at: p, access: []).map {
                    .string(.jsonata($0, field: field))
                }
            }
            guard let s = v.stringValue else {
                ctx.error("The field '\(field)' must be a string", at: p)
                return nil
            }
            return .string(.literal(s))
        }
    }

    /// ResultPath (of a state or a Catcher): a reference path, `$` or null.
    static func resultPath(_ v: JSONValue, at p: String, ctx: StateContext) -> ResultPathSpec? {
        if v.isNull { return .discard }
        if v.stringValue == "$" { return .replace }
        return ctx.checkPath(v, field: "ResultPath", at: p, rules: [.null, .reference]).map(ResultPathSpec.path)
    }

    private static func checkResource(_ v: JSONValue, at p: String, ctx: StateContext) {
        guard let s = v.stringValue else {
            ctx.error("The field 'Resource' must be a string", at: p, code: .invalidResource)
            return
        }
        // `shell:<command line>` is sfn's own resource: the command line may hold spaces.
        if s.hasPrefix("shell:") {
            if s.dropFirst(6).allSatisfy(\.isWhitespace) {
                ctx.error("The field 'Resource' names no command after 'shell:'", at: p, code: .invalidResource)
            }
        } else if !ValueChecks.isURI(s) {
            ctx.error("The field 'Resource' must be a URI such as an ARN, not '\(s)'", at: p, code: .invalidResource)
        }
    }

    private static func checkCredentials(_ v: JSONValue, at p: String, ctx: StateContext) {
        guard case .object = v else {
            if ctx.language == .jsonata, let body = ValueChecks.jsonataBody(v) {
                ctx.checkExpression(body, field: "Credentials", at: p, access: [])
            } else {
                ctx.error("The field 'Credentials' must be a JSON object", at: p)
            }
            return
        }
        if ctx.language == .jsonata {
            _ = ctx.checkJSONataValue(v, field: "Credentials", at: p, access: [])
        } else {
            _ = ctx.checkPayloadTemplate(v, field: "Credentials", at: p)
        }
    }
}
