#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// A function bound with `:=` in the scope it was created in (`$f := function($x) { ... $f(...) }`)
// is a reference cycle: the frame holds the function, the function holds the frame. Reference
// counting never frees either, so every evaluation of such an expression would leak its frames
// and everything they hold, and a long `sfn serve` or `--input-lines` run would grow without
// bound. No value of an evaluation outlives it (the result leaves as JSON, where a function has
// no form), so the frames given a function are noted as it is bound and cleared when the
// evaluation ends: the cycle is broken and reference counting frees the rest.

extension Evaluator {
    /// Notes `frame` once (a loop binding into the same frame notes it once).
    @inline(__always) func noteClosureBinding(_ frame: Frame) {
        if closureFrames.last !== frame { closureFrames.append(frame) }
    }

    /// Clears the noted frames; called once, when the evaluation ends.
    func releaseClosures() {
        for frame in closureFrames { frame.clear() }
        closureFrames = []
    }
}

extension Val {
    /// A function, or an array or object of the engine's holding one directly: what can close a
    /// cycle through the frame it is bound in. (JSON input values hold no functions.)
    @inline(__always) var mayHoldClosure: Bool {
        switch self {
        case .function: return true
        case .array(let s): return s.items.contains { $0.isFunction }
        case .object(let o): return o.values.contains { $0.isFunction }
        default: return false
        }
    }
}

#if DEBUG
/// Test-only: weak references to the frames and functions created while `current` is set, so
/// that a test can show they are all freed once evaluations end.
public final class LiveObjects: @unchecked Sendable {
    @TaskLocal public static var current: LiveObjects?

    private struct Entry { weak var object: AnyObject? }
    private var entries: [Entry] = []
    private let lock = NSLockLike()

    public init() {}

    func created(_ object: AnyObject) { lock.locked { entries.append(Entry(object: object)) } }

    /// How many frames and functions were created while tracking.
    public var created: Int { lock.locked { entries.count } }
    /// How many of them are still alive.
    public var alive: Int { lock.locked { entries.filter { $0.object != nil }.count } }
}

/// A mutex without Foundation: the engine imports none.
private final class NSLockLike: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return body()
    }
}
#endif
