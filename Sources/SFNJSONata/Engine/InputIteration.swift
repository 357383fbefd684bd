/// Whether an expression runs something over each item of an array below `$states.input`: a
/// computed step (`$states.input.orders.(price * qty)`), a filter (`orders[price > 50]`), a
/// group-by, a sort step, or a higher-order function given such a path (`$sort(orders, fn)`,
/// `$map`, `$filter`, `$reduce`, `$single`). Such an expression reads every item's members, so
/// the caller can parse the input whole rather than lazily (`sfn run` decides from the loaded
/// definition; a lazily parsed object read member by member costs about twice its eager parse).
///
/// A path of plain names (`$states.input.order.id`) does not count: it reads one member of an
/// object, or one of each item of an array, and nothing tells the two apart before the run.
enum InputIteration {
    static let higherOrder: Set<String> = ["map", "filter", "reduce", "sort", "single", "sift", "each"]

    static func of(_ root: Node) -> Bool {
        var found = false
        visit(root, depth: 0, found: &found)
        return found
    }

    private static func visit(_ n: Node, depth: Int, found: inout Bool) {
        guard !found, depth < 500 else { return }
        if n.kind == .path, iterates(n) {
            found = true
            return
        }
        if n.kind == .function, let p = n.procedure, p.kind == .variable, higherOrder.contains(p.value),
            let first = n.arguments.first, belowInput(first) != nil, n.arguments.count > 1
        {
            found = true
            return
        }
        n.forEachChild { visit($0, depth: depth + 1, found: &found) }
    }

    /// How many steps of `n` lead to `$states.input` (2), or nil when `n` is not a path from it.
    private static func belowInput(_ n: Node) -> Int? {
        guard n.kind == .path, n.steps.count >= 3 else { return nil }
        let s = n.steps
        guard s[0].kind == .variable, s[0].value == "states", s[1].kind == .name, s[1].value == "input" else {
            return nil
        }
        return 2
    }

    /// A path from `$states.input` that, past its first member name, runs an expression per item.
    private static func iterates(_ n: Node) -> Bool {
        guard let start = belowInput(n) else { return false }
        if n.group != nil { return true }
        for s in n.steps[start...] {
            if s.kind != .name || s.group != nil { return true }
            for list in [s.predicate, s.stages] {
                for stage in list ?? [] {
                    if case .filter(let e, _) = stage, e.kind != .number { return true }
                }
            }
        }
        return false
    }
}
