import Foundation
import SFNJSON

/// A built-in function: its JavaScript arity (what higher-order functions pass) and body.
struct Builtin {
    typealias Impl = (Evaluator, [Val], Val, Frame) throws(JSONataError) -> Val
    let name: String
    let arity: Int
    let impl: Impl
}

/// Shared semantics helpers used by the evaluator and the function library.
enum Functions {
    /// `fn.boolean`: JSONata truthiness; nil for undefined.
    static func boolean(_ v: Val) -> Bool? {
        switch v {
        case .undefined: return nil
        case .null: return false
        case .bool(let b): return b
        case .number(let d): return d != 0 && !d.isNaN
        case .string(let s): return !s.isEmpty
        case .jobject(let o): return !o.isEmpty
        case .object(let o): return o.count > 0
        case .function: return false
        case .jarray, .array:
            let items = v.elements
            if items.count == 1 { return boolean(items[0]) ?? false }
            for x in items where boolean(x) == true { return true }
            return false
        }
    }

    /// JavaScript truthiness (for comparator results).
    static func truthy(_ v: Val) -> Bool {
        switch v {
        case .undefined, .null: return false
        case .bool(let b): return b
        case .number(let d): return d != 0 && !d.isNaN
        case .string(let s): return !s.isEmpty
        default: return true
        }
    }

    /// `$string` / `fn.string`.
    static func string(_ v: Val, prettify: Bool = false, limit: Int = .max) throws(JSONataError) -> String {
        switch v {
        case .string(let s): return s
        case .function: return ""
        case .number(let d):
            if !d.isFinite { throw .make("D3001", value: v) }
            return NumberText.js(NumberText.precision15(d))
        case .array(let s) where s.outerWrapper && !s.items.isEmpty:
            return try string(s.items[0], prettify: prettify, limit: limit)
        default:
            // Checked before anything walks the value: one built by sharing may print to far more
            // than it holds.
            if limit < .max, case let size = v.jsonSize(cap: limit), size > limit {
                throw .payloadLimit("The string $string builds", size: size, cap: limit)
            }
            if let bad = nonFinite(v, depth: 0) { throw .make("D1001", value: bad) }
            return Stringify.json(v, forString: true, indent: prettify ? 2 : nil) ?? ""
        }
    }

    /// The first infinite or NaN number inside a structure (the `$string` replacer rejects them).
    static func nonFinite(_ v: Val, depth: Int) -> Val? {
        guard depth < 500 else { return nil }
        switch v {
        case .number(let d): return d.isFinite ? nil : v
        case .array(let s): for x in s.items { if let b = nonFinite(x, depth: depth + 1) { return b } }
        case .object(let o): for x in o.values { if let b = nonFinite(x, depth: depth + 1) { return b } }
        default: break
        }
        return nil
    }

    static func isArrayOfNumbers(_ v: Val) -> Bool {
        guard v.isArray else { return false }
        for x in v.elements { guard case .number(let d) = x, !d.isNaN else { return false } }
        return true
    }

    static func isArrayOfStrings(_ v: Val) -> Bool {
        guard v.isArray else { return false }
        for x in v.elements { guard case .string = x else { return false } }
        return true
    }

    /// JavaScript `<` on strings: UTF-16 code unit order.
    static func jsLess(_ a: String, _ b: String) -> Bool {
        if a.utf8.allSatisfy({ $0 < 0x80 }) && b.utf8.allSatisfy({ $0 < 0x80 }) {
            return a.utf8.lexicographicallyPrecedes(b.utf8)
        }
        return a.utf16.lexicographicallyPrecedes(b.utf16)
    }

