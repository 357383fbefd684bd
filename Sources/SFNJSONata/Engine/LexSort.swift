import SFNJSON

/// `$sort` comparators that order by up to three numeric fields, the shape people write for a
/// sort with tie-breaks: `$a.x < $b.x or ($a.x = $b.x and $a.y > $b.y)`. Each element's keys are
/// read once into a compact row (a key compared with `>` is stored negated, so every test is
/// `<`), and the merge runs over rows with the comparison inlined: no closure call, no boxed
/// value per comparison.
///
/// The merge splits and merges exactly as jsonata-js's merge sort does, so the result is the
/// same even for comparators that are not strict orders (`<=`).
enum LexSort {
    struct Row {
        var k0: Double
        var k1: Double
        var k2: Double
        var index: Int
    }

    /// One tie-break level: the field path compared, and whether the comparator swaps when the
    /// left key is the larger (`>`: stored negated so that the row test is always `<`).
    struct Term {
        let fields: [String]
        let negate: Bool
        /// The read of a one-name path; made per sort, so it learns this array's key order.
        let member: MemberRead?

        init(fields: [String], negate: Bool) {
            self.fields = fields
            self.negate = negate
            member = fields.count == 1 ? MemberRead(fields[0]) : nil
        }
    }

    /// The sorted elements, or nil when the comparator or the keys fall outside this shape.
    static func sort(_ array: Val, _ comparator: FastExpr) -> [Val]? {
        guard let (terms, strictLast) = shape(comparator), terms.count <= 3 else { return nil }
        switch array {
        case .jarray(let a):
            guard let rows = objectRows(a, terms) ?? rows(a.count, terms, { Val.from(a[$0]) }) else { return nil }
            return sorted(rows, terms.count, strictLast).map { Val.from(a[$0]) }
        case .array(let s):
            let items = s.items
            guard let rows = rows(items.count, terms, { items[$0] }) else { return nil }
            return sorted(rows, terms.count, strictLast).map { items[$0] }
        default:
            return nil
        }
    }

    /// The terms of `c1 or (e1 and (c2 or (e2 and c3)))`, each `c` a `<` or `>` between the
    /// same path of `$a` and `$b` and each `e` their equality; the last `c` may be `<=`/`>=`.
    static func shape(_ f: FastExpr) -> ([Term], strict: Bool)? {
        switch f {
        case .compare(let op, let l, let r):
            guard let (fields, op) = oriented(op, l, r) else { return nil }
            switch op {
            case .lt: return ([Term(fields: fields, negate: false)], true)
            case .gt: return ([Term(fields: fields, negate: true)], true)
            case .le: return ([Term(fields: fields, negate: false)], false)
            case .ge: return ([Term(fields: fields, negate: true)], false)
            default: return nil
            }
        case .or(.compare(let op, let l, let r), .and(.compare(.eq, let el, let er), let rest)):
            guard let (fields, op) = oriented(op, l, r), op == .lt || op == .gt,
                let (eqFields, _) = oriented(.eq, el, er), eqFields == fields,
                let (more, strict) = shape(rest)
            else { return nil }
            return ([Term(fields: fields, negate: op == .gt)] + more, strict)
        default:
            return nil
        }
    }

    /// `$a.f op $b.f` as (f, op), turning `$b.f op $a.f` around.
    static func oriented(_ op: FastOp, _ l: FastExpr, _ r: FastExpr) -> ([String], FastOp)? {
        guard case .param(let p, let lf) = l, case .param(let q, let rf) = r, lf == rf, !lf.isEmpty else {
            return nil
        }
        if p == 0 && q == 1 { return (lf, op) }
        guard p == 1 && q == 0 else { return nil }
        switch op {
        case .lt: return (lf, .gt)
        case .gt: return (lf, .lt)
        case .le: return (lf, .ge)
        case .ge: return (lf, .le)
        case .eq: return (lf, .eq)
        default: return nil
        }
    }

    static func rows(_ n: Int, _ terms: [Term], _ element: (Int) -> Val) -> [Row]? {
        // The terms unpacked once: per item only the member reads remain.
        let count = terms.count
        let f0 = terms[0].fields
        let f1 = count > 1 ? terms[1].fields : []
        let f2 = count > 2 ? terms[2].fields : []
        let n0 = terms[0].negate
        let n1 = count > 1 && terms[1].negate
        let n2 = count > 2 && terms[2].negate
        var rows: [Row] = []
        rows.reserveCapacity(n)
        for i in 0..<n {
            let item = element(i)
            guard let d0 = number(item, f0) else { return nil }
            var row = Row(k0: n0 ? -d0 : d0, k1: 0, k2: 0, index: i)
            if count > 1 {
                guard let d1 = number(item, f1) else { return nil }
                row.k1 = n1 ? -d1 : d1
            }
            if count > 2 {
                guard let d2 = number(item, f2) else { return nil }
                row.k2 = n2 ? -d2 : d2
            }
            rows.append(row)
        }
        return rows
    }

