import SFNJSON

extension Evaluator {
    func evalBinary(_ e: Expr, _ input: Val, _ env: Frame) throws(JSONataError) -> Val {
        let op = e.value
        if op == "[" || op == "^" || op == "{" { return .undefined }
        let lhs = try eval(e.lhs!, input, env)
        do {
            if op == "and" || op == "or" {
                let l = Functions.boolean(lhs) ?? false
                if op == "and" {
                    if !l { return .bool(false) }
                    return .bool(Functions.boolean(try eval(e.rhs!, input, env)) ?? false)
                }
                if l { return .bool(true) }
                return .bool(Functions.boolean(try eval(e.rhs!, input, env)) ?? false)
            }
            let rhs = try eval(e.rhs!, input, env)
            switch op {
            case "+", "-", "*", "/", "%": return try numeric(lhs, rhs, op)
            case "=": return (lhs.isUndefined || rhs.isUndefined) ? .bool(false) : .bool(Functions.deepEqual(lhs, rhs))
            case "!=":
                return (lhs.isUndefined || rhs.isUndefined) ? .bool(false) : .bool(!Functions.deepEqual(lhs, rhs))
            case "<", "<=", ">", ">=": return try compare(lhs, rhs, op)
            case "&":
                let l = lhs.isUndefined ? "" : try Functions.string(lhs, limit: maxBytes)
                let r = rhs.isUndefined ? "" : try Functions.string(rhs, limit: maxBytes)
                if l.utf8.count + r.utf8.count > maxBytes { try concatenationTooLarge(l, r) }
                return .string(l + r)
            case "..": return try range(lhs, rhs)
            case "in":
                if lhs.isUndefined || rhs.isUndefined { return .bool(false) }
                let items = rhs.isArray ? rhs.elements : [rhs]
                for x in items where Functions.strictEqual(x, lhs) { return .bool(true) }
                return .bool(false)
            default: return .undefined
            }
        } catch {
            var err = error
            err.position = e.position
            err.token = op
            err.message = err.renderMessage()
            throw err
        }
    }

    @inline(__always) func numeric(_ lhs: Val, _ rhs: Val, _ op: String) throws(JSONataError) -> Val {
        guard case .number(let a) = lhs else {
            if lhs.isUndefined {
                if case .number = rhs { return .undefined }
                if rhs.isUndefined { return .undefined }
                throw .make("T2002", value: rhs)
            }
            throw .make("T2001", value: lhs)
        }
        if a.isNaN { throw .make("T2001", value: lhs) }
        if a.isInfinite { throw .make("D1001", value: lhs) }
        guard case .number(let b) = rhs, !b.isNaN else {
            if rhs.isUndefined { return .undefined }
            throw .make("T2002", value: rhs)
        }
        if b.isInfinite { throw .make("D1001", value: rhs) }
        let r: Double
        switch op {
        case "+": r = a + b
        case "-": r = a - b
        case "*": r = a * b
        case "/": r = a / b
        default: r = a.truncatingRemainder(dividingBy: b)
        }
        return .number(r)
    }

