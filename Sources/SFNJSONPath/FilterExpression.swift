import SFNJSON

/// The predicate of a `[?(...)]` segment.
indirect enum FilterExpression: Sendable, Hashable {
    case or(FilterExpression, FilterExpression)
    case and(FilterExpression, FilterExpression)
    case not(FilterExpression)
    /// `@.x` alone: true when the path names something.
    case exists(FilterOperand)
    case compare(FilterOperand, FilterOperator, FilterOperand)
}

enum FilterOperand: Sendable, Hashable {
    /// `@...`: relative to the element under test.
    case current([PathSegment])
    /// `$...`: relative to the document root.
    case root([PathSegment])
    case literal(JSONValue)
}

enum FilterOperator: String, Sendable, Hashable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

extension FilterExpression {
    /// Jayway's rules: numbers compare by value, strings by code units, other kinds only for
    /// (in)equality; a comparison with an operand that names nothing is false, except `!=`.
    func matches(_ item: JSONValue, root: JSONValue) -> Bool {
        switch self {
        case .or(let a, let b): return a.matches(item, root: root) || b.matches(item, root: root)
        case .and(let a, let b): return a.matches(item, root: root) && b.matches(item, root: root)
        case .not(let e): return !e.matches(item, root: root)
        case .exists(let operand): return operand.resolve(item, root: root) != nil
        case .compare(let l, let op, let r):
            let lv = l.resolve(item, root: root)
            let rv = r.resolve(item, root: root)
            guard let lv, let rv else { return op == .notEqual }
            return FilterExpression.compare(lv, op, rv)
        }
    }

    static func compare(_ l: JSONValue, _ op: FilterOperator, _ r: JSONValue) -> Bool {
        switch op {
        case .equal: return equal(l, r)
        case .notEqual: return !equal(l, r)
        default:
            guard let order = order(l, r) else { return false }
            switch op {
            case .less: return order < 0
            case .lessOrEqual: return order <= 0
            case .greater: return order > 0
            default: return order >= 0
            }
        }
    }

    /// Jayway compares a number with a string holding a number by value (`@.n == '1'`).
    static func equal(_ l: JSONValue, _ r: JSONValue) -> Bool {
        if l.isNumber && r.isNumber { return order(l, r) == 0 }
        if l.isNumber, case .string(let s) = r, let d = Double(s) { return l.doubleValue == d }
        if r.isNumber, case .string(let s) = l, let d = Double(s) { return r.doubleValue == d }
        return l == r
    }

    /// -1, 0 or 1 for two numbers or two strings; nil for anything else.
    static func order(_ l: JSONValue, _ r: JSONValue) -> Int? {
        switch (l, r) {
        case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.string(let a), .string(let b)):
            // Java's String.compareTo orders by UTF-16 code units.
            return a.utf16.lexicographicallyPrecedes(b.utf16) ? -1 : (a == b ? 0 : 1)
        default:
            guard let a = l.doubleValue, let b = r.doubleValue else { return nil }
            return a < b ? -1 : (a == b ? 0 : 1)
        }
    }
}

extension FilterOperand {
    /// The operand's value; nil when a definite path names nothing.
    func resolve(_ item: JSONValue, root: JSONValue) -> JSONValue? {
        switch self {
        case .literal(let v): return v
        case .current(let segments): return PathEvaluator.lenient(segments, on: item, root: root)
        case .root(let segments): return PathEvaluator.lenient(segments, on: root, root: root)
        }
    }
}
