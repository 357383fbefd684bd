import SFNJSON

extension Evaluator {
    /// A location path: each step maps over the sequence produced by the previous one.
    func evalPath(_ e: Expr, _ input: Val, _ env: Frame) throws(JSONataError) -> Val {
        if e.simplePath, fastPaths, let r = fastPath(e, input, env) { return r }
        var inputSequence: [Val]
        // An input array a step yielded whole (or the input), read in place by the next step
        // (evalStep).
        var jsonSequence: [JSONValue]?
        if fastPaths, case .jarray(let a) = input, e.steps[0].kind != .variable, !e.steps[0].consarray {
            jsonSequence = a
            inputSequence = []
        } else if input.isArray && e.steps[0].kind != .variable {
            inputSequence = input.elements
        } else {
            inputSequence = [input]
        }
        var resultSequence: Val = .undefined
        var isTupleStream = false
        var tupleBindings: Seq?
        let steps = e.steps
        for ii in 0..<steps.count {
            let step = steps[ii]
            if step.tuple { isTupleStream = true }
            if isTupleStream, let j = jsonSequence {
                inputSequence = j.map(Val.from)
                jsonSequence = nil
            }
            if ii == 0 && step.consarray {
                resultSequence = try eval(step, .array(Seq(inputSequence)), env)
            } else if isTupleStream {
                tupleBindings = try tupleStep(step, inputSequence, tupleBindings, env)
            } else {
                resultSequence = try evalStep(
                    step, inputSequence, env, lastStep: ii == steps.count - 1, json: jsonSequence)
                jsonSequence = nil
            }
            if !isTupleStream
                && (resultSequence.isUndefined || (resultSequence.isArray && resultSequence.arrayCount == 0))
            {
                break
            }
            if step.focus == nil {
                if !isTupleStream, case .jarray(let a) = resultSequence {
                    // Only a step that is not the last yields an input array whole (evalStep).
                    jsonSequence = a
                    inputSequence = []
                } else if isTupleStream {
                    inputSequence = tupleBindings?.items ?? []
                } else {
                    inputSequence = resultSequence.isArray ? resultSequence.elements : [resultSequence]
                }
            }
        }
        if isTupleStream {
            if e.tuple {
                resultSequence = .array(tupleBindings ?? Seq())
            } else {
                let r = Seq()
                for t in tupleBindings?.items ?? [] { r.items.append(t.field("@")) }
                resultSequence = .array(r)
            }
        }
        if e.keepSingletonArray {
            if case .array(let s) = resultSequence, s.cons, !s.isSequence {
                let wrapped = Seq([resultSequence])
                wrapped.keepSingleton = true
                resultSequence = .array(wrapped)
            } else if case .array(let s) = resultSequence {
                s.keepSingleton = true
            } else if resultSequence.isUndefined {
                let s = Seq()
                s.keepSingleton = true
                resultSequence = .array(s)
            }
        }
        if let g = e.group {
            resultSequence = try group(
                g.pairs, position: g.position, isTupleStream ? .array(tupleBindings ?? Seq()) : resultSequence, env)
        }
        return resultSequence
    }

    /// Paths of plain names (after an optional variable) over a single object: no sequences built
    /// until an array turns up.
    @inline(__always) func fastPath(_ e: Expr, _ input: Val, _ env: Frame) -> Val? {
        let steps = e.steps
        var current: Val
        var i = 0
        if steps[0].kind == .variable {
            let name = steps[0].value
            if name.isEmpty {
                if case .array(let s) = input, s.outerWrapper, let f = s.items.first {
                    current = f
                } else {
                    current = input
                }
            } else {
                current = lookup(name, env)
            }
            i = 1
        } else {
            current = input
        }
        switch current {
        case .jobject, .object: break
        case .undefined: return .undefined
        default:
            if i == 1 && steps.count == 1 && !current.isArray { return current }
            return nil
        }
        while i < steps.count {
            let next = current.field(steps[i].value)
            switch next {
            case .undefined: return .undefined
            case .jobject, .object: current = next
            case .jarray, .array:
                if i == steps.count - 1 {
                    if case .array(let s) = next, s.isSequence { return nil }
                    return next
                }
                return nil
            default:
                if i == steps.count - 1 { return next }
                return .undefined
            }
            i += 1
        }
        return current
    }

