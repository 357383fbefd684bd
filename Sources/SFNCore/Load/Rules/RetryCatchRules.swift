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

    static let retrierFields: Set<String> = [
        "ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment",
    ]
    static let catcherFields: Set<String> = [
        "ErrorEquals", "Next", "ResultPath", "Output", "Assign", "Comment",
    ]

    static func check(_ ctx: StateContext, info: inout StateLoader.Info) -> ([Retrier], [Catcher]) {
        var retriers: [Retrier] = []
        var catchers: [Catcher] = []
        if let retry = ctx.object["Retry"] {
            retriers = checkList(retry, field: "Retry", ctx: ctx, info: &info).compactMap(retrier)
        }
        if let c = ctx.object["Catch"] {
            catchers = checkList(c, field: "Catch", ctx: ctx, info: &info).compactMap(catcher)
        }
        return (retriers, catchers)
    }

    /// One Retrier or Catcher as loaded: its error names and compiled fields.
    private struct Loaded {
        var errorEquals: [String]?
        var fields = CompiledFields()
    }

    private static func retrier(_ r: Loaded) -> Retrier? {
        guard let errors = r.errorEquals else { return nil }
        func int(_ k: String) -> Int? { r.fields.value(k)?.intValue }
        return Retrier(
            errorEquals: errors, intervalSeconds: int("IntervalSeconds") ?? 1, maxAttempts: int("MaxAttempts") ?? 3,
            backoffRate: r.fields.value("BackoffRate")?.doubleValue ?? 2.0,
            maxDelaySeconds: int("MaxDelaySeconds"),
            jitterFull: r.fields.value("JitterStrategy")?.stringValue == "FULL")
    }

    private static func catcher(_ c: Loaded) -> Catcher? {
        guard let errors = c.errorEquals, let index = c.fields.target("Next") else { return nil }
        return Catcher(
            errorEquals: errors, next: index, resultPath: c.fields.resultPath,
            output: c.fields.template("Output"), assign: c.fields.template("Assign"))
    }

    private static func checkList(
        _ value: JSONValue, field: String, ctx: StateContext,
        info: inout StateLoader.Info
    ) -> [Loaded] {
        let listPointer = ctx.at(field)
        guard case .array(let rules) = value else {
            ctx.error("The field '\(field)' must be an array", at: listPointer)
            return []
        }
        let noun = field == "Retry" ? "Retrier" : "Catcher"
        var loaded: [Loaded] = []
        for (i, ruleValue) in rules.enumerated() {
            let p = JSONPointer.appending(listPointer, i)
            guard case .object(let rule) = ruleValue else {
                ctx.error("\(noun) #\(i + 1) must be a JSON object", at: p)
                continue
            }
            let allowed = field == "Retry" ? retrierFields : catcherFields
            var one = Loaded()
            for (k, v) in rule {
                let fp = JSONPointer.appending(p, k)
                guard allowed.contains(k) else {
                    ctx.error("The field '\(k)' is not supported in a \(noun)", at: fp)
                    continue
                }
                one.fields[k] = checkRuleField(k, v, at: fp, noun: noun, ctx: ctx, info: &info)
            }
            one.errorEquals = checkErrorEquals(
                rule["ErrorEquals"], at: p, noun: noun, isLast: i == rules.count - 1, ctx: ctx)
            if field == "Catch", rule["Next"] == nil {
                ctx.error("A Catcher must have the field 'Next'", at: p)
            }
            loaded.append(one)
        }
        return loaded
    }

    private static func checkRuleField(
        _ k: String, _ v: JSONValue, at p: String, noun: String,
        ctx: StateContext, info: inout StateLoader.Info
    ) -> Compiled? {
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
            guard let t = v.stringValue else {
                ctx.error("The Catcher's 'Next' must be a string naming a state", at: p)
                return nil
            }
            info.transitions.append(.init(target: t, pointer: p))
            return ctx.names[t].map(Compiled.target)
        case "ResultPath":
            if ctx.language == .jsonata {
                ctx.wrongLanguage("ResultPath", needs: .jsonPath, at: p)
                return nil
            }
            return StateLoader.resultPath(v, at: p, ctx: ctx).map(Compiled.resultPath)
        case "Output":
            if ctx.language == .jsonPath {
                ctx.wrongLanguage("Output", needs: .jsonata, at: p)
                return nil
            }
            return ctx.checkJSONataValue(v, field: "Output", at: p, access: .errorOutput).map(Compiled.template)
        case "Assign":
            return ctx.checkAssign(v, at: p, access: .errorOutput).map(Compiled.template)
        default:
            break
        }
        return .value(v)
    }

    private static func checkErrorEquals(
        _ value: JSONValue?, at p: String, noun: String, isLast: Bool,
        ctx: StateContext
    ) -> [String]? {
        guard let value else {
            ctx.error("A \(noun) must have the field 'ErrorEquals'", at: p)
            return nil
        }
        let ep = JSONPointer.appending(p, "ErrorEquals")
        guard case .array(let names) = value, !names.isEmpty else {
            ctx.error("The \(noun)'s 'ErrorEquals' must be a non-empty array of error names", at: ep)
            return nil
        }
        var errors: [String] = []
        for (j, n) in names.enumerated() {
            let np = JSONPointer.appending(ep, j)
            guard let name = n.stringValue else {
                ctx.error("The \(noun)'s 'ErrorEquals' entries must be strings", at: np)
                continue
            }
            errors.append(name)
            if name == "States.ALL" {
                if names.count > 1 {
                    ctx.error("'States.ALL' must appear alone in its \(noun)'s 'ErrorEquals'", at: np)
                }
                if !isLast { ctx.error("A \(noun) with 'States.ALL' must be the last one", at: np) }
            } else if name.hasPrefix("States."), !knownErrors.contains(name), !name.hasPrefix("States.Http.") {
                // AWS deploys such definitions: the prefix is reserved for the errors states raise,
                // and a name no state raises only never matches.
                ctx.warning(
                    .reservedErrorName,
                    "'\(name)' is not a predefined error name; names beginning with 'States.' are reserved for "
                        + "the errors states raise (AWS accepts the definition)", at: np)
            }
        }
        return errors.count == names.count ? errors : nil
    }
}
