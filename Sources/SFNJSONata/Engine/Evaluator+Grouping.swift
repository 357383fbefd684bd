import SFNJSON

/// Order-by, object construction and grouping.
extension Evaluator {
    /// `^(...)` order-by.
    func sortExpression(_ e: Expr, _ input: Val, _ env: Frame) throws(JSONataError) -> Val {
        let isTupleSort = input.seq?.tupleStream ?? false
        let items = input.elements
        if items.count <= 1 { return input }
        let terms = e.terms
        let comparator = { (a: Val, b: Val) throws(JSONataError) -> Bool in
            var comp = 0
            var index = 0
            while comp == 0 && index < terms.count {
                let term = terms[index]
                index += 1
                var ctx = a
                var frame = env
                if isTupleSort { ctx = a.field("@"); frame = self.tupleFrame(env, a) }
                let aa = try self.eval(term.expression, ctx, frame)
                ctx = b
                frame = env
                if isTupleSort { ctx = b.field("@"); frame = self.tupleFrame(env, b) }
                let bb = try self.eval(term.expression, ctx, frame)
                if aa.isUndefined { comp = bb.isUndefined ? 0 : 1; continue }
                if bb.isUndefined { comp = -1; continue }
                switch (aa, bb) {
                case (.number(let x), .number(let y)):
                    if x == y { continue }
                    comp = x < y ? -1 : 1
                case (.string(let x), .string(let y)):
                    if x == y { continue }
                    comp = Functions.jsLess(x, y) ? -1 : 1
                case (.number, .string), (.string, .number):
                    throw .make("T2007", position: e.position, value: aa, value2: bb)
                default:
                    let bad: Val
                    switch aa {
                    case .number, .string: bad = bb;
                    default: bad = aa
                    }
                    throw .make("T2008", position: e.position, value: bad)
                }
                if term.descending { comp = -comp }
            }
            return comp == 1
        }
        let sorted = try Functions.mergeSort(items, comparator)
        if isTupleSort {
            let s = Seq(sorted)
            s.tupleStream = true
            return .array(s)
        }
        return .array(Seq(sorted, sequence: false))
    }

    /// Object construction and grouping `{key: value}`.
    func group(_ pairs: [(Expr, Expr)], position: Int, _ inputIn: Val, _ env: Frame) throws(JSONataError) -> Val {
        let reduce = inputIn.seq?.tupleStream ?? false
        if !reduce && !inputIn.isArray {
            return try construct(pairs, position: position, inputIn, env)
        }
        if fastPaths, !reduce, pairs.count == 1, let member = pairs[0].0.plainNameMember,
            let objects = Evaluator.inputObjects(inputIn),
            let grouped = try groupByMember(member, objects, pairs[0].1, env)
        {
            return grouped
        }
        var items = inputIn.isArray ? inputIn.elements : [inputIn]
        if items.isEmpty { items = [.undefined] }
        var order: [String] = []
        var slots: [String: Int] = [:]
        var data: [[Val]] = []
        var single: [Bool] = []
        var exprIndexes: [Int] = []
        for item in items {
            let frame = reduce ? tupleFrame(env, item) : env
            for (pairIndex, pair) in pairs.enumerated() {
                let key: Val
                if fastPaths, !reduce, let member = pair.0.plainNameMember, case .jobject(let o) = item {
                    key = member.val(in: o)
                } else {
                    key = try eval(pair.0, reduce ? item.field("@") : item, frame)
                }
                switch key {
                case .undefined: continue
                case .string(let k):
                    // A handful of groups is the usual case: a scan of their keys beats hashing.
                    let slot = order.count <= 8 ? order.firstIndex(of: k) : slots[k]
                    if let slot {
                        if exprIndexes[slot] != pairIndex {
                            throw .make("D1009", position: position, value: key)
                        }
                        if single[slot] {
                            if data[slot][0].isArray { data[slot] = data[slot][0].elements }
                            single[slot] = false
                        }
                        if item.isArray { data[slot] += item.elements } else { data[slot].append(item) }
                    } else {
                        if order.count == 8 { for (i, key) in order.enumerated() { slots[key] = i } }
                        if order.count >= 8 { slots[k] = order.count }
                        order.append(k)
                        data.append([item])
                        single.append(true)
                        exprIndexes.append(pairIndex)
                    }
                default:
                    throw .make("T1003", position: position, value: key)
                }
            }
        }
        let result = Obj(capacity: order.count)
        for (slot, k) in order.enumerated() {
            let entry = data[slot]
            var context: Val = single[slot] ? entry[0] : .array(Seq(entry, sequence: false))
            var frame = env
            if reduce {
                let tuple = reduceTupleStream(entry)
                context = tuple["@"] ?? .undefined
                tuple["@"] = nil
                frame = tupleFrame(env, .object(tuple))
            }
            let value = try eval(pairs[exprIndexes[slot]].1, context, frame)
            if !value.isUndefined { result[k] = value }
        }
        return .object(result)
    }

