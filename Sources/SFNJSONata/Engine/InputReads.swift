/// What an expression reads from its input document outside any relative context: the names that
/// start a path at the top level (`phone` in `phone.number`) and `$$`. Step Functions gives JSONata
/// no input document, so AWS refuses both when the definition loads.
struct InputReads {
    /// (position, name) of each top-level name, in the order met.
    private var names: [(Int, String)] = []
    private(set) var readsRoot = false

    static func of(_ root: Node) -> (names: [String], readsRoot: Bool) {
        var reads = InputReads()
        reads.walk(root, relative: false, depth: 0)
        var seen: Set<String> = []
        let ordered = reads.names.sorted { $0.0 < $1.0 }.map(\.1).filter { seen.insert($0).inserted }
        return (ordered, reads.readsRoot)
    }

    /// `relative`: inside a path step after the first, a filter, a group-by, a sort term or a
    /// function body, where names read from a context the expression itself provides.
    private mutating func walk(_ n: Node, relative: Bool, depth: Int) {
        guard depth < 1000 else { return }
        switch n.kind {
        case .path:
            for (i, step) in n.steps.enumerated() {
                if i == 0, step.kind == .name {
                    if !relative { names.append((step.position, step.value)) }
                    walkRelativeParts(step, depth: depth)
                } else {
                    walk(step, relative: relative || i > 0, depth: depth + 1)
                }
            }
            walkRelativeParts(n, depth: depth)
            return
        case .variable:
            if n.value == "$" { readsRoot = true }
        case .lambda:
            n.body.map { walk($0, relative: true, depth: depth + 1) }
            return
        case .sort:
            for t in n.terms { walk(t.expression, relative: true, depth: depth + 1) }
            return
        default:
            break
        }
        for child in [
            n.lhs, n.rhs, n.expression, n.procedure, n.condition, n.then, n.otherwise, n.pattern,
            n.update, n.delete,
        ].compactMap({ $0 }) + n.expressions + n.arguments {
            walk(child, relative: relative, depth: depth + 1)
        }
        for (k, v) in n.pairs {
            walk(k, relative: relative, depth: depth + 1)
            walk(v, relative: relative, depth: depth + 1)
        }
        walkRelativeParts(n, depth: depth)
    }

    /// Filters, stages and group-by pairs read relative to the value they apply to.
    private mutating func walkRelativeParts(_ n: Node, depth: Int) {
        for list in [n.predicate, n.stages] {
            for s in list ?? [] { if case .filter(let e, _) = s { walk(e, relative: true, depth: depth + 1) } }
        }
        for (k, v) in n.group?.pairs ?? [] {
            walk(k, relative: true, depth: depth + 1)
            walk(v, relative: true, depth: depth + 1)
        }
    }
}
