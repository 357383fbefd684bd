import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An execution clock on which waiting costs no real time. Wait states and Retry back-offs sleep
/// on it; it follows real time while work runs, and jumps to the earliest wake-up only once every
/// piece of work in flight (the execution, its Parallel branches, its Map workers) is asleep on
/// it. So sleepers wake in the order of their virtual deadlines, a timeout that would fire first
/// fires first, and `$$.State.EnteredTime`, history timestamps and `$now()` advance as they would.
/// Work that is not sleeping on the clock (a command, a callback, an HTTP request) keeps it from
/// jumping, so a real task's TimeoutSeconds still means real seconds.
///
/// `followsRealTime: false` stops the clock between jumps: timestamps then depend on the waits
/// alone, exactly and whatever the machine's load. `sfn test` runs so, since its Task states
/// answer from mocks and nothing real runs.
///
/// Use one clock per execution: `ExecutionOptions.useVirtualClock(_:)`.
public final class VirtualClock: Sendable {
    private struct Sleeper {
        var id: Int
        var deadline: Double
        var wake: CheckedContinuation<Void, Never>
    }

    private struct State {
        /// Virtual time gained by jumps, in milliseconds.
        var offset = 0.0
        /// Pieces of work that run (not asleep on this clock). The execution starts as one.
        var busy = 1
        var sleepers: [Sleeper] = []
        var nextId = 0
    }

    private let state = Mutex(State())
    /// Real time when the clock was made, and the virtual time it showed then.
    private let realStart: Double
    private let virtualStart: Double
    private let followsRealTime: Bool

    /// A clock that starts at `startMillis` (milliseconds since 1970; now by default).
    public init(startMillis: Double? = nil, followsRealTime: Bool = true) {
        realStart = Self.monotonicMillis()
        virtualStart = startMillis ?? ExecutionOptions.systemNowMillis()
        self.followsRealTime = followsRealTime
    }

    /// A clock that starts at an ISO 8601 timestamp ("2024-01-01T00:00:00Z"); nil when it is
    /// not one.
    public convenience init?(startTime: String, followsRealTime: Bool = true) {
        guard let millis = Timestamp.parse(startTime) else { return nil }
        self.init(startMillis: millis, followsRealTime: followsRealTime)
    }

    /// Virtual milliseconds since 1970.
    public func now() -> Double {
        let offset = state.withLock { $0.offset }
        return current(offset: offset)
    }

    private func current(offset: Double) -> Double {
        virtualStart + (followsRealTime ? Self.monotonicMillis() - realStart : 0) + offset
    }

    /// How far the clock has jumped ahead of real time, in milliseconds.
    public var skippedMillis: Double { state.withLock { $0.offset } }

    /// Sleeps `millis` of virtual time. A cancelled sleeper wakes at once.
    public func sleep(_ millis: Double) async {
        guard millis > 0 else { return }
        let deadline = now() + millis
        let id = state.withLock { s in
            defer { s.nextId += 1 }
            return s.nextId
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (wake: CheckedContinuation<Void, Never>) in
                let woken: [CheckedContinuation<Void, Never>] = state.withLock { s in
                    if Task.isCancelled { return [wake] }
                    s.sleepers.append(Sleeper(id: id, deadline: deadline, wake: wake))
                    s.busy -= 1
                    return advance(&s)
                }
                for w in woken { w.resume() }
            }
        } onCancel: {
            let woken: CheckedContinuation<Void, Never>? = state.withLock { s in
                guard let i = s.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                s.busy += 1
                return s.sleepers.remove(at: i).wake
            }
            woken?.resume()
        }
    }

    /// More pieces of work begin beside the running ones (Parallel branches, Map workers).
    func began(_ count: Int) {
        guard count != 0 else { return }
        state.withLock { $0.busy += count }
    }

    /// A piece of work ended: once nothing runs, the clock jumps.
    func ended() {
        let woken = state.withLock { s in
            s.busy -= 1
            return advance(&s)
        }
        for w in woken { w.resume() }
    }

    /// With nothing running, moves to the earliest deadline and wakes every sleeper due by then
    /// (in the order they fell asleep).
    private func advance(_ s: inout State) -> [CheckedContinuation<Void, Never>] {
        guard s.busy <= 0, let first = s.sleepers.min(by: { $0.deadline < $1.deadline }) else { return [] }
        let current = current(offset: s.offset)
        if first.deadline > current { s.offset += first.deadline - current }
        let due = first.deadline
        var woken: [CheckedContinuation<Void, Never>] = []
        s.sleepers.removeAll { sleeper in
            guard sleeper.deadline <= due else { return false }
            woken.append(sleeper.wake)
            return true
        }
        s.busy += woken.count
        return woken
    }

    static func monotonicMillis() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1_000_000
    }
}

/// Children that run beside each other take over their parent's share of the clock's work. A
/// child that ends keeps its share until the parent has taken in its outcome (which may cancel
/// its siblings); the last outcome's share goes back to the parent. So the clock never sees an
/// idle moment between a child's end and what the parent does about it.
final class ClockShare: Sendable {
    private let clock: VirtualClock
    private let remaining: Atomic<Int>

    /// nil without a virtual clock or children.
    static func make(_ clock: VirtualClock?, children: Int) -> ClockShare? {
        guard let clock, children > 0 else { return nil }
        return ClockShare(clock, children)
    }

    private init(_ clock: VirtualClock, _ children: Int) {
        self.clock = clock
        remaining = Atomic(children)
        clock.began(children - 1)
    }

    /// The parent took in one child's outcome.
    func processed() {
        if remaining.subtract(1, ordering: .acquiringAndReleasing).newValue > 0 { clock.ended() }
    }
}
