import SFNJSON
import SFNJSONPath
import SFNJSONata

/// Choice rules: comparisons, And/Or/Not, JSONata conditions, Default and States.NoChoiceMatched.
extension Executor {
    func runChoice(_ run: inout StateRun) throws(StatesError) -> Transition {
        unowned(unsafe) let state = run.state
        guard let plan = state.plan.choice else {
            guard case .choice(let choice) = state.kind else { preconditionFailure("not a Choice state") }
            return try runChoice(choice, &run)
        }
        // JSONPath mode: the compiled rules (ChoicePlan).
        let effective = try payload(run)
        let next: Int
        var assign = state.plan.assign
        if let i = try plan.match(effective, self, run) {
            next = plan.nexts[i]
            if let a = plan.assignNodes[i] { assign = a }
        } else if let d = plan.defaultIndex {
            next = d
        } else {
            throw noChoiceMatched(run)
        }
        try finish(payload: effective, output: nil, assign: nil, pathAssign: assign, &run)
        return .next(next)
    }

    /// A JSONata-mode Choice.
    func runChoice(_ choice: ChoiceState, _ run: inout StateRun) throws(StatesError) -> Transition {
        // No local copy of `run.state` (see Executor+States): `run` goes inout into `finish`.
        let effective = try payload(run)
        // JSONata conditions read `$states`; JSONPath ones the effective input.
        let states = run.state.queryLanguage == .jsonata ? jsonataStates(run) : .null
        var next = choice.defaultIndex
        var output = run.state.output
        var assign = run.state.assign
        // Rules are read in place: `for rule in` copied each rule out of the array, retaining its
        // condition and templates, per transition.
        let rules = choice.choices
        for i in rules.indices where try evaluate(rules[i].condition, input: effective, states: states, run) {
            next = rules[i].next
            if let o = rules[i].output { output = o }
            if let a = rules[i].assign { assign = a }
            break
        }
        guard let next else { throw noChoiceMatched(run) }
        try finish(payload: effective, output: output, assign: assign, pathAssign: nil, &run)
        return .next(next)
    }

    func noChoiceMatched(_ run: StateRun) -> StatesError {
        StatesError(.noChoiceMatched, run.prefix + "No Choice Rule matched and no Default was given")
    }

    func evaluate(_ condition: ChoiceCondition, input: JSONValue, states: JSONValue, _ run: StateRun)
        throws(StatesError) -> Bool
    {
        switch condition {
        case .and(let subs):
            for s in subs where !(try evaluate(s, input: input, states: states, run)) { return false }
            return true
        case .or(let subs):
            for s in subs where try evaluate(s, input: input, states: states, run) { return true }
            return false
        case .not(let sub):
            return !(try evaluate(sub, input: input, states: states, run))
        case .constant(let b):
            return b
        case .jsonata(let expr):
            let v = try evaluateJSONata(expr, field: "Condition", states: states, run)
            guard case .bool(let b) = v else {
                throw StatesError(
                    .queryEvaluationError,
                    run.prefix
                        + "The JSONata expression '\(expr.text)' specified for the field 'Condition' returned an unexpected result type. Expected 'boolean', but was '\(v.typeName)' for value: \(JSONPrinter.compact(v))"
                )
            }
            return b
        case .compare(let variable, let test):
            let value: JSONValue
            switch evaluatePath(variable, input: input, run) {
            case .success(let v): value = v
            case .failure(let f):
                if case .isPresent(let expected) = test { return !expected }
                throw invalidPath(variable.text, f, run)
            }
            return try apply(test, to: value, input: input, run)
        }
    }

    private func operandValue(_ operand: ChoiceTest.Operand, input: JSONValue, _ run: StateRun) throws(StatesError)
        -> JSONValue
    {
        switch operand {
        case .literal(let v): return v
        case .path(let p):
            if p.readsInput {
                do {
                    return try p.value(in: input)
                } catch {
                    if !p.isDefinite { return .array([]) }
                    throw invalidPath(p.text, error, run)
                }
            }
            switch evaluatePath(p, input: input, run) {
            case .success(let v): return v
            case .failure(let f): throw invalidPath(p.text, f, run)
            }
        }
    }

    func apply(_ test: ChoiceTest, to value: JSONValue, input: JSONValue, _ run: StateRun) throws(StatesError)
        -> Bool
    {
        switch test {
        case .isNull(let b): return value.isNull == b
        case .isPresent(let b): return b
        case .isNumeric(let b): return value.isNumber == b
        case .isString(let b): return (value.stringValue != nil) == b
        case .isBoolean(let b): return (value.boolValue != nil) == b
        case .isTimestamp(let b): return (value.stringValue.flatMap(Timestamp.parse) != nil) == b
        case .stringMatches(let pattern):
            guard case .string(let s) = value else { return false }
            return pattern.matches(s)
        case .boolean(let operand):
            let other = try operandValue(operand, input: input, run)
            guard case .bool(let a) = value, case .bool(let b) = other else { return false }
            return a == b
        case .string(let relation, let operand):
            let other = try operandValue(operand, input: input, run)
            guard case .string(let a) = value, case .string(let b) = other else { return false }
            return Self.holds(relation, Self.compareUTF16(a, b))
        case .numeric(let relation, let operand):
            let other = try operandValue(operand, input: input, run)
            guard let order = Self.compareNumbers(value, other) else { return false }
            return Self.holds(relation, order)
        case .timestamp(let relation, let operand):
            let other = try operandValue(operand, input: input, run)
            guard let a = value.stringValue.flatMap(Timestamp.parse),
                let b = other.stringValue.flatMap(Timestamp.parse)
            else { return false }
            return Self.holds(relation, a < b ? -1 : (a > b ? 1 : 0))
        }
    }

    static func holds(_ relation: ChoiceTest.Relation, _ order: Int) -> Bool {
        switch relation {
        case .equals: return order == 0
        case .lessThan: return order < 0
        case .greaterThan: return order > 0
        case .lessThanEquals: return order <= 0
        case .greaterThanEquals: return order >= 0
        }
    }

    /// Orders strings by UTF-16 code units, as Java's String.compareTo does.
    static func compareUTF16(_ a: String, _ b: String) -> Int {
        var i = a.utf16.makeIterator()
        var j = b.utf16.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?): if x != y { return x < y ? -1 : 1 }
            }
        }
    }

    static func compareNumbers(_ a: JSONValue, _ b: JSONValue) -> Int? {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        default:
            guard a.isNumber, b.isNumber, let x = a.doubleValue, let y = b.doubleValue else { return nil }
            return x < y ? -1 : (x > y ? 1 : 0)
        }
    }
}