    /// The rows of an array of input objects whose keys are all one-name paths, read without
    /// making an engine value; nil when any item or key is something else (`rows` then decides).
    static func objectRows(_ a: [JSONValue], _ terms: [Term]) -> [Row]? {
        let count = terms.count
        guard let m0 = terms[0].member, count < 2 || terms[1].member != nil, count < 3 || terms[2].member != nil
        else { return nil }
        let m1 = count > 1 ? terms[1].member : nil
        let m2 = count > 2 ? terms[2].member : nil
        let n0 = terms[0].negate
        let n1 = count > 1 && terms[1].negate
        let n2 = count > 2 && terms[2].negate
        var rows: [Row] = []
        rows.reserveCapacity(a.count)
        for i in 0..<a.count {
            guard case .object(let o) = a[i], let d0 = m0.rawNumber(in: o) else { return nil }
            var row = Row(k0: n0 ? -d0 : d0, k1: 0, k2: 0, index: i)
            if let m1 {
                guard let d1 = m1.rawNumber(in: o) else { return nil }
                row.k1 = n1 ? -d1 : d1
            }
            if let m2 {
                guard let d2 = m2.rawNumber(in: o) else { return nil }
                row.k2 = n2 ? -d2 : d2
            }
            rows.append(row)
        }
        return rows
    }

    /// The number at a path of fields, read straight from input objects.
    @inline(__always) static func number(_ v: Val, _ fields: [String]) -> Double? {
        if fields.count == 1, case .jobject(let o) = v {
            switch jsonField(o, fields[0]) {
            case .int(let i): return Double(i)
            case .double(let d): return d
            default: return nil
            }
        }
        guard case .number(let d) = FastExpr.path(v, fields) else { return nil }
        return d
    }

    static func sorted(_ rows: [Row], _ terms: Int, _ strict: Bool) -> [Int] {
        switch (terms, strict) {
        case (1, true): return run(rows, Lex1.self)
        case (1, false): return run(rows, Lex1Weak.self)
        case (2, true): return run(rows, Lex2.self)
        case (2, false): return run(rows, Lex2Weak.self)
        case (_, true): return run(rows, Lex3.self)
        default: return run(rows, Lex3Weak.self)
        }
    }

    static func run<O: RowOrder>(_ input: [Row], _ order: O.Type) -> [Int] {
        var rows = input
        var work = input
        rows.withUnsafeMutableBufferPointer { r in
            work.withUnsafeMutableBufferPointer { w in
                guard let r = r.baseAddress, let w = w.baseAddress else { return }
                mergeSort(from: w, into: r, 0, input.count, order)
            }
        }
        return rows.map(\.index)
    }

    /// Sorts `from[lo..<hi]` into `into[lo..<hi]` (both hold the same rows on entry), with the halves
    /// sorted the other way round, so no merge copies back. jsonata-js's split (left half
    /// `floor(n / 2)` long) and merge: `swap(left, right)` takes right.
    static func mergeSort<O: RowOrder>(
        from: UnsafeMutablePointer<Row>, into: UnsafeMutablePointer<Row>, _ lo: Int, _ hi: Int, _ order: O.Type
    ) {
        let n = hi - lo
        if n <= 1 { return }
        let mid = lo + n / 2
        mergeSort(from: into, into: from, lo, mid, order)
        mergeSort(from: into, into: from, mid, hi, order)
        var i = lo
        var j = mid
        var o = lo
        while i < mid && j < hi {
            if O.swap(from[i], from[j]) {
                into[o] = from[j]
                j += 1
            } else {
                into[o] = from[i]
                i += 1
            }
            o += 1
        }
        while i < mid {
            into[o] = from[i]
            i += 1
            o += 1
        }
        while j < hi {
            into[o] = from[j]
            j += 1
            o += 1
        }
    }
}

protocol RowOrder {
    /// True when `b` goes before `a`.
    static func swap(_ a: LexSort.Row, _ b: LexSort.Row) -> Bool
}

enum Lex1: RowOrder {
    @inline(__always) static func swap(_ a: LexSort.Row, _ b: LexSort.Row) -> Bool { a.k0 < b.k0 }
}

enum Lex1Weak: RowOrder {
    @inline(__always) static func swap(_ a: LexSort.Row, _ b: LexSort.Row) -> Bool { a.k0 <= b.k0 }
}

enum Lex2: RowOrder {
    @inline(__always) static func swap(_ a: LexSort.Row, _ b: LexSort.Row) -> Bool {
        a.k0 < b.k0 || (a.k0 == b.k0 && a.k1 < b.k1)
    }
}

enum Lex2Weak: RowOrder {
    @inline(__always) static func swap(_ a: LexSort.Row, _ b: LexSort.Row) -> Bool {
        a.k0 < b.k0 || (a.k0 == b.k0 && a.k1 <= b.k1)
    }
}

enum Lex3: RowOrder {
    @inline(__always) static func swap(_ a: LexSort.Row, _ b: LexSort.Row) -> Bool {
        a.k0 < b.k0 || (a.k0 == b.k0 && (a.k1 < b.k1 || (a.k1 == b.k1 && a.k2 < b.k2)))
    }
}

enum Lex3Weak: RowOrder {
    @inline(__always) static func swap(_ a: LexSort.Row, _ b: LexSort.Row) -> Bool {
        a.k0 < b.k0 || (a.k0 == b.k0 && (a.k1 < b.k1 || (a.k1 == b.k1 && a.k2 <= b.k2)))
    }
}
