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
    /// The store's recorder when it is the only observer (a plain `sfn run`): called directly.
    private let recorder: StoreRecorder?
    /// The first two observers and the last, each in a property of its own: an existential is
    /// called in place from a `let` property, while taking one out of an array (or out of any
    /// memory that may change) copied it, a retain and a release per observer and event.
    /// Slots past the observers hold `Nobody`, never called.
    private let first: any ExecutionObserver
    private let second: any ExecutionObserver
    private let last: any ExecutionObserver

    init?(_ all: [any ExecutionObserver]) {
        let observers = all.filter(\.receivesEvents)
        guard let last = observers.last else { return nil }
        self.observers = observers
        recorder = observers.count == 1 ? last as? StoreRecorder : nil
        first = observers.count > 1 ? observers[0] : Nobody()
        second = observers.count > 2 ? observers[1] : Nobody()
        self.last = last
    }

    /// Observers share one event: each but the last borrows it (`receive`), the last (a lone
    /// one too) is handed it (`take`), so an observer that keeps events (a history file, put
    /// last by who attaches it) keeps this one without a copy.
    func deliver(_ event: consuming HistoryEvent) {
        if let recorder { return recorder.take(event) }
        switch observers.count {
        case 1:
            break
        case 2:
            first.receive(event)
        case 3:
            first.receive(event)
            second.receive(event)
        default:
            for i in 0..<observers.count - 1 { observers[i].receive(event) }
        }
        last.take(event)
    }

    /// What fills an unused slot.
    private struct Nobody: ExecutionObserver {
        func receive(_ event: HistoryEvent) {}
    }
}
