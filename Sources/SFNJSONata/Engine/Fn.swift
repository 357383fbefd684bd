import SFNJSON

/// A function value: lambda, built-in, partial application, regex matcher, transform or chain.
final class Fn {
    enum Kind {
        case lambda(node: Expr, input: Val, env: Frame)
        case builtin(Builtin)
        /// nil arguments are the `?` placeholders.
        case partial(Fn, [Val?])
        case regex(RegexLiteral)
        case transform(node: Expr, env: Frame)
        case chain(Fn, Fn)
    }

    let kind: Kind
    let signature: Signature?

    init(_ kind: Kind, signature: Signature? = nil) {
        self.kind = kind
        self.signature = signature
    }

    /// How many arguments a higher-order function should pass (JavaScript's `length`).
    var arity: Int {
        switch kind {
        case .lambda(let node, _, _): return node.arguments.count
        case .builtin(let b): return b.arity
        case .partial(_, let args): return args.reduce(0) { $0 + ($1 == nil ? 1 : 0) }
        case .regex: return 2
        case .transform: return 1
        case .chain: return 1
        }
    }
}

/// One scope of variable bindings. Lookups walk outwards, then fall back to the built-ins.
final class Frame {
    let parent: Frame?
    var names: [String] = []
    var values: [Val] = []

    init(parent: Frame?) { self.parent = parent }

    @inline(__always) func bind(_ name: String, _ value: Val) {
        var i = 0
        let n = names.count
        while i < n {
            if names[i] == name { values[i] = value; return }
            i += 1
        }
        names.append(name)
        values.append(value)
    }

    /// The bound value, or nil when no frame binds `name`.
    @inline(__always) func lookup(_ name: String) -> Val? {
        var f: Frame? = self
        while let frame = f {
            var i = 0
            let n = frame.names.count
            while i < n {
                if frame.names[i] == name { return frame.values[i] }
                i += 1
            }
            f = frame.parent
        }
        return nil
    }
}
