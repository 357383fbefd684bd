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
        #if DEBUG
        LiveObjects.current?.created(self)
        #endif
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
/// The first two bindings live inline, so lambda calls with one or two parameters allocate
/// nothing beyond the frame itself.
final class Frame {
    let parent: Frame?
    var n0: String?
    var v0: Val = .undefined
    var n1: String?
    var v1: Val = .undefined
    var names: [String] = []
    var values: [Val] = []

    init(parent: Frame?) {
        self.parent = parent
        #if DEBUG
        LiveObjects.current?.created(self)
        #endif
    }

    /// Drops every binding (the end of an evaluation; see Evaluator+Closures).
    func clear() {
        n0 = nil
        v0 = .undefined
        n1 = nil
        v1 = .undefined
        names = []
        values = []
    }

    @inline(__always) static func same(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a == b
    }

    func bind(_ name: String, _ value: Val) {
        if let n = n0 {
            if Frame.same(n, name) { v0 = value; return }
        } else {
            n0 = name
            v0 = value
            return
        }
        if let n = n1 {
            if Frame.same(n, name) { v1 = value; return }
        } else {
            n1 = name
            v1 = value
            return
        }
        var i = 0
        let n = names.count
        while i < n {
            if Frame.same(names[i], name) { values[i] = value; return }
            i += 1
        }
        names.append(name)
        values.append(value)
    }

    /// The bound value, or nil when no frame binds `name`.
    func lookup(_ name: String) -> Val? {
        var f: Frame? = self
        while let frame = f {
            if let n = frame.n0 {
                if Frame.same(n, name) { return frame.v0 }
                if let m = frame.n1 {
                    if Frame.same(m, name) { return frame.v1 }
                    var i = 0
                    let count = frame.names.count
                    while i < count {
                        if Frame.same(frame.names[i], name) { return frame.values[i] }
                        i += 1
                    }
                }
            }
            f = frame.parent
        }
        return nil
    }

    /// Every binding, in order (for tuple frames).
    var all: [(String, Val)] {
        var out: [(String, Val)] = []
        if let n = n0 { out.append((n, v0)) }
        if let n = n1 { out.append((n, v1)) }
        for i in 0..<names.count { out.append((names[i], values[i])) }
        return out
    }
}
