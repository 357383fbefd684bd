/// Visiting every state of a definition, nested graphs included.
extension StateGraph {
    /// Every state of this graph and of the Parallel branches and Map item processors inside it,
    /// depth first, in definition order.
    public func forEachState(_ body: (StateNode) -> Void) {
        for state in states {
            body(state)
            switch state.kind {
            case .parallel(let parallel): for branch in parallel.branches { branch.forEachState(body) }
            case .map(let map): map.processor.forEachState(body)
            default: break
            }
        }
    }

    /// The names of every state, nested ones included (what a mock config may name).
    public var allStateNames: [String] {
        var names: [String] = []
        forEachState { names.append($0.name) }
        return names
    }
}