    func compare(_ lhs: Val, _ rhs: Val, _ op: String) throws(JSONataError) -> Val {
        func comparable(_ v: Val) -> Bool {
            switch v {
            case .undefined, .string, .number: return true;
            default: return false
            }
        }
        if !comparable(lhs) || !comparable(rhs) {
            let bad: Val
            switch lhs {
            case .string, .number: bad = rhs;
            default: bad = lhs
            }
            throw .make("T2010", value: bad)
        }
        if lhs.isUndefined || rhs.isUndefined { return .undefined }
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)):
            switch op {
            case "<": return .bool(a < b)
            case "<=": return .bool(a <= b)
            case ">": return .bool(a > b)
            default: return .bool(a >= b)
            }
        case (.string(let a), .string(let b)):
            switch op {
            case "<": return .bool(Functions.jsLess(a, b))
            case "<=": return .bool(a == b || Functions.jsLess(a, b))
            case ">": return .bool(Functions.jsLess(b, a))
            default: return .bool(a == b || Functions.jsLess(b, a))
            }
        default:
            throw .make("T2009", value: lhs, value2: rhs)
        }
    }

    func range(_ lhs: Val, _ rhs: Val) throws(JSONataError) -> Val {
        func isInt(_ v: Val) -> Bool {
            if case .number(let d) = v { return d.isFinite && d.rounded(.towardZero) == d }
            return false
        }
        if !lhs.isUndefined && !isInt(lhs) { throw .make("T2003", value: lhs) }
        if !rhs.isUndefined && !isInt(rhs) { throw .make("T2004", value: rhs) }
        guard case .number(let a) = lhs, case .number(let b) = rhs else { return .undefined }
        if a > b { return .undefined }
        let size = b - a + 1
        if size > 1e7 { throw .make("D2014", value: .number(size)) }
        // Each number prints as a digit at least, and a comma.
        if size * Double(Val.itemBytes) > Double(maxBytes) {
            throw .itemsLimit("The range would hold", Int(size), cap: maxBytes)
        }
        var items: [Val] = []
        items.reserveCapacity(Int(size))
        var x = a
        while x <= b {
            items.append(.number(x))
            x += 1
            // Ten million items take a while on a slow machine: the time budget holds here too.
            if items.count & 0xFFFFF == 0, let deadline, evaluationClockMillis() > deadline {
                throw JSONataError(code: "U1001", message: "Expression evaluation timeout: Check for infinite loop")
            }
        }
        return .array(Seq(items))
    }

    func evalUnary(_ e: Expr, _ input: Val, _ env: Frame) throws(JSONataError) -> Val {
        switch e.value {
        case "-":
            let v = try eval(e.expression!, input, env)
            switch v {
            case .undefined: return .undefined
            case .number(let d):
                if !d.isFinite { throw .make("D1001", value: v) }
                return .number(-d)
            default:
                throw .make("D1002", position: e.position, token: "-", value: v)
            }
        case "[":
            var items: [Val] = []
            for item in e.expressions {
                let v = try eval(item, input, env)
                if v.isUndefined { continue }
                if item.kind == .unary && item.value == "[" {
                    items.append(v)
                } else if v.isArray {
                    // Flattening copies: `[$a, $a]` in a loop doubles what memory holds.
                    if (items.count + v.arrayCount) * Val.itemBytes > maxBytes {
                        try arrayTooLarge(items.count + v.arrayCount)
                    }
                    items += v.elements
                } else {
                    items.append(v)
                }
            }
            let s = Seq(items, sequence: false)
            if e.consarray { s.cons = true }
            return .array(s)
        case "{":
            return try group(e.pairs, position: e.position, input, env)
        default:
            return .undefined
        }
    }

    // MARK: - functions

    func evalFunction(_ e: Expr, _ input: Val, _ env: Frame, applyTo: Val?) throws(JSONataError) -> Val {
        let procNode = e.procedure!
        let proc = try eval(procNode, input, env)
        let procName = procNode.kind == .path ? procNode.steps[0].value : procNode.value
        if proc.isUndefined && procNode.kind == .path && !lookup(procNode.steps[0].value, env).isUndefined {
            throw .make("T1005", position: e.position, token: procNode.steps[0].value)
        }
        var args: [Val] = []
        args.reserveCapacity(e.arguments.count + 1)
        if let applyTo { args.append(applyTo) }
        for a in e.arguments { args.append(try eval(a, input, env)) }
        do {
            return try apply(proc, args, input, env)
        } catch {
            var err = error
            err.attribute(position: e.position, token: procName)
            throw err
        }
    }

    func apply(_ proc: Val, _ args: [Val], _ input: Val, _ env: Frame) throws(JSONataError) -> Val {
        var result = try applyInner(proc, args, input, env)
        while case .function(let f) = result, case .lambda(let node, let linput, let lenv) = f.kind, node.thunk {
            let body = node.body!
            let next = try eval(body.procedure!, linput, lenv)
            var evaluated: [Val] = []
            evaluated.reserveCapacity(body.arguments.count)
            for a in body.arguments { evaluated.append(try eval(a, linput, lenv)) }
            do {
                result = try applyInner(next, evaluated, input, env)
            } catch {
                var err = error
                let name = body.procedure!.kind == .variable ? body.procedure!.value : nil
                err.attribute(position: body.procedure!.position, token: name)
                throw err
            }
        }
        return result
    }

    func applyInner(_ proc: Val, _ args: [Val], _ input: Val, _ env: Frame) throws(JSONataError) -> Val {
        guard case .function(let f) = proc else {
            throw .make("T1006")
        }
        var validated = args
        if let sig = f.signature { validated = try sig.validate(args, context: input) }
        switch f.kind {
        case .lambda(let node, let linput, let lenv):
            if fastPaths, let fast = node.fastBodyRun, let r = fast(validated, linput, lenv) { return r }
            let frame = Frame(parent: lenv)
            let params = node.arguments
            for i in 0..<params.count { frame.bind(params[i].value, i < validated.count ? validated[i] : .undefined) }
            return try eval(node.body!, linput, frame)
        case .builtin(let b):
            return try b.impl(self, validated, input, env)
        case .partial(let inner, let bound):
            var full: [Val] = []
            var k = 0
            for b in bound {
                if let b {
                    full.append(b)
                } else {
                    full.append(k < validated.count ? validated[k] : .undefined)
                    k += 1
                }
            }
            return try apply(.function(inner), full, input, env)
        case .regex(let re):
            guard case .string(let s) = validated.first ?? .undefined else { return .undefined }
            return try Functions.regexMatchObject(re, s, from: 0, position: 0, deadline: deadline)
        case .transform(let node, let tenv):
            return try transform(node, validated.first ?? .undefined, tenv)
        case .chain(let f1, let f2):
            let mid = try apply(.function(f1), [validated.first ?? .undefined], input, env)
            return try apply(.function(f2), [mid], input, env)
        }
    }

    func evalPartial(_ e: Expr, _ input: Val, _ env: Frame) throws(JSONataError) -> Val {
        var bound: [Val?] = []
        for a in e.arguments {
            if a.kind == .op && a.value == "?" { bound.append(nil) } else { bound.append(try eval(a, input, env)) }
        }
        let procNode = e.procedure!
        let proc = try eval(procNode, input, env)
        if proc.isUndefined && procNode.kind == .path && !lookup(procNode.steps[0].value, env).isUndefined {
            throw .make("T1007", position: e.position, token: procNode.steps[0].value)
        }
        guard case .function(let f) = proc else {
            throw .make(
                "T1008", position: e.position, token: procNode.kind == .path ? procNode.steps[0].value : procNode.value)
        }
        return .function(Fn(.partial(f, bound)))
    }

    func evalApply(_ e: Expr, _ input: Val, _ env: Frame) throws(JSONataError) -> Val {
        let lhs = try eval(e.lhs!, input, env)
        let rhsNode = e.rhs!
        if rhsNode.kind == .function {
            return try evalFunction(rhsNode, input, env, applyTo: lhs)
        }
        let fn = try eval(rhsNode, input, env)
        guard case .function(let g) = fn else {
            throw .make("T2006", position: e.position, value: fn)
        }
        if case .function(let f) = lhs {
            return .function(Fn(.chain(f, g)))
        }
        return try apply(fn, [lhs], input, env)
    }

    // MARK: - transform

    func transform(_ node: Expr, _ obj: Val, _ env: Frame) throws(JSONataError) -> Val {
        if obj.isUndefined { return .undefined }
        let cloneFn = lookup("clone", env)
        guard cloneFn.isFunction else { throw .make("T2013", position: node.position) }
        let result = try apply(cloneFn, [obj], .undefined, env)
        let matches = try eval(node.pattern!, result, env)
        if matches.isUndefined { return result }
        let list = matches.isArray ? matches.elements : [matches]
        for match in list {
            let update = try eval(node.update!, match, env)
            if !update.isUndefined {
                guard update.isObject else { throw .make("T2011", position: node.update!.position, value: update) }
                if case .object(let target) = match {
                    for (k, v) in update.members { target[k] = v }
                }
            }
            if let del = node.delete {
                let deletions = try eval(del, match, env)
                if !deletions.isUndefined {
                    let names = deletions.isArray ? deletions.elements : [deletions]
                    var keys: [String] = []
                    for n in names {
                        guard case .string(let k) = n else {
                            throw .make("T2012", position: del.position, value: deletions)
                        }
                        keys.append(k)
                    }
                    if case .object(let target) = match {
                        for k in keys { target[k] = nil }
                    }
                }
            }
        }
        return result
    }
}
