/// A set of states with a start: the top level of a machine, a Parallel branch or a Map's
/// ItemProcessor. Transitions are resolved to indexes into `states` at load time.
struct StateGraph: Sendable {
    var states: [StateNode]
    var startIndex: Int
    /// Name to index, used only while loading and for tooling; never in the run loop.
    var indexByName: [String: Int]
    var queryLanguage: ExpressionLanguage
    var comment: String?
}

/// The whole definition: the top-level graph plus machine-wide fields.
struct MachineDefinition: Sendable {
    var graph: StateGraph
    var timeoutSeconds: Int?
    var version: String?
    /// True when some expression reads the context object (`$$`, `$states.context`), so the run
    /// loop builds it only for machines that need it.
    var usesContext: Bool
}

/// Where a state goes when it finishes.
enum Transition: Sendable, Hashable {
    case next(Int)
    case end
}
