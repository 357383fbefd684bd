/// A transition out of a state, as a graph renderer or a test-state tool follows it.
public struct StateEdge: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// The state's `Next`.
        case next
        /// The `Next` of the Choice rule at this index.
        case choice(Int)
        /// A Choice state's `Default`.
        case `default`
        /// The `Next` of the Catcher at this index.
        case `catch`(Int)
    }

    public let kind: Kind
    /// Index of the target state in the graph the state belongs to.
    public let target: Int
}

extension StateNode {
    /// Every transition out of this state, in the order the run tries them: Next, each Choice
    /// rule, Default, then each Catcher. Branches and item processors are graphs of their own.
    public var edges: [StateEdge] {
        var edges: [StateEdge] = []
        if case .next(let i) = transition { edges.append(StateEdge(kind: .next, target: i)) }
        if case .choice(let choice) = kind {
            for (i, rule) in choice.choices.enumerated() {
                edges.append(StateEdge(kind: .choice(i), target: rule.next))
            }
            if let d = choice.defaultIndex { edges.append(StateEdge(kind: .default, target: d)) }
        }
        for (i, catcher) in catchers.enumerated() { edges.append(StateEdge(kind: .catch(i), target: catcher.next)) }
        return edges
    }
}
