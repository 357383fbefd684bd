import SFNJSON
import SFNJSONPath
import SFNJSONata

extension DefinitionParser {
    mutating func parseChoice(_ obj: JSONObject, pointer: String, ql: ExpressionLanguage, names: [String: Int]) -> ChoiceState? {
        guard case .array(let rules)? = obj["Choices"], !rules.isEmpty else {
            report(pointer, "A Choice state needs a non-empty 'Choices' array")
            return nil
        }
        let choicesPointer = JSONPointer.appending(pointer, "Choices")
        var out: [ChoiceRule] = []
        for (i, r) in rules.enumerated() {
            let p = JSONPointer.appending(choicesPointer, i)
            guard case .object(let ro) = r else {
                report(p, "A choice rule must be an object")
                continue
            }
            guard let next = target(ro, "Next", pointer: p, names: names) else {
                if ro["Next"] == nil { report(p, "A top-level choice rule needs 'Next'") }
                continue
            }
            guard let cond = parseCondition(ro, pointer: p, ql: ql, depth: 0) else { continue }
            var rule = ChoiceRule(condition: cond, next: next, assign: nil, output: nil)
            if let a = ro["Assign"] { rule.assign = compileAssign(a, pointer: JSONPointer.appending(p, "Assign"), ql: ql) }
            if ql == .jsonata, let o = ro["Output"] {
                rule.output = compileTemplate(o, pointer: JSONPointer.appending(p, "Output"), ql: .jsonata, field: "Output")
            }
            out.append(rule)
        }
        let def: Int? = obj["Default"] == nil ? nil : target(obj, "Default", pointer: pointer, names: names)
        guard out.count == rules.count else { return nil }
        return ChoiceState(choices: out, defaultIndex: def)
    }

    mutating func parseCondition(_ o: JSONObject, pointer: String, ql: ExpressionLanguage, depth: Int) -> ChoiceCondition? {
        guard depth < 100 else {
            report(pointer, "Choice rules are nested too deeply")
            return nil
        }
        if ql == .jsonata {
            if case .bool(let b)? = o["Condition"] { return .constant(b) }
            guard let s = o["Condition"]?.stringValue, let body = Self.jsonataBody(s) else {
                report(pointer, "A JSONata choice rule needs a 'Condition' written as {% expression %}")
                return nil
            }
            return compileJSONata(body, pointer: JSONPointer.appending(pointer, "Condition")).map(ChoiceCondition.jsonata)
        }
        for combinator in ["And", "Or"] {
            guard let v = o[combinator] else { continue }
            let p = JSONPointer.appending(pointer, combinator)
            guard case .array(let items) = v, !items.isEmpty else {
                report(p, "'\(combinator)' must be a non-empty array of rules")
                return nil
            }
            var subs: [ChoiceCondition] = []
            for (i, item) in items.enumerated() {
                guard case .object(let io) = item else {
                    report(JSONPointer.appending(p, i), "A choice rule must be an object")
                    return nil
                }
                guard let c = parseCondition(io, pointer: JSONPointer.appending(p, i), ql: ql, depth: depth + 1) else { return nil }
                subs.append(c)
            }
            return combinator == "And" ? .and(subs) : .or(subs)
        }
        if let v = o["Not"] {
            guard case .object(let no) = v else {
                report(JSONPointer.appending(pointer, "Not"), "'Not' must be a rule object")
                return nil
            }
            return parseCondition(no, pointer: JSONPointer.appending(pointer, "Not"), ql: ql, depth: depth + 1).map(ChoiceCondition.not)
        }
        guard let varText = o["Variable"]?.stringValue else {
            report(pointer, "A choice rule needs 'Variable' and a comparison operator, or And/Or/Not")
            return nil
        }
        guard let variable = compileJSONPath(varText, pointer: JSONPointer.appending(pointer, "Variable"), reference: false) else { return nil }
        let ops = o.keys.filter { Self.comparisonOperators.contains($0) }
        guard ops.count == 1, let op = ops.first, let operand = o[op] else {
            report(pointer, ops.isEmpty ? "A choice rule needs a comparison operator"
                                        : "A choice rule must have exactly one comparison operator")
            return nil
        }
        guard let test = parseTest(op, operand, pointer: JSONPointer.appending(pointer, op)) else { return nil }
        return .compare(variable: variable, test: test)
    }

    static let comparisonOperators: Set<String> = {
        var s: Set<String> = ["StringMatches", "IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp",
                              "BooleanEquals", "BooleanEqualsPath"]
        for kind in ["String", "Numeric", "Timestamp"] {
            for rel in ["Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals"] {
                s.insert(kind + rel)
                s.insert(kind + rel + "Path")
            }
        }
        return s
    }()

    mutating func parseTest(_ op: String, _ v: JSONValue, pointer: String) -> ChoiceTest? {
        func bool() -> Bool? {
            guard let b = v.boolValue else { report(pointer, "'\(op)' must be true or false"); return nil }
            return b
        }
        switch op {
        case "IsNull": return bool().map(ChoiceTest.isNull)
        case "IsPresent": return bool().map(ChoiceTest.isPresent)
        case "IsNumeric": return bool().map(ChoiceTest.isNumeric)
        case "IsString": return bool().map(ChoiceTest.isString)
        case "IsBoolean": return bool().map(ChoiceTest.isBoolean)
        case "IsTimestamp": return bool().map(ChoiceTest.isTimestamp)
        case "StringMatches":
            guard let s = v.stringValue else { report(pointer, "'StringMatches' must be a string"); return nil }
            return .stringMatches(StringPattern(s))
        default: break
        }
        let isPath = op.hasSuffix("Path")
        let base = isPath ? String(op.dropLast(4)) : op
        let operand: ChoiceTest.Operand
        if isPath {
            guard let s = v.stringValue, let p = compileJSONPath(s, pointer: pointer, reference: false) else {
                if v.stringValue == nil { report(pointer, "'\(op)' must be a path string") }
                return nil
            }
            operand = .path(p)
        } else {
            operand = .literal(v)
        }
        if base == "BooleanEquals" {
            if !isPath && v.boolValue == nil { report(pointer, "'\(op)' must be true or false"); return nil }
            return .boolean(operand)
        }
        let kinds = ["String", "Numeric", "Timestamp"]
        guard let kind = kinds.first(where: { base.hasPrefix($0) }) else { return nil }
        let relation: ChoiceTest.Relation
        switch base.dropFirst(kind.count) {
        case "Equals": relation = .equals
        case "LessThan": relation = .lessThan
        case "GreaterThan": relation = .greaterThan
        case "LessThanEquals": relation = .lessThanEquals
        case "GreaterThanEquals": relation = .greaterThanEquals
        default: return nil
        }
        switch kind {
        case "String":
            if !isPath && v.stringValue == nil { report(pointer, "'\(op)' must be a string"); return nil }
            return .string(relation, operand)
        case "Numeric":
            if !isPath && !v.isNumber { report(pointer, "'\(op)' must be a number"); return nil }
            return .numeric(relation, operand)
        default:
            if !isPath && (v.stringValue.flatMap(Timestamp.parse) == nil) {
                report(pointer, "'\(op)' must be an ISO-8601 timestamp string")
                return nil
            }
            return .timestamp(relation, operand)
        }
    }
}
