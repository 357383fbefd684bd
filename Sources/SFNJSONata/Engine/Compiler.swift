import SFNJSON

extension Node {
    /// Visits every direct child expression.
    func forEachChild(_ body: (Node) -> Void) {
        lhs.map(body)
        rhs.map(body)
        expression.map(body)
        expressions.forEach(body)
        for (k, v) in pairs { body(k); body(v) }
        steps.forEach(body)
        arguments.forEach(body)
        procedure.map(body)
        self.body.map(body)
        condition.map(body)
        then.map(body)
        otherwise.map(body)
        pattern.map(body)
        update.map(body)
        delete.map(body)
        for t in terms { body(t.expression) }
        for list in [predicate, stages] {
            for s in list ?? [] { if case .filter(let e, _) = s { body(e) } }
        }
        if let g = group { for (k, v) in g.pairs { body(k); body(v) } }
    }
}

/// Compile-time passes over the processed tree.
enum Compiler {
    static func compile(_ text: String) throws(JSONataError) -> (Node, Expr) {
        // Parsing and processing recurse on the expression's nesting, which a short text cannot
        // make deep; a long one is compiled on a thread whose stack holds the deepest allowed.
        guard text.utf8.count > 256 else { return try compileHere(text) }
        let result: Result<(Node, Expr), JSONataError> = StackGuard.onLargeStack {
            do throws(JSONataError) { return .success(try compileHere(text)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Deepest syntax tree accepted (the AST processor's own limit is 500 nested calls).
    static let maxTreeDepth = 400

    private static func compileHere(_ text: String) throws(JSONataError) -> (Node, Expr) {
        let tree = try Parser.parse(text)
        let depth = treeDepth(tree, limit: maxTreeDepth)
        if depth > maxTreeDepth {
            throw JSONataError(
                code: "U1001",
                message:
                    "The expression nests more than \(maxTreeDepth) levels deep (operators, calls or parentheses); split it into smaller expressions",
                position: 0)
        }
        let ast = try ASTProcessor.process(tree)
        return (ast, Expr(ast))
    }

    /// The depth of the parse tree, counted without recursion and given up past `limit`.
    static func treeDepth(_ root: Node, limit: Int) -> Int {
        var pending: [(Node, Int)] = [(root, 1)]
        var deepest = 0
        while let (node, depth) = pending.popLast() {
            deepest = max(deepest, depth)
            if deepest > limit { return deepest }
            node.forEachChild { pending.append(($0, depth + 1)) }
        }
        return deepest
    }

    /// Variables read but not bound by the expression itself.
    static func freeVariables(_ root: Node, builtins: [String: Fn]) -> Set<String> {
        var free = Set<String>()
        var scopes: [Set<String>] = [[]]
        func isBound(_ name: String) -> Bool { scopes.contains { $0.contains(name) } }
        func walk(_ n: Node, depth: Int) {
            guard depth < 1000 else { return }
            switch n.kind {
            case .variable:
                if !n.value.isEmpty && n.value != "$" && !isBound(n.value) && builtins[n.value] == nil {
                    free.insert(n.value)
                }
            case .block:
                scopes.append([])
                n.forEachChild { walk($0, depth: depth + 1) }
                scopes.removeLast()
                return
            case .bind:
                if let r = n.rhs { walk(r, depth: depth + 1) }
                if let l = n.lhs { scopes[scopes.count - 1].insert(l.value) }
                return
            case .lambda:
                scopes.append(Set(n.arguments.map { $0.value }))
                n.body.map { walk($0, depth: depth + 1) }
                scopes.removeLast()
                return
            case .path:
                scopes.append([])
                for s in n.steps {
                    if let f = s.focus { scopes[scopes.count - 1].insert(f) }
                    if let i = s.index { scopes[scopes.count - 1].insert(i) }
                    for st in s.stages ?? [] { if case .index(let name) = st { scopes[scopes.count - 1].insert(name) } }
                }
                n.forEachChild { walk($0, depth: depth + 1) }
                scopes.removeLast()
                return
            default: break
            }
            n.forEachChild { walk($0, depth: depth + 1) }
        }
        walk(root, depth: 0)
        return free
    }
}
