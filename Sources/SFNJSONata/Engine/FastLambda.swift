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
                  let fr = build(r, params: params, budget: &budget) else { return nil }
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
                 (.null, .string), (.string, .null), (.null, .bool), (.bool, .null): eq = false
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
    let n = o.count
    if n > 12 { return o[key] }
    let keys = o.keys
    let len = key.utf8.count
    var i = 0
    while i < n {
        let k = keys[i]
        if k.utf8.count == len && k == key { return o.value(at: i) }
        i += 1
    }
    return nil
}

/// `$sort` with a simple two-parameter comparator: each element's field values are looked up
/// once, then the comparator runs over those values.
enum FastSort {
    static func sort(_ items: [Val], _ fast: FastExpr) -> [Val]? {
        var paths: [(Int, [String])] = []
        fast.collectPaths(&paths)
        // Both parameters read the same fields (they are both elements), so key the table by path.
        var distinct: [[String]] = []
        for (_, f) in paths where !distinct.contains(f) { distinct.append(f) }
        let k = distinct.count
        var table: [Val] = []
        table.reserveCapacity(items.count * k)
        for item in items {
            for f in distinct {
                guard let v = FastExpr.path(item, f) else { return nil }
                table.append(v)
            }
        }
        let slotted = slot(fast, distinct)
        var order = Array(0..<items.count)
        var buf = order
        var failed = false
        table.withUnsafeBufferPointer { t in
            let compiled = SlottedCompiler.boolFn(slotted)
            func swap(_ a: Int, _ b: Int) -> Bool? {
                let r = compiled(t, a * k, b * k)
                return r == 2 ? nil : r == 1
            }
            sortRange(&order, &buf, 0, order.count, swap, &failed)
        }
        if failed { return nil }
        return order.map { items[$0] }
    }

    static func sortRange(_ a: inout [Int], _ buf: inout [Int], _ lo: Int, _ hi: Int,
                          _ swap: (Int, Int) -> Bool?, _ failed: inout Bool) {
        let n = hi - lo
        if n <= 1 || failed { return }
        let mid = lo + n / 2
        sortRange(&a, &buf, lo, mid, swap, &failed)
        sortRange(&a, &buf, mid, hi, swap, &failed)
        var i = lo, j = mid, k = lo
        while i < mid && j < hi {
            guard let s = swap(a[i], a[j]) else { failed = true; return }
            if s { buf[k] = a[j]; j += 1 } else { buf[k] = a[i]; i += 1 }
            k += 1
        }
        while i < mid { buf[k] = a[i]; i += 1; k += 1 }
        while j < hi { buf[k] = a[j]; j += 1; k += 1 }
        for x in lo..<hi { a[x] = buf[x] }
    }

    indirect enum Slotted {
        case slot(param: Int, index: Int)
        case unsupported
        case literal(Val)
        case compare(FastOp, Slotted, Slotted)
        case arithmetic(FastOp, Slotted, Slotted)
        case and(Slotted, Slotted)
        case or(Slotted, Slotted)

        func run(_ t: UnsafeBufferPointer<Val>, _ a: Int, _ b: Int) -> Val? {
            switch self {
            case .slot(let p, let i): return p == 0 ? t[a + i] : (p == 1 ? t[b + i] : .undefined)
            case .unsupported: return nil
            case .literal(let v): return v
            case .and(let l, let r):
                guard let x = l.run(t, a, b), let xb = FastExpr.truth(x) else { return nil }
                if !xb { return .bool(false) }
                guard let y = r.run(t, a, b), let yb = FastExpr.truth(y) else { return nil }
                return .bool(yb)
            case .or(let l, let r):
                guard let x = l.run(t, a, b), let xb = FastExpr.truth(x) else { return nil }
                if xb { return .bool(true) }
                guard let y = r.run(t, a, b), let yb = FastExpr.truth(y) else { return nil }
                return .bool(yb)
            case .compare(let op, let l, let r):
                guard let x = l.run(t, a, b), let y = r.run(t, a, b) else { return nil }
                return FastExpr.compareValues(op, x, y)
            case .arithmetic(let op, let l, let r):
                guard let x = l.run(t, a, b), let y = r.run(t, a, b) else { return nil }
                return FastExpr.arithmeticValues(op, x, y)
            }
        }
    }

