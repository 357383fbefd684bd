/// Numbers history events as AWS does (ExecutionStarted is 1). Costs a counter when the history
/// is not kept; keeps every event when asked to.
struct EventLog {
    private(set) var count = 0
    private(set) var events: [HistoryEvent]?

    init(record: Bool) { events = record ? [] : nil }

    /// Adds an event and returns its id.
    @discardableResult
    mutating func add(_ type: HistoryEventType, state: String? = nil, at millis: @autoclosure () -> Double) -> Int {
        count += 1
        if events != nil {
            events!.append(HistoryEvent(id: count, type: type, stateName: state, timestampMillis: millis()))
        }
        return count
    }

    /// Counts events that were numbered elsewhere without being kept (siblings that only counted).
    mutating func skip(_ n: Int) { count += n }
}
