import SFNJSON

/// A frame-free expression of member names, number literals, arithmetic, comparisons and
/// `and`/`or` (`price * qty`, `price > 50 and qty < 3`), compiled to run straight over an input
/// object: no engine value is made for the object or its members, and each name is read through
/// a `MemberRead`. Path steps and filters run it per item of an input array.
///
/// It decides only when every member it reads is a finite number: otherwise it answers nil (2
/// for a test) and the caller evaluates the item as before, which gives the exact value or error.
/// Where it decides, it answers what `FastCompiled` would, which answers what the general
/// evaluator does.
enum ObjectRoute {
    /// A finite number, or nil (undecided).
    typealias NumFn = (JSONObject) -> Double?
    /// 0 false, 1 true, 2 undecided.
    typealias BoolFn = (JSONObject) -> UInt8

    static func num(_ f: FastExpr) -> NumFn? {
        switch f {
        case .literal(.number(let d)):
            guard d.isFinite else { return nil }
            return { _ in d }
        case .context(let fields) where fields.count == 1:
            let member = MemberRead(fields[0])
            return { o in member.number(in: o) }
        case .arithmetic(let op, .context(let lf), .context(let rf)) where lf.count == 1 && rf.count == 1:
            // Two members (`price * qty`): one closure, no call per operand.
            let lm = MemberRead(lf[0])
            let rm = MemberRead(rf[0])
            return { o in
                guard let x = lm.number(in: o), let y = rm.number(in: o) else { return nil }
                let z = FastCompiled.arithmetic(op, x, y)
                return z.isFinite ? z : nil
            }
        case .arithmetic(let op, let l, let r):
            guard let ln = num(l), let rn = num(r) else { return nil }
            return { o in
                guard let x = ln(o), let y = rn(o) else { return nil }
                let z = FastCompiled.arithmetic(op, x, y)
                return z.isFinite ? z : nil
            }
        default:
            return nil
        }
    }

    static func bool(_ f: FastExpr) -> BoolFn? {
        switch f {
        case .and(let l, let r):
            guard let lb = bool(l), let rb = bool(r) else { return nil }
            return { o in
                let x = lb(o)
                return x != 1 ? x : rb(o)
            }
        case .or(let l, let r):
            guard let lb = bool(l), let rb = bool(r) else { return nil }
            return { o in
                let x = lb(o)
                return x != 0 ? x : rb(o)
            }
        case .compare(let op, .context(let fields), .literal(.number(let d))) where fields.count == 1 && d.isFinite:
            // A member against a number (`price > 50`): one closure, no call per operand.
            let m = MemberRead(fields[0])
            return { o in
                guard let x = m.number(in: o) else { return 2 }
                return FastExpr.compareNumbers(op, x, d) ? 1 : 0
            }
        case .compare(let op, let l, let r):
            guard let ln = num(l), let rn = num(r) else { return nil }
            return { o in
                guard let x = ln(o), let y = rn(o) else { return 2 }
                return FastExpr.compareNumbers(op, x, y) ? 1 : 0
            }
        default:
            return nil
        }
    }

}
