import SFNJSON

extension Library {
    /// Arguments a higher-order function passes: value, then index and array when the
    /// function takes them.
    static func hofArgs(_ f: Val, _ a1: Val, _ a2: Val, _ a3: Val) -> [Val] {
        guard case .function(let fn) = f else { return [a1] }
        let n = fn.arity
        if n >= 3 { return [a1, a2, a3] }
        if n >= 2 { return [a1, a2] }
        return [a1]
    }

    static func registerArrays(_ t: inout [String: Fn]) {
        def(&t, "append", "<xx:a>", 2) { _, a, _, _ throws(JSONataError) in Functions.append(a.at(0), a.at(1)) }
        def(&t, "exists", "<x:b>", 1) { _, a, _, _ throws(JSONataError) in .bool(!a.at(0).isUndefined) }
        def(&t, "reverse", "<a:a>", 1) { _, a, _, _ throws(JSONataError) in
            let v = a.at(0)
            guard v.isArray else { return .undefined }
            if v.arrayCount <= 1 { return v }
            return .array(Seq(v.elements.reversed(), sequence: false))
        }
        def(&t, "sort", "<af?:a>", 2) { ev, a, input, env throws(JSONataError) in
            let v = a.at(0)
            if v.isUndefined { return .undefined }
            if v.arrayCount <= 1 { return v }
            if ev.fastPaths, case .function(let fn) = a.at(1), fn.signature == nil,
                case .lambda(let node, _, _) = fn.kind, node.arguments.count == 2, let fast = node.fastBody,
                let lexSorted = LexSort.sort(v, fast)
            {
                return .array(Seq(lexSorted, sequence: false))
            }
            let items = v.elements
            let sorted: [Val]
            if case .function(let fn) = a.at(1) {
                let f = a[1]
                if ev.fastPaths, fn.signature == nil, case .lambda(let node, _, _) = fn.kind, node.arguments.count == 2,
                    let fast = node.fastBody, let fastSorted = FastSort.sort(items, fast)
                {
                    return .array(Seq(fastSorted, sequence: false))
                }
                sorted = try Functions.mergeSort(items) { (x: Val, y: Val) throws(JSONataError) -> Bool in
                    Functions.truthy(try ev.apply(f, [x, y], input, env))
                }
            } else {
                if Functions.isArrayOfNumbers(v) {
                    sorted = try Functions.mergeSort(items) { (x: Val, y: Val) throws(JSONataError) -> Bool in
                        (x.number ?? 0) > (y.number ?? 0)
                    }
                } else if Functions.isArrayOfStrings(v) {
                    sorted = try Functions.mergeSort(items) { (x: Val, y: Val) throws(JSONataError) -> Bool in
                        Functions.jsLess(y.string ?? "", x.string ?? "")
                    }
                } else {
                    throw .make("D3070", index: 1)
                }
            }
            return .array(Seq(sorted, sequence: false))
        }
        def(&t, "shuffle", "<a:a>", 1) { ev, a, _, _ throws(JSONataError) in
            let v = a.at(0)
            if v.isUndefined { return .undefined }
            if v.arrayCount <= 1 { return v }
            var items = v.elements
            var i = items.count - 1
            while i > 0 {
                let j = Int(ev.environment.random() % UInt64(i + 1))
                items.swapAt(i, j)
                i -= 1
            }
            return .array(Seq(items, sequence: false))
        }
        def(&t, "distinct", "<x:x>", 1) { _, a, _, _ throws(JSONataError) in
            let v = a.at(0)
            if v.isUndefined { return .undefined }
            if !v.isArray || v.arrayCount <= 1 { return v }
            var out: [Val] = []
            var seen = Set<String>()
            for x in v.elements {
                switch x {
                case .string(let s): if seen.insert("s" + s).inserted { out.append(x) }
                case .number(let d): if seen.insert("n" + NumberText.js(d)).inserted { out.append(x) }
                default:
                    if !out.contains(where: { Functions.deepEqual($0, x) }) { out.append(x) }
                }
            }
            return .array(Seq(out, sequence: v.isSequence))
        }
        def(&t, "zip", "<a+>", 0) { _, a, _, _ throws(JSONataError) in
            let arrays = a.map { $0.elements }
            let length = a.isEmpty ? 0 : a.map { $0.isArray ? $0.arrayCount : 0 }.min() ?? 0
            var out: [Val] = []
            for i in 0..<length {
                out.append(.array(Seq(arrays.map { i < $0.count ? $0[i] : .undefined }, sequence: false)))
            }
            return .array(Seq(out, sequence: false))
        }
    }