    /// `json`: the input is that array of input values, read in place where the step allows.
    func evalStep(
        _ step: Expr, _ input: [Val], _ env: Frame, lastStep: Bool, json: [JSONValue]? = nil
    ) throws(JSONataError) -> Val {
        if let json {
            if step.kind != .sort, let result = objectStep(step, json) { return result }
            return try evalStep(step, json.map(Val.from), env, lastStep: lastStep)
        }
        if step.kind == .sort {
            var result = try sortExpression(step, .array(Seq(input)), env)
            if let stages = step.stages { result = try evalStages(stages, result, env) }
            return result
        }
        // Collected in a local array: appending to the Seq's stored array would cost an
        // exclusivity check per item. The first result is held back: a step that yields one input
        // array as the path's last step returns that array itself, never copied item by item.
        var out: [Val] = []
        var count = 0
        var first: Val = .undefined
        let plainName = fastPaths && step.isPlainName
        // A number computed from members (`(price * qty)`): read straight from input objects.
        let objectNum = fastPaths ? step.objectNum : nil
        for item in input {
            var res: Val
            // A name over an input object needs none of eval's bookkeeping: the member is the result.
            if plainName, case .jobject(let o) = item, let m = step.member {
                res = m.val(in: o)
            } else if objectNum != nil, case .jobject(let o) = item, let d = objectNum!(o) {
                res = .number(d)
            } else {
                res = try eval(step, item, env)
            }
            if let stages = step.stages {
                for s in stages {
                    if case .filter(let pe, _) = s { res = .array(try filter(pe, res, env)) }
                }
            }
            if case .undefined = res { continue }
            if count == 0 {
                first = res
                count = 1
                continue
            }
            if count == 1 {
                out.reserveCapacity(input.count)
                Evaluator.appendStepResult(first, to: &out)
            }
            Evaluator.appendStepResult(res, to: &out)
            count += 1
        }
        if count == 1 {
            if lastStep && first.isArray && !first.isSequence { return first }
            switch first {
            case .jarray(let a):
                // The next step reads it in place (evalPath), rather than from a converted copy.
                if !lastStep && fastPaths && !a.isEmpty { return first }
                return .array(Seq(a.map(Val.from)))
            case .array(let s) where !s.cons: return .array(Seq(s.items))
            default: return .array(Seq([first]))
            }
        }
        return .array(Seq(out))
    }

    /// One item's result joins the step's sequence: arrays are flattened one level, except
    /// those built by an array constructor.
    @inline(__always) static func appendStepResult(_ res: Val, to out: inout [Val]) {
        switch res {
        case .jarray(let a):
            out.reserveCapacity(out.count + a.count)
            for x in a { out.append(Val.from(x)) }
        case .array(let s):
            if s.cons { out.append(res) } else { out += s.items }
        default: out.append(res)
        }
    }

    func evalStages(_ stages: [Expr.Stage], _ input: Val, _ env: Frame) throws(JSONataError) -> Val {
        var result = input
        for stage in stages {
            switch stage {
            case .filter(let pe, _):
                result = .array(try filter(pe, result, env))
            case .index(let name):
                for (i, t) in result.elements.enumerated() {
                    if case .object(let o) = t { o[name] = .number(Double(i)) }
                }
            }
        }
        return result
    }

    func tupleFrame(_ env: Frame, _ tuple: Val) -> Frame {
        let frame = Frame(parent: env)
        if case .object(let o) = tuple {
            for i in 0..<o.keys.count { frame.bind(o.keys[i], o.values[i]) }
        }
        return frame
    }

