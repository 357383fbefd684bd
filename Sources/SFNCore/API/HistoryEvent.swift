import SFNJSON

/// One entry of an execution's history, as AWS's GetExecutionHistory returns it.
public struct HistoryEvent: Sendable, Hashable {
    /// 1-based, in order of occurrence; ExecutionStarted is 1.
    public var id: Int
    /// The event this one follows in its own line of work: inside a Parallel branch or a Map
    /// iteration, that branch's previous event, not the previous id overall. 0 for none.
    public var previousEventId: Int
    /// Milliseconds since 1970 on the execution's clock.
    public var timestamp: Double
    public var type: HistoryEventType
    /// What AWS reports in the type's `...EventDetails` member.
    public var details: HistoryEventDetails

    public init(
        id: Int, previousEventId: Int, timestamp: Double, type: HistoryEventType,
        details: HistoryEventDetails = .none
    ) {
        self.id = id
        self.previousEventId = previousEventId
        self.timestamp = timestamp
        self.type = type
        self.details = details
    }

    /// The state the event belongs to, when its details name one (entered, exited, Map
    /// iterations, evaluation failures).
    public var stateName: String? { details.stateName }
}
