extension PathExpression {
    /// Every path the expression reads, in order (for a call: its path arguments, nested calls
    /// included). Lets the core see whether `$$` or which variables (`$name`) are used.
    public var referencedPaths: [JSONPath] {
        switch self {
        case .path(let p): return [p]
        case .intrinsic(let call): return call.referencedPaths
        }
    }

    /// True when the expression reads the context object (`$$`).
    public var referencesContext: Bool { referencedPaths.contains { $0.root == .context } }
}

extension IntrinsicCall {
    /// The path arguments of the call and of the calls nested in it, in order.
    public var referencedPaths: [JSONPath] {
        var out: [JSONPath] = []
        IntrinsicCall.collectPaths(node, into: &out)
        return out
    }

    private static func collectPaths(_ node: IntrinsicNode, into out: inout [JSONPath]) {
        for argument in node.arguments {
            switch argument {
            case .path(let p): out.append(p)
            case .call(let inner): collectPaths(inner, into: &out)
            case .literal, .string: continue
            }
        }
    }
}