    /// `===`: values for primitives, identity for containers.
    static func strictEqual(_ a: Val, _ b: Val) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x === y
        case (.object(let x), .object(let y)): return x === y
        case (.function(let x), .function(let y)): return x === y
        case (.jobject(let x), .jobject(let y)): return x == y
        case (.jarray(let x), .jarray(let y)): return x == y
        default: return false
        }
    }

    /// `isDeepEqual`.
    static func deepEqual(_ a: Val, _ b: Val, depth: Int = 0) -> Bool {
        switch (a, b) {
        case (.undefined, .undefined): return true
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.function(let x), .function(let y)): return x === y
        case (.jobject(let x), .jobject(let y)): return x == y
        case (.jarray(let x), .jarray(let y)): return x == y
        default:
            guard depth < 500 else { return false }
            if a.isArray && b.isArray {
                let x = a.elements
                let y = b.elements
                guard x.count == y.count else { return false }
                for i in 0..<x.count where !deepEqual(x[i], y[i], depth: depth + 1) { return false }
                return true
            }
            if a.isObject && b.isObject {
                let xk = a.objectKeys
                let yk = b.objectKeys
                guard xk.count == yk.count, Set(xk) == Set(yk) else { return false }
                for k in xk where !deepEqual(a.field(k), b.field(k), depth: depth + 1) { return false }
                return true
            }
            return false
        }
    }

    /// `fn.append`.
    static func append(_ a: Val, _ b: Val) -> Val {
        if a.isUndefined { return b }
        if b.isUndefined { return a }
        var items = a.isArray ? a.elements : [a]
        if b.isArray { items += b.elements } else { items.append(b) }
        return .array(Seq(items, sequence: false))
    }

    /// Merge sort with jsonata-js's split and merge order; `swap(a, b)` true puts b first.
    static func mergeSort(_ items: [Val], _ swap: (Val, Val) throws(JSONataError) -> Bool) throws(JSONataError) -> [Val]
    {
        if items.count <= 1 { return items }
        var a = items
        var buf = items
        try sortRange(&a, &buf, 0, a.count, swap)
        return a
    }

    private static func sortRange(
        _ a: inout [Val], _ buf: inout [Val], _ lo: Int, _ hi: Int,
        _ swap: (Val, Val) throws(JSONataError) -> Bool
    ) throws(JSONataError) {
        let n = hi - lo
        if n <= 1 { return }
        let mid = lo + n / 2
        try sortRange(&a, &buf, lo, mid, swap)
        try sortRange(&a, &buf, mid, hi, swap)
        var i = lo
        var j = mid
        var k = lo
        while i < mid && j < hi {
            if try swap(a[i], a[j]) { buf[k] = a[j]; j += 1 } else { buf[k] = a[i]; i += 1 }
            k += 1
        }
        while i < mid { buf[k] = a[i]; i += 1; k += 1 }
        while j < hi { buf[k] = a[j]; j += 1; k += 1 }
        for x in lo..<hi { a[x] = buf[x] }
    }

    /// Deep copy into engine containers (`$clone`); functions are dropped as JSON does.
    static func clone(_ v: Val, depth: Int = 0) -> Val {
        guard depth < 500 else { return .null }
        switch v {
        case .jarray, .array:
            var out: [Val] = []
            for x in v.elements {
                let c = clone(x, depth: depth + 1)
                out.append(c.isUndefined ? .null : c)
            }
            return .array(Seq(out, sequence: false))
        case .jobject, .object:
            let o = Obj()
            for (k, x) in v.members {
                let c = clone(x, depth: depth + 1)
                if !c.isUndefined { o[k] = c }
            }
            return .object(o)
        case .function: return .undefined
        case .number(let d): return d.isFinite ? v : .null
        default: return v
        }
    }

    /// The match object a regex closure returns: `{match, start, end, groups}`.
    static func regexMatchObject(_ re: RegexLiteral, _ s: String, from: Int, position: Int, deadline: Double?)
        throws(JSONataError) -> Val
    {
        guard let m = try re.exec(s, s as NSStringLike, from: from, deadline: deadline) else { return .undefined }
        let o = Obj()
        o["match"] = .string(m.match)
        o["start"] = .number(Double(m.start))
        o["end"] = .number(Double(m.end))
        o["groups"] = .array(Seq(m.groups.map { .string($0) }, sequence: false))
        return .object(o)
    }

    /// Successive matches as jsonata's `next()` chain finds them (D1004 on a later empty match).
    static func regexMatches(_ re: RegexLiteral, _ s: String, limit: Int?, deadline: Double?) throws(JSONataError)
        -> [RegexLiteral.Match]
    {
        let ns = s as NSStringLike
        let length = ns.length
        var out: [RegexLiteral.Match] = []
        guard let first = try re.exec(s, ns, from: 0, deadline: deadline) else { return out }
        var m = first
        while true {
            if let limit, out.count >= limit { break }
            out.append(m)
            let lastIndex = m.end
            if lastIndex >= length { break }
            guard let next = try re.exec(s, ns, from: lastIndex, deadline: deadline) else { break }
            if next.match.isEmpty { throw .make("D1004", value: .string(re.pattern)) }
            m = next
        }
        return out
    }
}
