import SFNJSON

extension Array where Element == Val {
    @inline(__always) func at(_ i: Int) -> Val { i < count ? self[i] : .undefined }
}

/// The table of built-in functions, built once per mode.
enum Library {
    nonisolated(unsafe) static let standard: [String: Fn] = build(aws: false)
    nonisolated(unsafe) static let aws: [String: Fn] = build(aws: true)

    static func def(
        _ table: inout [String: Fn], _ name: String, _ sig: String?, _ arity: Int, _ impl: @escaping Builtin.Impl
    ) {
        let signature = sig.flatMap { try? Signature($0) }
        table[name] = Fn(.builtin(Builtin(name: name, arity: arity, impl: impl)), signature: signature)
    }

    static func build(aws: Bool) -> [String: Fn] {
        var t: [String: Fn] = [:]
        registerAggregates(&t)
        registerStrings(&t)
        registerNumeric(&t)
        registerArrays(&t)
        registerObjects(&t)
        registerHigherOrder(&t)
        registerDates(&t)
        registerEncoding(&t)
        if aws {
            registerAWS(&t)
        } else {
            def(&t, "eval", "<sx?:x>", 2) { ev, a, input, env throws(JSONataError) in
                try evalFunction(ev, a, input, env)
            }
        }
        return t
    }

    static func evalFunction(_ ev: Evaluator, _ a: [Val], _ input: Val, _ env: Frame) throws(JSONataError) -> Val {
        guard case .string(let text) = a.at(0) else { return .undefined }
        var focus = input
        if !a.at(1).isUndefined {
            focus = a.at(1)
            if focus.isArray && !focus.isSequence {
                let s = Seq([focus])
                s.outerWrapper = true
                focus = .array(s)
            }
        }
        let ast: Expr
        do {
            ast = try Compiler.compile(text).1
        } catch {
            throw .make("D3120", value: .string(error.message))
        }
        do {
            return try ev.eval(ast, focus, env)
        } catch {
            throw .make("D3121", value: .string(error.message))
        }
    }

    static func registerAggregates(_ t: inout [String: Fn]) {
        def(&t, "sum", "<a<n>:n>", 1) { _, a, _, _ throws(JSONataError) in
            guard a.at(0).isArray else { return .undefined }
            var total = 0.0
            for x in a[0].elements { total += x.number ?? 0 }
            return .number(total)
        }
        def(&t, "count", "<a:n>", 1) { _, a, _, _ throws(JSONataError) in
            .number(Double(a.at(0).isArray ? a[0].arrayCount : 0))
        }
        def(&t, "max", "<a<n>:n>", 1) { _, a, _, _ throws(JSONataError) in
            let items = a.at(0).elements
            guard !items.isEmpty else { return .undefined }
            return .number(items.reduce(-Double.infinity) { Swift.max($0, $1.number ?? .nan) })
        }
        def(&t, "min", "<a<n>:n>", 1) { _, a, _, _ throws(JSONataError) in
            let items = a.at(0).elements
            guard !items.isEmpty else { return .undefined }
            return .number(items.reduce(Double.infinity) { Swift.min($0, $1.number ?? .nan) })
        }
        def(&t, "average", "<a<n>:n>", 1) { _, a, _, _ throws(JSONataError) in
            let items = a.at(0).elements
            guard !items.isEmpty else { return .undefined }
            var total = 0.0
            for x in items { total += x.number ?? 0 }
            return .number(total / Double(items.count))
        }
    }
}