    /// `objects{name: value}` where every item is an input object and the key is one member:
    /// the usual group-by, done with a scan of a few keys (a hash table past eight) and no
    /// per-item evaluation of the key. nil when an item or a key falls outside that case, and the
    /// general grouping then runs from the start (reading members has no side effects). A group
    /// of several items is the array of them, as an input array (read in place by paths).
    func groupByMember(
        _ member: MemberRead, _ items: [JSONValue], _ valueExpr: Expr, _ env: Frame
    ) throws(JSONataError) -> Val? {
        var order: [String] = []
        var buckets: [[JSONValue]] = []
        var slots: [String: Int] = [:]
        for item in items {
            guard case .object(let o) = item else { return nil }
            let key: String
            switch member.value(in: o) {
            case .none: continue
            case .string(let k)?: key = k
            default: return nil
            }
            if let slot = order.count <= 8 ? order.firstIndex(of: key) : slots[key] {
                buckets[slot].append(item)
            } else {
                if order.count == 8 { for (i, k) in order.enumerated() { slots[k] = i } }
                if order.count >= 8 { slots[key] = order.count }
                order.append(key)
                buckets.append([item])
            }
        }
        let result = Obj(capacity: order.count)
        for (slot, k) in order.enumerated() {
            let entry = buckets[slot]
            let context: Val = entry.count == 1 ? Val.from(entry[0]) : .jarray(entry)
            let value = try eval(valueExpr, context, env)
            if !value.isUndefined { result.append(k, value) }
        }
        return .object(result)
    }

    /// Object construction over a single context value: the grouping degenerates to one entry
    /// per distinct key, so no grouping tables are needed.
    func construct(_ pairs: [(Expr, Expr)], position: Int, _ item: Val, _ env: Frame) throws(JSONataError) -> Val {
        var keys: [String] = []
        var exprIndexes: [Int] = []
        keys.reserveCapacity(pairs.count)
        for (pairIndex, pair) in pairs.enumerated() {
            let key = try eval(pair.0, item, env)
            switch key {
            case .undefined: continue
            case .string(let k):
                if keys.contains(k) { throw .make("D1009", position: position, value: key) }
                keys.append(k)
                exprIndexes.append(pairIndex)
            default:
                throw .make("T1003", position: position, value: key)
            }
        }
        let result = Obj(capacity: keys.count)
        for (slot, k) in keys.enumerated() {
            let value = try eval(pairs[exprIndexes[slot]].1, item, env)
            if !value.isUndefined { result.append(k, value) }
        }
        return .object(result)
    }

    func reduceTupleStream(_ tuples: [Val]) -> Obj {
        let result = Obj()
        guard let first = tuples.first, case .object(let f) = first else { return result }
        for i in 0..<f.keys.count { result[f.keys[i]] = f.values[i] }
        for t in tuples.dropFirst() {
            guard case .object(let o) = t else { continue }
            for i in 0..<o.keys.count {
                result[o.keys[i]] = Functions.append(result[o.keys[i]] ?? .undefined, o.values[i])
            }
        }
        return result
    }
}