    func tupleStep(_ step: Expr, _ input: [Val], _ bindings: Seq?, _ env: Frame) throws(JSONataError) -> Seq {
        if step.kind == .sort {
            var result: Val
            if let bindings {
                result = try sortExpression(step, .array(bindings), env)
            } else {
                let sorted = try sortExpression(step, .array(Seq(input)), env)
                let r = Seq()
                r.tupleStream = true
                for (i, v) in sorted.elements.enumerated() {
                    let t = Obj()
                    t["@"] = v
                    if let idx = step.index { t[idx] = .number(Double(i)) }
                    r.items.append(.object(t))
                }
                result = .array(r)
            }
            if let stages = step.stages { result = try evalStages(stages, result, env) }
            if case .array(let s) = result { s.tupleStream = true; return s }
            let s = Seq(result.elements)
            s.tupleStream = true
            return s
        }
        let result = Seq()
        result.tupleStream = true
        let tuples: [Val]
        if let bindings {
            tuples = bindings.items
        } else {
            tuples = input.map { item in
                let t = Obj()
                t["@"] = item
                return .object(t)
            }
        }
        for tupleVal in tuples {
            guard case .object(let tuple) = tupleVal else { continue }
            let stepEnv = tupleFrame(env, tupleVal)
            let res = try eval(step, tuple["@"] ?? .undefined, stepEnv)
            if res.isUndefined { continue }
            let resItems = res.isArray ? res.elements : [res]
            let resIsTuple = res.seq?.tupleStream ?? false
            for (bb, item) in resItems.enumerated() {
                let t = Obj()
                for i in 0..<tuple.keys.count { t[tuple.keys[i]] = tuple.values[i] }
                if resIsTuple {
                    if case .object(let o) = item {
                        for i in 0..<o.keys.count { t[o.keys[i]] = o.values[i] }
                    }
                } else {
                    if let focus = step.focus {
                        t[focus] = item
                        t["@"] = tuple["@"] ?? .undefined
                    } else {
                        t["@"] = item
                    }
                    if let idx = step.index { t[idx] = .number(Double(bb)) }
                    if let anc = step.ancestorLabel { t[anc] = tuple["@"] ?? .undefined }
                }
                result.items.append(.object(t))
            }
        }
        if let stages = step.stages {
            let r = try evalStages(stages, .array(result), env)
            if case .array(let s) = r { s.tupleStream = true; return s }
        }
        return result
    }

    /// A predicate `[...]`: an index (or indexes) or a boolean test on each item.
    func filter(_ predicate: Expr, _ input: Val, _ env: Frame) throws(JSONataError) -> Seq {
        let isTuple = input.seq?.tupleStream ?? false
        if input.isUndefined {
            let results = Seq()
            if isTuple { results.tupleStream = true }
            return results
        }
        // Read elements in place: converting a large input array up front would copy it.
        let count: Int
        let jitems: [JSONValue]?
        let vitems: [Val]?
        switch input {
        case .jarray(let a): count = a.count; jitems = a; vitems = nil
        case .array(let s): count = s.items.count; jitems = nil; vitems = s.items
        default: count = 1; jitems = nil; vitems = [input]
        }
        @inline(__always) func element(_ i: Int) -> Val {
            if let jitems { return Val.from(jitems[i]) }
            return vitems![i]
        }
        if predicate.kind == .number, let d = predicate.literal.number {
            let results = Seq()
            if isTuple { results.tupleStream = true }
            var index = Int(exactly: d.rounded(.down)) ?? Int.max
            if index < 0 { index = count + index }
            if index >= 0 && index < count {
                let item = element(index)
                if item.isArray {
                    if case .array(let s) = item { return s }
                    return Seq(item.elements, sequence: false)
                }
                results.items.append(item)
            }
            return results
        }
        // Kept in a local array until the end (no exclusivity check per kept item).
        var kept: [Val] = []
        // A test of members (`price > 50`) runs straight over input objects; an item it cannot
        // decide is evaluated as below.
        let objectBool = fastPaths && !isTuple ? predicate.objectBool : nil
        for index in 0..<count {
            if let objectBool, let jitems, case .object(let o) = jitems[index] {
                let decided = objectBool(o)
                if decided == 1 { kept.append(.jobject(o)) }
                if decided != 2 { continue }
            }
            let item = element(index)
            var context = item
            var frame = env
            if isTuple {
                context = item.field("@")
                frame = tupleFrame(env, item)
            }
            let res = try eval(predicate, context, frame)
            if case .number(let n) = res {
                guard n.isFinite else { throw .make("D1001", value: res) }
                var ii = Int(exactly: n.rounded(.down)) ?? Int.max
                if ii < 0 { ii = count + ii }
                if ii == index { kept.append(item) }
            } else if res.isArray, Functions.isArrayOfNumbers(res) {
                for n in res.elements {
                    guard let d = n.number else { continue }
                    var ii = Int(exactly: d.rounded(.down)) ?? Int.max
                    if ii < 0 { ii = count + ii }
                    if ii == index { kept.append(item) }
                }
            } else if Functions.boolean(res) == true {
                kept.append(item)
            }
        }
        let results = Seq(kept)
        if isTuple { results.tupleStream = true }
        return results
    }
}
