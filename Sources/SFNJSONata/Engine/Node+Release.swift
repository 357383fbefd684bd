// Detaching a node's children, so that `Node.deinit` frees a tree without recursing on its depth.

extension Node {
    /// Moves every child node (operands, steps, arguments, stages, sort terms, group pairs) into
    /// `pending`, leaving this node childless.
    func takeChildren(into pending: inout [Node]) {
        for child in [lhs, rhs, expression, procedure, body, condition, then, otherwise, pattern, update, delete] {
            if let child { pending.append(child) }
        }
        lhs = nil
        rhs = nil
        expression = nil
        procedure = nil
        body = nil
        condition = nil
        then = nil
        otherwise = nil
        pattern = nil
        update = nil
        delete = nil
        pending.append(contentsOf: expressions)
        pending.append(contentsOf: steps)
        pending.append(contentsOf: arguments)
        expressions = []
        steps = []
        arguments = []
        for (k, v) in pairs { pending.append(contentsOf: [k, v]) }
        pairs = []
        for t in terms { pending.append(t.expression) }
        terms = []
        for list in [predicate, stages] {
            for stage in list ?? [] { if case .filter(let e, _) = stage { pending.append(e) } }
        }
        predicate = nil
        stages = nil
        if let g = group { for (k, v) in g.pairs { pending.append(contentsOf: [k, v]) } }
        group = nil
    }
}
