import SFNJSON

/// A set of states with a start: the top level of a machine, a Parallel branch or a Map's
/// ItemProcessor. Transitions are resolved to indexes into `states` at load time.
public struct StateGraph: Sendable {
    public let states: [StateNode]
    public let startIndex: Int
    /// Name to index, used only while loading and for tooling; never in the run loop.
    public let indexByName: [String: Int]
    public let queryLanguage: ExpressionLanguage
    public let comment: String?
    /// RFC 6901 pointer of the machine, branch or processor object ("" for the definition itself).
    public let pointer: String

    /// The state `StartAt` names.
    public var start: StateNode { states[startIndex] }

    /// The state of that name in this graph (not in nested ones).
    public func state(named name: String) -> StateNode? { indexByName[name].map { states[$0] } }
}

/// The whole definition: the top-level graph plus machine-wide fields.
public struct MachineDefinition: Sendable {
    public let graph: StateGraph
    public let timeoutSeconds: Int?
    public let version: String?
    public let comment: String?
    /// True when some expression reads the context object (`$$`, `$states.context`), so the run
    /// loop builds it only for machines that need it.
    public let usesContext: Bool
}

/// Where a state goes when it finishes.
public enum Transition: Sendable, Hashable {
    /// Index into the state's own graph.
    case next(Int)
    case end
}