    static func slot(_ f: FastExpr, _ distinct: [[String]]) -> Slotted {
        switch f {
        case .param(let i, let fields): return .slot(param: i, index: distinct.firstIndex(of: fields) ?? 0)
        case .context, .variable: return .unsupported
        case .literal(let v): return .literal(v)
        case .compare(let op, let l, let r): return .compare(op, slot(l, distinct), slot(r, distinct))
        case .arithmetic(let op, let l, let r): return .arithmetic(op, slot(l, distinct), slot(r, distinct))
        case .and(let l, let r): return .and(slot(l, distinct), slot(r, distinct))
        case .or(let l, let r): return .or(slot(l, distinct), slot(r, distinct))
        }
    }
}

/// The slotted comparator compiled to closures: one indirect call per node, booleans kept unboxed.
enum SlottedCompiler {
    typealias Table = UnsafeBufferPointer<Val>
    typealias ValFn = (Table, Int, Int) -> Val?
    /// 0 false, 1 true, 2 undecided (fall back to the general evaluator).
    typealias BoolFn = (Table, Int, Int) -> UInt8

    static func boolFn(_ s: FastSort.Slotted) -> BoolFn {
        switch s {
        case .and(let l, let r):
            let lf = boolFn(l), rf = boolFn(r)
            return { t, a, b in
                let x = lf(t, a, b)
                return x != 1 ? x : rf(t, a, b)
            }
        case .or(let l, let r):
            let lf = boolFn(l), rf = boolFn(r)
            return { t, a, b in
                let x = lf(t, a, b)
                return x != 0 ? x : rf(t, a, b)
            }
        case .compare(let op, .slot(let p1, let i1), .slot(let p2, let i2)) where p1 <= 1 && p2 <= 1:
            return { t, a, b in
                let x = t[(p1 == 0 ? a : b) + i1]
                let y = t[(p2 == 0 ? a : b) + i2]
                if case .number(let u) = x, case .number(let v) = y {
                    let r: Bool
                    switch op {
                    case .lt: r = u < v
                    case .le: r = u <= v
                    case .gt: r = u > v
                    case .ge: r = u >= v
                    case .eq: r = u == v
                    default: r = u != v
                    }
                    return r ? 1 : 0
                }
                guard let r = FastExpr.compareValues(op, x, y), let truth = FastExpr.truth(r) else { return 2 }
                return truth ? 1 : 0
            }
        default:
            let vf = valFn(s)
            return { t, a, b in
                guard let v = vf(t, a, b), let truth = FastExpr.truth(v) else { return 2 }
                return truth ? 1 : 0
            }
        }
    }

    static func valFn(_ s: FastSort.Slotted) -> ValFn {
        switch s {
        case .slot(let p, let i):
            if p > 1 { return { _, _, _ in .undefined } }
            return { t, a, b in t[(p == 0 ? a : b) + i] }
        case .unsupported:
            return { _, _, _ in nil }
        case .literal(let v):
            return { _, _, _ in v }
        case .compare(let op, let l, let r):
            let lf = valFn(l), rf = valFn(r)
            return { t, a, b in
                guard let x = lf(t, a, b), let y = rf(t, a, b) else { return nil }
                return FastExpr.compareValues(op, x, y)
            }
        case .arithmetic(let op, let l, let r):
            let lf = valFn(l), rf = valFn(r)
            return { t, a, b in
                guard let x = lf(t, a, b), let y = rf(t, a, b) else { return nil }
                return FastExpr.arithmeticValues(op, x, y)
            }
        case .and, .or:
            let bf = boolFn(s)
            return { t, a, b in
                let x = bf(t, a, b)
                return x == 2 ? nil : .bool(x == 1)
            }
        }
    }
}
