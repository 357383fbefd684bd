import SFNJSON

/// Retriers and Catchers: ErrorEquals lists, States.ALL alone and last, known `States.` names,
/// retry timing fields in range, catcher targets and result handling.
enum RetryCatchRules {
    /// The predefined error names (ASL spec appendix and AWS additions).
    static let knownErrors: Set<String> = [
        "States.ALL", "States.DataLimitExceeded", "States.ExceedToleratedFailureThreshold",
        "States.HeartbeatTimeout", "States.Http.Socket", "States.IntrinsicFailure", "States.ItemReaderFailed",
        "States.NoChoiceMatched", "States.ParameterPathFailure", "States.Permissions",
        "States.ResultPathMatchFailure", "States.ResultWriterFailed", "States.Runtime", "States.TaskFailed",
        "States.Timeout", "States.QueryEvaluationError", "States.BranchFailed",
    ]

    private static let retrierFields: Set<String> = ["ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment"]
    private static let catcherFields: Set<String> = ["ErrorEquals", "Next", "ResultPath", "Output", "Assign", "Comment"]

    static func check(_ ctx: StateContext, info: inout StateValidator.Info) {
        if let retry = ctx.object["Retry"] { checkList(retry, field: "Retry", ctx: ctx, info: &info) }
        if let c = ctx.object["Catch"] { checkList(c, field: "Catch", ctx: ctx, info: &info) }
    }

    private static func checkList(_ value: JSONValue, field: String, ctx: StateContext, info: inout StateValidator.Info) {
        let listPointer = ctx.at(field)
        guard case .array(let rules) = value else {
            ctx.error("The field '\(field)' must be an array", at: listPointer)
            return
        }
        let noun = field == "Retry" ? "Retrier" : "Catcher"
        for (i, ruleValue) in rules.enumerated() {
            let p = JSONPointer.appending(listPointer, i)
            guard case .object(let rule) = ruleValue else {
                ctx.error("\(noun) #\(i + 1) must be a JSON object", at: p)
                continue
            }
            let allowed = field == "Retry" ? retrierFields : catcherFields
            for (k, v) in rule {
                let fp = JSONPointer.appending(p, k)
                guard allowed.contains(k) else {
                    ctx.error("The field '\(k)' is not supported in a \(noun)", at: fp)
                    continue
                }
                checkRuleField(k, v, at: fp, noun: noun, ctx: ctx, info: &info)
            }
            checkErrorEquals(rule["ErrorEquals"], at: p, noun: noun, isLast: i == rules.count - 1, ctx: ctx)
            if field == "Catch", rule["Next"] == nil {
                ctx.error("A Catcher must have the field 'Next'", at: p)
            }
        }
    }

    private static func checkRuleField(_ k: String, _ v: JSONValue, at p: String, noun: String,
                                       ctx: StateContext, info: inout StateValidator.Info) {
        switch k {
        case "IntervalSeconds":
            ctx.checkNumber(v, field: k, at: p, kind: .integer(min: 1, max: FieldTable.maxSeconds))
        case "MaxAttempts":
            ctx.checkNumber(v, field: k, at: p, kind: .integer(min: 0, max: FieldTable.maxSeconds))
        case "MaxDelaySeconds":
            ctx.checkNumber(v, field: k, at: p, kind: .integer(min: 1, max: 31_622_400))
        case "BackoffRate":
            if !(v.doubleValue.map { $0 >= 1.0 } ?? false) {
                ctx.error("The field 'BackoffRate' must be a number of at least 1.0", at: p)
            }
        case "JitterStrategy":
            if v.stringValue != "FULL", v.stringValue != "NONE" {
                ctx.error("The field 'JitterStrategy' must be \"FULL\" or \"NONE\"", at: p)
            }
        case "Comment":
            if v.stringValue == nil { ctx.error("The field 'Comment' must be a string", at: p) }
        case "Next":
            if let t = v.stringValue { info.transitions.append(.init(target: t, pointer: p)) }
            else { ctx.error("The Catcher's 'Next' must be a string naming a state", at: p) }
        case "ResultPath":
            if ctx.language == .jsonata {
                ctx.error("The QueryLanguage is set to 'JSONata', but field 'ResultPath' is only supported for the 'JSONPath' QueryLanguage", at: p)
            } else {
                ctx.checkPath(v, field: k, at: p, rules: [.null, .reference])
            }
        case "Output":
            if ctx.language == .jsonPath {
                ctx.error("The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage", at: p)
            } else {
                ctx.checkJSONataValue(v, field: "Output", at: p, access: .errorOutput)
            }
        case "Assign":
            ctx.checkAssign(v, at: p, access: .errorOutput)
        default:
            break
        }
    }

    private static func checkErrorEquals(_ value: JSONValue?, at p: String, noun: String, isLast: Bool, ctx: StateContext) {
        guard let value else {
            ctx.error("A \(noun) must have the field 'ErrorEquals'", at: p)
            return
        }
        let ep = JSONPointer.appending(p, "ErrorEquals")
        guard case .array(let names) = value, !names.isEmpty else {
            ctx.error("The \(noun)'s 'ErrorEquals' must be a non-empty array of error names", at: ep)
            return
        }
        for (j, n) in names.enumerated() {
            let np = JSONPointer.appending(ep, j)
            guard let name = n.stringValue else {
                ctx.error("The \(noun)'s 'ErrorEquals' entries must be strings", at: np)
                continue
            }
            if name == "States.ALL" {
                if names.count > 1 { ctx.error("'States.ALL' must appear alone in its \(noun)'s 'ErrorEquals'", at: np) }
                if !isLast { ctx.error("A \(noun) with 'States.ALL' must be the last one", at: np) }
            } else if name.hasPrefix("States."), !knownErrors.contains(name), !name.hasPrefix("States.Http.") {
                ctx.error("'\(name)' is not a predefined error name; names beginning with 'States.' are reserved", at: np)
            }
        }
    }
}
