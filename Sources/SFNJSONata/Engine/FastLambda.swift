import SFNJSON

/// A lambda body simple enough to run without frames: comparisons, arithmetic and boolean logic
/// over literals and field paths rooted at the parameters (typical `$sort`/`$filter` callbacks).
///
/// `run` returns nil whenever a value falls outside the simple cases (arrays, objects in
/// comparisons, type mismatches); the caller then evaluates the body normally, which gives the
/// exact result or error. Bodies are side-effect free, so evaluating twice is harmless.
enum FastOp: UInt8 { case lt, le, gt, ge, eq, ne, add, sub, mul, div, mod }

indirect enum FastExpr {
    case param(Int, [String])
    /// A relative path of names from the context value (`$` itself when empty).
    case context([String])
    /// A variable bound in an enclosing frame, then a path of names.
    case variable(String, [String])
    case literal(Val)
    case compare(FastOp, FastExpr, FastExpr)
    case arithmetic(FastOp, FastExpr, FastExpr)
    case and(FastExpr, FastExpr)
    case or(FastExpr, FastExpr)

    /// Field paths each parameter reads, in first-use order (for precomputing sort keys).
    func collectPaths(_ out: inout [(Int, [String])]) {
        switch self {
        case .param(let i, let f):
            if !out.contains(where: { $0.0 == i && $0.1 == f }) { out.append((i, f)) }
        case .literal, .context, .variable: break
        case .compare(_, let l, let r), .arithmetic(_, let l, let r), .and(let l, let r), .or(let l, let r):
            l.collectPaths(&out)
            r.collectPaths(&out)
        }
    }

    /// The value at a field path below `v`; nil when the fast path cannot decide.
    static func path(_ v0: Val, _ fields: [String]) -> Val? {
        var v = v0
        if v.isArray { return nil }
        for f in fields {
            guard let next = field(v, f) else { return nil }
            v = next
            if case .undefined = v { return v }
        }
        return v
    }

    static func build(_ body: Node, params: [String]) -> FastExpr? {
        var budget = 64
        return build(body, params: params, budget: &budget)
    }

    static func build(_ body: Node, params: [String], budget: inout Int) -> FastExpr? {
        budget -= 1
        if budget < 0 { return nil }
        if body.predicate != nil || body.group != nil || body.keepArray { return nil }
        switch body.kind {
        case .number, .string, .value:
            return .literal(body.literal)
        case .variable:
            if body.value.isEmpty { return .context([]) }
            if body.value == "$" { return nil }
            guard let i = params.firstIndex(of: body.value) else { return .variable(body.value, []) }
            return .param(i, [])
        case .path:
            guard Expr.isSimplePath(body) else { return nil }
            if body.steps[0].kind != .variable { return .context(body.steps.map { $0.value }) }
            if body.steps[0].value.isEmpty { return .context(body.steps.dropFirst().map { $0.value }) }
            if body.steps[0].value == "$" { return nil }
            guard let i = params.firstIndex(of: body.steps[0].value) else {
                return .variable(body.steps[0].value, body.steps.dropFirst().map { $0.value })
            }
            return .param(i, body.steps.dropFirst().map { $0.value })
        case .block:
            guard body.expressions.count == 1 else { return nil }
            return build(body.expressions[0], params: params, budget: &budget)
        case .binary:
            guard let l = body.lhs, let r = body.rhs, let fl = build(l, params: params, budget: &budget),
                let fr = build(r, params: params, budget: &budget)
            else { return nil }
            switch body.value {
            case "and": return .and(fl, fr)
            case "or": return .or(fl, fr)
            case "<": return .compare(.lt, fl, fr)
            case "<=": return .compare(.le, fl, fr)
            case ">": return .compare(.gt, fl, fr)
            case ">=": return .compare(.ge, fl, fr)
            case "=": return .compare(.eq, fl, fr)
            case "!=": return .compare(.ne, fl, fr)
            case "+": return .arithmetic(.add, fl, fr)
            case "-": return .arithmetic(.sub, fl, fr)
            case "*": return .arithmetic(.mul, fl, fr)
            case "/": return .arithmetic(.div, fl, fr)
            case "%": return .arithmetic(.mod, fl, fr)
            default: return nil
            }
        default:
            return nil
        }
    }

    /// `field(v, key)` reading an input object through `member`.
    @inline(__always) static func field(_ v: Val, _ member: MemberRead) -> Val? {
        if case .jobject(let o) = v {
            guard let j = member.value(in: o) else { return .undefined }
            if case .array = j { return nil }
            return Val.from(j)
        }
        return field(v, member.key)
    }

    @inline(__always) static func field(_ v: Val, _ key: String) -> Val? {
        switch v {
        case .jobject(let o):
            guard let j = jsonField(o, key) else { return .undefined }
            switch j {
            case .array: return nil
            default: return Val.from(j)
            }
        case .object(let o):
            let r = o[key] ?? .undefined
            return r.isArray ? nil : r
        case .jarray, .array: return nil
        default: return .undefined
        }
    }

    func run(_ args: [Val], _ context: Val, _ env: Frame?) -> Val? {
        switch self {
        case .literal(let v): return v
        case .context(let fields): return FastExpr.path(context, fields)
        case .variable(let name, let fields):
            guard let env, let v = env.lookup(name) else { return nil }
            return FastExpr.path(v, fields)
        case .param(let i, let fields):
            var v = i < args.count ? args[i] : .undefined
            if v.isArray { return nil }
            for f in fields {
                guard let next = FastExpr.field(v, f) else { return nil }
                v = next
                if case .undefined = v { return v }
            }
            return v
        case .and(let l, let r):
            guard let a = l.run(args, context, env), let ab = FastExpr.truth(a) else { return nil }
            if !ab { return .bool(false) }
            guard let b = r.run(args, context, env), let bb = FastExpr.truth(b) else { return nil }
            return .bool(bb)
        case .or(let l, let r):
            guard let a = l.run(args, context, env), let ab = FastExpr.truth(a) else { return nil }
            if ab { return .bool(true) }
            guard let b = r.run(args, context, env), let bb = FastExpr.truth(b) else { return nil }
            return .bool(bb)
        case .compare(let op, let l, let r):
            guard let a = l.run(args, context, env), let b = r.run(args, context, env) else { return nil }
            return FastExpr.compareValues(op, a, b)
        case .arithmetic(let op, let l, let r):
            guard let a = l.run(args, context, env), let b = r.run(args, context, env) else { return nil }
            return FastExpr.arithmeticValues(op, a, b)
        }
    }

    /// Two finite numbers compared as `compareValues` compares them (a comparison operator;
    /// anything else is `!=`).
    @inline(__always) static func compareNumbers(_ op: FastOp, _ x: Double, _ y: Double) -> Bool {
        switch op {
        case .lt: return x < y
        case .le: return x <= y
        case .gt: return x > y
        case .ge: return x >= y
        case .eq: return x == y
        default: return x != y
        }
    }

    static func compareValues(_ op: FastOp, _ a: Val, _ b: Val) -> Val? {
        if op == .eq || op == .ne {
            let eq: Bool
            switch (a, b) {
            case (.undefined, _), (_, .undefined): return .bool(false)
            case (.number(let x), .number(let y)): eq = x == y
            case (.string(let x), .string(let y)): eq = x == y
            case (.bool(let x), .bool(let y)): eq = x == y
            case (.null, .null): eq = true
            case (.number, .string), (.string, .number), (.bool, .number), (.number, .bool),
                (.bool, .string), (.string, .bool), (.null, .number), (.number, .null),
                (.null, .string), (.string, .null), (.null, .bool), (.bool, .null):
                eq = false
            default: return nil
            }
            return .bool(op == .eq ? eq : !eq)
        }
        switch (a, b) {
        case (.number(let x), .number(let y)):
            switch op {
            case .lt: return .bool(x < y)
            case .le: return .bool(x <= y)
            case .gt: return .bool(x > y)
            default: return .bool(x >= y)
            }
        case (.string(let x), .string(let y)):
            switch op {
            case .lt: return .bool(Functions.jsLess(x, y))
            case .le: return .bool(x == y || Functions.jsLess(x, y))
            case .gt: return .bool(Functions.jsLess(y, x))
            default: return .bool(x == y || Functions.jsLess(y, x))
            }
        case (.undefined, .undefined), (.undefined, .number), (.undefined, .string),
            (.number, .undefined), (.string, .undefined):
            return .undefined
        default: return nil
        }
    }

    static func arithmeticValues(_ op: FastOp, _ a: Val, _ b: Val) -> Val? {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            guard x.isFinite, y.isFinite else { return nil }
            switch op {
            case .add: return .number(x + y)
            case .sub: return .number(x - y)
            case .mul: return .number(x * y)
            case .div: return .number(x / y)
            default: return .number(x.truncatingRemainder(dividingBy: y))
            }
        case (.undefined, .undefined), (.undefined, .number), (.number, .undefined): return .undefined
        default: return nil
        }
    }

    /// Truthiness of a scalar; nil for values the fast path does not judge.
    @inline(__always) static func truth(_ v: Val) -> Bool? {
        switch v {
        case .undefined, .null: return false
        case .bool(let b): return b
        case .number(let d): return d != 0 && !d.isNaN
        case .string(let s): return !s.isEmpty
        default: return nil
        }
    }
}

/// Member lookup on an input object, comparing lengths before text (cheap for small keys).
@inline(__always) func jsonField(_ o: JSONObject, _ key: String) -> JSONValue? {
    let keys = o.keys
    let n = keys.count
    if n > 12 { return o[key] }
    let len = key.utf8.count
    var i = 0
    while i < n {
        let k = keys[i]
        if k.utf8.count == len && k == key { return o.value(at: i) }
        i += 1
    }
    return nil
}
