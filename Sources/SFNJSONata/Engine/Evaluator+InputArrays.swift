import SFNJSON

/// Steps over an input array read in place: a path step that yields an input array whole hands
/// it to the next step as it is (`evalPath`), and a step that needs no evaluator per item runs
/// straight over its objects, with no engine value made for them.
extension Evaluator {
    /// A step over an array of input objects that needs no evaluator: a plain name whose values
    /// are not arrays, or a number computed from members (`(price * qty)`). nil when an item
    /// falls outside that (the caller then runs the step over the converted items: reading
    /// members has no side effects); otherwise the sequence the general route would give.
    func objectStep(_ step: Expr, _ items: [JSONValue]) -> Val? {
        guard fastPaths else { return nil }
        var out: [Val] = []
        out.reserveCapacity(items.count)
        if step.isPlainName, let member = step.member {
            for item in items {
                guard case .object(let o) = item else { return nil }
                guard let v = member.value(in: o) else { continue }
                if case .array = v { return nil }
                out.append(Val.from(v))
            }
        } else if step.stages == nil, let number = step.objectNum {
            for item in items {
                guard case .object(let o) = item, let d = number(o) else { return nil }
                out.append(.number(d))
            }
        } else {
            return nil
        }
        return .array(Seq(out))
    }

    /// The items of a non-empty array of input objects (of an input array, or of a sequence of
    /// them); nil for anything else.
    static func inputObjects(_ v: Val) -> [JSONValue]? {
        switch v {
        case .jarray(let a): return a.isEmpty ? nil : a
        case .array(let s) where !s.items.isEmpty:
            var out: [JSONValue] = []
            out.reserveCapacity(s.items.count)
            for item in s.items {
                guard case .jobject(let o) = item else { return nil }
                out.append(.object(o))
            }
            return out
        default: return nil
        }
    }
}
