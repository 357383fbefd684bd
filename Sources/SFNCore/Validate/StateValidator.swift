import SFNJSON

/// Checks one state: its Type, each field against the state type's table, the field groups that
/// exclude each other, the fields it needs, then the type's own rules.
enum StateValidator {
    struct Transition { let target: String; let pointer: String }

    struct Info {
        var transitions: [Transition] = []
        var isTerminal = false
    }

    static func validate(name: String, value: JSONValue, pointer: String, machineLanguage: QueryLanguage,
                         scope: VariableScope, depth: Int, walk: ValidationWalk) -> Info {
        var info = Info()
        let sink = walk.sink
        guard case .object(let object) = value else {
            sink.error(DiagnosticCode.schema, "State '\(name)' must be a JSON object", at: pointer)
            return info
        }
        // Without a usable Type, still follow Next and End so the graph checks do not pile on.
        var fallback = Info()
        if let next = object["Next"]?.stringValue { fallback.transitions.append(.init(target: next, pointer: JSONPointer.appending(pointer, "Next"))) }
        fallback.isTerminal = object["End"]?.boolValue == true
        guard let typeValue = object["Type"] else {
            sink.error(DiagnosticCode.schema, "State '\(name)' is missing the required field 'Type'", at: pointer)
            return fallback
        }
        guard let type = typeValue.stringValue, let table = FieldTable.byType[type] else {
            sink.error(DiagnosticCode.schema, "State '\(name)' has the unknown Type \(typeValue); expected one of Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map",
                       at: JSONPointer.appending(pointer, "Type"))
            return fallback
        }
        var language = machineLanguage
        if let q = object["QueryLanguage"] {
            if let l = q.stringValue.flatMap(QueryLanguage.init(rawValue:)) {
                // Only checked for top-level states: a JSONPath state inside a Distributed Map's
                // processor of a JSONata machine is accepted (asl-validator's valid corpus has one).
                if machineLanguage == .jsonata, l == .jsonPath, depth == 1 {
                    sink.error(DiagnosticCode.schema, "State '\(name)': 'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
                               at: JSONPointer.appending(pointer, "QueryLanguage"))
                }
                language = l
            } else {
                sink.error(DiagnosticCode.schema, "State '\(name)': 'QueryLanguage' must be \"JSONPath\" or \"JSONata\"",
                           at: JSONPointer.appending(pointer, "QueryLanguage"))
            }
        }
        let ctx = StateContext(walk: walk, name: name, pointer: pointer, object: object, type: type,
                               language: language, machineLanguage: machineLanguage, scope: scope, machineDepth: depth)

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
                ctx.error("The QueryLanguage is set to '\(language.rawValue)', but field '\(field)' is only supported for the '\(required.rawValue)' QueryLanguage", at: p)
                continue
            }
            checkField(field, v, kind: spec.kind, at: p, ctx: ctx, info: &info)
        }

        for group in FieldTable.exclusiveGroups {
            let present = group.filter { object[$0] != nil }
            if present.count > 1 {
                ctx.error("There should only be one of the following fields: [\(present.joined(separator: ", "))]", at: ctx.at(present[1]))
            }
        }

        if FieldTable.transitioning.contains(type) {
            let ends = object["End"]?.boolValue == true
            if ends { info.isTerminal = true }
            if object["Next"] == nil, !ends {
                ctx.error("A '\(type)' state must have either 'Next' or \"End\": true", at: pointer)
            }
        }
        switch type {
        case "Succeed", "Fail": info.isTerminal = true
        case "Task": TaskRules.check(ctx)
        case "Wait":
            if !["Seconds", "SecondsPath", "Timestamp", "TimestampPath"].contains(where: { object[$0] != nil }) {
                ctx.error("A Wait state must have one of 'Seconds', 'SecondsPath', 'Timestamp' or 'TimestampPath'", at: pointer)
            }
        case "Choice": ChoiceRules.check(ctx, info: &info)
        case "Parallel": ParallelRules.check(ctx)
        case "Map": MapRules.check(ctx)
        default: break
        }
        if object["Retry"] != nil || object["Catch"] != nil { RetryCatchRules.check(ctx, info: &info) }
        return info
    }

    private static func checkField(_ field: String, _ v: JSONValue, kind: FieldKind, at p: String,
                                   ctx: StateContext, info: inout Info) {
        let producesResult = ["Task", "Map", "Parallel", "Pass"].contains(ctx.type)
        switch kind {
        case .type, .queryLanguage, .custom:
            break
        case .comment:
            if v.stringValue == nil { ctx.error("The field 'Comment' must be a string", at: p) }
        case .stateName:
            if let target = v.stringValue { info.transitions.append(.init(target: target, pointer: p)) }
            else { ctx.error("The field '\(field)' must be a string naming a state", at: p) }
        case .end:
            if v.boolValue == nil { ctx.error("The field 'End' must be a boolean", at: p) }
        case .resource:
            if let s = v.stringValue {
                // `shell:<command line>` is sfn's own resource: the command line may hold spaces.
                if s.hasPrefix("shell:") {
                    if s.dropFirst(6).allSatisfy(\.isWhitespace) {
                        ctx.error("The field 'Resource' names no command after 'shell:'", at: p, code: DiagnosticCode.invalidResource)
                    }
                } else if !ValueChecks.isURI(s) {
                    ctx.error("The field 'Resource' must be a URI such as an ARN, not '\(s)'", at: p, code: DiagnosticCode.invalidResource)
                }
            } else {
                ctx.error("The field 'Resource' must be a string", at: p, code: DiagnosticCode.invalidResource)
            }
        case .inputOutputPath:
            ctx.checkPath(v, field: field, at: p, rules: [.null, .context, .variables])
        case .resultPath:
            ctx.checkPath(v, field: field, at: p, rules: [.null, .reference])
        case .valuePath:
            ctx.checkPath(v, field: field, at: p, rules: [.reference, .context, .variables])
        case .countPath:
            ctx.checkPath(v, field: field, at: p, rules: [.reference, .variables])
        case .itemsPath:
            ctx.checkPath(v, field: field, at: p, rules: [.reference, .context, .variables])
        case .pathOrIntrinsic:
            ctx.checkPath(v, field: field, at: p, rules: [.reference, .context, .variables, .intrinsic])
        case .payloadTemplate:
            ctx.checkPayloadTemplate(v, field: field, at: p)
        case .credentials:
            guard case .object = v else {
                if ctx.language == .jsonata, let body = ValueChecks.jsonataBody(v) {
                    ctx.checkExpression(body, field: field, at: p, access: [])
                } else {
                    ctx.error("The field 'Credentials' must be a JSON object", at: p)
                }
                return
            }
            if ctx.language == .jsonata { ctx.checkJSONataValue(v, field: field, at: p, access: []) }
            else { ctx.checkPayloadTemplate(v, field: field, at: p) }
        case .assign:
            ctx.checkAssign(v, at: p, access: producesResult ? .result : [])
        case .literal:
            if let s = v.stringValue, s.hasPrefix("$.") || s.hasPrefix("$$.") {
                ctx.sink.warning(DiagnosticCode.passResultIsStatic, ctx.say("'Result' is taken literally; '\(s)' is not evaluated as a path"), at: p)
            }
        case .jsonataValue:
            ctx.checkJSONataValue(v, field: field, at: p, access: field == "Output" && producesResult ? .result : [])
        case .items:
            if let body = ValueChecks.jsonataBody(v) { ctx.checkExpression(body, field: field, at: p, access: []) }
            else if case .array = v { ctx.checkJSONataValue(v, field: field, at: p, access: []) }
            else { ctx.error("The field 'Items' must be an array or a JSONata expression", at: p) }
        case .integer, .number:
            ctx.checkNumber(v, field: field, at: p, kind: kind)
        case .timestamp:
            if ctx.language == .jsonata, let body = ValueChecks.jsonataBody(v) {
                ctx.checkExpression(body, field: field, at: p, access: [])
            } else if !(v.stringValue.map(ValueChecks.isTimestamp) ?? false) {
                ctx.error("The field 'Timestamp' must be an ISO-8601 date-time such as \"2016-03-14T01:59:00Z\"", at: p)
            }
        case .text:
            if ctx.language == .jsonata, let body = ValueChecks.jsonataBody(v) {
                ctx.checkExpression(body, field: field, at: p, access: [])
            } else if v.stringValue == nil {
                ctx.error("The field '\(field)' must be a string", at: p)
            }
        }
    }
}
