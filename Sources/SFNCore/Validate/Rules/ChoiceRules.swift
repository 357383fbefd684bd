import SFNJSON

/// Choice states: a non-empty Choices list of well-formed rules. In JSONPath a rule is one
/// comparison (Variable + one operator) or an And/Or/Not combination, and only top-level rules
/// carry Next; in JSONata a rule is a Condition with a Next.
enum ChoiceRules {
    enum Operand { case string, number, boolean, timestamp, path }

    static let comparisons: [String: Operand] = {
        var m: [String: Operand] = [:]
        for base in ["Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals"] {
            m["String" + base] = .string
            m["Numeric" + base] = .number
            m["Timestamp" + base] = .timestamp
            m["String" + base + "Path"] = .path
            m["Numeric" + base + "Path"] = .path
            m["Timestamp" + base + "Path"] = .path
        }
        m["StringMatches"] = .string
        m["BooleanEquals"] = .boolean
        m["BooleanEqualsPath"] = .path
        for t in ["IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp"] { m[t] = .boolean }
        return m
    }()

    static func check(_ ctx: StateContext, info: inout StateValidator.Info) {
        guard let choices = ctx.object["Choices"] else {
            ctx.error("A Choice state must have the field 'Choices'", at: ctx.pointer)
            return
        }
        guard case .array(let rules) = choices, !rules.isEmpty else {
            ctx.error("The field 'Choices' must be a non-empty array of Choice Rules", at: ctx.at("Choices"))
            return
        }
        for (i, rule) in rules.enumerated() {
            let p = JSONPointer.appending(ctx.at("Choices"), i)
            if ctx.language == .jsonata {
                checkJSONataRule(rule, at: p, ctx: ctx, info: &info)
            } else {
                checkRule(rule, at: p, topLevel: true, depth: 0, ctx: ctx, info: &info)
            }
        }
    }

    private static func checkJSONataRule(_ value: JSONValue, at p: String, ctx: StateContext, info: inout StateValidator.Info) {
        guard case .object(let rule) = value else {
            ctx.error("A Choice Rule must be a JSON object", at: p)
            return
        }
        for (k, v) in rule {
            let fp = JSONPointer.appending(p, k)
            switch k {
            case "Condition":
                if let body = ValueChecks.jsonataBody(v) { ctx.checkExpression(body, field: "Condition", at: fp, access: []) }
                else if v.boolValue == nil { ctx.error("The field 'Condition' must be a boolean or a JSONata expression", at: fp) }
            case "Next":
                if let t = v.stringValue { info.transitions.append(.init(target: t, pointer: fp)) }
                else { ctx.error("The Choice Rule's 'Next' must be a string naming a state", at: fp) }
            case "Output": ctx.checkJSONataValue(v, field: "Output", at: fp, access: [])
            case "Assign": ctx.checkAssign(v, at: fp, access: [])
            case "Comment":
                if v.stringValue == nil { ctx.error("The field 'Comment' must be a string", at: fp) }
            default:
                if k == "Variable" || comparisons[k] != nil || ["And", "Or", "Not"].contains(k) {
                    ctx.error("The QueryLanguage is set to 'JSONata', but field '\(k)' is only supported for the 'JSONPath' QueryLanguage", at: fp)
                } else {
                    ctx.error("The field '\(k)' is not supported in a Choice Rule", at: fp)
                }
            }
        }
        if rule["Condition"] == nil { ctx.error("A JSONata Choice Rule must have the field 'Condition'", at: p) }
        if rule["Next"] == nil { ctx.error("A Choice Rule must have the field 'Next'", at: p) }
    }

    private static func checkRule(_ value: JSONValue, at p: String, topLevel: Bool, depth: Int,
                                  ctx: StateContext, info: inout StateValidator.Info) {
        guard depth < ValidationWalk.maxValueDepth else {
            ctx.error("The Choice Rule is nested too deeply", at: p, code: DiagnosticCode.tooDeeplyNested)
            return
        }
        guard case .object(let rule) = value else {
            ctx.error("A Choice Rule must be a JSON object", at: p)
            return
        }
        var operators: [String] = []
        for (k, v) in rule {
            let fp = JSONPointer.appending(p, k)
            switch k {
            case "Next":
                if !topLevel { ctx.error("A nested Choice Rule may not have 'Next'", at: fp) }
                else if let t = v.stringValue { info.transitions.append(.init(target: t, pointer: fp)) }
                else { ctx.error("The Choice Rule's 'Next' must be a string naming a state", at: fp) }
            case "Comment":
                if v.stringValue == nil { ctx.error("The field 'Comment' must be a string", at: fp) }
            case "Assign":
                if topLevel { ctx.checkAssign(v, at: fp, access: []) }
                else { ctx.error("A nested Choice Rule may not have 'Assign'", at: fp) }
            case "Variable":
                ctx.checkPath(v, field: "Variable", at: fp, rules: [.context, .variables])
            case "And", "Or":
                operators.append(k)
                guard case .array(let subs) = v, !subs.isEmpty else {
                    ctx.error("The field '\(k)' must be a non-empty array of Choice Rules", at: fp)
                    continue
                }
                for (j, s) in subs.enumerated() {
                    checkRule(s, at: JSONPointer.appending(fp, j), topLevel: false, depth: depth + 1, ctx: ctx, info: &info)
                }
            case "Not":
                operators.append(k)
                checkRule(v, at: fp, topLevel: false, depth: depth + 1, ctx: ctx, info: &info)
            case "Condition", "Output":
                ctx.error("The QueryLanguage is set to 'JSONPath', but field '\(k)' is only supported for the 'JSONata' QueryLanguage", at: fp)
            default:
                guard let operand = comparisons[k] else {
                    ctx.error("The field '\(k)' is not supported in a Choice Rule", at: fp)
                    continue
                }
                operators.append(k)
                checkOperand(v, operator: k, operand: operand, at: fp, ctx: ctx)
            }
        }
        if operators.isEmpty {
            ctx.error("A Choice Rule must have a comparison operator (such as StringEquals) or one of And, Or, Not", at: p)
        } else if operators.count > 1 {
            ctx.error("A Choice Rule may have only one of the comparison operators and And, Or, Not; found \(operators.joined(separator: ", "))", at: p)
        }
        let combinator = operators.contains { ["And", "Or", "Not"].contains($0) }
        if rule["Variable"] == nil, !operators.isEmpty, !combinator {
            ctx.error("A Choice Rule with '\(operators[0])' must have the field 'Variable'", at: p)
        }
        if rule["Variable"] != nil, combinator {
            ctx.error("A Choice Rule with '\(operators[0])' may not have the field 'Variable'", at: JSONPointer.appending(p, "Variable"))
        }
        if topLevel, rule["Next"] == nil {
            ctx.error("A Choice Rule must have the field 'Next'", at: p)
        }
    }

    private static func checkOperand(_ v: JSONValue, operator op: String, operand: Operand, at p: String, ctx: StateContext) {
        switch operand {
        case .string:
            if v.stringValue == nil { ctx.error("The value of '\(op)' must be a string", at: p) }
        case .number:
            if !v.isNumber { ctx.error("The value of '\(op)' must be a number", at: p) }
        case .boolean:
            if v.boolValue == nil { ctx.error("The value of '\(op)' must be a boolean", at: p) }
        case .timestamp:
            if !(v.stringValue.map(ValueChecks.isTimestamp) ?? false) {
                ctx.error("The value of '\(op)' must be an ISO-8601 timestamp string", at: p)
            }
        case .path:
            ctx.checkPath(v, field: op, at: p, rules: [.context, .variables])
        }
    }
}
