import SFNJSON

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
        if let sorted = NumericSort.sort(items, table, k, slotted) { return sorted }
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

    static func sortRange(
        _ a: inout [Int], _ buf: inout [Int], _ lo: Int, _ hi: Int,
        _ swap: (Int, Int) -> Bool?, _ failed: inout Bool
    ) {
        let n = hi - lo
        if n <= 1 || failed { return }
        let mid = lo + n / 2
        sortRange(&a, &buf, lo, mid, swap, &failed)
        sortRange(&a, &buf, mid, hi, swap, &failed)
        var i = lo
        var j = mid
        var k = lo
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
            let lf = boolFn(l)
            let rf = boolFn(r)
            return { t, a, b in
                let x = lf(t, a, b)
                return x != 1 ? x : rf(t, a, b)
            }
        case .or(let l, let r):
            let lf = boolFn(l)
            let rf = boolFn(r)
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
            let lf = valFn(l)
            let rf = valFn(r)
            return { t, a, b in
                guard let x = lf(t, a, b), let y = rf(t, a, b) else { return nil }
                return FastExpr.compareValues(op, x, y)
            }
        case .arithmetic(let op, let l, let r):
            let lf = valFn(l)
            let rf = valFn(r)
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