    static func registerObjects(_ t: inout [String: Fn]) {
        def(&t, "keys", "<x-:a<s>>", 1) { _, a, _, _ throws(JSONataError) in .array(keys(a.at(0))) }
        def(&t, "lookup", "<x-s:x>", 2) { ev, a, _, _ throws(JSONataError) in
            ev.lookupField(a.at(0), a.at(1).string ?? "")
        }
        def(&t, "spread", "<x-:a<o>>", 1) { _, a, _, _ throws(JSONataError) in spread(a.at(0)) }
        def(&t, "merge", "<a<o>:o>", 1) { _, a, _, _ throws(JSONataError) in
            let v = a.at(0)
            if v.isUndefined { return .undefined }
            let o = Obj()
            for item in v.elements {
                for (k, x) in item.members { o[k] = x }
            }
            return .object(o)
        }
        def(&t, "type", "<x:s>", 1) { _, a, _, _ throws(JSONataError) in
            guard let name = a.at(0).typeName else { return .undefined }
            return .string(name)
        }
        def(&t, "clone", "<(oa)-:o>", 1) { _, a, _, _ throws(JSONataError) in
            Functions.clone(a.at(0))
        }
        def(&t, "error", "<s?:x>", 1) { _, a, _, _ throws(JSONataError) in
            throw .make("D3137", message: a.at(0).string ?? "$error() function evaluated")
        }
        def(&t, "assert", "<bs?:x>", 2) { _, a, _, _ throws(JSONataError) in
            if !a.at(0).boolean() {
                throw .make("D3141", message: a.at(1).string ?? "$assert() statement failed")
            }
            return .undefined
        }
    }

    static func keys(_ v: Val) -> Seq {
        let result = Seq()
        if v.isArray {
            var seen = Set<String>()
            for item in v.elements {
                for k in keys(item).items {
                    if case .string(let s) = k, seen.insert(s).inserted { result.items.append(k) }
                }
            }
        } else if v.isObject {
            for k in v.objectKeys { result.items.append(.string(k)) }
        }
        return result
    }

    static func spread(_ v: Val) -> Val {
        if v.isArray {
            var result: Val = .array(Seq())
            for item in v.elements { result = Functions.append(result, spread(item)) }
            return result
        }
        if v.isObject {
            let result = Seq()
            for (k, x) in v.members {
                let o = Obj()
                o[k] = x
                result.items.append(.object(o))
            }
            return .array(result)
        }
        return v
    }

    static func registerHigherOrder(_ t: inout [String: Fn]) {
        def(&t, "map", "<af>", 2) { ev, a, input, env throws(JSONataError) in
            let v = a.at(0)
            if v.isUndefined { return .undefined }
            let f = a.at(1)
            let result = Seq()
            for (i, x) in v.elements.enumerated() {
                let r = try ev.apply(f, hofArgs(f, x, .number(Double(i)), v), input, env)
                if !r.isUndefined { result.items.append(r) }
            }
            return .array(result)
        }
        def(&t, "filter", "<af>", 2) { ev, a, input, env throws(JSONataError) in
            let v = a.at(0)
            if v.isUndefined { return .undefined }
            let f = a.at(1)
            let result = Seq()
            for (i, x) in v.elements.enumerated() {
                let r = try ev.apply(f, hofArgs(f, x, .number(Double(i)), v), input, env)
                if Functions.boolean(r) == true { result.items.append(x) }
            }
            return .array(result)
        }
        def(&t, "single", "<af?>", 2) { ev, a, input, env throws(JSONataError) in
            let v = a.at(0)
            if v.isUndefined { return .undefined }
            let f = a.at(1)
            var found: Val?
            for (i, x) in v.elements.enumerated() {
                var ok = true
                if !f.isUndefined {
                    let r = try ev.apply(f, hofArgs(f, x, .number(Double(i)), v), input, env)
                    ok = Functions.boolean(r) == true
                }
                if ok {
                    if found != nil { throw .make("D3138", index: i) }
                    found = x
                }
            }
            guard let found else { throw .make("D3139") }
            return found
        }
        def(&t, "reduce", "<afj?:j>", 3) { ev, a, input, env throws(JSONataError) in
            let v = a.at(0)
            if v.isUndefined { return .undefined }
            let f = a.at(1)
            guard case .function(let fn) = f else { return .undefined }
            let arity = fn.arity
            if arity < 2 { throw .make("D3050", index: 1) }
            let items = v.elements
            var result: Val
            var index: Int
            if a.at(2).isUndefined && !items.isEmpty {
                result = items[0]
                index = 1
            } else {
                result = a.at(2)
                index = 0
            }
            if let joined = try reduceConcatenating(ev, fn, result, items, from: index, array: v) { return joined }
            while index < items.count {
                var args = [result, items[index]]
                if arity >= 3 { args.append(.number(Double(index))) }
                if arity >= 4 { args.append(v) }
                result = try ev.apply(f, args, input, env)
                index += 1
            }
            return result
        }
        def(&t, "sift", "<o-f?:o>", 2) { ev, a, input, env throws(JSONataError) in
            let v = a.at(0)
            let f = a.at(1)
            let result = Obj()
            for (k, x) in v.members {
                let r = try ev.apply(f, hofArgs(f, x, .string(k), v), input, env)
                if Functions.boolean(r) == true { result[k] = x }
            }
            if result.count == 0 { return .undefined }
            return .object(result)
        }
        def(&t, "each", "<o-f:a>", 2) { ev, a, input, env throws(JSONataError) in
            let v = a.at(0)
            if v.isUndefined { return .undefined }
            let f = a.at(1)
            let result = Seq()
            for (k, x) in v.members {
                let r = try ev.apply(f, hofArgs(f, x, .string(k), v), input, env)
                if !r.isUndefined { result.items.append(r) }
            }
            return .array(result)
        }
    }
}
