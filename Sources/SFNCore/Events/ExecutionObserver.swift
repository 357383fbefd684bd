import Synchronization

/// Receives the history events of an execution as they happen. Events arrive one at a time, in
/// id order, from whichever task produced them (Parallel branches and Map iterations run on
/// several); an observer that keeps state guards it itself. `receive` runs inside the
/// execution's step: what it costs, every state pays.
public protocol ExecutionObserver: Sendable {
    func receive(_ event: HistoryEvent)
    /// `receive`, handed the event itself rather than a copy to keep: the executor calls it
    /// when this is the execution's only observer. An observer that stores events implements
    /// it to spare a copy (a retain and a release of each payload) per event.
    func take(_ event: consuming HistoryEvent)
    /// A line a task's command wrote to its standard error (not a history event). Arrives from
    /// the process event loop's thread, before the task's outcome event.
    func taskStderr(_ line: TaskStderrLine)
    /// Whether the observer wants history events. One that only wants stderr lines says false,
    /// so that an execution it alone observes still builds no events.
    var receivesEvents: Bool { get }
}

extension ExecutionObserver {
    public func take(_ event: consuming HistoryEvent) { receive(event) }
    public func taskStderr(_ line: TaskStderrLine) {}
    public var receivesEvents: Bool { true }
}

/// Keeps every event (`ExecutionOptions.recordHistory` attaches one and hands its events to
/// `ExecutionResult.history`).
public final class HistoryRecorder: ExecutionObserver {
    private let storage = Mutex<[HistoryEvent]>([])

    public init() {}

    public func receive(_ event: HistoryEvent) {
        storage.withLock { $0.append(event) }
    }

    public func take(_ event: consuming HistoryEvent) {
        var slot = Optional(consume event)
        storage.withLock { $0.append(slot.take()!) }
    }

    /// The events received so far, in order.
    public var events: [HistoryEvent] { storage.withLock { $0 } }
}
