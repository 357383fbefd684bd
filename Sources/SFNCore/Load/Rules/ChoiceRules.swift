import SFNJSON
import SFNJSONPath

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

    /// What one rule loaded to: its condition, and for a top-level rule where it leads.
    private struct Loaded {
        var condition: ChoiceCondition?
        var next: Int?
        var assign: Template?
        var output: Template?
    }

    static func check(_ ctx: StateContext, fields: CompiledFields, info: inout StateLoader.Info) -> ChoiceState? {
        guard let rules = ctx.requiredList("Choices", of: "Choice Rules") else { return nil }
        var loaded: [ChoiceRule] = []
        for (i, rule) in rules.enumerated() {
            let p = JSONPointer.appending(ctx.at("Choices"), i)
            let r =
                ctx.language == .jsonata
                ? checkJSONataRule(rule, at: p, ctx: ctx, info: &info)
                : checkRule(rule, at: p, topLevel: true, depth: 0, ctx: ctx, info: &info)
            if let condition = r.condition, let next = r.next {
                loaded.append(ChoiceRule(condition: condition, next: next, assign: r.assign, output: r.output))
            }
        }
        guard loaded.count == rules.count else { return nil }
        return ChoiceState(choices: loaded, defaultIndex: fields.target("Default"))
    }

    private static func checkJSONataRule(
        _ value: JSONValue, at p: String, ctx: StateContext,
        info: inout StateLoader.Info
    ) -> Loaded {
        var loaded = Loaded()
        guard case .object(let rule) = value else {
            ctx.error("A Choice Rule must be a JSON object", at: p)
            return loaded
        }
        for (k, v) in rule {
            let fp = JSONPointer.appending(p, k)
            switch k {
            case "Condition":
                if let body = ValueChecks.jsonataBody(v) {
                    loaded.condition = ctx.checkExpression(body, field: "Condition", at: fp, access: [])
                        .map(ChoiceCondition.jsonata)
                } else if let b = v.boolValue {
                    loaded.condition = .constant(b)
                } else {
                    ctx.error("The field 'Condition' must be a boolean or a JSONata expression", at: fp)
                }
            case "Next": loaded.next = checkNext(v, at: fp, ctx: ctx, info: &info)
            case "Output": loaded.output = ctx.checkJSONataValue(v, field: "Output", at: fp, access: [])
            case "Assign": loaded.assign = ctx.checkAssign(v, at: fp, access: [])
            case "Comment":
                if v.stringValue == nil { ctx.error("The field 'Comment' must be a string", at: fp) }
            default:
                if k == "Variable" || comparisons[k] != nil || ["And", "Or", "Not"].contains(k) {
                    ctx.wrongLanguage(k, needs: .jsonPath, at: fp)
                } else {
                    ctx.error("The field '\(k)' is not supported in a Choice Rule", at: fp)
                }
            }
        }
        if rule["Condition"] == nil { ctx.error("A JSONata Choice Rule must have the field 'Condition'", at: p) }
        if rule["Next"] == nil { ctx.error("A Choice Rule must have the field 'Next'", at: p) }
        return loaded
    }

    private static func checkNext(_ v: JSONValue, at p: String, ctx: StateContext, info: inout StateLoader.Info) -> Int?
    {
        guard let t = v.stringValue else {
            ctx.error("The Choice Rule's 'Next' must be a string naming a state", at: p)
            return nil
        }
        info.transitions.append(.init(target: t, pointer: p))
        return ctx.names[t]
    }

    private static func checkRule(
        _ value: JSONValue, at p: String, topLevel: Bool, depth: Int,
        ctx: StateContext, info: inout StateLoader.Info
    ) -> Loaded {
        var loaded = Loaded()
        guard depth < LoadWalk.maxValueDepth else {
            ctx.error("The Choice Rule is nested too deeply", at: p, code: .tooDeeplyNested)
            return loaded
        }
        guard case .object(let rule) = value else {
            ctx.error("A Choice Rule must be a JSON object", at: p)
            return loaded
        }
        var operators: [String] = []
        var variable: JSONPath?
        var test: ChoiceTest?
        for (k, v) in rule {
            let fp = JSONPointer.appending(p, k)
            switch k {
            case "Next":
                if !topLevel {
                    ctx.error("A nested Choice Rule may not have 'Next'", at: fp)
                } else {
                    loaded.next = checkNext(v, at: fp, ctx: ctx, info: &info)
                }
            case "Comment":
                if v.stringValue == nil { ctx.error("The field 'Comment' must be a string", at: fp) }
            case "Assign":
                if topLevel {
                    loaded.assign = ctx.checkAssign(v, at: fp, access: [])
                } else {
                    ctx.error("A nested Choice Rule may not have 'Assign'", at: fp)
                }
            case "Variable":
                variable = ctx.checkPath(v, field: "Variable", at: fp, rules: [.context, .variables])
            case "And", "Or":
                operators.append(k)
                guard case .array(let subs) = v, !subs.isEmpty else {
                    ctx.error("The field '\(k)' must be a non-empty array of Choice Rules", at: fp)
                    continue
                }
                let conditions = subs.enumerated().compactMap { j, s in
                    checkRule(
                        s, at: JSONPointer.appending(fp, j), topLevel: false, depth: depth + 1, ctx: ctx,
                        info: &info
                    ).condition
                }
                if conditions.count == subs.count { loaded.condition = k == "And" ? .and(conditions) : .or(conditions) }
            case "Not":
                operators.append(k)
                loaded.condition = checkRule(v, at: fp, topLevel: false, depth: depth + 1, ctx: ctx, info: &info)
                    .condition.map(ChoiceCondition.not)
            case "Condition", "Output":
                ctx.wrongLanguage(k, needs: .jsonata, at: fp)
            default:
                guard let operand = comparisons[k] else {
                    ctx.error("The field '\(k)' is not supported in a Choice Rule", at: fp)
                    continue
                }
                operators.append(k)
                test = checkOperand(v, operator: k, operand: operand, at: fp, ctx: ctx)
            }
        }
        if operators.isEmpty {
            ctx.error(
                "A Choice Rule must have a comparison operator (such as StringEquals) or one of And, Or, Not", at: p)
        } else if operators.count > 1 {
            ctx.error(
                "A Choice Rule may have only one of the comparison operators and And, Or, Not; found "
                    + "\(operators.joined(separator: ", "))",
                at: p)
        }
        let combinator = operators.contains { ["And", "Or", "Not"].contains($0) }
        if rule["Variable"] == nil, !operators.isEmpty, !combinator {
            ctx.error("A Choice Rule with '\(operators[0])' must have the field 'Variable'", at: p)
        }
        if rule["Variable"] != nil, combinator {
            ctx.error(
                "A Choice Rule with '\(operators[0])' may not have the field 'Variable'",
                at: JSONPointer.appending(p, "Variable"))
        }
        if topLevel, rule["Next"] == nil {
            ctx.error("A Choice Rule must have the field 'Next'", at: p)
        }
        if let variable, let test { loaded.condition = .compare(variable: variable, test: test) }
        return loaded
    }

    private static func checkOperand(
        _ v: JSONValue, operator op: String, operand: Operand, at p: String,
        ctx: StateContext
    ) -> ChoiceTest? {
        switch operand {
        case .string:
            guard let s = v.stringValue else {
                ctx.error("The value of '\(op)' must be a string", at: p)
                return nil
            }
            if op == "StringMatches" { return .stringMatches(StringPattern(s)) }
        case .number:
            if !v.isNumber {
                ctx.error("The value of '\(op)' must be a number", at: p)
                return nil
            }
        case .boolean:
            if v.boolValue == nil {
                ctx.error("The value of '\(op)' must be a boolean", at: p)
                return nil
            }
        case .timestamp:
            if !(v.stringValue.map(ValueChecks.isTimestamp) ?? false) || v.stringValue.flatMap(Timestamp.parse) == nil {
                ctx.error("The value of '\(op)' must be an ISO-8601 timestamp string", at: p)
                return nil
            }
        case .path:
            guard let path = ctx.checkPath(v, field: op, at: p, rules: [.context, .variables]) else { return nil }
            return test(op.dropLast(4), operand: .path(path))
        }
        return test(Substring(op), operand: .literal(v))
    }

    /// The test an operator names (without its `Path` suffix), applied to `operand`.
    private static func test(_ op: Substring, operand: ChoiceTest.Operand) -> ChoiceTest? {
        let flag = operand.literalBool
        switch op {
        case "IsNull": return flag.map(ChoiceTest.isNull)
        case "IsPresent": return flag.map(ChoiceTest.isPresent)
        case "IsNumeric": return flag.map(ChoiceTest.isNumeric)
        case "IsString": return flag.map(ChoiceTest.isString)
        case "IsBoolean": return flag.map(ChoiceTest.isBoolean)
        case "IsTimestamp": return flag.map(ChoiceTest.isTimestamp)
        case "BooleanEquals": return .boolean(operand)
        default: break
        }
        let relations: [(String, ChoiceTest.Relation)] = [
            ("GreaterThanEquals", .greaterThanEquals), ("LessThanEquals", .lessThanEquals),
            ("GreaterThan", .greaterThan), ("LessThan", .lessThan), ("Equals", .equals),
        ]
        guard let (suffix, relation) = relations.first(where: { op.hasSuffix($0.0) }) else { return nil }
        switch op.dropLast(suffix.count) {
        case "String": return .string(relation, operand)
        case "Numeric": return .numeric(relation, operand)
        case "Timestamp": return .timestamp(relation, operand)
        default: return nil
        }
    }
}

extension ChoiceTest.Operand {
    fileprivate var literalBool: Bool? {
        if case .literal(let v) = self { return v.boolValue }
        return nil
    }
}
