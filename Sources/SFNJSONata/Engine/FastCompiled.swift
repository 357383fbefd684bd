import SFNJSON

/// A `FastExpr` compiled once into closures, so that running it per element costs a few
/// indirect calls instead of a walk over indirect enum cases (each a retain, a switch and a copy
/// of the field-name arrays). Numbers travel unboxed between arithmetic and comparisons.
///
/// Every closure answers nil when `FastExpr.run` would, and otherwise exactly what it would: the
/// number-only routes fall back to the value route whenever an operand is not a finite number.
enum FastCompiled {
    typealias ValFn = ([Val], Val, Frame?) -> Val?
    /// A finite number, or nil when the operand is anything else (then the value route decides).
    typealias NumFn = ([Val], Val, Frame?) -> Double?
    /// 0 false, 1 true, 2 undecided (the general evaluator decides).
    typealias BoolFn = ([Val], Val, Frame?) -> UInt8

    static func val(_ f: FastExpr) -> ValFn {
        switch f {
        case .literal(let v):
            return { _, _, _ in v }
        case .context(let fields):
            if fields.count == 1 {
                let member = MemberRead(fields[0])
                return { _, c, _ in c.isArray ? nil : FastExpr.field(c, member) }
            }
            return { _, c, _ in FastExpr.path(c, fields) }
        case .param, .variable:
            return { a, c, e in f.run(a, c, e) }
        case .compare(let op, let l, let r):
            let lv = val(l)
            let rv = val(r)
            guard op != .eq && op != .ne, let ln = num(l), let rn = num(r) else {
                return { a, c, e in
                    guard let x = lv(a, c, e), let y = rv(a, c, e) else { return nil }
                    return FastExpr.compareValues(op, x, y)
                }
            }
            return { a, c, e in
                if let x = ln(a, c, e), let y = rn(a, c, e) { return .bool(FastExpr.compareNumbers(op, x, y)) }
                guard let x = lv(a, c, e), let y = rv(a, c, e) else { return nil }
                return FastExpr.compareValues(op, x, y)
            }
        case .arithmetic(let op, let l, let r):
            let lv = val(l)
            let rv = val(r)
            guard let ln = num(l), let rn = num(r) else {
                return { a, c, e in
                    guard let x = lv(a, c, e), let y = rv(a, c, e) else { return nil }
                    return FastExpr.arithmeticValues(op, x, y)
                }
            }
            return { a, c, e in
                if let x = ln(a, c, e), let y = rn(a, c, e) { return .number(arithmetic(op, x, y)) }
                guard let x = lv(a, c, e), let y = rv(a, c, e) else { return nil }
                return FastExpr.arithmeticValues(op, x, y)
            }
        case .and, .or:
            let b = bool(f)
            return { a, c, e in
                let x = b(a, c, e)
                return x == 2 ? nil : .bool(x == 1)
            }
        }
    }

    static func bool(_ f: FastExpr) -> BoolFn {
        switch f {
        case .and(let l, let r):
            let lb = bool(l)
            let rb = bool(r)
            return { a, c, e in
                let x = lb(a, c, e)
                return x != 1 ? x : rb(a, c, e)
            }
        case .or(let l, let r):
            let lb = bool(l)
            let rb = bool(r)
            return { a, c, e in
                let x = lb(a, c, e)
                return x != 0 ? x : rb(a, c, e)
            }
        default:
            let v = val(f)
            return { a, c, e in
                guard let x = v(a, c, e), let t = FastExpr.truth(x) else { return 2 }
                return t ? 1 : 0
            }
        }
    }

    /// The unboxed route, for operands that can only be numbers or undecided.
    static func num(_ f: FastExpr) -> NumFn? {
        switch f {
        case .literal(.number(let d)):
            guard d.isFinite else { return nil }
            return { _, _, _ in d }
        case .context(let fields) where fields.count == 1:
            let member = MemberRead(fields[0])
            return { _, c, _ in number(c, member) }
        case .param(let i, let fields) where fields.count == 1:
            let member = MemberRead(fields[0])
            return { a, _, _ in i < a.count ? number(a[i], member) : nil }
        case .arithmetic(let op, let l, let r):
            guard let ln = num(l), let rn = num(r) else { return nil }
            return { a, c, e in
                guard let x = ln(a, c, e), let y = rn(a, c, e) else { return nil }
                let z = arithmetic(op, x, y)
                return z.isFinite ? z : nil
            }
        default:
            return nil
        }
    }

    /// A finite number member of an object.
    @inline(__always) static func number(_ v: Val, _ member: MemberRead) -> Double? {
        switch v {
        case .jobject(let o):
            return member.number(in: o)
        case .object(let o):
            guard case .number(let d) = o[member.key] ?? .undefined, d.isFinite else { return nil }
            return d
        default:
            return nil
        }
    }

    @inline(__always) static func arithmetic(_ op: FastOp, _ x: Double, _ y: Double) -> Double {
        switch op {
        case .add: return x + y
        case .sub: return x - y
        case .mul: return x * y
        case .div: return x / y
        default: return x.truncatingRemainder(dividingBy: y)
        }
    }
}
