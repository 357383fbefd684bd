/// Numbers history events as AWS does (ExecutionStarted is 1). Costs a counter when nobody
/// listens; with observers attached, builds each event and hands it to them.
struct EventLog: Sendable {
    private(set) var count = 0
    /// Where events go; nil when no observer is attached (events are only counted).
    let sink: EventSink?

    init(sink: EventSink?) { self.sink = sink }

    /// Counts an event nobody will see and returns its id.
    @inline(__always)
    mutating func next() -> Int {
        count += 1
        return count
    }

    /// Numbers an event and, when someone listens, builds it and delivers it; returns its id.
    @discardableResult
    mutating func add(
        _ type: HistoryEventType, previous: Int, at millis: Double,
        _ details: consuming HistoryEventDetails
    ) -> Int {
        count += 1
        sink?.deliver(
            HistoryEvent(
                id: count, previousEventId: previous, timestamp: millis, type: type,
                details: consume details))
        return count
    }

    /// Counts events that were numbered elsewhere without being kept (siblings that only counted).
    mutating func skip(_ n: Int) { count += n }
}

/// The observers of one execution.
final class EventSink: Sendable {
    let observers: [any ExecutionObserver]
    /// The store's recorder when it is the only observer (a plain `sfn run`): called directly,
    /// without copying an existential per event.
    private let recorder: StoreRecorder?

    init?(_ all: [any ExecutionObserver]) {
        let observers = all.filter(\.receivesEvents)
        if observers.isEmpty { return nil }
        self.observers = observers
        recorder = observers.count == 1 ? observers[0] as? StoreRecorder : nil
    }

    /// Observers share one event: each but the last borrows it (`receive`), the last (a lone
    /// one too) is handed it (`take`), so an observer that keeps events (a history file, put
    /// last by who attaches it) keeps this one without a copy. The observers are called in place in the
    /// array (`for observer in observers` copied each existential out: a retain and a release per
    /// observer and event).
    func deliver(_ event: consuming HistoryEvent) {
        if let recorder { return recorder.take(event) }
        let last = observers.count - 1
        for i in 0..<last { observers[i].receive(event) }
        observers[last].take(event)
    }
}
